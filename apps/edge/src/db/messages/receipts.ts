/**
 * What a message's receipts make of its record: the one rule that decides a record's state from
 * its receipts (the webhook's update, the write of a record whose receipts came first, and
 * `GET /v1/messages/{id}` all read it here), and the statements that apply it. They run in the
 * webhook's transaction (src/db/receipts.ts), after the receipt's own insert.
 *
 * 8x8 sends a message through its fallback channels in order, each step a delivery with receipts
 * of its own, all under one umid (docs/delivery.md#fallback-between-channels):
 *
 * 1. Within one channel, rank decides (`deliveryStateRank` of @chatapps/dsl): the first receipt
 *    to reach the highest rank is that channel's state.
 * 2. Between channels, a success (`sent`, `delivered`, `read`) is never overturned by another
 *    channel's failure or pending state: the message reached someone.
 * 3. Otherwise the later fallback step decides: its position in the message's own `channels`
 *    (the record's payload), or the `step` 8x8 reported (reconciliation's message details).
 * 4. When the order cannot be known (the message named no `channels`: the sub-account's default
 *    order), rank decides, as within a channel.
 *
 * The rule is a function of all the message's receipts, never of their arrival order. It may
 * move a record to a lower rank (a later step's `queued` after an earlier step's `undelivered`),
 * but only a record whose state came from its receipts: a state the gateway set itself (accepted,
 * unknown, cancelled, 8x8's answer to the send) is replaced only by a receipt of higher rank, or
 * whatever the rank when the gateway gave up on a message 8x8 had taken.
 *
 * @module
 */
import { proveSentTwice } from './sent-twice'

/**
 * A record the gateway settled as not sent (`failed`, `unknown`) with no umid: a receipt or an
 * answer proving 8x8 took it overrides that decision whatever the rank (below).
 */
export const GATEWAY_GAVE_UP: string = gatewayGaveUp()

/** {@link GATEWAY_GAVE_UP} of the record aliased `m` (in a query that reads other rows too). */
export function gatewayGaveUp(m?: string): string {
  const of = m === undefined ? '' : `${m}.`
  return `(${of}umid IS NULL AND ${of}status IN ('failed', 'unknown'))`
}

/** A receipt, as the statements apply it. */
export interface ReceiptOnRecord {
  readonly umid: string
  readonly receivedAt: number
  /** 8x8's clientMessageId: the gateway's own message id. */
  readonly clientMessageId: string | undefined
  readonly subAccount: string | undefined
}

/** The states that are a success on their channel (rule 2). */
const SUCCESS = `('sent', 'delivered', 'read')`

/**
 * The receipts of the record `m` (an alias of `messages`) as `r`: by umid, or, while the record
 * has none, by the gateway's own id that 8x8 carries as clientMessageId (a umid no other record
 * holds).
 */
export function receiptsOfRecord(m: string): string {
  return `((${m}.umid IS NOT NULL AND r.umid = ${m}.umid)
    OR (${m}.umid IS NULL AND r.sub_account = ${m}.sub_account AND r.client_message_id = ${m}.id
      AND NOT EXISTS (SELECT 1 FROM messages o WHERE o.umid = r.umid)))`
}

/**
 * A query of at most one row (`state`, `state_rank`, `channel`, `received_at`): the receipt that
 * is the current state of the record `m` when it differs from the record's own state, by the
 * module's rule; no row when the record's state stands.
 */
export function receiptState(m: string): string {
  // A channel's position in the message's own `channels` (1 for the first), when it named them.
  const position = `(SELECT CAST(j.key AS INTEGER) + 1 FROM json_each(
      CASE WHEN json_valid(${m}.payload) THEN ${m}.payload END, '$.channels') j
    WHERE lower(json_extract(j.value, '$.channel')) = r.channel ORDER BY j.key LIMIT 1)`
  const winner = `SELECT w.state, w.state_rank, w.channel, w.received_at FROM (
      SELECT r.state, r.state_rank, r.channel, r.received_at, r.rowid AS seq,
        ROW_NUMBER() OVER (PARTITION BY r.channel
          ORDER BY r.state_rank DESC, r.received_at, r.rowid) AS nth,
        COALESCE(MAX(r.step) OVER (PARTITION BY r.channel), ${position}) AS step
      FROM receipts r WHERE ${receiptsOfRecord(m)}) w
    WHERE w.nth = 1
    ORDER BY w.state IN ${SUCCESS} DESC, w.step DESC, w.state_rank DESC, w.received_at, w.seq
    LIMIT 1`
  // The record's state came from its receipts when one of them has it.
  const fromReceipts = `EXISTS (SELECT 1 FROM receipts r WHERE ${receiptsOfRecord(m)}
    AND r.state = ${m}.status)`
  return `SELECT * FROM (${winner}) c
    WHERE (c.state_rank > ${m}.status_rank OR ${gatewayGaveUp(m)} OR ${fromReceipts})
      AND NOT (c.state = ${m}.status AND c.channel = COALESCE(${m}.status_channel, ''))`
}

/**
 * The SET of an update that gives the record `messages` its receipts' state when it changed
 * ({@link receiptState}), at `at` (SQL; the deciding receipt's arrival when omitted).
 */
export function takeReceiptState(at?: string): string {
  const next = receiptState('messages')
  const changedAt = at ?? `(SELECT received_at FROM (${next}))`
  return `status = COALESCE((SELECT state FROM (${next})), status),
    status_rank = COALESCE((SELECT state_rank FROM (${next})), status_rank),
    status_channel = CASE WHEN EXISTS (${next})
      THEN (SELECT NULLIF(channel, '') FROM (${next})) ELSE status_channel END,
    updated_at = CASE WHEN EXISTS (${next}) THEN ${changedAt} ELSE updated_at END`
}

/**
 * The record matched by umid or, while it has none (an ambiguous or asynchronous send), by the
 * gateway's own message id that 8x8 carries as clientMessageId (and the sub-account), which also
 * sets its umid. Such a receipt proves 8x8 took the message: a record the gateway settled as not
 * sent (`failed`, `unknown`) takes its receipts' state whatever its rank.
 */
export function applyReceipt(db: D1Database, receipt: ReceiptOnRecord): D1PreparedStatement[] {
  const { umid, receivedAt, clientMessageId, subAccount } = receipt
  const statements = [
    db
      .prepare(
        `UPDATE messages SET ${takeReceiptState('?2')}
         WHERE umid = ?1 AND EXISTS (${receiptState('messages')})`,
      )
      .bind(umid, receivedAt),
  ]
  if (clientMessageId !== undefined && subAccount !== undefined) {
    // 8x8's clientMessageId is the gateway's own message id: the record of exactly that
    // message, never another's (a caller's clientMessageId is not unique and never a join key).
    statements.push(
      db
        .prepare(
          `UPDATE messages SET umid = ?1, ${takeReceiptState('?2')},
             reason = CASE WHEN ${GATEWAY_GAVE_UP} THEN NULL ELSE reason END
           WHERE id = ?4 AND sub_account = ?3 AND umid IS NULL
             AND NOT EXISTS (SELECT 1 FROM messages WHERE umid = ?1)`,
        )
        .bind(umid, receivedAt, subAccount, clientMessageId),
      // A receipt of the other copy of a message a retry sent again: sent twice.
      proveSentTwice(db, [clientMessageId]),
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
