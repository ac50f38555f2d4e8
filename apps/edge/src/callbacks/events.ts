/**
 * What the gateway posts to a client's callback URL (Standard Webhooks): one job per event and
 * key, carrying the body already serialised, so that every attempt signs the same bytes.
 *
 * ```json
 * { "type": "message.status", "timestamp": "…",
 *   "data": { "id", "clientMessageId", "umid", "status": { "state", "timestamp", "detail"?,
 *             "errorCode"?, "errorMessage"? } } }
 * { "type": "message.inbound", "timestamp": "…", "data": { …8x8's inbound payload… } }
 * ```
 *
 * `data` of `message.status` is the message's summary, the same members as every answer about a
 * message (`MessageSummary`, docs/gateway-contract.md#the-message-record): of a receipt, or of a
 * state the gateway set itself on an asynchronous message (`failed`, `unknown`, with its
 * `reason` and no umid).
 *
 * @module
 */
import type { DeliveryReceiptEvent, InboundMessageEvent } from '@chatapps/dsl'
import type { MessageSummary } from '../db/messages/read'
import { messageStatus } from '../lib/message-status'

/** One callback to post. The key's URL and secret are read when it is sent, never queued. */
export interface CallbackJob {
  /** The key whose callback receives it. */
  readonly keyId: string
  /** `webhook-id`: the same for every attempt and every copy of the event, so clients dedupe. */
  readonly webhookId: string
  /** The JSON body. */
  readonly body: string
  /** W3C `traceparent` the callback carries to the client (src/observability), when known. */
  readonly traceparent?: string
}

/**
 * A part of a `webhook-id` that 8x8 wrote (a umid, a channel, a state): kept as it is when it is a
 * short token, as 8x8's are; anything else becomes a hash of it, the same for every copy. A
 * `webhook-id` is a header: a line break or a character outside ASCII cannot be sent in one (every
 * post of the callback would fail), and a name of thousands of characters is refused by the
 * client's server (431), so the event would be lost.
 */
function idPart(text: string): string {
  return /^[A-Za-z0-9._-]{1,64}$/.test(text) ? text : `h${hash(text, 1)}${hash(text, 2)}`
}

/** 53 bits of `text` in hex (cyrb53: not a secret, a short stable name for an odd value). */
function hash(text: string, seed: number): string {
  let h1 = 0xdeadbeef ^ seed
  let h2 = 0x41c6ce57 ^ seed
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    h1 = Math.imul(h1 ^ code, 2654435761)
    h2 = Math.imul(h2 ^ code, 1597334677)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0')
}

/** The event types a client receives. */
export type CallbackType = 'message.status' | 'message.inbound'

function envelope(type: CallbackType, receivedAt: number, data: unknown): string {
  return JSON.stringify({ type, timestamp: new Date(receivedAt).toISOString(), data })
}

/** A message's gateway ids, as the status callback names it. */
export interface MessageIds {
  readonly keyId: string
  readonly id: string
  readonly clientMessageId: string
}

/** A receipt's status, as 8x8 gave it and the gateway keeps it. */
export interface ReceiptStatus {
  readonly umid: string
  readonly state: string
  readonly detail?: string | undefined
  readonly errorCode?: number | string | undefined
  readonly errorMessage?: string | undefined
  readonly timestamp: string
  /** The channel it came on (a fallback step each has its own receipts), when 8x8 named it. */
  readonly channel?: string | null | undefined
}

/** The `message.status` callback of a receipt, for the key that sent the message. */
export function statusCallback(
  message: MessageIds,
  event: DeliveryReceiptEvent,
  receivedAt: number,
): CallbackJob {
  const { umid, status, channel } = event.payload
  return receiptCallback(message, { ...status, umid, channel }, receivedAt)
}

/**
 * The same callback from a stored receipt: the same `webhook-id` and body as the webhook would
 * have queued (a receipt that came before its message's record is called back when the record
 * is written).
 */
export function receiptCallback(
  message: MessageIds,
  receipt: ReceiptStatus,
  receivedAt: number,
): CallbackJob {
  const channel = receipt.channel?.toLowerCase() ?? ''
  const data: MessageSummary = {
    id: message.id,
    clientMessageId: message.clientMessageId,
    umid: receipt.umid,
    status: messageStatus({ ...receipt, channel }),
  }
  return {
    keyId: message.keyId,
    // The channel keeps two fallback steps' receipts of one state (WhatsApp's `queued`, then
    // SMS's) two events, which a client deduping on the id must not take for copies.
    webhookId:
      channel === ''
        ? `msg_status_${idPart(receipt.umid)}_${idPart(receipt.state)}`
        : `msg_status_${idPart(receipt.umid)}_${idPart(channel)}_${idPart(receipt.state)}`,
    body: envelope('message.status', receivedAt, data),
  }
}

/** A state the gateway set itself on an asynchronous message it gave up (`failed`, `unknown`). */
export interface GatewayStatus {
  readonly state: string
  /** Why: the record's `reason`. */
  readonly reason: string | null
  /** When the gateway set it (the record's `updated_at`). */
  readonly at: number
}

/**
 * The `message.status` callback of a state the gateway set itself, the same envelope and data as
 * a receipt's (no umid: 8x8 gave none). Its `webhook-id` is the gateway's id and the state, so
 * that every copy (a delivery job redone after the queueing failed) dedupes.
 *
 * @example
 * gatewayStatusCallback({ keyId, id, clientMessageId }, { state: 'failed', reason: '8x8: HTTP 404 …', at: Date.now() })
 * // { keyId, webhookId: `msg_status_${id}_failed`, body: '{"type":"message.status",…}' }
 */
export function gatewayStatusCallback(message: MessageIds, status: GatewayStatus): CallbackJob {
  const data: MessageSummary = {
    id: message.id,
    clientMessageId: message.clientMessageId,
    umid: null,
    status: messageStatus({
      state: status.state,
      timestamp: new Date(status.at).toISOString(),
      reason: status.reason,
    }),
  }
  return {
    keyId: message.keyId,
    webhookId: `msg_status_${message.id}_${status.state}`,
    body: envelope('message.status', status.at, data),
  }
}

/** The `message.inbound` callback of an inbound message, for one key of its sub-account. */
export function inboundCallback(
  keyId: string,
  event: InboundMessageEvent,
  receivedAt: number,
): CallbackJob {
  return {
    keyId,
    webhookId: `msg_inbound_${idPart(event.payload.umid)}`,
    body: envelope('message.inbound', receivedAt, event.payload),
  }
}
