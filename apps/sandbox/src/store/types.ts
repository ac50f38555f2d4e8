/**
 * What the store keeps, and what it returns.
 *
 * Two tables: `received` holds every accepted request exactly as it arrived (one row per request,
 * in arrival order); `messages` holds one row per umid with its current status, so that delivery
 * receipts and fault injection (later issues) can update and read a message's state without
 * touching what was received.
 *
 * @module
 */
import type { JsonValue } from '@chatapps/dsl'

/** 8x8's status states (chatapps-api.md §3.2). */
export type MessageState = 'queued' | 'rejected' | 'sent' | 'delivered' | 'undelivered' | 'read'

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
    }
  | {
      readonly kind: 'batch'
      readonly batchId: string
      readonly umids: readonly string[]
      readonly subAccountId: string
      readonly receivedAt: string
      readonly body: JsonValue
      readonly raw: string
    }
