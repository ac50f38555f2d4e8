/**
 * `lineNotification`: the builder of LINE Official Notifications, 8x8's own body model for LINE's
 * notification messages, sent to `/lon` (not to the messages endpoint).
 *
 * @module
 */
import type { DslResult } from '../errors'
import { DslValidationError } from '../errors'
import type { NoArguments, ResultIf, ThisIf } from '../internal/type-error'
import { safeValidate } from '../internal/validate'
import { type LINE_NOTIFICATION_ICONS, LineNotificationSchema } from '../schemas/line-notification'
import type { LineNotification } from '../types'
import type { TitleRequired } from './rules'

/** An icon of 8x8's LINE icon collection, shown above the title. */
export type LineNotificationIcon = (typeof LINE_NOTIFICATION_ICONS)[number]

/** The recipient of a LINE notification: an E.164 number, or a national one with its country. */
export type LineNotificationRecipient =
  | string
  | { readonly msisdn: string; readonly country?: string }

/** The SMS that 8x8 sends instead when the notification cannot reach LINE. */
export interface LineNotificationSmsOptions {
  /** The sender id ("From"); at most 16 characters. */
  readonly source?: string
  /** `AUTO` (the default), `GSM7` or `UCS2`. */
  readonly encoding?: 'AUTO' | 'GSM7' | 'UCS2'
}

/**
 * A LINE notification being built. Every call returns a new builder; `.build()` needs a title.
 *
 * @typeParam THasTitle Whether `.title()` was called.
 */
export interface LineNotificationBuilder<THasTitle extends boolean = boolean> {
  /**
   * The title, at the top of the notification: the one part every notification has.
   *
   * @param title As LINE approved it for your template.
   */
  title(title: string): LineNotificationBuilder<true>
  /** The company name shown under the title. */
  company(name: string): LineNotificationBuilder<THasTitle>
  /** An icon from 8x8's LINE collection, such as `calendar` or `boxCheck`. */
  icon(icon: LineNotificationIcon): LineNotificationBuilder<THasTitle>
  /**
   * The emphasised item, in large type under the title.
   *
   * @param label Its label, such as `Event name`.
   * @param content Its value.
   */
  emphasis(label: string, content: string): LineNotificationBuilder<THasTitle>
  /**
   * Adds one item to the list.
   *
   * @param label Its label, such as `Date`.
   * @param content Its value.
   */
  item(label: string, content: string): LineNotificationBuilder<THasTitle>
  /** The greeting line. */
  greeting(text: string): LineNotificationBuilder<THasTitle>
  /** The explanation: a paragraph under the items. */
  explanation(text: string): LineNotificationBuilder<THasTitle>
  /**
   * Adds a button that opens a URL.
   *
   * @param title Its label.
   * @param url An absolute https URL.
   */
  action(title: string, url: string): LineNotificationBuilder<THasTitle>
  /**
   * Your own reference, echoed in the response and in delivery receipts.
   *
   * @param id At most 50 characters.
   */
  clientMessageId(id: string): LineNotificationBuilder<THasTitle>
  /** Sends this notification's delivery receipts to another URL than the account's webhook. */
  dlrCallbackUrl(url: string): LineNotificationBuilder<THasTitle>
  /**
   * The SMS that 8x8 sends when LINE cannot deliver the notification.
   *
   * @param text The SMS text.
   * @param options The sender id and the encoding.
   */
  smsFallback(
    text: string,
    options?: LineNotificationSmsOptions,
  ): LineNotificationBuilder<THasTitle>
  /**
   * Validates the notification and returns its frozen wire object, exactly what 8x8's `/lon`
   * takes. Before `.title()`, `this` is typed `DslTypeError<TitleRequired>`, so the call does not
   * compile.
   *
   * @throws {DslValidationError} With every issue and its path.
   */
  build(
    this: ThisIf<THasTitle, TitleRequired>,
    ...none: NoArguments<THasTitle>
  ): ResultIf<THasTitle, LineNotification, TitleRequired>
  /** Like `build()`, but returns `{ success, output }` or `{ success, issues }` and never throws. */
  safeBuild(): DslResult<LineNotification>
  /** The same as `build()`, so that `JSON.stringify(builder)` works. */
  toJSON(): LineNotification
}

interface State {
  readonly user: unknown
  readonly clientMessageId?: string
  readonly content: Readonly<Record<string, unknown>>
  readonly dlrCallbackUrl?: string
  readonly smsFallback?: object
}

/** @internal Holds what the chain said so far; every call makes a new one. */
class LineNotificationImpl {
  readonly #state: State
  constructor(state: State) {
    this.#state = state
  }
  #with(changes: Partial<State>) {
    return new LineNotificationImpl({ ...this.#state, ...changes })
  }
  #content(key: string, value: unknown) {
    return this.#with({ content: { ...this.#state.content, [key]: value } })
  }
  #append(key: 'list' | 'actions', value: object) {
    const before = this.#state.content[key] as readonly object[] | undefined
    return this.#content(key, [...(before ?? []), value])
  }
  title(title: string) {
    return this.#content('title', title)
  }
  company(name: string) {
    return this.#content('company', name)
  }
  icon(icon: string) {
    return this.#content('icon', icon)
  }
  emphasis(label: string, content: string) {
    return this.#content('emphasis', { label, content })
  }
  item(label: string, content: string) {
    return this.#append('list', { label, content })
  }
  greeting(text: string) {
    return this.#content('greeting', text)
  }
  explanation(text: string) {
    return this.#content('explanation', text)
  }
  action(title: string, url: string) {
    return this.#append('actions', { title, url })
  }
  clientMessageId(id: string) {
    return this.#with({ clientMessageId: id })
  }
  dlrCallbackUrl(url: string) {
    return this.#with({ dlrCallbackUrl: url })
  }
  smsFallback(text: string, options?: LineNotificationSmsOptions) {
    const { source, encoding } = options ?? {}
    const sms: Record<string, string> = { text }
    if (source !== undefined) sms.source = source
    if (encoding !== undefined) sms.encoding = encoding
    return this.#with({ smsFallback: sms })
  }
  safeBuild(): DslResult<LineNotification> {
    return safeValidate(LineNotificationSchema, this.#state) as DslResult<LineNotification>
  }
  build(): LineNotification {
    const result = this.safeBuild()
    if (!result.success) throw new DslValidationError(result.issues)
    return result.output
  }
  toJSON(): LineNotification {
    return this.build()
  }
}

/** The entry point of the LINE notification builder. */
export interface LineNotificationStart {
  /**
   * Starts a notification to one phone number.
   *
   * @param recipient An E.164 number, or `{ msisdn, country }` for a national number.
   */
  to(recipient: LineNotificationRecipient): LineNotificationBuilder<false>
}

/**
 * Where every LINE Official Notification starts. Its wire form is 8x8's `/lon` body, not a
 * message: send it with the gateway's `POST /v1/line-notifications` (or 8x8's `/lon`).
 *
 * @example
 * ```ts
 * import { lineNotification } from '@chatapps/dsl'
 *
 * const notification = lineNotification
 *   .to('+66812345678')
 *   .title('Event reminder')
 *   .icon('calendar')
 *   .emphasis('Event name', '8x8 Conference')
 *   .item('Date', 'Tue 26/09/2022')
 *   .action('See direction', 'https://www.google.com/maps')
 *   .smsFallback('Event reminder - 8x8 Conference on Tue 26/09/2022')
 *   .build()
 * ```
 */
export const lineNotification: LineNotificationStart = Object.freeze({
  to(recipient: LineNotificationRecipient): LineNotificationBuilder<false> {
    const user =
      typeof recipient === 'string'
        ? { msisdn: recipient }
        : typeof recipient === 'object' && recipient !== null
          ? { ...recipient }
          : recipient
    return new LineNotificationImpl({
      user,
      content: {},
    }) as unknown as LineNotificationBuilder<false>
  },
})
