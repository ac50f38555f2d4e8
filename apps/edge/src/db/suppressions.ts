/**
 * D1 `suppressions`: the index of recipients that may not be sent to, per sub-account. Each
 * contact's Durable Object holds the truth and decides sends; this table lists them for
 * operators (`/admin/suppressions`, `pnpm contacts`), written whenever a contact's consent
 * changes.
 *
 * @module
 */

/** One suppressed recipient. */
export interface Suppression {
  readonly recipient: string
  readonly state: string
  readonly by: string
  readonly reason: string
  readonly at: number
}

/** A consent change as the index records it. */
export interface ConsentChangeLike {
  readonly state: string
  readonly by: string
  readonly reason: string
  readonly at: number
}

/** States that refuse sends: the index lists them; any other state removes the row. */
const SUPPRESSED = new Set(['opted_out', 'blocked'])

/**
 * Records a contact's new consent: suppressed states are upserted, others removed.
 *
 * @example
 * await indexConsent(env.DB, 'acme', '+15551234567', { state: 'opted_out', by: 'user', reason: 'STOP', at })
 */
export async function indexConsent(
  db: D1Database,
  subAccount: string,
  recipient: string,
  change: ConsentChangeLike,
): Promise<void> {
  if (!SUPPRESSED.has(change.state)) {
    await db
      .prepare('DELETE FROM suppressions WHERE sub_account = ? AND recipient = ?')
      .bind(subAccount, recipient)
      .run()
    return
  }
  await db
    .prepare(
      `INSERT INTO suppressions (sub_account, recipient, state, by, reason, at)
        VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (sub_account, recipient) DO UPDATE SET
        state = excluded.state, by = excluded.by, reason = excluded.reason, at = excluded.at`,
    )
    .bind(subAccount, recipient, change.state, change.by, change.reason, change.at)
    .run()
}

/** A sub-account's suppressed recipients, in recipient order, after `after`, at most `limit`. */
export async function listSuppressions(
  db: D1Database,
  subAccount: string,
  after: string,
  limit: number,
): Promise<Suppression[]> {
  const { results } = await db
    .prepare(
      `SELECT recipient, state, by, reason, at FROM suppressions
        WHERE sub_account = ? AND recipient > ? ORDER BY recipient LIMIT ?`,
    )
    .bind(subAccount, after, limit)
    .all<Suppression>()
  return results
}
