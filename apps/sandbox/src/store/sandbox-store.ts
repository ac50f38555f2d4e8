/**
 * The Durable Object (SQLite storage) that keeps what the sandbox received. One instance
 * (`idFromName('default')`) serves every request, so reads see every earlier write, in order.
 *
 * Its RPC methods take and return flat rows with JSON as text (recursive JSON types are too deep
 * for the RPC types); {@link ./client.ts} gives the routes typed access.
 *
 * @module
 */
import { DurableObject } from 'cloudflare:workers'

const SCHEMA = `
CREATE TABLE IF NOT EXISTS received (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  sub_account_id TEXT NOT NULL,
  received_at TEXT NOT NULL,
  umid TEXT,
  batch_id TEXT,
  raw TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS messages (
  umid TEXT PRIMARY KEY,
  seq INTEGER NOT NULL,
  position INTEGER NOT NULL,
  record TEXT NOT NULL
);
`

/** One accepted request, as the store keeps it. */
export interface ArrivalRow {
  readonly kind: 'message' | 'batch'
  readonly subAccountId: string
  readonly receivedAt: string
  /** The request body, byte for byte. */
  readonly raw: string
  readonly umid: string | null
  readonly batchId: string | null
  /** The request's messages in order: umid and the record as JSON text. */
  readonly messages: readonly { readonly umid: string; readonly record: string }[]
}

/** One accepted request, as the store returns it. */
export interface ReceivedRow {
  readonly kind: 'message' | 'batch'
  readonly subAccountId: string
  readonly receivedAt: string
  readonly raw: string
  readonly umid: string | null
  readonly batchId: string | null
  readonly umids: readonly string[]
}

type Row = {
  seq: number
  kind: 'message' | 'batch'
  sub_account_id: string
  received_at: string
  umid: string | null
  batch_id: string | null
  raw: string
}

export class SandboxStore extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env)
    ctx.storage.sql.exec(SCHEMA)
  }

  /** Keeps one accepted request and its messages, atomically. */
  record(arrival: ArrivalRow): void {
    const sql = this.ctx.storage.sql
    this.ctx.storage.transactionSync(() => {
      const { seq } = sql
        .exec<{ seq: number }>(
          'INSERT INTO received (kind, sub_account_id, received_at, umid, batch_id, raw) VALUES (?, ?, ?, ?, ?, ?) RETURNING seq',
          arrival.kind,
          arrival.subAccountId,
          arrival.receivedAt,
          arrival.umid,
          arrival.batchId,
          arrival.raw,
        )
        .one()
      arrival.messages.forEach((message, position) => {
        sql.exec(
          'INSERT INTO messages (umid, seq, position, record) VALUES (?, ?, ?, ?)',
          message.umid,
          seq,
          position,
          message.record,
        )
      })
    })
  }

  /** Everything received, oldest first. */
  list(): ReceivedRow[] {
    const sql = this.ctx.storage.sql
    return sql
      .exec<Row>('SELECT * FROM received ORDER BY seq')
      .toArray()
      .map((row) => ({
        kind: row.kind,
        subAccountId: row.sub_account_id,
        receivedAt: row.received_at,
        raw: row.raw,
        umid: row.umid,
        batchId: row.batch_id,
        umids: sql
          .exec<{ umid: string }>(
            'SELECT umid FROM messages WHERE seq = ? ORDER BY position',
            row.seq,
          )
          .toArray()
          .map((message) => message.umid),
      }))
  }

  /** One message's record (JSON text) by umid, or `null`. */
  message(umid: string): string | null {
    const rows = this.ctx.storage.sql
      .exec<{ record: string }>('SELECT record FROM messages WHERE umid = ?', umid)
      .toArray()
    return rows[0]?.record ?? null
  }

  /** Forgets everything. */
  clear(): void {
    this.ctx.storage.transactionSync(() => {
      this.ctx.storage.sql.exec('DELETE FROM messages')
      this.ctx.storage.sql.exec('DELETE FROM received')
    })
  }
}
