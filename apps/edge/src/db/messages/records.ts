/**
 * Writing the records of messages the gateway sent (`messages`), together with what 8x8 said of
 * them first: a receipt can arrive before its message's record is written (8x8 answers fast;
 * records are written in groups, src/objects/admission/outbox.ts). The webhook stored such a
 * receipt but found no record to move forward. The write applies it, in the same D1 transaction
 * as the insert, so each receipt is applied exactly once: by the webhook when it came after the
 * record, by the write when it came before (src/receipts/early.ts calls its client back).
 *
 * @module
 */
import { deliveryStateRank } from '@chatapps/dsl'
import { receiptState, takeReceiptState } from './receipts'
import { proveSentTwice, sentTwiceReason } from './sent-twice'

/**
 * A template send's mismatch with the registry, as the gateway answers and records it
 * (docs/templates.md): `code` is the 8x8 error code a real send draws (null: none, 8x8 takes it).
 */
export interface TemplateIssueRecord {
  readonly path: string
  readonly message: string
  readonly rule: string
  readonly code: number | null
}

/** A message to record; a batch's messages carry its id and their index. */
export interface NewMessage {
  /** The gateway's id, sent to 8x8 as clientMessageId. */
  readonly id: string
  readonly keyId: string
  readonly idempotencyKey: string
  /** The caller's reference (its clientMessageId, or the id when it gave none). */
  readonly clientMessageId: string
  readonly umid: string | null
  readonly status: string
  readonly subAccount: string
  readonly createdAt: number
  readonly batchId?: string
  readonly batchIndex?: number
  /** Why the state is what it is (a send whose outcome at 8x8 is unknown). */
  readonly reason?: string
  /** `closed`: sent outside the recipient's service window (policy observe). */
  readonly serviceWindow?: 'closed'
  /** The template send's mismatches with the registry (policy observe). */
  readonly templateIssues?: readonly TemplateIssueRecord[]
  /** A LINE Official Notification (8x8's `/lon`) rather than a message. */
  readonly type?: 'line_notification'
  /** The recipient (msisdn or channel user id), for the console's search. */
  readonly recipient?: string
  /** The caller's `traceparent` as sent to 8x8: its receipts' callbacks continue that trace. */
  readonly traceparent?: string
  /** The message as sent to 8x8 (in a batch: with the batch's `template` merged), for the console. */
  readonly payload?: string
  /**
   * Sent by a request that took over its idempotency claim from an earlier try whose lease ended
   * without an answer: when that try claimed the key. It may have sent the message too.
   */
  readonly earlierTryAt?: number
}

/**
 * The insert of the record of a synchronous send: one delivery attempt. Writing a record twice
 * changes nothing (the admission object's outbox may retry a write D1 took). Every send 8x8 took
 * gets its record, whatever else its idempotency key names: the key's unique index covers only
 * records accepted for the queue (migration 0016). Two tries of one request send the same id
 * (src/send/message-ids.ts): when the record of one that took over a lapsed claim
 * (`earlier_try_at`) meets the other's under another umid, 8x8 took the message twice, and the
 * record there keeps the other umid as its `sentTwice` (src/db/messages/sent-twice.ts).
 */
function recordStatement(db: D1Database, message: NewMessage): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO messages (id, key_id, idempotency_key, client_message_id, umid, status,
        status_rank, sub_account, created_at, updated_at, batch_id, batch_index, attempts, reason,
        service_window, type, recipient, traceparent, template_issues, payload, earlier_try_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (id) DO ${SENT_TWICE_ON_CONFLICT}`,
    )
    .bind(
      message.id,
      message.keyId,
      message.idempotencyKey,
      message.clientMessageId,
      message.umid,
      message.status,
      deliveryStateRank(message.status),
      message.subAccount,
      message.createdAt,
      message.createdAt,
      message.batchId ?? null,
      message.batchIndex ?? 0,
      message.reason ?? null,
      message.serviceWindow ?? null,
      message.type ?? 'message',
      message.recipient ?? null,
      message.traceparent ?? null,
      issuesColumn(message.templateIssues),
      message.payload ?? null,
      message.earlierTryAt ?? null,
    )
}

/**
 * What a record's insert does with the record already there under its id (SQL, `excluded` the
 * new one): nothing, unless they are two copies 8x8 took of one request's message, one of them
 * sent by a retry that took over a lapsed claim; the earlier try's copy is the one without
 * `earlier_try_at`. A copy whose outcome is unknown (no umid) proves nothing.
 */
const SENT_TWICE_ON_CONFLICT = `UPDATE SET
    duplicate_umid = excluded.umid,
    earlier_try_at = COALESCE(earlier_try_at, excluded.earlier_try_at),
    reason = CASE WHEN earlier_try_at IS NULL
      THEN ${sentTwiceReason('umid', 'excluded.umid', 'answer')}
      ELSE ${sentTwiceReason('excluded.umid', 'umid', 'answer')} END
  WHERE key_id = excluded.key_id AND sub_account = excluded.sub_account
    AND umid IS NOT NULL AND excluded.umid IS NOT NULL AND umid <> excluded.umid
    AND duplicate_umid IS NULL
    AND (earlier_try_at IS NOT NULL OR excluded.earlier_try_at IS NOT NULL)`

/** The `template_issues` column: JSON of the issues, NULL when there are none. */
export function issuesColumn(issues: readonly TemplateIssueRecord[] | undefined): string | null {
  return issues === undefined || issues.length === 0 ? null : JSON.stringify(issues)
}

/** Ids per statement: D1 binds at most 100 parameters to one. */
const IDS_PER_STATEMENT = 90

/** A receipt that came before its message's record, joined to that record's key. */
export interface EarlyReceipt {
  key_id: string
  id: string
  client_message_id: string
  umid: string
  state: string
  detail: string | null
  error_code: number | string | null
  error_message: string | null
  timestamp: string
  received_at: number
  /** The channel it came on ('' when 8x8 named none). */
  channel: string
}

/**
 * Inserts records (one D1 transaction; a record already there stays as it is), moves each
 * forward to the highest state its early receipts reached, and returns those receipts where the
 * record's key has a callback URL, oldest first.
 */
export async function insertRecords(
  db: D1Database,
  records: readonly NewMessage[],
): Promise<EarlyReceipt[]> {
  if (records.length === 0) return []
  const statements = records.map((record) => recordStatement(db, record))
  const selects: number[] = []
  for (let start = 0; start < records.length; start += IDS_PER_STATEMENT) {
    const ids = records.slice(start, start + IDS_PER_STATEMENT).map((record) => record.id)
    const list = ids.map(() => '?').join(', ')
    // A record without a umid (8x8's outcome was unknown) takes it from an early receipt of its
    // own id, which 8x8 carries as clientMessageId: never from another message's receipts.
    statements.push(
      db
        .prepare(
          `UPDATE messages SET umid = (
             SELECT r.umid FROM receipts r WHERE r.sub_account = messages.sub_account
               AND r.client_message_id = messages.id
               AND NOT EXISTS (SELECT 1 FROM messages o WHERE o.umid = r.umid)
             ORDER BY r.received_at LIMIT 1)
           WHERE id IN (${list}) AND umid IS NULL`,
        )
        .bind(...ids),
    )
    // A receipt of an earlier try's copy, come first, proves a retry's message sent twice.
    statements.push(proveSentTwice(db, ids))
    // The state its receipts decide, by the webhook's own rule (src/db/messages/receipts.ts).
    statements.push(
      db
        .prepare(
          `UPDATE messages SET ${takeReceiptState()}
           WHERE id IN (${list}) AND umid IS NOT NULL AND EXISTS (${receiptState('messages')})`,
        )
        .bind(...ids),
    )
    selects.push(statements.length)
    statements.push(
      db
        .prepare(
          `SELECT m.key_id, m.id, m.client_message_id, r.umid, r.state, r.detail, r.error_code,
             r.error_message, r.timestamp, r.received_at, r.channel
           FROM messages m JOIN receipts r ON r.umid = m.umid JOIN client_keys k ON k.key_id = m.key_id
           WHERE m.id IN (${list}) AND k.status = 'active' AND k.callback_url IS NOT NULL
           ORDER BY r.received_at, r.state_rank`,
        )
        .bind(...ids),
    )
  }
  const results = await db.batch<EarlyReceipt>(statements)
  return selects.flatMap((index) => results[index]?.results ?? [])
}
