/**
 * Cancelling messages (`DELETE /v1/messages/{id}`, `DELETE /v1/batches/{batchId}`): a scheduled
 * message 8x8 cancelled, or a message the gateway still held (accepted for the delivery queue,
 * not yet posted to 8x8), becomes `cancelled`, a final state (@chatapps/dsl's
 * DELIVERY_STATE_RANKS) that no later receipt of a lower or equal rank replaces.
 *
 * @module
 */
import { deliveryStateRank } from '@chatapps/dsl'

/** The state of a cancelled message. */
export const CANCELLED = 'cancelled'

/** The reason of a message cancelled before the gateway posted it to 8x8. */
export const HELD_REASON = 'cancelled before the gateway sent it to 8x8: nothing was sent'

/** Ids per statement: D1 binds at most 100 parameters to one, and these bind a few more. */
const IDS_PER_STATEMENT = 90

/** `ids` in groups that fit one statement each. */
function groups(ids: readonly string[]): string[][] {
  const out: string[][] = []
  for (let start = 0; start < ids.length; start += IDS_PER_STATEMENT) {
    out.push(ids.slice(start, start + IDS_PER_STATEMENT))
  }
  return out
}

const placeholders = (ids: readonly string[]) => ids.map(() => '?').join(', ')

/**
 * One `UPDATE … RETURNING id` per group of `ids`, in one D1 transaction: `sql` gets the group's
 * placeholders, and the ids are bound after `values`. Returns the ids of the rows it changed.
 */
async function updateReturningIds(
  db: D1Database,
  ids: readonly string[],
  sql: (placeholders: string) => string,
  values: readonly unknown[],
): Promise<string[]> {
  if (ids.length === 0) return []
  const results = await db.batch<{ id: string }>(
    groups(ids).map((group) => db.prepare(sql(placeholders(group))).bind(...values, ...group)),
  )
  return results.flatMap((result) => result.results.map((row) => row.id))
}

/**
 * The reason of a message recorded cancelled because 8x8 held nothing under it before its
 * scheduled time, after a cancel whose outcome was unknown (src/routes/cancel-steps.ts).
 */
export const CANCEL_INFERRED_REASON =
  'cancelled at 8x8 by an earlier cancel whose answer was lost: 8x8 held nothing under it before its scheduled time'

/**
 * Marks records of this key `cancelled` (those of lower rank; a cancelled or final one stays),
 * with a reason or none, in one D1 transaction. Returns how many changed.
 *
 * @example
 * await markCancelled(env.DB, keyId, [id], Date.now())
 */
export async function markCancelled(
  db: D1Database,
  keyId: string,
  ids: readonly string[],
  now: number,
  reason: string | null = null,
): Promise<number> {
  if (ids.length === 0) return 0
  const rank = deliveryStateRank(CANCELLED)
  const results = await db.batch(
    groups(ids).map((group) =>
      db
        .prepare(
          `UPDATE messages SET status = ?, status_rank = ?, updated_at = ?, reason = ?,
            lease_until = 0
            WHERE key_id = ? AND status_rank < ? AND id IN (${placeholders(group)})`,
        )
        .bind(CANCELLED, rank, now, reason, keyId, rank, ...group),
    ),
  )
  return results.reduce((sum, result) => sum + (result.meta.changes ?? 0), 0)
}

/**
 * Remembers on records of this key at 8x8 that a cancel of theirs failed ambiguously (8x8 may
 * have cancelled them: `cancel_unknown_at`, the first such time kept), and ends this request's
 * claim on them ({@link claimForCancel}). One D1 transaction.
 */
export async function rememberCancelUnknown(
  db: D1Database,
  keyId: string,
  ids: readonly string[],
  now: number,
): Promise<void> {
  if (ids.length === 0) return
  await db.batch(
    groups(ids).map((group) =>
      db
        .prepare(
          `UPDATE messages SET cancel_unknown_at = COALESCE(cancel_unknown_at, ?), lease_until = 0
            WHERE key_id = ? AND umid IS NOT NULL AND id IN (${placeholders(group)})`,
        )
        .bind(now, keyId, ...group),
    ),
  )
}

/** The `reason` of a record's {@link CancelUnknown}: what happened, and what settles it. */
export const CANCEL_UNKNOWN_REASON =
  'a cancel got no clear answer from 8x8 (a 5xx, no answer in time, or the connection lost after it was sent): 8x8 may have cancelled the message. Cancelling it again settles that before its scheduled time; after, its receipts tell'

/**
 * What a record shows of an earlier cancel whose outcome is unknown ({@link rememberCancelUnknown}):
 * its `status` may then not be the whole truth (8x8 may have cancelled the message). In the
 * status object's words: the outcome as a state, the gateway's time, the gateway's reason.
 */
export interface CancelUnknown {
  readonly outcome: 'unknown'
  /** ISO 8601: when the gateway recorded the first such cancel. */
  readonly timestamp: string
  readonly reason: string
}

/** `sent`'s rank: a record there or past it was sent, so an earlier cancel did not take effect. */
const SENT_RANK = deliveryStateRank('sent')

/**
 * The `cancel` member of a record (`GET /v1/messages/{id}`, each message of a batch cancel's
 * answer): present while an earlier cancel's outcome is unknown (`cancel_unknown_at`) and the
 * record's state is one such a cancel would have ended (`accepted`, `unknown`, `queued`). Absent
 * once it is settled: `cancelled` (a later cancel, or one inferred), or a state of `sent` or
 * past (8x8 sent it, or failed it: the cancel did not take effect).
 *
 * @param cancelUnknownAt The record's `cancel_unknown_at` (ms), or null.
 * @param stateRank The rank of the state the record shows.
 */
export function cancelOutcome(
  cancelUnknownAt: number | null,
  stateRank: number,
): { readonly cancel?: CancelUnknown } {
  if (cancelUnknownAt === null || stateRank >= SENT_RANK) return {}
  return {
    cancel: {
      outcome: 'unknown',
      timestamp: new Date(cancelUnknownAt).toISOString(),
      reason: CANCEL_UNKNOWN_REASON,
    },
  }
}

/** A message an earlier cancel of which had no known outcome ({@link rememberCancelUnknown}). */
export interface EarlierCancel {
  readonly id: string
  /** Its `scheduled` time as sent to 8x8 (ISO 8601); null when it had none. */
  readonly scheduled: string | null
}

/** Of these messages of this key, those an earlier cancel of which had no known outcome. */
export async function earlierCancels(
  db: D1Database,
  keyId: string,
  ids: readonly string[],
): Promise<EarlierCancel[]> {
  if (ids.length === 0) return []
  const results = await db.batch<{ id: string; scheduled: unknown }>(
    groups(ids).map((group) =>
      db
        .prepare(
          `SELECT id, CASE WHEN json_valid(payload) THEN json_extract(payload, '$.scheduled') END
            AS scheduled FROM messages
            WHERE key_id = ? AND cancel_unknown_at IS NOT NULL AND id IN (${placeholders(group)})`,
        )
        .bind(keyId, ...group),
    ),
  )
  return results.flatMap((result) =>
    result.results.map((row) => ({
      id: row.id,
      scheduled: typeof row.scheduled === 'string' ? row.scheduled : null,
    })),
  )
}

/** A message claimed for a cancel at 8x8 ({@link claimForCancel}). */
export interface ClaimedMessage {
  readonly id: string
  /** The sub-account it was sent under: 8x8 holds it there, whatever its key's is now. */
  readonly subAccount: string
}

/**
 * Claims messages of this key that 8x8 has (a umid) and that are not cancelled, for one cancel
 * at 8x8, until `leaseUntil`: a cancel that raced it finds them claimed and asks 8x8 nothing
 * (8x8 would answer it "nothing to cancel", which is not the truth). One D1 transaction;
 * returns those claimed, each with the sub-account it was sent under. {@link markCancelled} or
 * {@link releaseCancel} ends the claim; a worker that died holding it leaves it to expire.
 *
 * @example
 * const claimed = await claimForCancel(env.DB, keyId, [id], Date.now(), Date.now() + 15_000)
 */
export async function claimForCancel(
  db: D1Database,
  keyId: string,
  ids: readonly string[],
  now: number,
  leaseUntil: number,
): Promise<ClaimedMessage[]> {
  if (ids.length === 0) return []
  const results = await db.batch<{ id: string; sub_account: string }>(
    groups(ids).map((group) =>
      db
        .prepare(
          `UPDATE messages SET lease_until = ?
            WHERE key_id = ? AND umid IS NOT NULL AND status_rank < ? AND lease_until <= ?
              AND id IN (${placeholders(group)})
            RETURNING id, sub_account`,
        )
        .bind(leaseUntil, keyId, deliveryStateRank(CANCELLED), now, ...group),
    ),
  )
  return results.flatMap((result) =>
    result.results.map((row) => ({ id: row.id, subAccount: row.sub_account })),
  )
}

/**
 * Renews a claim of {@link claimForCancel} from `leaseUntil` to `renewedUntil`, on those of `ids`
 * it still holds: a claim is its lease's end, so one whose lease ran out and that another cancel
 * took (or settled) is not renewed. One D1 transaction; returns the ids renewed.
 *
 * @example
 * const held = await renewCancelClaim(env.DB, keyId, [id], leaseUntil, Date.now() + 41_000)
 */
export async function renewCancelClaim(
  db: D1Database,
  keyId: string,
  ids: readonly string[],
  leaseUntil: number,
  renewedUntil: number,
): Promise<string[]> {
  return updateReturningIds(
    db,
    ids,
    (group) => `UPDATE messages SET lease_until = ?
      WHERE key_id = ? AND umid IS NOT NULL AND lease_until = ? AND id IN (${group})
      RETURNING id`,
    [renewedUntil, keyId, leaseUntil],
  )
}

/**
 * Ends the claims of {@link claimForCancel} on messages 8x8 did not cancel, where the claim is
 * still the one that ends at `leaseUntil`: a claim another cancel took after this one's lease ran
 * out is that cancel's.
 */
export async function releaseCancel(
  db: D1Database,
  keyId: string,
  ids: readonly string[],
  leaseUntil: number,
): Promise<void> {
  if (ids.length === 0) return
  await db.batch(
    groups(ids).map((group) =>
      db
        .prepare(
          `UPDATE messages SET lease_until = 0
            WHERE key_id = ? AND umid IS NOT NULL AND lease_until = ?
              AND id IN (${placeholders(group)})`,
        )
        .bind(keyId, leaseUntil, ...group),
    ),
  )
}

/**
 * Cancels the messages of this key that the gateway still holds: accepted for the delivery
 * queue, not taken by 8x8, with no attempt in flight (its lease) and no earlier attempt whose
 * outcome is unknown (8x8 may have that one: answered ambiguously, or its lease left behind). The consumer's claim then finds each settled and
 * acknowledges its job without sending it. One D1 transaction; returns the ids it cancelled.
 *
 * @example
 * const cancelled = await cancelHeld(env.DB, keyId, [id], Date.now())
 */
export async function cancelHeld(
  db: D1Database,
  keyId: string,
  ids: readonly string[],
  now: number,
): Promise<string[]> {
  return updateReturningIds(
    db,
    ids,
    (group) => `UPDATE messages SET status = ?, status_rank = ?, reason = ?, lease_until = 0,
      updated_at = ?
      WHERE key_id = ? AND status = 'accepted' AND umid IS NULL AND lease_until = 0
        AND ambiguous_attempts = 0 AND id IN (${group})
      RETURNING id`,
    [CANCELLED, deliveryStateRank(CANCELLED), HELD_REASON, now, keyId],
  )
}

/** The reason of a message whose cancel came when 8x8 may already have it. */
export const STOPPED_REASON =
  'cancel asked after an attempt with no known outcome: 8x8 may have it; not sent again'

/**
 * Stops the gateway's own retries of messages whose earlier attempt had no known outcome (8x8
 * may have them, under a umid the gateway does not know), when their sender asks to cancel them:
 * each becomes `unknown`, which the consumer never sends, and which its receipt may still move
 * on. Returns the ids it stopped (not those an attempt holds now). One D1 transaction.
 */
export async function stopRetries(
  db: D1Database,
  keyId: string,
  ids: readonly string[],
  now: number,
): Promise<string[]> {
  return updateReturningIds(
    db,
    ids,
    (group) => `UPDATE messages SET status = 'unknown', status_rank = ?, reason = ?,
      lease_until = 0, updated_at = ?
      WHERE key_id = ? AND status = 'accepted' AND umid IS NULL AND lease_until <= ?
        AND (ambiguous_attempts > 0 OR lease_until > 0) AND id IN (${group})
      RETURNING id`,
    [deliveryStateRank('unknown'), STOPPED_REASON, now, keyId, now],
  )
}

/** Why the gateway did not cancel a message it has no umid for. */
export type NotHeld =
  /** An attempt holds it: 8x8 may be answering it now. */
  | { readonly kind: 'in_flight'; readonly retryAfterMs: number }
  /** An earlier attempt's outcome is unknown: 8x8 may have it. */
  | { readonly kind: 'maybe_at_8x8' }
  /** Not waiting for delivery: failed, unknown, or sent meanwhile. */
  | { readonly kind: 'settled'; readonly status: string }

/**
 * Why {@link cancelHeld} left this message of this key; null when it would cancel it now (a
 * dead letter replayed meanwhile) or there is no such message.
 */
export async function notHeld(
  db: D1Database,
  keyId: string,
  id: string,
  now: number,
): Promise<NotHeld | null> {
  const row = await db
    .prepare(
      `SELECT status, umid, lease_until, ambiguous_attempts FROM messages
        WHERE id = ? AND key_id = ?`,
    )
    .bind(id, keyId)
    .first<{
      status: string
      umid: string | null
      lease_until: number
      ambiguous_attempts: number
    }>()
  if (row === null) return null
  if (row.status !== 'accepted' || row.umid !== null) return { kind: 'settled', status: row.status }
  if (row.lease_until > now) return { kind: 'in_flight', retryAfterMs: row.lease_until - now }
  // A lease that ran out unreleased is an attempt whose outcome was never recorded.
  if (row.ambiguous_attempts > 0 || row.lease_until > 0) return { kind: 'maybe_at_8x8' }
  return null
}

/** A message of a batch, as cancelling it needs. */
export interface BatchMember {
  readonly id: string
  readonly umid: string | null
  readonly status: string
  readonly statusRank: number
  /** Accepted for the delivery queue: at 8x8 under its own umid, in no batch of 8x8's. */
  readonly viaQueue: boolean
  /** When an earlier cancel of it had no known outcome (ms), or null ({@link cancelOutcome}). */
  readonly cancelUnknownAt: number | null
}

/** The messages of this key's batch, in batch order (none: unknown, or another key's). */
export async function batchMembers(
  db: D1Database,
  keyId: string,
  batchId: string,
): Promise<BatchMember[]> {
  const { results } = await db
    .prepare(
      `SELECT id, umid, status, status_rank, via_queue, cancel_unknown_at FROM messages
        WHERE key_id = ? AND batch_id = ? ORDER BY batch_index`,
    )
    .bind(keyId, batchId)
    .all<{
      id: string
      umid: string | null
      status: string
      status_rank: number
      via_queue: number
      cancel_unknown_at: number | null
    }>()
  return results.map((row) => ({
    id: row.id,
    umid: row.umid,
    status: row.status,
    statusRank: row.status_rank,
    viaQueue: row.via_queue === 1,
    cancelUnknownAt: row.cancel_unknown_at,
  }))
}
