/**
 * The machinery every message builder shares: immutable state, the envelope options, and the
 * finishing calls. Each call returns a new builder; nothing is ever mutated, so a builder kept at
 * module scope (a template in a worker, say) can be branched by every request safely.
 *
 * @module
 */
import type * as v from 'valibot'
import type { DslResult } from '../errors'
import { deepCopy } from '../internal/copy'
import { safeValidate, validate } from '../internal/validate'
import type { Channel } from '../types'

/** Who a message goes to: an E.164 number, or the ids 8x8 knows a user by. */
export type Recipient =
  | string
  | { readonly msisdn: string; readonly country?: string; readonly channelUserId?: string }
  | { readonly channelUserId: string }
  | { readonly lineUserId: string }

/** A date as a `Date` or an ISO-8601 string. */
export type DateInput = Date | string

/** @internal The envelope options as the builders keep them. */
export interface Options {
  readonly clientMessageId?: string
  readonly channels?: readonly Channel[]
  readonly scheduled?: DateInput
  readonly expiry?: DateInput
  readonly dlrCallbackUrl?: string
  readonly replyTo?: string
}

/** @internal What every builder's state holds. */
export interface BaseState {
  readonly user: Recipient
  readonly options: Options
}

/** @internal The `type` and `content` a builder contributes. */
export interface Body {
  readonly type: string
  readonly content: object
}

// A Date that does not hold a time stays visible to validation instead of throwing here.
const isoDate = (date: DateInput): string =>
  date instanceof Date ? (Number.isNaN(date.getTime()) ? String(date) : date.toISOString()) : date

const toUser = (recipient: Recipient): object =>
  typeof recipient === 'string' ? { msisdn: recipient } : { ...recipient }

/** @internal Assembles the wire object, leaving out what was not set, in 8x8's field order. */
export function assemble(state: BaseState, body: Body): Record<string, unknown> {
  const { options } = state
  const wire: Record<string, unknown> = {
    user: toUser(state.user),
    type: body.type,
    content: body.content,
  }
  if (options.clientMessageId !== undefined) wire.clientMessageId = options.clientMessageId
  if (options.channels !== undefined)
    wire.channels = options.channels.map((channel) => ({ ...channel }))
  if (options.scheduled !== undefined) wire.scheduled = isoDate(options.scheduled)
  if (options.expiry !== undefined) wire.expiry = isoDate(options.expiry)
  if (options.dlrCallbackUrl !== undefined) wire.dlrCallbackUrl = options.dlrCallbackUrl
  if (options.replyTo !== undefined) wire.context = { umid: options.replyTo }
  return wire
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

/** @internal The implementation every builder extends. */
export abstract class BuilderImpl<TState extends BaseState> {
  protected readonly state: TState

  constructor(state: TState) {
    this.state = state
  }

  /** The schema that validates what this builder assembles. */
  protected abstract get schema(): v.GenericSchema
  /** The message's `type` and `content`. */
  protected abstract payload(): Body

  /** Returns a new builder of the same class with some of the state replaced. */
  protected with(patch: Partial<TState>): this {
    const Builder = this.constructor as new (state: TState) => this
    return new Builder({ ...this.state, ...patch })
  }

  private option(patch: Options): this {
    return this.with({ options: { ...this.state.options, ...patch } } as Partial<TState>)
  }

  clientMessageId(id: string): this {
    return this.option({ clientMessageId: id })
  }
  channels(channels: readonly Channel[]): this {
    return this.option({ channels: deepCopy(channels) })
  }
  expiry(date: DateInput): this {
    return this.option({ expiry: date })
  }
  scheduled(date: DateInput): this {
    return this.option({ scheduled: date })
  }
  replyTo(umid: string): this {
    return this.option({ replyTo: umid })
  }
  dlrCallbackUrl(url: string): this {
    return this.option({ dlrCallbackUrl: url })
  }

  safeBuild(): DslResult<unknown> {
    return safeValidate(this.schema, assemble(this.state, this.payload()))
  }
  build(): unknown {
    return validate(this.schema, assemble(this.state, this.payload()))
  }
  toJSON(): unknown {
    return this.build()
  }
}
