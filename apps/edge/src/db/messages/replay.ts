/**
 * Dead letters: asynchronous messages whose attempts ran out (the dead-letter queue's consumer
 * marked them `failed`, their payload kept), and their replay by an operator: back to
 * `accepted` with a fresh count of attempts, each replay recorded in `dead_letter_replays`.
 *
 * @module
 */

/** What marks a dead letter: failed by the dead-letter consumer, never taken by 8x8. */
const DEAD = `status = 'failed' AND umid IS NULL AND payload IS NOT NULL
  AND reason LIKE 'delivery attempts exhausted%'`

/** One dead letter, as the console lists it. */
export interface DeadLetter {
  readonly id: string
  readonly keyId: string
  readonly subAccount: string
  readonly recipient: string | null
  readonly reason: string | null
  readonly attempts: number
  readonly createdAt: number
  readonly updatedAt: number
}

interface DeadLetterRow {
  id: string
  key_id: string
  sub_account: string
  recipient: string | null
  reason: string | null
  attempts: number
  created_at: number
  updated_at: number
}

/**
 * Dead letters, newest first, older than the cursor `before` (`updatedAt` and id of the last
 * one shown), at most `limit`.
 *
 * @example
 * const page = await listDeadLetters(env.DB, null, 50)
 */
export async function listDeadLetters(
  db: D1Database,
  before: { readonly at: number; readonly id: string } | null,
  limit: number,
): Promise<DeadLetter[]> {
  const { results } = await db
    .prepare(
      `SELECT id, key_id, sub_account, recipient, reason, attempts, created_at, updated_at
       FROM messages WHERE ${DEAD} AND (? IS NULL OR updated_at < ? OR (updated_at = ? AND id < ?))
       ORDER BY updated_at DESC, id DESC LIMIT ?`,
    )
    .bind(before?.at ?? null, before?.at ?? 0, before?.at ?? 0, before?.id ?? '', limit)
    .all<DeadLetterRow>()
  return results.map((row) => ({
    id: row.id,
    keyId: row.key_id,
    subAccount: row.sub_account,
    recipient: row.recipient,
    reason: row.reason,
    attempts: row.attempts,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }))
}

/** A replayed message, with what its delivery job needs. */
export interface Replayed {
  readonly id: string
  readonly subAccount: string
  readonly recipient: string | null
  /** The key's pacing per recipient; null: the deployment's default. */
  readonly contactRatePerSecond: number | null
  readonly contactBurst: number | null
}

/** One replay, as a message's page lists it. */
export interface Replay {
  readonly replayedAt: number
  readonly by: string
  readonly previousReason: string | null
}

/** At most this many ids per replay (D1 binds at most 100 parameters to a statement). */
export const REPLAY_MAX = 50

/**
 * Puts dead letters back to `accepted` (attempts from 0), recording each replay with who did it
 * and the reason it had; ids that are not dead letters are left alone. One D1 transaction.
 *
 * @returns the messages replayed, for the caller to queue.
 * @example
 * const replayed = await replayDeadLetters(env.DB, ['0190…'], 'ops@example.com', Date.now())
 */
export async function replayDeadLetters(
  db: D1Database,
  ids: readonly string[],
  by: string,
  now: number,
): Promise<Replayed[]> {
  const unique = [...new Set(ids)].slice(0, REPLAY_MAX)
  if (unique.length === 0) return []
  const list = unique.map(() => '?').join(', ')
  const [, , replayed] = await db.batch<{
    id: string
    sub_account: string
    recipient: string | null
    contact_rate_per_second: number | null
    contact_burst: number | null
  }>([
    db
      .prepare(
        `INSERT INTO dead_letter_replays (message_id, replayed_at, by, previous_reason)
         SELECT id, ?, ?, reason FROM messages WHERE id IN (${list}) AND ${DEAD}`,
      )
      .bind(now, by, ...unique),
    db
      .prepare(
        `UPDATE messages SET status = 'accepted', status_rank = 0, attempts = 0,
          ambiguous_attempts = 0, lease_until = 0, reason = NULL, updated_at = ?
         WHERE id IN (${list}) AND ${DEAD}`,
      )
      .bind(now, ...unique),
    db
      .prepare(
        `SELECT m.id, m.sub_account, m.recipient, k.contact_rate_per_second, k.contact_burst
         FROM dead_letter_replays r JOIN messages m ON m.id = r.message_id
         LEFT JOIN client_keys k ON k.key_id = m.key_id
         WHERE r.replayed_at = ? AND r.message_id IN (${list})`,
      )
      .bind(now, ...unique),
  ])
  return (replayed?.results ?? []).map((row) => ({
    id: row.id,
    subAccount: row.sub_account,
    recipient: row.recipient,
    contactRatePerSecond: row.contact_rate_per_second,
    contactBurst: row.contact_burst,
  }))
}

/** The replays of one message, oldest first. */
export async function replaysOf(db: D1Database, id: string): Promise<Replay[]> {
  const { results } = await db
    .prepare(
      `SELECT replayed_at, by, previous_reason FROM dead_letter_replays WHERE message_id = ?
       ORDER BY replayed_at`,
    )
    .bind(id)
    .all<{ replayed_at: number; by: string; previous_reason: string | null }>()
  return results.map((row) => ({
    replayedAt: row.replayed_at,
    by: row.by,
    previousReason: row.previous_reason,
  }))
}
