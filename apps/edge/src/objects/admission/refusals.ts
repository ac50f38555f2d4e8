/**
 * The refusals one client key drew, counted by its admission object per minute and problem code
 * in the same synchronous step as the decision or completion, then written to D1
 * (`refusal_counts`) by the object's alarm. Counts are written whole, and a row is kept until
 * D1 has its last count, so a write that fails or repeats loses or doubles nothing. Refusals
 * before a key is known (a bad signature, an unknown key) are in the request log lines only.
 *
 * @module
 */
import type { RefusalCount } from '../../db/refusals'

/** How long a written minute is kept in the object (a late refusal of it still adds up). */
const KEEP_MINUTES = 5

interface Row extends Record<string, SqlStorageValue> {
  key_id: string
  minute: number
  code: string
  count: number
}

export class RefusalTally {
  constructor(private readonly sql: SqlStorage) {
    sql.exec(`CREATE TABLE IF NOT EXISTS refusal_counts (key_id TEXT NOT NULL,
      minute INTEGER NOT NULL, code TEXT NOT NULL, count INTEGER NOT NULL,
      written INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (key_id, minute, code)) WITHOUT ROWID`)
  }

  /** Counts one refusal, in the caller's synchronous step. */
  add(keyId: string, code: string, now: number): void {
    this.sql.exec(
      `INSERT INTO refusal_counts (key_id, minute, code, count) VALUES (?, ?, ?, 1)
       ON CONFLICT (key_id, minute, code) DO UPDATE SET count = count + 1`,
      keyId,
      Math.floor(now / 60_000),
      code,
    )
  }

  /** Whether some count is not in D1 yet. */
  unwritten(): boolean {
    return (
      this.sql
        .exec<{ n: number }>('SELECT COUNT(*) AS n FROM refusal_counts WHERE count > written')
        .one().n > 0
    )
  }

  /**
   * Writes every count D1 does not have yet; resolves to false when D1 did not take them (they
   * wait for the next try). Minutes long past and written are dropped.
   */
  async flush(
    write: (counts: readonly RefusalCount[]) => Promise<void>,
    now: number,
  ): Promise<boolean> {
    const rows = this.sql
      .exec<Row>('SELECT key_id, minute, code, count FROM refusal_counts WHERE count > written')
      .toArray()
    if (rows.length > 0) {
      try {
        await write(
          rows.map((row) => ({
            keyId: row.key_id,
            minute: row.minute,
            code: row.code,
            count: row.count,
          })),
        )
      } catch (error) {
        console.error('refusal counts wait for D1', error instanceof Error ? error.name : 'error')
        return false
      }
      // What was counted meanwhile stays above `written`, for the next write.
      for (const row of rows)
        this.sql.exec(
          'UPDATE refusal_counts SET written = ? WHERE key_id = ? AND minute = ? AND code = ?',
          row.count,
          row.key_id,
          row.minute,
          row.code,
        )
    }
    this.sql.exec(
      'DELETE FROM refusal_counts WHERE count = written AND minute < ?',
      Math.floor(now / 60_000) - KEEP_MINUTES,
    )
    return true
  }
}
