/**
 * The public shape every message builder shares (the envelope options and the finishing calls),
 * and the values builders take that the chain records (so that recording them imports no
 * builder).
 *
 * @module
 */
import type { DslResult } from '../errors'
import type { JsonValue } from '../schemas/primitives'
import type { Channel } from '../types'

/** Who a message goes to: an E.164 number, or the ids 8x8 knows a user by. */
export type Recipient =
  | string
  | { readonly msisdn: string; readonly country?: string; readonly channelUserId?: string }
  | { readonly channelUserId: string }
  | { readonly lineUserId: string }

/** A date as a `Date` or an ISO-8601 string. */
export type DateInput = Date | string

/** How a flow starts: on a screen of its own (`navigate`) or by asking your endpoint. */
export type FlowAction = 'navigate' | 'data_exchange'

/** The first screen and the data it receives. */
export interface FlowActionPayload {
  readonly screen?: string
  readonly data?: { readonly [key: string]: JsonValue }
}

/**
 * The envelope options, available on every message builder in any order.
 *
 * @typeParam TSelf The builder they return.
 */
export interface EnvelopeOptions<TSelf> {
  /**
   * Your own reference for the message, echoed in the response and in delivery receipts.
   *
   * @param id At most 50 characters.
   */
  clientMessageId(id: string): TSelf
  /**
   * The channels to try, in order, overriding the sub-account's fallback sequence.
   *
   * @param channels For example `[{ channel: 'WhatsApp', fallbackAfter: 60 }, { channel: 'SMS' }]`.
   */
  channels(channels: readonly Channel[]): TSelf
  /**
   * Discards the message if it was not delivered by then.
   *
   * @param date A `Date` or an ISO-8601 string.
   */
  expiry(date: DateInput): TSelf
  /**
   * Sends the message later.
   *
   * @param date A `Date` or an ISO-8601 string.
   */
  scheduled(date: DateInput): TSelf
  /**
   * Quotes an earlier message (WhatsApp's contextual reply, `context.umid`).
   *
   * @param umid The umid of a message at most 7 days old.
   */
  replyTo(umid: string): TSelf
  /**
   * Sends this message's delivery receipts to another URL than the account's webhook.
   *
   * @param url An absolute https URL.
   */
  dlrCallbackUrl(url: string): TSelf
}

/**
 * The calls that finish a message.
 *
 * @typeParam TOutput The message type built.
 */
export interface Finishing<TOutput> {
  /**
   * Validates the message and returns its frozen wire object, exactly what 8x8 accepts.
   *
   * @throws {DslValidationError} With every issue and its path.
   */
  build(): TOutput
  /** Like `build()`, but returns `{ success, output }` or `{ success, issues }` and never throws. */
  safeBuild(): DslResult<TOutput>
  /** The same as `build()`, so that `JSON.stringify(builder)` works. */
  toJSON(): TOutput
}
