/**
 * The public shape every message builder shares (the envelope options and the finishing calls),
 * and the values builders take that the chain records (so that recording them imports no
 * builder).
 *
 * @module
 */
import type { DslResult } from '../errors'
import type { DslWarning } from '../lint/lint'
import type { CHANNELS, SUCCESS_STATUSES } from '../schemas/envelope'
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

/** A channel a message can go through, as 8x8's `channels[].channel` spells it. */
export type ChannelName = (typeof CHANNELS)[number]

/** The status that counts as success on a channel and stops the fallback. */
export type SuccessStatus = (typeof SUCCESS_STATUSES)[number]

/** How long to try a channel before the next one, and what counts as success there. */
export interface FallbackOptions {
  /** Seconds before the next channel is tried: 10 to 86,400 (`fallbackAfter`). */
  readonly after?: number
  /** The status that counts as success and stops the fallback (`successStatus`). */
  readonly successStatus?: SuccessStatus
}

/** The SMS fallback's settings (`content.sms`). */
export interface SmsOptions {
  /** `AUTO` (8x8 picks GSM-7 when every character fits, else UCS-2), `GSM7` or `UCS2`. */
  readonly encoding?: 'AUTO' | 'GSM7' | 'UCS2'
  /** The sender id shown as "From"; at most 16 characters. */
  readonly source?: string
}

/** WhatsApp Direct Send's settings (`content.whatsApp.directSend`). */
export interface DirectSendOptions {
  /** The category of the template 8x8 generates; only `utility` exists, and is the default. */
  readonly category?: 'utility'
  /** Seconds WhatsApp tries to deliver: 30 to 43,200; 30 days when left out. */
  readonly ttlSeconds?: number
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
  /**
   * Appends a channel to the message's fallback sequence (`channels`): the message goes through
   * the channels in the order they were added, each tried until its `successStatus` or for
   * `after` seconds. After `.channels([...])`, it appends to that list.
   *
   * @param channel The channel, as 8x8 spells it: `'WhatsApp'`, `'Viber'`, `'RCS'`, `'SMS'`, …
   * @param options `after`: 10 to 86,400 seconds; `successStatus`: `Accepted`, `Sent`,
   * `Delivered` or `Read`.
   *
   * @example
   * ```ts
   * msg.to('+6500000000').text('Your parcel is on its way')
   *   .fallback('WhatsApp', { after: 900, successStatus: 'Delivered' })
   *   .fallback('SMS')
   * ```
   */
  fallback(channel: ChannelName, options?: FallbackOptions): TSelf
  /**
   * The text an SMS fallback sends instead of the content (`content.fallbackText`).
   *
   * @param text At most 35,000 characters; what it costs shows in `safeBuild().warnings`.
   *
   * @example
   * ```ts
   * to.template('otp', 'en').fallback('WhatsApp', { after: 900 }).fallback('SMS')
   *   .fallbackText('Your code is 123456')
   * ```
   */
  fallbackText(text: string): TSelf
  /**
   * The SMS fallback's encoding and sender id (`content.sms`).
   *
   * @param options `encoding`: `AUTO`, `GSM7` or `UCS2`; `source`: at most 16 characters.
   *
   * @example
   * ```ts
   * to.text('Hello World!').fallback('WhatsApp', { after: 60 }).fallback('SMS')
   *   .sms({ encoding: 'AUTO', source: 'SENDERID' })
   * ```
   */
  sms(options: SmsOptions): TSelf
  /**
   * Sends through WhatsApp Direct Send (`content.whatsApp.directSend`): a business-initiated
   * utility message without a template of your own. Text, a CTA URL and reply buttons (with a
   * text header at most) only.
   *
   * @param options `ttlSeconds`: 30 to 43,200; `category`: `utility`, the default.
   *
   * @example
   * ```ts
   * to.text('Your order #12345 has shipped.').fallback('WhatsApp').directSend({ ttlSeconds: 600 })
   * ```
   */
  directSend(options?: DirectSendOptions): TSelf
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
  /**
   * Like `build()`, but returns `{ success, output, warnings }` or `{ success, issues }` and never
   * throws. `warnings` lists what is valid but costly or risky (see `lint`): an SMS fallback of
   * several parts, a fallback before WhatsApp stops trying.
   */
  safeBuild(): BuildResult<TOutput>
  /** The same as `build()`, so that `JSON.stringify(builder)` works. */
  toJSON(): TOutput
}

/**
 * What `safeBuild()` returns: the output and its warnings, or every issue.
 *
 * @typeParam TOutput The message type built.
 */
export type BuildResult<TOutput> =
  | (Extract<DslResult<TOutput>, { readonly success: true }> & {
      readonly warnings: readonly DslWarning[]
    })
  | Extract<DslResult<TOutput>, { readonly success: false }>
