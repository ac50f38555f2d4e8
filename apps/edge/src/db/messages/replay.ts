/**
 * Dead letters: asynchronous messages whose attempts ran out (the dead-letter queue's consumer
 * marked them `failed`, their payload kept), and their replay by an operator: back to
 * `accepted` with a fresh count of attempts, each replay recorded in `dead_letter_replays`. A
 * message an attempt of which may have reached 8x8 is never one: the gateway marks it `unknown`,
 * and sending it again could send it twice.
 *
 * @module
 */
import { deliveryStateRank } from '@chatapps/dsl'

/**
 * What marks a dead letter: failed by the dead-letter consumer, never taken by 8x8, and no
 * attempt of it answered ambiguously (records marked `failed` before that rule included).
 */
const DEAD = `status = 'failed' AND umid IS NULL AND payload IS NOT NULL
  AND reason LIKE 'delivery attempts exhausted%' AND ambiguous_attempts = 0`

/**
 * Whether a message is a dead letter (the console offers its replay): the same rule as the list.
 *
 * @example
 * if (await isDeadLetter(env.DB, id)) showReplayButton()
 */
export async function isDeadLetter(db: D1Database, id: string): Promise<boolean> {
  const row = await db
    .prepare(`SELECT 1 AS dead FROM messages WHERE id = ? AND ${DEAD}`)
    .bind(id)
    .first()
  return row !== null
}

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
  // A row value, which the partial index messages_dead_letters seeks to: an OR of the two
  // columns would read every newer dead letter again (migration 0013).
  const after = before === null ? '' : 'AND (updated_at, id) < (?, ?)'
  const { results } = await db
    .prepare(
      `SELECT id, key_id, sub_account, recipient, reason, attempts, created_at, updated_at
       FROM messages WHERE ${DEAD} ${after}
       ORDER BY updated_at DESC, id DESC LIMIT ?`,
    )
    .bind(...(before === null ? [] : [before.at, before.id]), limit)
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

/** A replayed message, with what its delivery job needs and what it was before. */
export interface Replayed {
  readonly id: string
  /** When it was replayed (the replay's row), and its attempts and reason before. */
  readonly replayedAt: number
  readonly previous: {
    readonly attempts: number
    readonly reason: string | null
    readonly updatedAt: number
  }
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
 * and the reason it had; ids that are not dead letters are left alone, and so is one another
 * replay took first (each message is returned by the one replay that changed it). One D1
 * transaction.
 *
 * @returns the messages replayed, for the caller to queue (or, if that fails, {@link unreplay}).
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
  const [before, , changed, keys] = await db.batch<Record<string, unknown>>([
    db
      .prepare(
        `SELECT id, attempts, reason, updated_at FROM messages WHERE id IN (${list}) AND ${DEAD}`,
      )
      .bind(...unique),
    db
      .prepare(
        `INSERT INTO dead_letter_replays (message_id, replayed_at, by, previous_reason)
         SELECT id, ?, ?, reason FROM messages WHERE id IN (${list}) AND ${DEAD}`,
      )
      .bind(now, by, ...unique),
    // Its own rows only: a replay that changed nothing (another took them first) returns none.
    db
      .prepare(
        `UPDATE messages SET status = 'accepted', status_rank = 0, attempts = 0, lease_until = 0,
          not_before = 0, reason = NULL, updated_at = ?
         WHERE id IN (${list}) AND ${DEAD}
         RETURNING id`,
      )
      .bind(now, ...unique),
    db
      .prepare(
        `SELECT m.id, m.sub_account, m.recipient, k.contact_rate_per_second, k.contact_burst
         FROM messages m LEFT JOIN client_keys k ON k.key_id = m.key_id WHERE m.id IN (${list})`,
      )
      .bind(...unique),
  ])
  const previous = new Map(
    ((before?.results ?? []) as unknown as PreviousRow[]).map((row) => [row.id, row]),
  )
  const jobs = new Map(((keys?.results ?? []) as unknown as JobRow[]).map((row) => [row.id, row]))
  return ((changed?.results ?? []) as unknown as { id: string }[]).flatMap(({ id }) => {
    const was = previous.get(id)
    const job = jobs.get(id)
    if (was === undefined || job === undefined) return []
    return [
      {
        id,
        replayedAt: now,
        previous: { attempts: was.attempts, reason: was.reason, updatedAt: was.updated_at },
        subAccount: job.sub_account,
        recipient: job.recipient,
        contactRatePerSecond: job.contact_rate_per_second,
        contactBurst: job.contact_burst,
      },
    ]
  })
}

interface PreviousRow {
  id: string
  attempts: number
  reason: string | null
  updated_at: number
}

interface JobRow {
  id: string
  sub_account: string
  recipient: string | null
  contact_rate_per_second: number | null
  contact_burst: number | null
}

/**
 * Undoes replays whose jobs the queue refused: each message is the dead letter it was, and its
 * replay is no longer recorded, unless a delivery took it meanwhile (a copy of an older job).
 * One D1 transaction.
 */
export async function unreplay(db: D1Database, replayed: readonly Replayed[]): Promise<void> {
  if (replayed.length === 0) return
  await db.batch(
    replayed.flatMap((message) => [
      db
        .prepare(
          `UPDATE messages SET status = 'failed', status_rank = ?, attempts = ?, reason = ?,
            updated_at = ?
           WHERE id = ? AND status = 'accepted' AND attempts = 0 AND umid IS NULL
             AND lease_until = 0`,
        )
        .bind(
          deliveryStateRank('failed'),
          message.previous.attempts,
          message.previous.reason,
          message.previous.updatedAt,
          message.id,
        ),
      db
        .prepare(
          `DELETE FROM dead_letter_replays WHERE message_id = ? AND replayed_at = ?
             AND (SELECT status FROM messages WHERE id = ?) = 'failed'`,
        )
        .bind(message.id, message.replayedAt, message.id),
    ]),
  )
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
