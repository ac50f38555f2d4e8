/**
 * Reading a message record with its receipts, as `GET /v1/messages/{id}` answers it.
 *
 * @module
 */
import { deliveryStateRank } from '@chatapps/dsl'
import { type MessageStatus, messageStatus } from '../../lib/message-status'
import { type CancelUnknown, cancelOutcome } from './cancel'
import { receiptState, receiptsOfRecord } from './receipts'
import type { TemplateIssueRecord } from './records'

/**
 * What every answer and callback about a message carries: its ids and its status. The record of
 * `GET /v1/messages/{id}` has these and more.
 */
export interface MessageSummary {
  /** `line_notification`: a LINE Official Notification (`POST /v1/line-notifications`). */
  readonly type?: 'line_notification'
  /** `closed`: sent outside the recipient's 24-hour service window (policy `observe`). */
  readonly serviceWindow?: 'closed'
  /** A template send that does not fit the registry, sent under `templateCheck: observe`. */
  readonly templateIssues?: readonly TemplateIssueRecord[]
  /** An earlier try of this request may have sent the message as well ({@link MaybeSentTwice}). */
  readonly maybeSentTwice?: MaybeSentTwice
  /** The gateway's id: also the clientMessageId 8x8 received, unique. */
  readonly id: string
  /** The caller's reference (its clientMessageId, or the id when it gave none). */
  readonly clientMessageId: string
  /** 8x8's message id; null until 8x8 has taken the message. */
  readonly umid: string | null
  readonly status: MessageStatus
}

/** One delivery receipt of a message, as its history shows it. */
export interface HistoryEntry {
  readonly state: string
  /**
   * The channel the receipt is of, as 8x8 names it in receipts (lower case: `whatsapp`, `sms`);
   * absent when 8x8 named none. A message that fell back has receipts of several channels.
   */
  readonly channel?: string
  readonly detail?: string
  readonly errorCode?: number | string
  readonly errorMessage?: string
  /** 8x8's time of the state change. */
  readonly timestamp: string
  /** When the gateway received the receipt. */
  readonly receivedAt: string
}

/** A message the gateway sent, as `GET /v1/messages/:id` shows it. */
export interface MessageRecord extends MessageSummary {
  /**
   * Only while an earlier cancel's outcome is unknown and `status` is one it would have ended:
   * 8x8 may have cancelled the message ({@link cancelOutcome}).
   */
  readonly cancel?: CancelUnknown
  /**
   * Only when the gateway knows 8x8 took the message twice (src/db/messages/sent-twice.ts): an
   * asynchronous send's earlier attempt proved by its receipt while a retry was there, or a
   * synchronous send's earlier try (`maybeSentTwice`) proved by its receipt or late answer. The
   * record (its `umid`, `status` and `history`) follows one copy (an asynchronous send's first, a
   * synchronous send's the one its answer named); `sentTwice.umid` is the other, which may reach
   * the recipient as well.
   */
  readonly sentTwice?: SentTwice
  /**
   * How many times the gateway posted the message to 8x8: 1 for a synchronous send, the
   * queue's attempts for an asynchronous one (0 while it waits for its first).
   */
  readonly deliveryAttempts: number
  readonly batchId: string | null
  readonly createdAt: string
  readonly updatedAt: string
  /** Receipts, ordered by state rank, then 8x8's timestamp. */
  readonly history: readonly HistoryEntry[]
}

/**
 * The second time 8x8 took a message ({@link MessageRecord.sentTwice}).
 *
 * @example
 * { "umid": "5f0c2a4e-8d1b-4f7a-9c3e-2b6d8e1f0a47" }
 */
export interface SentTwice {
  /** The umid 8x8 gave the other copy: the one the record does not follow. */
  readonly umid: string
}

/**
 * A synchronous send that took over its Idempotency-Key from an earlier try whose claim's lease
 * ended without an answer: that try's worker stopped, or it stalled past its lease after its
 * call to 8x8. It may have reached 8x8 (nothing tells the gateway; 8x8 has no lookup by the
 * gateway's id), so the recipient may get the message twice. Unlike {@link SentTwice}, not
 * known: stated.
 *
 * @example
 * { "earlierTryAt": "2026-12-06T09:14:03.120Z" }
 */
export interface MaybeSentTwice {
  /** When the earlier try claimed the key. */
  readonly earlierTryAt: string
}

/** The `maybeSentTwice` member of an answer or record: none unless an earlier try was taken over. */
export function maybeSentTwice(earlierTryAt: number | null | undefined): {
  readonly maybeSentTwice?: MaybeSentTwice
} {
  return earlierTryAt === null || earlierTryAt === undefined
    ? {}
    : { maybeSentTwice: { earlierTryAt: new Date(earlierTryAt).toISOString() } }
}

interface MessageRow {
  id: string
  client_message_id: string
  umid: string | null
  status: string
  status_rank: number
  reason: string | null
  service_window: string | null
  template_issues: string | null
  type: string
  attempts: number
  batch_id: string | null
  created_at: number
  updated_at: number
  cancel_unknown_at: number | null
  status_channel: string | null
  duplicate_umid: string | null
  earlier_try_at: number | null
  /** The state its receipts decide when it differs from the record's (src/db/messages/receipts.ts). */
  next_state: string | null
  next_channel: string | null
}

interface ReceiptRow {
  state: string
  channel: string
  state_rank: number
  detail: string | null
  error_code: number | string | null
  error_message: string | null
  timestamp: string
  received_at: number
}

/**
 * A message of this key with its receipts, or null (unknown, or another key's). Receipts are
 * matched by umid, or, while the record has no umid, by the gateway's message id that 8x8
 * carries as clientMessageId; a receipt that arrived before its record was written is merged the
 * same way. Found by the key that sent it, and joined to receipts under the record's own
 * `sub_account` (the one it was sent under), never the key's current one: a key moved to another
 * sub-account (`pnpm keys add` upserts it) still reads its earlier messages with their receipts.
 */
export async function findMessage(
  db: D1Database,
  keyId: string,
  id: string,
): Promise<MessageRecord | null> {
  const next = receiptState('m')
  const [records, receipts] = await db.batch<MessageRow | ReceiptRow>([
    db
      .prepare(
        `SELECT id, client_message_id, umid, status, status_rank, reason, attempts, batch_id,
          created_at, updated_at, service_window, template_issues, type, cancel_unknown_at,
          status_channel, duplicate_umid, earlier_try_at,
          (SELECT state FROM (${next})) AS next_state,
          (SELECT channel FROM (${next})) AS next_channel
          FROM messages m
          WHERE id = ? AND key_id = ?`,
      )
      .bind(id, keyId),
    db
      .prepare(
        `SELECT r.state, r.channel, r.state_rank, r.detail, r.error_code, r.error_message,
          r.timestamp, r.received_at FROM messages m JOIN receipts r ON ${receiptsOfRecord('m')}
         WHERE m.id = ? AND m.key_id = ? ORDER BY r.state_rank, r.timestamp, r.received_at`,
      )
      .bind(id, keyId),
  ])
  const row = records?.results[0] as MessageRow | undefined
  if (row === null || row === undefined) return null
  const history = (receipts?.results ?? []) as ReceiptRow[]
  // The record's state, unless its receipts decide another (a late record never hides them).
  const state = row.next_state ?? row.status
  const channel = row.next_state === null ? (row.status_channel ?? '') : (row.next_channel ?? '')
  const rank = row.next_state === null ? row.status_rank : deliveryStateRank(state)
  const changedAt = Math.max(row.created_at, row.updated_at)
  // A cancel with no known outcome changes the record too (its `cancel`), not its state's time.
  let updatedAt = Math.max(changedAt, row.cancel_unknown_at ?? 0)
  for (const receipt of history) updatedAt = Math.max(updatedAt, receipt.received_at)
  return {
    ...(row.type === 'line_notification' ? { type: 'line_notification' as const } : {}),
    id: row.id,
    clientMessageId: row.client_message_id,
    umid: row.umid,
    status: currentStatus(state, channel, history, row.reason, changedAt),
    ...(row.service_window === 'closed' ? { serviceWindow: 'closed' as const } : {}),
    ...issuesOf(row.template_issues),
    ...(row.duplicate_umid === null ? {} : { sentTwice: { umid: row.duplicate_umid } }),
    ...maybeSentTwice(row.earlier_try_at),
    ...cancelOutcome(row.cancel_unknown_at, rank),
    deliveryAttempts: row.attempts,
    batchId: row.batch_id,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(updatedAt).toISOString(),
    history: history.map((receipt) => ({
      state: receipt.state,
      ...(receipt.channel === '' ? {} : { channel: receipt.channel }),
      ...(receipt.detail === null ? {} : { detail: receipt.detail }),
      ...(receipt.error_code === null ? {} : { errorCode: receipt.error_code }),
      ...(receipt.error_message === null ? {} : { errorMessage: receipt.error_message }),
      timestamp: receipt.timestamp,
      receivedAt: new Date(receipt.received_at).toISOString(),
    })),
  }
}

/**
 * The status a record shows for `state` (of `channel`, '' when none is known): the latest receipt
 * of that state and channel, with 8x8's time, detail and error, so that an undelivered message
 * says why and on which channel; or, when the gateway set the state itself (accepted, unknown,
 * failed, or the state 8x8 answered a send with), the gateway's time and reason (a dead-lettered
 * message's "delivery attempts exhausted (last: …)").
 */
function currentStatus(
  state: string,
  channel: string,
  history: readonly ReceiptRow[],
  reason: string | null,
  changedAt: number,
): MessageStatus {
  const receipt =
    history.findLast((entry) => entry.state === state && entry.channel === channel) ??
    history.findLast((entry) => entry.state === state)
  if (receipt !== undefined) {
    return messageStatus({
      state,
      timestamp: receipt.timestamp,
      channel: receipt.channel,
      detail: receipt.detail,
      errorCode: receipt.error_code,
      errorMessage: receipt.error_message,
    })
  }
  return messageStatus({ state, timestamp: new Date(changedAt).toISOString(), reason })
}

/** The record's template issues, when it has any. */
function issuesOf(json: string | null): { templateIssues?: TemplateIssueRecord[] } {
  if (json === null) return {}
  try {
    const issues: unknown = JSON.parse(json)
    return Array.isArray(issues) ? { templateIssues: issues as TemplateIssueRecord[] } : {}
  } catch {
    return {}
  }
}
