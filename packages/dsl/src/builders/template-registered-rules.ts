/**
 * The compile-time rules of a registered template's builder, in words (each the message of a
 * `DslTypeError`), and the parameter types its header, body and buttons take.
 *
 * @module
 */
import type { DslTypeError } from '../internal/type-error'
import type { RegisteredButtonSubType, RegisteredHeaderFormat } from '../registered-templates'

/** `'order_update:en_US'` as people read it: `order_update (en_US)`. */
export type TemplateLabel<TKey extends string> = TKey extends `${infer TName}:${infer TLanguage}`
  ? `${TName} (${TLanguage})`
  : TKey

/** A text parameter: a string, or `{ type: 'text', text }`. */
export type TextParameter = string | { readonly type: 'text'; readonly text: string }

/** A location header's parameter. */
export interface LocationHeaderParameter {
  readonly type: 'location'
  readonly location: {
    readonly latitude: number
    readonly longitude: number
    readonly name?: string
    readonly address?: string
  }
}

/** The parameter a header of this format takes: text, or its media by URL, or a location. */
export type HeaderParameter<TFormat extends RegisteredHeaderFormat> = TFormat extends 'text'
  ? TextParameter
  : TFormat extends 'location'
    ? LocationHeaderParameter
    : { readonly type: TFormat; readonly url: string }

/** What a header of this format takes, quoted when it is given something else. */
export type HeaderFormatRule<
  TWhere extends string,
  TFormat extends RegisteredHeaderFormat,
> = TFormat extends 'text'
  ? `The header of ${TWhere} is text: give a string`
  : TFormat extends 'location'
    ? `The header of ${TWhere} is a location: give { type: 'location', location }`
    : `The header of ${TWhere} is ${TFormat extends 'image' ? 'an' : 'a'} ${TFormat}: give { type: '${TFormat}', url }`

/** Why there is nothing to give a header. */
export type NoHeaderParameter<TWhere extends string> = `The header of ${TWhere} takes no parameter`

/** Why there is nothing to give a body. */
export type NoBodyParameters<TWhere extends string> = `The body of ${TWhere} takes no parameters`

/** The arguments of `.header(…)`: one of the registered format, or none allowed. */
export type HeaderArguments<TWhere extends string, TPart> = TPart extends {
  readonly header: {
    readonly format: infer TFormat extends RegisteredHeaderFormat
    readonly parameters: 1
  }
}
  ? [param: HeaderParameter<TFormat> | DslTypeError<HeaderFormatRule<TWhere, TFormat>>]
  : [param: DslTypeError<NoHeaderParameter<TWhere>>]

/** The arguments of `.body(…)`: exactly one text parameter per placeholder. */
export type BodyArguments<TWhere extends string, TPart> = TPart extends {
  readonly body: infer TBody extends readonly [unknown, ...unknown[]]
}
  ? { -readonly [K in keyof TBody]: TextParameter }
  : [param: DslTypeError<NoBodyParameters<TWhere>>]

/** The registered buttons of a template or card, none when it has none. */
export type ButtonsOf<TPart> = TPart extends { readonly buttons: infer TButtons }
  ? TButtons
  : Record<never, never>

type Described<TButton> = TButton extends { readonly subType: infer TSubType extends string }
  ? `a ${TSubType} button`
  : TButton extends { readonly type: infer TType extends string }
    ? `a ${TType} button, which takes no parameter`
    : 'a button'

/** A button index the template (or card) does not have. */
export type NoSuchButton<
  TWhere extends string,
  TIndex extends number,
> = `${TWhere} has no button at index ${TIndex}`

/** A button call of the wrong kind for its index. */
export type WrongButtonSubType<
  TWhere extends string,
  TIndex extends number,
  TButton,
  TSubType extends string,
> = `Button ${TIndex} of ${TWhere} is ${Described<TButton>}, not ${TSubType}`

/**
 * The check of a button call: `unknown` when the template (or card) has a button of this
 * sub-type at this index (or the index is known only at run time), else the rule.
 */
export type CheckButton<
  TWhere extends string,
  TButtons,
  TIndex extends number,
  TSubType extends RegisteredButtonSubType,
> = number extends TIndex
  ? unknown
  : TIndex extends keyof TButtons
    ? TButtons[TIndex] extends { readonly subType: TSubType }
      ? unknown
      : DslTypeError<WrongButtonSubType<TWhere, TIndex, TButtons[TIndex], TSubType>>
    : DslTypeError<NoSuchButton<TWhere, TIndex>>

/** A component the template does not have (a call permission or contact info request). */
export type NoSuchComponent<
  TKey extends string,
  TComponent extends string,
> = `${TemplateLabel<TKey>} has no ${TComponent} component`

/** The parts a send must still give, as tokens: `header`, `body`, `button 0`, `card 1 body`, … */
export type PartNeeds<TPart, TPrefix extends string> =
  | (TPart extends { readonly header: { readonly parameters: 1 } } ? `${TPrefix}header` : never)
  | (TPart extends { readonly body: readonly [unknown, ...unknown[]] } ? `${TPrefix}body` : never)
  | RequiredButtons<ButtonsOf<TPart>, TPrefix>

type RequiredButtons<TButtons, TPrefix extends string> = {
  [TIndex in keyof TButtons]: TButtons[TIndex] extends { readonly parameter: string }
    ? `${TPrefix}button ${TIndex & number}`
    : never
}[keyof TButtons]

type CardTokens<TCards> = {
  [TIndex in keyof TCards]: TIndex extends `${number}` ? `card ${TIndex}` : never
}[keyof TCards & `${number}`]

/** What a new builder of this template must still be given before `.build()`. */
export type InitialNeeds<TEntry> =
  | PartNeeds<TEntry, ''>
  | (TEntry extends { readonly cards: infer TCards extends readonly unknown[] }
      ? CardTokens<TCards>
      : never)

/** Why `.build()` does not compile yet: one sentence per part still missing. */
export type Missing<TKey extends string, TNeed extends string> = TNeed extends 'header'
  ? `${TemplateLabel<TKey>} needs its header parameter: call .header(…) before .build()`
  : TNeed extends 'body'
    ? `${TemplateLabel<TKey>} needs its body parameters: call .body(…) before .build()`
    : TNeed extends `button ${infer TIndex}`
      ? `${TemplateLabel<TKey>} needs the parameter of button ${TIndex}: call it before .build()`
      : TNeed extends `card ${infer TCard} ${infer TPart}`
        ? `${TemplateLabel<TKey>} needs the ${TPart} of card ${TCard}: call it before .build()`
        : TNeed extends `card ${infer TCard}`
          ? `${TemplateLabel<TKey>} needs card ${TCard}: call .card() before .build()`
          : never
