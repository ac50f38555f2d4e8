/**
 * What a registered template asks of a send, read from its components: the header's format,
 * the placeholders of the header and body texts, and which buttons take a parameter.
 *
 * @module
 */
import type { RegisteredButton, RegisteredComponent } from './registered'

/** A header's format, as a send names its parameter's `type`. */
export type HeaderFormat = 'text' | 'image' | 'video' | 'document' | 'location' | 'gif'

/** The button sub-types a send names (8x8's `components[].subType`). */
export type ButtonSubType = 'QuickReply' | 'Url' | 'CopyCode' | 'Flow' | 'VoiceCall'

/** One registered button, as a send must address it. */
export interface ButtonParameters {
  /** Its position in the template, from 0: the send's `index`. */
  readonly index: number
  /** 8x8's registered type, e.g. `URL`. */
  readonly type: string
  /** What the send names, or `null` when the button takes nothing from the send (a phone number, a static URL). */
  readonly subType: ButtonSubType | null
  /** 1 when the send must give its parameter (a URL's suffix, a code); 0 when it may not or need not. */
  readonly parameters: 0 | 1
  /** Its label. */
  readonly text: string
}

/** The header, body and buttons of a template, or of one card of a carousel template. */
export interface ComponentParameters {
  /** The header's format and placeholder count (0 or 1 for text, 1 for media and location); `null` without a header. */
  readonly header: { readonly format: HeaderFormat; readonly parameters: number } | null
  /** How many parameters the body takes: its highest `{{n}}`, or its distinct named placeholders. */
  readonly body: number
  readonly buttons: readonly ButtonParameters[]
}

/**
 * The ready-to-use description of a template's parameters: what each component of a send must
 * carry. A carousel template also describes each of its cards.
 */
export interface TemplateParameters extends ComponentParameters {
  readonly cards?: readonly ComponentParameters[]
}

/** One component set (a template, or a card) as the check and the filling read it. */
export interface Shape {
  readonly header: {
    readonly format: HeaderFormat
    readonly text: string
    readonly parameters: number
  } | null
  readonly body: { readonly text: string; readonly parameters: number }
  readonly footer: string | null
  readonly buttons: readonly ButtonParameters[]
  readonly buttonUrls: readonly (string | null)[]
  readonly cards: readonly Shape[] | null
  /** Other registered component types (`CALL_PERMISSION_REQUEST`, `REQUEST_CONTACT_INFO`). */
  readonly others: ReadonlySet<string>
}

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g

/** The distinct placeholders of a text, in order of first use: `['1', '2']`. */
export function placeholders(text: string): string[] {
  const seen: string[] = []
  for (const match of text.matchAll(PLACEHOLDER)) {
    const name = match[1] as string
    if (!seen.includes(name)) seen.push(name)
  }
  return seen
}

/** Which send parameter fills each placeholder of a text (from 0), and how many the text takes. */
export interface PlaceholderSlots {
  readonly slots: ReadonlyMap<string, number>
  readonly count: number
}

const POSITIONAL = /^[1-9][0-9]{0,2}$/

/**
 * Which send parameter fills each placeholder. Numbered placeholders are positional, as Meta
 * fills them: `{{2}}` takes the second parameter wherever it stands, however often it repeats,
 * and the text takes as many as its highest number. A text with named placeholders
 * (`{{first_name}}`) takes the send's parameters in the order the names first appear, as 8x8's
 * send carries no parameter names.
 *
 * @example
 * ```ts
 * placeholderSlots('Order {{2}} for {{1}}') // { slots: Map { '2' => 1, '1' => 0 }, count: 2 }
 * placeholderSlots('Hi {{name}}, {{order}}') // { slots: Map { 'name' => 0, 'order' => 1 }, count: 2 }
 * ```
 */
export function placeholderSlots(text: string): PlaceholderSlots {
  const names = placeholders(text)
  if (names.length > 0 && names.every((name) => POSITIONAL.test(name)))
    return {
      slots: new Map(names.map((name) => [name, Number(name) - 1])),
      count: Math.max(...names.map(Number)),
    }
  return { slots: new Map(names.map((name, k) => [name, k])), count: names.length }
}

/** Splits a text around its placeholders: strings and placeholder names alternate. */
export function splitPlaceholders(text: string): { text: string; name: string | null }[] {
  const parts: { text: string; name: string | null }[] = []
  let last = 0
  for (const match of text.matchAll(PLACEHOLDER)) {
    if (match.index > last) parts.push({ text: text.slice(last, match.index), name: null })
    parts.push({ text: match[0], name: match[1] as string })
    last = match.index + match[0].length
  }
  if (last < text.length) parts.push({ text: text.slice(last), name: null })
  return parts
}

const HEADER_FORMATS: readonly HeaderFormat[] = [
  'text',
  'image',
  'video',
  'document',
  'location',
  'gif',
]

function headerFormat(format: string | undefined): HeaderFormat {
  const lower = (format ?? 'text').toLowerCase() as HeaderFormat
  return HEADER_FORMATS.includes(lower) ? lower : 'text'
}

/**
 * How a send addresses a registered button. An authentication template's `OTP` button is sent
 * as a `Url` button with the code (8x8's authentication samples send sub-type `1`, its enum's
 * `Url`); a static URL (no placeholder) takes nothing.
 */
function buttonOf(button: RegisteredButton, index: number): ButtonParameters {
  const type = button.type.toUpperCase()
  const text = button.text ?? ''
  const at = { index, type: button.type, text }
  switch (type) {
    case 'URL':
      return placeholders(button.url ?? '').length > 0
        ? { ...at, subType: 'Url', parameters: 1 }
        : { ...at, subType: null, parameters: 0 }
    case 'OTP':
      return { ...at, subType: 'Url', parameters: 1 }
    case 'COPY_CODE':
      return { ...at, subType: 'CopyCode', parameters: 1 }
    case 'QUICK_REPLY':
      return { ...at, subType: 'QuickReply', parameters: 0 }
    case 'FLOW':
      return { ...at, subType: 'Flow', parameters: 0 }
    case 'VOICE_CALL':
      return { ...at, subType: 'VoiceCall', parameters: 0 }
    default:
      return { ...at, subType: null, parameters: 0 }
  }
}

type CardComponent = Pick<RegisteredComponent, 'type' | 'format' | 'text' | 'buttons'>

/**
 * A carousel's cards: Meta's `{ components }` per card, or 8x8's schema's flat list of card
 * components, where each `HEADER` starts a card (an inference: 8x8 publishes no example).
 */
function cardsOf(component: RegisteredComponent): CardComponent[][] {
  const items = component.cards ?? []
  if (items.some((item) => item.components !== undefined))
    return items.map((item) => item.components ?? [])
  const cards: CardComponent[][] = []
  for (const item of items) {
    const type = (item.type ?? 'BODY').toUpperCase()
    const current = cards.at(-1)
    if (current === undefined || type === 'HEADER') cards.push([{ ...item, type }])
    else current.push({ ...item, type })
  }
  return cards
}

/** Reads a template's (or a card's) registered components. */
export function shapeOf(components: readonly CardComponent[]): Shape {
  let header: Shape['header'] = null
  let body: Shape['body'] = { text: '', parameters: 0 }
  let footer: string | null = null
  let buttons: ButtonParameters[] = []
  let buttonUrls: (string | null)[] = []
  let cards: Shape[] | null = null
  const others = new Set<string>()
  let presetBody = false
  for (const component of components) {
    const type = component.type.toUpperCase()
    const text = component.text ?? ''
    if (type === 'BODY') presetBody = component.text === undefined
    if (type === 'HEADER') {
      const format = headerFormat(component.format)
      header = {
        format,
        text,
        parameters: format === 'text' ? placeholderSlots(text).count : 1,
      }
    } else if (type === 'BODY') body = { text, parameters: placeholderSlots(text).count }
    else if (type === 'FOOTER') footer = text
    else if (type === 'BUTTONS') {
      buttons = (component.buttons ?? []).map(buttonOf)
      buttonUrls = (component.buttons ?? []).map((button) => button.url ?? null)
    } else if (type === 'CAROUSEL')
      cards = cardsOf(component as RegisteredComponent).map((card) => shapeOf(card))
    else others.add(type)
  }
  // An authentication template registered as 8x8's POST takes it has a BODY without text: Meta
  // writes the body ("{{1}} is your verification code.", in the template's language) and the
  // send gives the code. Only the code is known here, so it stands for the body.
  if (presetBody && buttons.some((button) => button.type.toUpperCase() === 'OTP'))
    body = { text: '{{1}}', parameters: 1 }
  return { header, body, footer, buttons, buttonUrls, cards, others }
}

function describe(shape: Shape): ComponentParameters {
  return {
    header: shape.header && { format: shape.header.format, parameters: shape.header.parameters },
    body: shape.body.parameters,
    buttons: shape.buttons,
  }
}

/**
 * What a send of this template must carry: the header's format, the body's placeholder count,
 * and each button's sub-type and parameter.
 *
 * @example
 * ```ts
 * templateParameters([
 *   { type: 'HEADER', format: 'Image' },
 *   { type: 'BODY', text: 'Hi {{1}}, your order {{2}} has shipped' },
 *   { type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Track', url: 'https://shop.example/t/{{1}}' }] },
 * ])
 * // { header: { format: 'image', parameters: 1 }, body: 2,
 * //   buttons: [{ index: 0, type: 'URL', subType: 'Url', parameters: 1, text: 'Track' }] }
 * ```
 */
export function templateParameters(components: readonly RegisteredComponent[]): TemplateParameters {
  const shape = shapeOf(components)
  const described = describe(shape)
  return shape.cards === null ? described : { ...described, cards: shape.cards.map(describe) }
}
