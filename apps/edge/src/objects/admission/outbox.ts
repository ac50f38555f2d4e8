/**
 * The message records of one client key, on their way to D1. A completion keeps its records in
 * the admission object's own storage, in the same step as the idempotent answer, and returns:
 * the answer does not wait for D1. The object's alarm writes what waits `RECORD_FLUSH_MS` later
 * (100 ms by default) in one D1 transaction, so a busy key costs D1 one write for many records
 * instead of one each. Whoever reads a key's records through the API passes its admission
 * object, which writes what waits first (read-your-writes); receipts that came before their
 * record are applied when it is written (src/db/messages/records.ts). A write D1 did not take is tried again
 * by the alarm; writing a record twice changes nothing.
 *
 * @module
 */
import type { NewMessage } from '../../db/messages/records'

/** Records per D1 transaction: a whole 100-message 8x8 batch fits in one. */
const CHUNK = 100

interface OutboxRow extends Record<string, SqlStorageValue> {
  seq: number
  record: string
}

export class RecordOutbox {
  /** The write running now, and the one that will take everything added meanwhile. */
  private running: Promise<boolean> | null = null
  private next: Promise<boolean> | null = null

  constructor(
    private readonly sql: SqlStorage,
    /** Writes records to D1 (and queues what follows from them); rejects when it could not. */
    private readonly write: (records: readonly NewMessage[]) => Promise<void>,
  ) {
    // No AUTOINCREMENT, which writes its counter on every insert: rows leave oldest first and a
    // new one is numbered above every row there, so a reused number changes no order.
    sql.exec(`CREATE TABLE IF NOT EXISTS outbox (
      seq INTEGER PRIMARY KEY, record TEXT NOT NULL)`)
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
   * Writes every record waiting now to D1; concurrent callers join the same next write. Never
   * rejects: resolves to false when D1 did not take them (logged; they stay and wait).
   */
  flush(): Promise<boolean> {
    this.next ??= this.afterRunning()
    return this.next
  }

  private async afterRunning(): Promise<boolean> {
    // Always yields first, so `this.next` is this very write when it goes on.
    await this.running
    const mine = this.next
    this.next = null
    this.running = mine
    try {
      return await this.writeWaiting()
    } finally {
      if (this.running === mine) this.running = null
    }
  }

  /** Writes what the table holds now, oldest first; what is added meanwhile waits for the next. */
  private async writeWaiting(): Promise<boolean> {
    const last = this.sql.exec<{ seq: number | null }>('SELECT MAX(seq) AS seq FROM outbox').one()
    if (last.seq === null) return true
    for (;;) {
      const rows = this.sql
        .exec<OutboxRow>(
          'SELECT seq, record FROM outbox WHERE seq <= ? ORDER BY seq LIMIT ?',
          last.seq,
          CHUNK,
        )
        .toArray()
      const end = rows.at(-1)
      if (end === undefined) return true
      try {
        await this.write(rows.map((row) => JSON.parse(row.record) as NewMessage))
      } catch (error) {
        console.error('message records wait for D1', error instanceof Error ? error.name : 'error')
        // One record D1 refuses must not hold the others back: each is tried alone.
        if (rows.length > 1) await this.writeOneByOne(rows)
        return false
      }
      this.sql.exec('DELETE FROM outbox WHERE seq <= ?', end.seq)
    }
  }

  /** Writes rows one at a time, deleting each that D1 took. */
  private async writeOneByOne(rows: readonly OutboxRow[]): Promise<void> {
    for (const row of rows) {
      try {
        await this.write([JSON.parse(row.record) as NewMessage])
        this.sql.exec('DELETE FROM outbox WHERE seq = ?', row.seq)
      } catch {
        const id = (JSON.parse(row.record) as Partial<NewMessage>).id ?? 'unknown'
        console.error('message record refused by D1, kept for the next try:', id)
      }
    }
  }
}
