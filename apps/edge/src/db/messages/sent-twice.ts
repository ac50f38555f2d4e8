/**
 * A record 8x8 took twice: the one case where the gateway knows a message reached 8x8 as two
 * copies (two umids under one gateway id). The record follows one copy (its `umid`, `status`
 * and `history`); `duplicate_umid` keeps the other, which `GET /v1/messages/{id}` shows as
 * `sentTwice.umid`, and `reason` names both. Proved by an asynchronous attempt's answer after a
 * receipt of an earlier attempt (`markSent`, src/db/messages/delivery.ts), or, for a synchronous send that took over a
 * lapsed claim (`earlier_try_at`), by the earlier try's receipt or its late record (both carry
 * the same id: src/send/message-ids.ts).
 *
 * @module
 */

/** What proved the earlier copy: its receipt, or its own answer (a late record). */
type Proof = 'receipt' | 'answer'

/**
 * The `reason` of a record 8x8 took twice (SQL): `earlier` and `later` are SQL expressions of
 * the two copies' umids, the earlier attempt's (or try's) first.
 *
 * @example
 * `reason = ${sentTwiceReason('umid', '?1', 'receipt')}`
 * // 'sent_twice: 8x8 took the message as A (an earlier attempt, its receipt proves it) and again as B'
 */
export function sentTwiceReason(earlier: string, later: string, proof: Proof): string {
  return `'sent_twice: 8x8 took the message as ' || ${earlier} || ' (an earlier attempt, its ${proof} proves it) and again as ' || ${later}`
}

/**
 * The umid of the earliest receipt of another copy of the record `messages` (SQL): one of its
 * sub-account naming the record's id as clientMessageId under a umid that is not the record's
 * and no other record holds.
 */
const OTHER_COPY = `SELECT r.umid FROM receipts r WHERE r.sub_account = messages.sub_account
    AND r.client_message_id = messages.id AND r.umid <> messages.umid
    AND NOT EXISTS (SELECT 1 FROM messages o WHERE o.umid = r.umid)
  ORDER BY r.received_at, r.rowid LIMIT 1`

/**
 * Marks sent twice each record of `ids` sent by a retry that took over a lapsed claim
 * (`earlier_try_at`) when a receipt proves the earlier try reached 8x8 too: the webhook's
 * receipt, or one that came before the record was written. At most 90 ids (D1's parameters).
 *
 * @example
 * statements.push(proveSentTwice(db, [receipt.clientMessageId]))
 */
export function proveSentTwice(db: D1Database, ids: readonly string[]): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE messages SET duplicate_umid = (${OTHER_COPY}),
         reason = ${sentTwiceReason(`(${OTHER_COPY})`, 'umid', 'receipt')}
       WHERE id IN (${ids.map(() => '?').join(', ')}) AND earlier_try_at IS NOT NULL
         AND umid IS NOT NULL AND duplicate_umid IS NULL AND EXISTS (${OTHER_COPY})`,
    )
    .bind(...ids)
}
