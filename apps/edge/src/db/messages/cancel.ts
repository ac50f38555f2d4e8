/**
 * Cancelling scheduled messages (`DELETE /v1/messages/{id}`, `DELETE /v1/batches/{batchId}`):
 * what 8x8 cancelled becomes `cancelled`, a final state (@chatapps/dsl's DELIVERY_STATE_RANKS) that no later
 * receipt of a lower or equal rank replaces.
 *
 * @module
 */
import { deliveryStateRank } from '@chatapps/dsl'

/** The state of a cancelled scheduled message. */
export const CANCELLED = 'cancelled'

/**
 * Marks records of this key `cancelled` (those of lower rank; a cancelled or final one stays).
 * Returns how many changed.
 *
 * @example
 * await markCancelled(env.DB, keyId, [id], Date.now())
 */
export async function markCancelled(
  db: D1Database,
  keyId: string,
  ids: readonly string[],
  now: number,
): Promise<number> {
  if (ids.length === 0) return 0
  const rank = deliveryStateRank(CANCELLED)
  const result = await db
    .prepare(
      `UPDATE messages SET status = ?, status_rank = ?, updated_at = ?, reason = NULL
        WHERE key_id = ? AND status_rank < ? AND id IN (${ids.map(() => '?').join(', ')})`,
    )
    .bind(CANCELLED, rank, now, keyId, rank, ...ids)
    .run()
  return result.meta.changes ?? 0
}

/** A message of a batch, as cancelling it needs. */
export interface BatchMember {
  readonly id: string
  readonly umid: string | null
  readonly status: string
  readonly statusRank: number
}

/** The messages of this key's batch, in batch order (none: unknown, or another key's). */
export async function batchMembers(
  db: D1Database,
  keyId: string,
  batchId: string,
): Promise<BatchMember[]> {
  const { results } = await db
    .prepare(
      `SELECT id, umid, status, status_rank FROM messages
        WHERE key_id = ? AND batch_id = ? ORDER BY batch_index`,
    )
    .bind(keyId, batchId)
    .all<{ id: string; umid: string | null; status: string; status_rank: number }>()
  return results.map((row) => ({
    id: row.id,
    umid: row.umid,
    status: row.status,
    statusRank: row.status_rank,
  }))
}
