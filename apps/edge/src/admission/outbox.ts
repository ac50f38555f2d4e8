/**
 * The message records of one client key, on their way to D1: stored in the admission object's
 * own storage in the same step as the idempotent answer, then written to D1 by group commit.
 * Requests that complete while a write is running share the next one, so a busy key costs one
 * D1 round trip for several records instead of one each. A record D1 did not take stays here and
 * is written again by the object's alarm; writing one twice changes nothing.
 *
 * @module
 */
import { type NewMessage, recordStatement } from '../store'

/** Records per D1 batch: a whole 100-message 8x8 batch fits in one. */
const CHUNK = 100
/** When D1 failed, the next try. */
export const OUTBOX_RETRY_MS = 5_000

interface OutboxRow extends Record<string, SqlStorageValue> {
  seq: number
  record: string
}

export class RecordOutbox {
  /** The write running now, and the one that will take everything added meanwhile. */
  private running: Promise<void> | null = null
  private next: Promise<void> | null = null

  constructor(
    private readonly sql: SqlStorage,
    private readonly db: D1Database,
    /** Asks for a later {@link flush} (the object's alarm). */
    private readonly retryLater: () => void,
  ) {
    sql.exec(`CREATE TABLE IF NOT EXISTS outbox (
      seq INTEGER PRIMARY KEY AUTOINCREMENT, record TEXT NOT NULL)`)
  }

  /** Keeps records in the object's storage, in the caller's synchronous (atomic) step. */
  add(records: readonly NewMessage[]): void {
    for (const record of records) {
      this.sql.exec('INSERT INTO outbox (record) VALUES (?)', JSON.stringify(record))
    }
  }

  /** How many records wait for D1. */
  waiting(): number {
    return this.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM outbox').one().n
  }

  /**
   * Writes every record waiting now to D1. Never rejects: a failure is logged and retried by the
   * alarm. Concurrent callers join the same next write.
   */
  flush(): Promise<void> {
    this.next ??= this.afterRunning()
    return this.next
  }

  private async afterRunning(): Promise<void> {
    // Always yields first, so `this.next` is this very write when it goes on.
    await this.running
    const mine = this.next
    this.next = null
    this.running = mine
    try {
      await this.writeWaiting()
    } finally {
      if (this.running === mine) this.running = null
    }
  }

  /** Writes what the table holds now, oldest first; what is added meanwhile waits for the next. */
  private async writeWaiting(): Promise<void> {
    const last = this.sql.exec<{ seq: number | null }>('SELECT MAX(seq) AS seq FROM outbox').one()
    if (last.seq === null) return
    for (;;) {
      const rows = this.sql
        .exec<OutboxRow>(
          'SELECT seq, record FROM outbox WHERE seq <= ? ORDER BY seq LIMIT ?',
          last.seq,
          CHUNK,
        )
        .toArray()
      const end = rows.at(-1)
      if (end === undefined) return
      try {
        const statements = rows.map((row) =>
          recordStatement(this.db, JSON.parse(row.record) as NewMessage),
        )
        await this.db.batch(statements)
      } catch (error) {
        console.error('message records wait for D1', error instanceof Error ? error.name : 'error')
        this.retryLater()
        return
      }
      this.sql.exec('DELETE FROM outbox WHERE seq <= ?', end.seq)
    }
  }
}
