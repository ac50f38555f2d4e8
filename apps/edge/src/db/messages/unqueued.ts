/**
 * Records accepted for the delivery queue that no attempt has claimed for a long time: their job
 * may never have reached the queue (the queue refused it after D1 took the record,
 * src/send/later.ts). The cron trigger queues them again (src/delivery/requeue.ts).
 *
 * @module
 */

/** An accepted record no attempt claimed, with what its job carries. */
export interface Unclaimed {
  readonly id: string
  readonly sub_account: string
  readonly type: string
  readonly recipient: string | null
  readonly traceparent: string | null
  /** Its key's pace for one recipient (null: the gateway's default). */
  readonly contact_rate_per_second: number | null
  readonly contact_burst: number | null
}

/**
 * Accepted records that no attempt claimed and nothing touched since before `quietSince`,
 * oldest first. A record whose job waits (for its recipient's pace, or a closed circuit) is
 * among them too: queueing it again is harmless, the consumer's claim sends a record once.
 */
export async function unclaimedMessages(
  db: D1Database,
  quietSince: number,
  limit: number,
): Promise<readonly Unclaimed[]> {
  const { results } = await db
    .prepare(
      `SELECT m.id, m.sub_account, m.type, m.recipient, m.traceparent, k.contact_rate_per_second,
         k.contact_burst
       FROM messages m LEFT JOIN client_keys k ON k.key_id = m.key_id
       WHERE m.status = 'accepted' AND m.attempts = 0 AND m.updated_at < ?
         AND m.via_queue = 1 AND m.umid IS NULL
       ORDER BY m.updated_at LIMIT ?`,
    )
    .bind(quietSince, limit)
    .all<Unclaimed>()
  return results
}

/** Marks records queued again now, so that they are not queued again before the next period. */
export async function touchUnclaimed(
  db: D1Database,
  ids: readonly string[],
  now: number,
): Promise<void> {
  if (ids.length === 0) return
  // D1 binds at most 100 parameters to one statement.
  const statements: D1PreparedStatement[] = []
  for (let start = 0; start < ids.length; start += 90) {
    const slice = ids.slice(start, start + 90)
    statements.push(
      db
        .prepare(
          `UPDATE messages SET updated_at = ? WHERE id IN (${slice.map(() => '?').join(', ')})
             AND status = 'accepted' AND attempts = 0`,
        )
        .bind(now, ...slice),
    )
  }
  await db.batch(statements)
}
