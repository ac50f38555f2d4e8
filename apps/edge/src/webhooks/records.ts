/**
 * D1 writes of the 8x8 webhook, each event in one `db.batch` (one round trip, one transaction),
 * and the callbacks it calls for. Every write is idempotent: 8x8 retries, and a duplicate
 * changes nothing and calls for no callback.
 *
 * @module
 */
import type { DeliveryReceiptEvent, InboundMessageEvent } from '@chatapps/dsl'
import { type CallbackJob, inboundCallback, statusCallback } from '../callbacks/events'
import { rankOf } from '../delivery/states'

/** What storing an event did. */
export interface Stored {
  /** False for a duplicate. */
  readonly fresh: boolean
  /** Callbacks to queue (none for a duplicate). */
  readonly callbacks: readonly CallbackJob[]
  /** Removes the fresh row again, so that 8x8's retry redoes everything (queueing failed). */
  readonly undo: () => Promise<void>
}

/**
 * Stores a delivery receipt and moves its message forward, never backwards: the record is
 * matched by umid or, while it has none (an ambiguous or asynchronous send), by the gateway's
 * own message id that 8x8 carries as clientMessageId (and the sub-account), which also sets its
 * umid. A receipt with no record yet stays in `receipts`; writing the record applies it.
 */
export async function storeReceipt(
  db: D1Database,
  event: DeliveryReceiptEvent,
  receivedAt: number,
): Promise<Stored> {
  const { umid, status, clientMessageId, subAccountId } = event.payload
  const state = status.state
  const rank = rankOf(state)
  const statements = [
    db
      .prepare(
        `INSERT OR IGNORE INTO receipts (umid, state, state_rank, detail, error_code,
          error_message, timestamp, received_at, client_message_id, sub_account)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .bind(
        umid,
        state,
        rank,
        status.detail ?? null,
        status.errorCode ?? null,
        status.errorMessage ?? null,
        status.timestamp,
        receivedAt,
        clientMessageId ?? null,
        subAccountId ?? null,
      ),
    db
      .prepare(
        'UPDATE messages SET status = ?, status_rank = ?, updated_at = ? WHERE umid = ? AND status_rank < ?',
      )
      .bind(state, rank, receivedAt, umid, rank),
  ]
  if (clientMessageId !== undefined && subAccountId !== undefined) {
    // 8x8's clientMessageId is the gateway's own message id: the record of exactly that
    // message, never another's (a caller's clientMessageId is not unique and never a join key).
    statements.push(
      db
        .prepare(
          `UPDATE messages SET umid = ?1,
             status = CASE WHEN status_rank < ?2 THEN ?3 ELSE status END,
             status_rank = MAX(status_rank, ?2), updated_at = ?4
           WHERE id = ?6 AND sub_account = ?5 AND umid IS NULL
             AND NOT EXISTS (SELECT 1 FROM messages WHERE umid = ?1)`,
        )
        .bind(umid, rank, state, receivedAt, subAccountId, clientMessageId),
    )
  }
  statements.push(
    db
      .prepare(
        `SELECT m.key_id, m.id, m.client_message_id FROM messages m
         JOIN client_keys k ON k.key_id = m.key_id
         WHERE m.umid = ? AND k.status = 'active' AND k.callback_url IS NOT NULL`,
      )
      .bind(umid),
  )
  const results = await db.batch<{ key_id: string; id: string; client_message_id: string }>(
    statements,
  )
  const fresh = (results[0]?.meta.changes ?? 0) > 0
  const rows = fresh ? (results.at(-1)?.results ?? []) : []
  return {
    fresh,
    callbacks: rows.map((row) =>
      statusCallback(
        { keyId: row.key_id, id: row.id, clientMessageId: row.client_message_id },
        event,
        receivedAt,
      ),
    ),
    undo: async () => {
      await db
        .prepare('DELETE FROM receipts WHERE umid = ? AND state = ? AND received_at = ?')
        .bind(umid, state, receivedAt)
        .run()
    },
  }
}

/** Stores an inbound message once (by umid); its sub-account's keys with a callback get it. */
export async function storeInbound(
  db: D1Database,
  event: InboundMessageEvent,
  receivedAt: number,
): Promise<Stored> {
  const { umid, subAccountId, type, timestamp } = event.payload
  const results = await db.batch<{ key_id: string }>([
    db
      .prepare(
        `INSERT OR IGNORE INTO inbound_messages (umid, sub_account, type, timestamp, event,
          received_at) VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .bind(umid, subAccountId ?? null, type, timestamp, JSON.stringify(event), receivedAt),
    db
      .prepare(
        `SELECT key_id FROM client_keys WHERE sub_account = ? AND status = 'active'
          AND callback_url IS NOT NULL ORDER BY key_id`,
      )
      .bind(subAccountId ?? null),
  ])
  const fresh = (results[0]?.meta.changes ?? 0) > 0
  const rows = fresh ? (results[1]?.results ?? []) : []
  return {
    fresh,
    callbacks: rows.map((row) => inboundCallback(row.key_id, event, receivedAt)),
    undo: async () => {
      await db
        .prepare('DELETE FROM inbound_messages WHERE umid = ? AND received_at = ?')
        .bind(umid, receivedAt)
        .run()
    },
  }
}

const hex = (bytes: ArrayBuffer) =>
  Array.from(new Uint8Array(bytes), (byte) => byte.toString(16).padStart(2, '0')).join('')

/** Stores another event raw, once (its id is the body's SHA-256). */
export async function storeRawEvent(
  db: D1Database,
  eventType: string,
  body: Uint8Array<ArrayBuffer>,
  receivedAt: number,
): Promise<Stored> {
  const id = hex(await crypto.subtle.digest('SHA-256', body))
  const result = await db
    .prepare(
      'INSERT OR IGNORE INTO webhook_events (id, event_type, body, received_at) VALUES (?, ?, ?, ?)',
    )
    .bind(id, eventType, new TextDecoder().decode(body), receivedAt)
    .run()
  return { fresh: result.meta.changes > 0, callbacks: [], undo: async () => {} }
}
