/**
 * `refusal_counts`: how many signed requests the gateway refused, per key, minute and problem
 * code. Written by the keys' admission objects (src/objects/admission/refusals.ts), read by the
 * console's live view.
 *
 * @module
 */

/** One count as an admission object writes it: the whole count of its minute so far. */
export interface RefusalCount {
  readonly keyId: string
  /** Unix ms / 60,000. */
  readonly minute: number
  readonly code: string
  readonly count: number
}

/**
 * Writes counts whole (not added): a count written again after a failure changes nothing.
 *
 * @example
 * await writeRefusalCounts(env.DB, [{ keyId: 'k', minute: 29_000_000, code: 'rate_limited', count: 3 }])
 */
export async function writeRefusalCounts(
  db: D1Database,
  counts: readonly RefusalCount[],
): Promise<void> {
  if (counts.length === 0) return
  const statement = db.prepare(
    `INSERT INTO refusal_counts (key_id, minute, code, count) VALUES (?, ?, ?, ?)
     ON CONFLICT (key_id, minute, code) DO UPDATE SET count = excluded.count`,
  )
  await db.batch(counts.map((c) => statement.bind(c.keyId, c.minute, c.code, c.count)))
}

/** Refusals since a time, by problem code (most first). */
export interface RefusalsByCode {
  readonly code: string
  readonly count: number
  /** How many keys drew them. */
  readonly keys: number
}

/**
 * The gateway's refusals since `since` (ms), by code; the minute `since` falls in counts whole.
 *
 * @example
 * const rows = await refusalsSince(env.DB, Date.now() - 15 * 60_000)
 */
export async function refusalsSince(
  db: D1Database,
  since: number,
): Promise<readonly RefusalsByCode[]> {
  const { results } = await db
    .prepare(
      `SELECT code, SUM(count) AS count, COUNT(DISTINCT key_id) AS keys FROM refusal_counts
       WHERE minute >= ? GROUP BY code ORDER BY count DESC, code`,
    )
    .bind(Math.floor(since / 60_000))
    .all<{ code: string; count: number; keys: number }>()
  return results.map((row) => ({ code: row.code, count: row.count, keys: row.keys }))
}
