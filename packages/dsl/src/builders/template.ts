import { deepCopy } from '../internal/copy'
import type { DslTypeError, ThisIf } from '../internal/type-error'
import type { LIMITS } from '../limits'
import type { JsonValue } from '../schemas/primitives'
import type { TemplateMessage, TemplateParameter } from '../types'
import type { EnvelopeOptions, Finishing } from './base'
import { Chain } from './chain'
import type { Step } from './draft'

/** A template parameter, or a string for a `text` parameter. */
export type TemplateParam = TemplateParameter | string

/** The kinds of template button, as 8x8 names them. */
export type TemplateButtonSubType = 'QuickReply' | 'Url' | 'CopyCode' | 'Flow' | 'VoiceCall'

/** The kinds of button a template carousel's card may have. */
export type TemplateCardButtonSubType = 'QuickReply' | 'Url'

/**
 * What a template's parameters may be. Today every template takes any parameters (checked when
 * building); a registered template's own spec can narrow them.
 */
export interface TemplateSpec {
  /** The header's parameter. */
  readonly header: TemplateParam
  /** The body's parameters, in order. */
  readonly body: readonly TemplateParam[]
}

/** Flow action data of a template's Flow button: the first screen and its data. */
export interface TemplateFlowActionData {
  readonly screen?: string
  readonly data?: { readonly [key: string]: JsonValue }
}

/** The parameters of a template's VoiceCall button, both optional. */
export interface TemplateVoiceCallOptions {
  /** How long the button may be used, in minutes: 1 to 43,200 (overrides the template's TTL). */
  readonly ttlMinutes?: number
  /** What 8x8 returns when the user calls, at most 512 characters. */
  readonly payload?: string
}

type Below<TLength extends number, TItems extends unknown[] = []> = TItems['length'] extends TLength
  ? never
  : TItems['length'] | Below<TLength, [...TItems, unknown]>

type MaxIndex = (typeof LIMITS)['templateButtonIndex']['max']
type MaxCardIndex = (typeof LIMITS)['templateCardButtonIndex']['max']
type MaxCards = (typeof LIMITS)['templateCarouselCards']['max']

/** A button index past `LIMITS.templateButtonIndex` (or `templateCardButtonIndex` on a card). */
export type ButtonIndexOutOfRange<TMax extends number> = `A template button's index is 0 to ${TMax}`

/** An eleventh `.card()`. */
export type TooManyCards = `A template carousel holds at most ${MaxCards} cards`

/**
 * The type of a button index: a literal from 0 to `TMax`, or any `number` (checked when building).
 * A literal out of range takes the rule as its type, so `tsc` quotes it.
 */
export type ButtonIndex<TIndex extends number, TMax extends number> = TIndex &
  (number extends TIndex
    ? unknown
    : TIndex extends Below<TMax> | TMax
      ? unknown
      : DslTypeError<ButtonIndexOutOfRange<TMax>>)

type Increment<TCount extends number, TItems extends unknown[] = []> = number extends TCount
  ? number
  : TItems['length'] extends TCount
    ? [...TItems, unknown]['length']
    : TItems['length'] extends MaxCards
      ? number
      : Increment<TCount, [...TItems, unknown]>

/**
 * A pre-approved WhatsApp template, with the values of its parameters. Components are sent in the
 * order of the calls; buttons name their index in the template, 0 to 9.
 *
 * @typeParam TSpec What its header and body parameters may be.
 *
 * @example
 * ```ts
 * import { msg } from '@chatapps/dsl'
 *
 * msg
 *   .to('+15551234567')
 *   .template('order_update', 'en_US')
 *   .header({ type: 'image', url: 'https://example.com/box.jpg' })
 *   .body('Jason', '#42')
 *   .urlButton(0, 'track/42')
 *   .quickReply(1, 'stop-updates')
 *   .build()
 * ```
 */
export interface TemplateBuilder<TSpec extends TemplateSpec = TemplateSpec>
  extends EnvelopeOptions<TemplateBuilder<TSpec>>,
    Finishing<TemplateMessage> {
  /**
   * The value of the header's parameter.
   *
   * @param param A string for a text header, or `{ type: 'image', url }` (also `video`,
   * `document`, `gif` and `location`).
   */
  header(param: TSpec['header']): TemplateBuilder<TSpec>
  /**
   * The values of the body's parameters, in order.
   *
   * @param params Strings for text parameters, or parameter objects.
   */
  body(...params: TSpec['body']): TemplateBuilder<TSpec>
  /**
   * The value of a button's parameters (the suffix of a URL button, a quick reply's payload).
   *
   * @param subType The kind of button, as 8x8 names it.
   * @param index The button's position in the template, 0 to 9.
   * @param params Its parameters, if it has any (a VoiceCall button may have none).
   */
  button<TIndex extends number>(
    subType: TemplateButtonSubType,
    index: ButtonIndex<TIndex, MaxIndex>,
    ...params: TemplateParam[]
  ): TemplateBuilder<TSpec>
  /**
   * A QuickReply button's payload.
   *
   * @param index The button's position, 0 to 9.
   * @param payload What 8x8 returns when the user taps it.
   */
  quickReply<TIndex extends number>(
    index: ButtonIndex<TIndex, MaxIndex>,
    payload: string,
  ): TemplateBuilder<TSpec>
  /**
   * A Url button's dynamic suffix (at most two Url buttons per template).
   *
   * @param index The button's position, 0 to 9.
   * @param suffix Appended to the URL the template registered.
   */
  urlButton<TIndex extends number>(
    index: ButtonIndex<TIndex, MaxIndex>,
    suffix: string,
  ): TemplateBuilder<TSpec>
  /**
   * A CopyCode button's coupon code.
   *
   * @param index The button's position, 0 to 9.
   * @param code The code copied when the user taps it.
   */
  copyCode<TIndex extends number>(
    index: ButtonIndex<TIndex, MaxIndex>,
    code: string,
  ): TemplateBuilder<TSpec>
  /**
   * A Flow button (its `action` parameter).
   *
   * @param index The button's position, 0 to 9.
   * @param data The first screen and its data; left out, the flow starts at its entry screen.
   */
  flowButton<TIndex extends number>(
    index: ButtonIndex<TIndex, MaxIndex>,
    data?: TemplateFlowActionData,
  ): TemplateBuilder<TSpec>
  /**
   * A VoiceCall button, with its optional TTL and payload.
   *
   * @param index The button's position, 0 to 9.
   * @param options `ttlMinutes` (1 to 43,200) and `payload`.
   */
  voiceCallButton<TIndex extends number>(
    index: ButtonIndex<TIndex, MaxIndex>,
    options?: TemplateVoiceCallOptions,
  ): TemplateBuilder<TSpec>
  /** The `call_permission_request` component of a call permission template. */
  callPermissionRequest(): TemplateBuilder<TSpec>
  /** The `request_contact_info` component of a contact info template. */
  requestContactInfo(): TemplateBuilder<TSpec>
  /**
   * Starts a carousel: this is its first card, and the calls that follow fill it. Call `.card()`
   * again for each next card (at most 10).
   */
  card(): TemplateCardBuilder<1, TSpec>
}

/**
 * A card of a template carousel: its header, body and up to two buttons (index 0 or 1,
 * QuickReply or Url). `.card()` starts the next one; an eleventh does not compile.
 *
 * @typeParam TCards How many cards there are so far.
 */
export interface TemplateCardBuilder<
  TCards extends number,
  TSpec extends TemplateSpec = TemplateSpec,
> extends EnvelopeOptions<TemplateCardBuilder<TCards, TSpec>>,
    Finishing<TemplateMessage> {
  /**
   * The card's header parameter: usually `{ type: 'image', url }` or `{ type: 'video', url }`.
   *
   * @param param The parameter.
   */
  header(param: TemplateParam): TemplateCardBuilder<TCards, TSpec>
  /**
   * The card body's parameters.
   *
   * @param params Strings for text parameters, or parameter objects.
   */
  body(...params: TemplateParam[]): TemplateCardBuilder<TCards, TSpec>
  /**
   * A button of the card.
   *
   * @param subType `QuickReply` or `Url`.
   * @param index 0 or 1.
   * @param params Its parameters.
   */
  button<TIndex extends number>(
    subType: TemplateCardButtonSubType,
    index: ButtonIndex<TIndex, MaxCardIndex>,
    ...params: TemplateParam[]
  ): TemplateCardBuilder<TCards, TSpec>
  /**
   * A QuickReply button's payload.
   *
   * @param index 0 or 1.
   * @param payload What 8x8 returns when the user taps it.
   */
  quickReply<TIndex extends number>(
    index: ButtonIndex<TIndex, MaxCardIndex>,
    payload: string,
  ): TemplateCardBuilder<TCards, TSpec>
  /**
   * A Url button's dynamic suffix.
   *
   * @param index 0 or 1.
   * @param suffix Appended to the URL the template registered.
   */
  urlButton<TIndex extends number>(
    index: ButtonIndex<TIndex, MaxCardIndex>,
    suffix: string,
  ): TemplateCardBuilder<TCards, TSpec>
  /** Starts the next card. */
  card(
    this: ThisIf<TCards extends MaxCards ? false : true, TooManyCards>,
  ): TemplateCardBuilder<Increment<TCards>, TSpec>
}

const toParameter = (param: TemplateParam): TemplateParameter =>
  typeof param === 'string' ? { type: 'text', text: param } : deepCopy(param)

const parameters = (params: readonly TemplateParam[]) =>
  params.length === 0 ? {} : { parameters: params.map(toParameter) }

/** @internal */
export class TemplateImpl extends Chain {
  /** Whether the calls go into a carousel card (a getter, so that nodes stay small). */
  protected get inCard(): boolean {
    return false
  }
  private component(component: object): this {
    return this.next({ op: 'component', component, card: this.inCard } satisfies Step)
  }
  header(param: TemplateParam): this {
    return this.component({ type: 'header', parameters: [toParameter(param)] })
  }
  body(...params: TemplateParam[]): this {
    return this.component({ type: 'body', parameters: params.map(toParameter) })
  }
  button(subType: string, index: number, ...params: TemplateParam[]): this {
    return this.component({ type: 'button', subType, index, ...parameters(params) })
  }
  quickReply(index: number, payload: string): this {
    return this.button('QuickReply', index, { type: 'payload', payload })
  }
  urlButton(index: number, suffix: string): this {
    return this.button('Url', index, suffix)
  }
  copyCode(index: number, code: string): this {
    return this.button('CopyCode', index, { type: 'couponCode', couponCode: code })
  }
  flowButton(index: number, data?: TemplateFlowActionData): this {
    const action =
      data === undefined ? { type: 'action' } : { type: 'action', flowActionData: data }
    return this.button('Flow', index, action as TemplateParameter)
  }
  voiceCallButton(index: number, options?: TemplateVoiceCallOptions): this {
    const params: TemplateParameter[] = []
    if (options?.ttlMinutes !== undefined)
      params.push({ type: 'ttlMinutes', ttlMinutes: options.ttlMinutes })
    if (options?.payload !== undefined) params.push({ type: 'payload', payload: options.payload })
    return this.button('VoiceCall', index, ...params)
  }
  callPermissionRequest(): this {
    return this.component({ type: 'call_permission_request' })
  }
  requestContactInfo(): this {
    return this.component({ type: 'request_contact_info' })
  }
  card(): TemplateImpl {
    return new TemplateCardImpl(this, { op: 'card' })
  }
}

/** @internal The calls after `.card()`, which fill the current card. */
class TemplateCardImpl extends TemplateImpl {
  protected override get inCard(): boolean {
    return true
  }
}
