/**
 * D1 `suppressions`: the index of recipients that may not be sent to, per sub-account. Each
 * contact's Durable Object holds the truth and decides sends; this table lists them for
 * operators (`/admin/suppressions`, `pnpm contacts`), written whenever a contact's consent
 * changes.
 *
 * @module
 */

/** A consent change as the index records it. */
export interface ConsentChangeLike {
  readonly state: string
  readonly by: string
  readonly reason: string
  readonly at: number
  /** The one fact an operator's removal lifted (never a row's: the index lists refusals). */
  readonly fact?: string
}

/**
 * One suppressed recipient: its summary state with the change that set it (its strongest fact's),
 * and every fact that holds, strongest first (a row indexed before facts: its state's alone).
 */
export interface Suppression extends ConsentChangeLike {
  readonly recipient: string
  readonly facts: readonly ConsentChangeLike[]
}

/** A contact's consent as the index is told it: with its facts, when the contact has them. */
export interface ConsentLike extends ConsentChangeLike {
  readonly facts?: readonly ConsentChangeLike[]
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
  change: ConsentLike,
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
      `INSERT INTO suppressions (sub_account, recipient, state, by, reason, at, facts)
        VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sub_account, recipient) DO UPDATE SET
        state = excluded.state, by = excluded.by, reason = excluded.reason, at = excluded.at,
        facts = excluded.facts`,
    )
    .bind(
      subAccount,
      recipient,
      change.state,
      change.by,
      change.reason,
      change.at,
      JSON.stringify(
        (change.facts ?? [change]).map(({ state, by, reason, at }) => ({ state, by, reason, at })),
      ),
    )
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
      `SELECT recipient, state, by, reason, at, facts FROM suppressions
        WHERE sub_account = ? AND recipient > ? ORDER BY recipient LIMIT ?`,
    )
    .bind(subAccount, after, limit)
    .all<ConsentChangeLike & { recipient: string; facts: string | null }>()
  return results.map((row) => {
    const { recipient, facts, ...change } = row
    return {
      recipient,
      ...change,
      facts: facts === null ? [change] : (JSON.parse(facts) as ConsentChangeLike[]),
    }
  })
}
