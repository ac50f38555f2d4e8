/**
 * What the store keeps, and what it returns.
 *
 * Two tables: `received` holds every accepted request exactly as it arrived (one row per request,
 * in arrival order); `messages` holds one row per umid with its current status. The receipts
 * the sandbox sends for those messages are kept apart (see `receipts-table.ts`).
 *
 * @module
 */
import type { JsonValue } from '@chatapps/dsl'

/** 8x8's status states (docs/8x8-facts.md#message-states). */
export type MessageState = 'queued' | 'rejected' | 'sent' | 'delivered' | 'undelivered' | 'read'

/** A receipt's `status`, without its timestamp. */
export interface ReceiptStep {
  readonly state: 'queued' | 'sent' | 'delivered' | 'undelivered' | 'read'
  readonly detail?: string
  readonly errorCode?: number
  readonly errorMessage?: string
  /** Meta's code, sent as `payload.whatsapp.providerErrorCode` (WhatsApp rules' failures). */
  readonly providerErrorCode?: string
  /** The channel of a fallback step (8x8's spelling, `SMS`); absent: the message's own. */
  readonly channel?: string
}

/** One message the sandbox gave a umid to, as the details route needs it. */
export interface MessageRecord {
  readonly umid: string
  readonly subAccountId: string
  readonly channel: string
  readonly contentType: string
  readonly user: JsonValue
  readonly clientMessageId?: string
  readonly batchId?: string
  readonly clientBatchId?: string
  readonly createdAt: string
  readonly state: MessageState
  readonly stateAt: string
  readonly errorCode?: number
  readonly errorMessage?: string
  /** The template's name, for a template message (the opt-out rule needs it). */
  readonly templateName?: string
  /** The `scheduled` time of the send (ISO), when it had one: its receipts start then. */
  readonly scheduled?: string
  /** A WhatsApp rule's failure (set when the store records the message with rules on). */
  readonly failure?: ReceiptStep
  /** The second channel the message's `channels` ask for, when they name two or more. */
  readonly fallbackChannel?: string
  /** Each fallback step's record, in 8x8's order, when the message fell back (details only). */
  readonly steps?: readonly MessageRecord[]
}

/** What a single send adds. */
export interface SingleArrival {
  readonly kind: 'message'
  readonly subAccountId: string
  readonly receivedAt: string
  /** The request body, byte for byte (it is valid JSON). */
  readonly raw: string
  readonly umid: string
  readonly message: MessageRecord
}

/** What a batch send adds. */
export interface BatchArrival {
  readonly kind: 'batch'
  readonly subAccountId: string
  readonly receivedAt: string
  readonly raw: string
  readonly batchId: string
  /** One record per message of the batch, in its order (rejected ones too). */
  readonly messages: readonly MessageRecord[]
}

export type Arrival = SingleArrival | BatchArrival

/** An entry of `GET /__sandbox/messages`. */
export type ReceivedEntry =
  | {
      readonly kind: 'message'
      readonly umid: string
      readonly subAccountId: string
      readonly receivedAt: string
      readonly body: JsonValue
      readonly raw: string
      readonly receipts: readonly ReceiptView[]
    }
  | {
      readonly kind: 'batch'
      readonly batchId: string
      readonly umids: readonly string[]
      readonly subAccountId: string
      readonly receivedAt: string
      readonly body: JsonValue
      readonly raw: string
      readonly receipts: readonly ReceiptView[]
    }

/** A receipt of a received message and how its sending went (on `GET /__sandbox/messages`). */
export interface ReceiptView {
  readonly umid: string
  readonly state: string
  /** The second copy of a receipt that a `duplicate` fault sends twice. */
  readonly duplicate: boolean
  /** When its first POST started, or `null` before it (or when it was dropped). */
  readonly sentAt: string | null
  readonly attempts: number
  /** Whether the webhook answered 2xx. */
  readonly delivered: boolean
  /** Whether a `drop` fault kept it from ever being sent. */
  readonly dropped: boolean
  /**
   * Whether it is still to be sent (first time or retry); `false` with `delivered: false` and
   * `dropped: false` means the sandbox gave up.
   */
  readonly pending: boolean
}

/** One POST of a receipt (on `GET /__sandbox/receipts`). */
export interface AttemptView {
  readonly umid: string
  readonly state: string
  readonly duplicate: boolean
  /** 1 for the first POST of this receipt, 2 for its first retry, … */
  readonly attempt: number
  readonly at: string
  readonly url: string
  /** The webhook's HTTP status, or `null` after a network error. */
  readonly status: number | null
  /** The network error, only when there was one. */
  readonly error?: string
  /** Whether the webhook answered 2xx. */
  readonly delivered: boolean
  readonly body: JsonValue
}
