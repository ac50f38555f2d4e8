/**
 * The statements that move a message record forward by a receipt, never backwards. They run in
 * the webhook's transaction (src/db/receipts.ts), after the receipt's own insert.
 *
 * @module
 */
import { GATEWAY_GAVE_UP } from './delivery'

/** A receipt, as the statements apply it. */
export interface ReceiptOnRecord {
  readonly umid: string
  readonly state: string
  readonly rank: number
  readonly receivedAt: number
  /** 8x8's clientMessageId: the gateway's own message id. */
  readonly clientMessageId: string | undefined
  readonly subAccount: string | undefined
}

/**
 * The record matched by umid or, while it has none (an ambiguous or asynchronous send), by the
 * gateway's own message id that 8x8 carries as clientMessageId (and the sub-account), which also
 * sets its umid. Such a receipt proves 8x8 took the message: a record the gateway settled as not
 * sent (`failed`, `unknown`) takes the receipt's state whatever its rank.
 */
export function applyReceipt(db: D1Database, receipt: ReceiptOnRecord): D1PreparedStatement[] {
  const { umid, state, rank, receivedAt, clientMessageId, subAccount } = receipt
  const statements = [
    db
      .prepare(
        'UPDATE messages SET status = ?, status_rank = ?, updated_at = ? WHERE umid = ? AND status_rank < ?',
      )
      .bind(state, rank, receivedAt, umid, rank),
  ]
  if (clientMessageId !== undefined && subAccount !== undefined) {
    // 8x8's clientMessageId is the gateway's own message id: the record of exactly that
    // message, never another's (a caller's clientMessageId is not unique and never a join key).
    statements.push(
      db
        .prepare(
          `UPDATE messages SET umid = ?1,
             status = CASE WHEN status_rank < ?2 OR ${GATEWAY_GAVE_UP} THEN ?3 ELSE status END,
             status_rank = CASE WHEN status_rank < ?2 OR ${GATEWAY_GAVE_UP} THEN ?2
               ELSE status_rank END,
             reason = CASE WHEN ${GATEWAY_GAVE_UP} THEN NULL ELSE reason END, updated_at = ?4
           WHERE id = ?6 AND sub_account = ?5 AND umid IS NULL
             AND NOT EXISTS (SELECT 1 FROM messages WHERE umid = ?1)`,
        )
        .bind(umid, rank, state, receivedAt, subAccount, clientMessageId),
    )
  }
  return statements
}

/** A message of a umid whose key has a callback URL. */
export interface CallbackTarget {
  readonly key_id: string
  readonly id: string
  readonly client_message_id: string
  /** The send's `traceparent`, when its caller sent one. */
  readonly traceparent: string | null
}

/** The message of `umid`, if its key is active and has a callback URL. */
export function callbackTargetOf(db: D1Database, umid: string): D1PreparedStatement {
  return db
    .prepare(
      `SELECT m.key_id, m.id, m.client_message_id, m.traceparent FROM messages m
       JOIN client_keys k ON k.key_id = m.key_id
       WHERE m.umid = ? AND k.status = 'active' AND k.callback_url IS NOT NULL`,
    )
    .bind(umid)
}
