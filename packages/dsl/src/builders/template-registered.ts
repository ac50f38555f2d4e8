/**
 * The builder of a registered template: the same calls as `TemplateBuilder`, typed from
 * what the registry holds for it. Only the types differ: at run time it is the same builder.
 *
 * @module
 */
import type { ThisIf } from '../internal/type-error'
import type { RegisteredButtonSubType, RegisteredTemplates } from '../registered-templates'
import type { TemplateMessage } from '../types'
import type { BuildResult, EnvelopeOptions } from './base'
import type { TemplateFlowActionData, TemplateParam, TemplateVoiceCallOptions } from './template'
import type {
  BodyArguments,
  ButtonsOf,
  CheckButton,
  HeaderArguments,
  InitialNeeds,
  Missing,
  NoSuchComponent,
  PartNeeds,
  TemplateLabel,
} from './template-registered-rules'

export type { InitialNeeds }

/** A key of the registry: `'name:language'`. */
export type RegisteredKey = keyof RegisteredTemplates & string

/** What the registry holds for a key. */
type Entry<TKey extends RegisteredKey> = RegisteredTemplates[TKey]

type Cards<TEntry> = TEntry extends { readonly cards: infer TCards extends readonly unknown[] }
  ? TCards
  : []

/** The calls that finish a registered template: allowed once nothing it needs is missing. */
interface RegisteredFinishing<TKey extends string, TNeeds extends string> {
  /**
   * Validates the message and returns its frozen wire object. Does not compile while a header,
   * body, button parameter or card the template needs is missing.
   */
  build(
    this: ThisIf<[TNeeds] extends [never] ? true : false, Missing<TKey, TNeeds>>,
  ): TemplateMessage
  /** Like `build()`, but returns the issues instead of throwing. */
  safeBuild(
    this: ThisIf<[TNeeds] extends [never] ? true : false, Missing<TKey, TNeeds>>,
  ): BuildResult<TemplateMessage>
  /** The same as `build()`, so that `JSON.stringify(builder)` works. */
  toJSON(): TemplateMessage
}

/**
 * A registered template's builder: `.body(…)` takes exactly its placeholders, `.header(…)` a
 * parameter of its header's format, a button call only an index and kind the template has, and
 * `.build()` compiles once every required part is given.
 *
 * @typeParam TKey `'name:language'`, its key in {@link RegisteredTemplates}.
 * @typeParam TNeeds The parts still missing (`header`, `body`, `button 0`, `card 1`, …).
 *
 * @example
 * ```ts
 * // with `'order_update:en_US'` registered (image header, 2 body placeholders, Url button 0)
 * msg.to('+15551234567').template('order_update', 'en_US')
 *   .header({ type: 'image', url: 'https://shop.example/box.jpg' })
 *   .body('Jason', 'ORD-42')
 *   .urlButton(0, 'ORD-42')
 *   .build()
 * ```
 */
export interface RegisteredTemplateBuilder<TKey extends RegisteredKey, TNeeds extends string>
  extends EnvelopeOptions<RegisteredTemplateBuilder<TKey, TNeeds>>,
    RegisteredFinishing<TKey, TNeeds> {
  /**
   * The header's parameter, of the registered format: a string for a text header with a
   * placeholder, `{ type: 'image', url }` for an image header, and so on.
   */
  header(
    ...param: HeaderArguments<TemplateLabel<TKey>, Entry<TKey>>
  ): RegisteredTemplateBuilder<TKey, Exclude<TNeeds, 'header'>>
  /** The body's parameters: exactly one per placeholder, in order. */
  body(
    ...params: BodyArguments<TemplateLabel<TKey>, Entry<TKey>>
  ): RegisteredTemplateBuilder<TKey, Exclude<TNeeds, 'body'>>
  /** A button's parameters, for an index and sub-type the template has. */
  button<TSubType extends RegisteredButtonSubType, TIndex extends number>(
    subType: TSubType,
    index: TIndex & CheckButton<TemplateLabel<TKey>, ButtonsOf<Entry<TKey>>, TIndex, TSubType>,
    ...params: TemplateParam[]
  ): RegisteredTemplateBuilder<TKey, Exclude<TNeeds, `button ${TIndex}`>>
  /** A QuickReply button's payload. */
  quickReply<TIndex extends number>(
    index: TIndex & CheckButton<TemplateLabel<TKey>, ButtonsOf<Entry<TKey>>, TIndex, 'QuickReply'>,
    payload: string,
  ): RegisteredTemplateBuilder<TKey, Exclude<TNeeds, `button ${TIndex}`>>
  /** A Url button's dynamic suffix, appended to the registered URL. */
  urlButton<TIndex extends number>(
    index: TIndex & CheckButton<TemplateLabel<TKey>, ButtonsOf<Entry<TKey>>, TIndex, 'Url'>,
    suffix: string,
  ): RegisteredTemplateBuilder<TKey, Exclude<TNeeds, `button ${TIndex}`>>
  /** A CopyCode button's code (an authentication template's one-time code too). */
  copyCode<TIndex extends number>(
    index: TIndex & CheckButton<TemplateLabel<TKey>, ButtonsOf<Entry<TKey>>, TIndex, 'CopyCode'>,
    code: string,
  ): RegisteredTemplateBuilder<TKey, Exclude<TNeeds, `button ${TIndex}`>>
  /** A Flow button's first screen and data. */
  flowButton<TIndex extends number>(
    index: TIndex & CheckButton<TemplateLabel<TKey>, ButtonsOf<Entry<TKey>>, TIndex, 'Flow'>,
    data?: TemplateFlowActionData,
  ): RegisteredTemplateBuilder<TKey, Exclude<TNeeds, `button ${TIndex}`>>
  /** A VoiceCall button's TTL and payload. */
  voiceCallButton<TIndex extends number>(
    index: TIndex & CheckButton<TemplateLabel<TKey>, ButtonsOf<Entry<TKey>>, TIndex, 'VoiceCall'>,
    options?: TemplateVoiceCallOptions,
  ): RegisteredTemplateBuilder<TKey, Exclude<TNeeds, `button ${TIndex}`>>
  /** The `call_permission_request` component, when the template has one. */
  callPermissionRequest(
    this: ThisIf<
      Entry<TKey> extends { readonly callPermissionRequest: true } ? true : false,
      NoSuchComponent<TKey, 'call_permission_request'>
    >,
  ): RegisteredTemplateBuilder<TKey, TNeeds>
  /** The `request_contact_info` component, when the template has one. */
  requestContactInfo(
    this: ThisIf<
      Entry<TKey> extends { readonly requestContactInfo: true } ? true : false,
      NoSuchComponent<TKey, 'request_contact_info'>
    >,
  ): RegisteredTemplateBuilder<TKey, TNeeds>
  /** Starts a carousel template's first card; the calls that follow fill it. */
  card(
    this: ThisIf<
      Cards<Entry<TKey>> extends readonly [unknown, ...unknown[]] ? true : false,
      NoSuchComponent<TKey, 'carousel'>
    >,
  ): RegisteredCardBuilder<TKey, [], Exclude<TNeeds, 'card 0'> | CardNeeds<Entry<TKey>, 0>>
}

// The template literal flattens the union, so that `tsc` prints its members, not this alias.
type CardNeeds<
  TEntry,
  TIndex extends number,
> = `${PartNeeds<Cards<TEntry>[TIndex], `card ${TIndex} `>}`

type CardLabel<
  TKey extends string,
  TIndex extends number,
> = `card ${TIndex} of ${TemplateLabel<TKey>}`

/** A registered carousel with every card it has. */
export type NoMoreCards<
  TKey extends string,
  TCount extends number,
> = `${TemplateLabel<TKey>} has ${TCount} cards`

/**
 * A card of a registered carousel template: its header, body and buttons typed from the card the
 * registry holds at this position; `.card()` starts the next one while there is one.
 *
 * @typeParam TDone The cards before this one (their count is this card's index).
 */
export interface RegisteredCardBuilder<
  TKey extends RegisteredKey,
  TDone extends readonly unknown[],
  TNeeds extends string,
> extends EnvelopeOptions<RegisteredCardBuilder<TKey, TDone, TNeeds>>,
    RegisteredFinishing<TKey, TNeeds> {
  /** The card's header parameter, of the registered format. */
  header(
    ...param: HeaderArguments<CardLabel<TKey, TDone['length']>, Cards<Entry<TKey>>[TDone['length']]>
  ): RegisteredCardBuilder<TKey, TDone, Exclude<TNeeds, `card ${TDone['length']} header`>>
  /** The card body's parameters: exactly one per placeholder. */
  body(
    ...params: BodyArguments<CardLabel<TKey, TDone['length']>, Cards<Entry<TKey>>[TDone['length']]>
  ): RegisteredCardBuilder<TKey, TDone, Exclude<TNeeds, `card ${TDone['length']} body`>>
  /** A button of the card, for an index and sub-type it has. */
  button<TSubType extends 'QuickReply' | 'Url', TIndex extends number>(
    subType: TSubType,
    index: TIndex &
      CheckButton<
        CardLabel<TKey, TDone['length']>,
        ButtonsOf<Cards<Entry<TKey>>[TDone['length']]>,
        TIndex,
        TSubType
      >,
    ...params: TemplateParam[]
  ): RegisteredCardBuilder<TKey, TDone, Exclude<TNeeds, `card ${TDone['length']} button ${TIndex}`>>
  /** A QuickReply button's payload. */
  quickReply<TIndex extends number>(
    index: TIndex &
      CheckButton<
        CardLabel<TKey, TDone['length']>,
        ButtonsOf<Cards<Entry<TKey>>[TDone['length']]>,
        TIndex,
        'QuickReply'
      >,
    payload: string,
  ): RegisteredCardBuilder<TKey, TDone, Exclude<TNeeds, `card ${TDone['length']} button ${TIndex}`>>
  /** A Url button's dynamic suffix. */
  urlButton<TIndex extends number>(
    index: TIndex &
      CheckButton<
        CardLabel<TKey, TDone['length']>,
        ButtonsOf<Cards<Entry<TKey>>[TDone['length']]>,
        TIndex,
        'Url'
      >,
    suffix: string,
  ): RegisteredCardBuilder<TKey, TDone, Exclude<TNeeds, `card ${TDone['length']} button ${TIndex}`>>
  /** Starts the next card, while the template has one. */
  card(
    this: ThisIf<
      `${[...TDone, unknown]['length']}` extends keyof Cards<Entry<TKey>> ? true : false,
      NoMoreCards<TKey, Cards<Entry<TKey>>['length']>
    >,
  ): RegisteredCardBuilder<
    TKey,
    [...TDone, unknown],
    | Exclude<TNeeds, `card ${[...TDone, unknown]['length']}`>
    | CardNeeds<Entry<TKey>, [...TDone, unknown]['length']>
  >
}
