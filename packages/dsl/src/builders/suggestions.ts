/**
 * RCS suggestion chips: the calls that add them (on a card, up to 4, and on a whole message, up
 * to 10), and the wire objects they make, in 8x8's key order.
 *
 * @module
 */
import { deepCopy } from '../internal/copy'
import type { ArgumentsIf, DslTypeError } from '../internal/type-error'
import type { Suggestion } from '../types'
import type { DateInput } from './base'
import type { HasRoom, Next } from './count'
import type { MaxSuggestions, TooManySuggestions } from './rules'

/** Options every action chip takes. */
export interface ActionOptions {
  /** A URL to open instead on a device that does not support the action. */
  readonly fallbackUrl?: string
}

/** How an `openUrl` chip opens its URL. */
export interface OpenUrlOptions extends ActionOptions {
  /** In the browser or in a webview inside the conversation (check the device's capability). */
  readonly application?: 'browser' | 'webview'
  /** The webview's height: the full screen, half of it, or three quarters. */
  readonly webviewViewMode?: 'full' | 'half' | 'tall'
  /** An accessibility description of the webview; at most 2,048 characters. */
  readonly description?: string
}

/**
 * Where a `viewLocation` chip points: a point in decimal degrees with an optional label (at most
 * 100 characters), or a query (at most 200) that the map app searches for near the user (Android).
 */
export type LocationTarget =
  | {
      readonly latitude: number
      readonly longitude: number
      readonly label?: string
      readonly query?: never
    }
  | { readonly query: string; readonly latitude?: never; readonly longitude?: never }

/** The event a `calendarEvent` chip creates. */
export interface CalendarEvent {
  /** At most 100 characters. */
  readonly title: string
  /** A `Date` or an RFC 3339 string such as `2026-12-24T18:00:00Z`. */
  readonly startTime: DateInput
  /** A `Date` or an RFC 3339 string. */
  readonly endTime: DateInput
  /** At most 500 characters. */
  readonly description?: string
}

/** The parameters of a chip call: the chip's text and postback data, then its own. */
type Chip<TRoom extends boolean, TRule extends string, TRest extends unknown[]> = ArgumentsIf<
  TRoom,
  [text: string, postbackData: string, ...TRest],
  [text: DslTypeError<TRule>, postbackData: string, ...TRest]
>

/**
 * The calls that add one suggestion chip. Every chip has a text (at most 25 characters) and
 * postback data (at most 2,048) that 8x8 sends back when the user taps it. Once the holder is
 * full, the text is typed as the rule, so the call does not compile and `tsc` quotes it.
 *
 * @typeParam TNext The builder after one more chip.
 * @typeParam TRoom Whether one more fits.
 * @typeParam TRule The rule a chip too many breaks.
 */
export interface SuggestionCalls<TNext, TRoom extends boolean, TRule extends string> {
  /** A suggested reply, `(text, postbackData)`: tapping it sends its text. */
  reply(...chip: Chip<TRoom, TRule, []>): TNext
  /**
   * `(text, postbackData, phoneNumber, options?)`: opens the phone app with a number (E.164, such
   * as `+6531234567`) filled in.
   */
  dial(...chip: Chip<TRoom, TRule, [phoneNumber: string, options?: ActionOptions]>): TNext
  /**
   * `(text, postbackData, location, options?)`: opens the map app at `{ latitude, longitude,
   * label? }`, or searches around the user for `{ query }`.
   */
  viewLocation(
    ...chip: Chip<TRoom, TRule, [location: LocationTarget, options?: ActionOptions]>
  ): TNext
  /**
   * `(text, postbackData, event, options?)`: opens the calendar app with a new event (its title,
   * start and end time, and an optional description) filled in.
   */
  calendarEvent(...chip: Chip<TRoom, TRule, [event: CalendarEvent, options?: ActionOptions]>): TNext
  /**
   * `(text, postbackData, url, options?)`: opens an absolute http(s) URL of at most 2,048
   * characters in the browser or a webview: `application` (`'browser'` or `'webview'`),
   * `webviewViewMode` (`'full'`, `'half'` or `'tall'`) and an accessibility `description`.
   */
  openUrl(...chip: Chip<TRoom, TRule, [url: string, options?: OpenUrlOptions]>): TNext
}

/**
 * The suggestion chips of a whole message (`content.suggestions`): at most 10; an eleventh call
 * does not compile.
 *
 * @typeParam TCount How many chips were added.
 */
export interface SuggestionsBuilder<TCount extends number = 0>
  extends SuggestionCalls<
    SuggestionsBuilder<Next<TCount, MaxSuggestions>>,
    HasRoom<TCount, MaxSuggestions>,
    TooManySuggestions
  > {}

/**
 * The `.suggestions()` call of every builder whose content may carry chips.
 *
 * @typeParam TSelf The builder it returns.
 */
export interface Suggestions<TSelf> {
  /**
   * Sets the message's suggestion chips (RCS), shown under it: at most 10. Calling it again
   * replaces them.
   *
   * @param chips A function that adds them to the builder it is given, or an array of chips as
   * 8x8 spells them (checked when building; `[]` sends an empty list).
   *
   * @example
   * ```ts
   * msg
   *   .to('+15551234567')
   *   .text('How can we help?')
   *   .suggestions((s) => s.reply('Talk to sales', 'sales').dial('Call us', 'call', '+6531234567'))
   *   .build()
   * ```
   */
  suggestions<TCount extends number>(
    chips: ((chips: SuggestionsBuilder) => SuggestionsBuilder<TCount>) | readonly Suggestion[],
  ): TSelf
}

const freeze = Object.freeze

// A Date that does not hold a time stays visible to validation instead of throwing here.
const time = (date: unknown): unknown =>
  date instanceof Date ? (Number.isNaN(date.getTime()) ? String(date) : date.toISOString()) : date

const upper = (value: unknown): unknown => (typeof value === 'string' ? value.toUpperCase() : value)

/** Sets the keys whose values are defined, in the order given. */
function defined(
  entries: readonly (readonly [string, unknown])[],
): Readonly<Record<string, unknown>> {
  const object: Record<string, unknown> = {}
  for (const [key, value] of entries) if (value !== undefined) object[key] = value
  return freeze(object)
}

/** @internal */
export const replyChip = (text: unknown, postbackData: unknown): unknown =>
  freeze({ reply: freeze({ text, postbackData }) })

function actionChip(
  text: unknown,
  postbackData: unknown,
  options: ActionOptions | undefined,
  key: string,
  value: unknown,
): unknown {
  return freeze({
    action: defined([
      ['text', text],
      ['postbackData', postbackData],
      ['fallbackUrl', options?.fallbackUrl],
      [key, value],
    ]),
  })
}

/** @internal */
export const dialChip = (text: unknown, data: unknown, phoneNumber: unknown, o?: ActionOptions) =>
  actionChip(text, data, o, 'dialAction', freeze({ phoneNumber }))

/** @internal */
export function locationChip(text: unknown, data: unknown, where: unknown, o?: ActionOptions) {
  const { latitude, longitude, label, query } = (where ?? {}) as Record<string, unknown>
  const latLong =
    latitude === undefined && longitude === undefined ? undefined : freeze({ latitude, longitude })
  const value = defined([
    ['latLong', latLong],
    ['label', label],
    ['query', query],
  ])
  return actionChip(text, data, o, 'viewLocationAction', value)
}

/** @internal */
export function calendarChip(text: unknown, data: unknown, event: unknown, o?: ActionOptions) {
  const { title, description, startTime, endTime } = (event ?? {}) as Record<string, unknown>
  const value = defined([
    ['title', title],
    ['description', description],
    ['startTime', time(startTime)],
    ['endTime', time(endTime)],
  ])
  return actionChip(text, data, o, 'createCalendarEventAction', value)
}

/** @internal */
export function urlChip(text: unknown, data: unknown, url: unknown, o?: OpenUrlOptions) {
  const value = defined([
    ['url', url],
    ['application', upper(o?.application)],
    ['webviewViewMode', upper(o?.webviewViewMode)],
    ['description', o?.description],
  ])
  return actionChip(text, data, o, 'openUrlAction', value)
}

/**
 * @internal An immutable list of chips and the calls that add one, for the builders that are not
 * chains (a carousel's cards, a message's chips): each call returns a copy with one more.
 */
export class ChipList {
  constructor(readonly state: { readonly chips?: readonly unknown[] } = {}) {}

  /** A copy with `patch` applied. */
  protected with(patch: object): this {
    const Builder = this.constructor as new (state: object) => this
    return new Builder({ ...this.state, ...patch })
  }
  protected add(chips: readonly unknown[]): this {
    return this.with({ chips: [...(this.state.chips ?? []), ...chips] })
  }
  reply(text: string, postbackData: string): this {
    return this.add([replyChip(text, postbackData)])
  }
  dial(text: string, postbackData: string, phoneNumber: string, options?: ActionOptions): this {
    return this.add([dialChip(text, postbackData, phoneNumber, options)])
  }
  viewLocation(text: string, data: string, where: LocationTarget, options?: ActionOptions): this {
    return this.add([locationChip(text, data, where, options)])
  }
  calendarEvent(text: string, data: string, event: CalendarEvent, options?: ActionOptions): this {
    return this.add([calendarChip(text, data, event, options)])
  }
  openUrl(text: string, postbackData: string, url: string, options?: OpenUrlOptions): this {
    return this.add([urlChip(text, postbackData, url, options)])
  }
}

/** @internal */
class SuggestionsImpl extends ChipList {}

/**
 * @internal What `.suggestions()` records: the chips the function added, or a copy of the array.
 * Anything else is recorded as it is, for validation to report.
 */
export function suggestionList(chips: unknown): unknown {
  if (typeof chips !== 'function') return deepCopy(chips)
  const built: unknown = chips(new SuggestionsImpl())
  return built instanceof ChipList ? freeze([...(built.state.chips ?? [])]) : built
}
