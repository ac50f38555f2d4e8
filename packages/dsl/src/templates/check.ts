/**
 * The registry check: every way a template send differs from the template 8x8 has registered,
 * each with its path, a sentence, a stable rule and the 8x8 error code a real send would draw
 * (8x8's error list, codes 3030 to 3053: docs/8x8-facts.md).
 *
 * @module
 */
import { codePoints } from '../internal/code-points'
import { templateLanguage } from '../internal/template-language'
import {
  type ButtonParameters,
  type ButtonSubType,
  placeholderSlots,
  type Shape,
  shapeOf,
  splitPlaceholders,
} from './parameters'
import type { KnownTemplate } from './registered'
import { readSent, type SentComponent, type SentParameter } from './sent'
import { normalizeTemplateStatus, templateStatusVerdict } from './status'

/** The stable name of each rule the check applies. */
export type TemplateRule =
  | 'unknown_name'
  | 'unknown_language'
  | 'not_approved'
  | 'header_missing'
  | 'header_unexpected'
  | 'header_format'
  | 'body_count'
  | 'parameter_type'
  | 'parameter_too_long'
  | 'button_index'
  | 'button_sub_type'
  | 'button_parameter'
  | 'card_count'
  | 'component_unexpected'

/** One mismatch between a send and its registered template. */
export interface TemplateIssue {
  /** The dot path from the message, as the DSL's issues give it: `content.template.components.1.parameters`. */
  readonly path: string
  /** A sentence for people. */
  readonly message: string
  readonly rule: TemplateRule
  /**
   * The 8x8 error code a real send draws (3038, 3033, 3040 to 3043, 3049, 3052, 3053, 3034), or
   * `undefined` when 8x8 takes the send and WhatsApp fails it later (a template not approved).
   */
  readonly code: number | undefined
}

/** Options of {@link checkTemplate}. */
export interface CheckTemplateOptions {
  /** Where the template object is in the message; default `content.template`. */
  readonly path?: string
}

/**
 * Meta's limits on a filled template (template-components-reference): header text 60, body
 * 1,024, a carousel card's body 160 characters.
 */
export const FILLED_LIMITS = { header: 60, body: 1024, cardBody: 160 } as const

/** What each button sub-type's parameter may be. */
const BUTTON_PARAMETER_TYPES: Record<ButtonSubType, readonly string[]> = {
  Url: ['text'],
  QuickReply: ['payload'],
  CopyCode: ['couponcode'],
  Flow: ['action'],
  VoiceCall: ['ttlminutes', 'payload'],
}

const ARTICLE: Record<string, string> = { image: 'an image', video: 'a video', text: 'a text' }

function a(format: string): string {
  return ARTICLE[format] ?? `a ${format}`
}

type Add = (path: string, rule: TemplateRule, code: number | undefined, message: string) => void

/**
 * The length of a text with its placeholders filled in, in code points as WhatsApp counts
 * characters; each placeholder takes its value by {@link placeholderSlots} (a missing value
 * counts as empty).
 */
export function filledLength(text: string, values: readonly (string | null)[]): number {
  const { slots } = placeholderSlots(text)
  return splitPlaceholders(text).reduce((length, part) => {
    if (part.name === null) return length + codePoints(part.text)
    return length + codePoints(values[slots.get(part.name) ?? -1] ?? '')
  }, 0)
}

function checkHeader(
  shape: Shape,
  sent: readonly SentComponent[],
  at: string,
  label: string,
  add: Add,
) {
  const headers = sent.filter((component) => component.type === 'header')
  const wanted = shape.header?.parameters ?? 0
  const [header, ...extra] = headers
  for (const more of extra)
    add(`${at}.${more.at}`, 'header_unexpected', 3034, `${label} has one header; this is another.`)
  if (header === undefined) {
    if (wanted > 0 && shape.header !== null)
      add(
        at,
        'header_missing',
        3041,
        `${label} has ${a(shape.header.format)} header: the send needs its ${shape.header.format === 'text' ? 'parameter' : shape.header.format}.`,
      )
    return
  }
  const path = `${at}.${header.at}`
  if (shape.header === null || wanted === 0) {
    add(
      path,
      'header_unexpected',
      3034,
      shape.header === null
        ? `${label} has no header.`
        : `The header of ${label} is fixed text: it takes no parameter.`,
    )
    return
  }
  const format = shape.header.format
  const [first, ...others] = header.parameters
  if (first === undefined) {
    add(
      `${path}.parameters`,
      'header_missing',
      3040,
      `${label} has ${a(format)} header: the send needs its ${format === 'text' ? 'parameter' : format}.`,
    )
    return
  }
  if (first.type !== format)
    add(
      `${path}.parameters.0.type`,
      'header_format',
      3042,
      `The header of ${label} is ${a(format)}: expected ${a(format)} parameter, not ${a(first.type || 'untyped')}.`,
    )
  else if (
    format === 'text' &&
    filledLength(shape.header.text, [first.value]) > FILLED_LIMITS.header
  )
    add(
      `${path}.parameters.0`,
      'parameter_too_long',
      3043,
      `Filled in, the header of ${label} is longer than ${FILLED_LIMITS.header} characters.`,
    )
  others.forEach((_, k) => {
    add(
      `${path}.parameters.${k + 1}`,
      'header_unexpected',
      3033,
      `The header of ${label} takes one parameter.`,
    )
  })
}

function checkBody(
  shape: Shape,
  sent: readonly SentComponent[],
  at: string,
  label: string,
  limit: number,
  add: Add,
) {
  const [body, ...extra] = sent.filter((component) => component.type === 'body')
  for (const more of extra)
    add(`${at}.${more.at}`, 'component_unexpected', 3034, `${label} has one body; this is another.`)
  const wanted = shape.body.parameters
  const given: readonly SentParameter[] = body?.parameters ?? []
  const path = body === undefined ? at : `${at}.${body.at}.parameters`
  if (given.length !== wanted) {
    const code = given.length > wanted ? 3033 : given.length === 0 ? 3040 : 3041
    add(
      path,
      'body_count',
      code,
      `The body of ${label} takes ${wanted} parameter${wanted === 1 ? '' : 's'}; ${given.length} given.`,
    )
  }
  given.slice(0, wanted).forEach((parameter, k) => {
    if (parameter.type !== 'text')
      add(
        `${path}.${k}.type`,
        'parameter_type',
        3042,
        `The body’s parameters are text; parameter ${k + 1} is ${a(parameter.type || 'untyped')}.`,
      )
  })
  if (
    body !== undefined &&
    filledLength(
      shape.body.text,
      given.map((p) => p.value),
    ) > limit
  )
    add(
      path,
      'parameter_too_long',
      3043,
      `Filled in, the body of ${label} is longer than ${limit} characters.`,
    )
}

function describeButton(button: ButtonParameters): string {
  return `${button.index} (${button.type} "${button.text}")`
}

function checkButtons(
  shape: Shape,
  sent: readonly SentComponent[],
  at: string,
  label: string,
  add: Add,
) {
  const seen = new Set<number>()
  const range =
    shape.buttons.length === 0 ? 'no buttons' : `buttons 0 to ${shape.buttons.length - 1}`
  for (const component of sent) {
    if (component.type !== 'button') continue
    const path = `${at}.${component.at}`
    const index = component.index
    const button = index === undefined ? undefined : shape.buttons[index]
    if (index === undefined || button === undefined) {
      add(
        `${path}.index`,
        'button_index',
        3053,
        `${label} has ${range}; the send names button ${index ?? '(none)'}.`,
      )
      continue
    }
    if (seen.has(index)) {
      add(`${path}.index`, 'button_index', 3053, `Button ${index} is given twice.`)
      continue
    }
    seen.add(index)
    if (button.subType === null) {
      add(
        path,
        'button_parameter',
        3049,
        `Button ${describeButton(button)} of ${label} takes nothing from the send.`,
      )
      continue
    }
    if (component.subType !== button.subType) {
      add(
        `${path}.subType`,
        'button_sub_type',
        3052,
        `Button ${describeButton(button)} of ${label} is a ${button.subType} button, not ${component.subType ?? 'untyped'}.`,
      )
      continue
    }
    const allowed = BUTTON_PARAMETER_TYPES[button.subType]
    const given = component.parameters.length
    if (button.parameters === 1 && given === 0)
      add(
        `${path}.parameters`,
        'button_parameter',
        3049,
        `Button ${describeButton(button)} of ${label} needs its ${button.subType === 'Url' ? 'URL suffix' : 'parameter'}.`,
      )
    // Every button takes at most one parameter (its suffix, code, payload or action).
    if (given > 1)
      add(
        `${path}.parameters`,
        'button_parameter',
        3033,
        `Button ${describeButton(button)} of ${label} takes 1 parameter; ${given} given.`,
      )
    component.parameters.slice(0, 1).forEach((parameter, k) => {
      if (!allowed.includes(parameter.type))
        add(
          `${path}.parameters.${k}.type`,
          'button_parameter',
          3049,
          `A ${button.subType} button’s parameter is ${allowed.map(a).join(' or ')}, not ${a(parameter.type || 'untyped')}.`,
        )
    })
  }
  for (const button of shape.buttons)
    if (button.parameters === 1 && !seen.has(button.index))
      add(
        at,
        'button_parameter',
        3049,
        `Button ${describeButton(button)} of ${label} needs its ${button.subType === 'Url' ? 'URL suffix' : 'parameter'}: the send has no component for it.`,
      )
}

function checkCarousel(
  shape: Shape,
  sent: readonly SentComponent[],
  at: string,
  label: string,
  add: Add,
) {
  const [carousel, ...extra] = sent.filter((component) => component.type === 'carousel')
  for (const more of extra)
    add(
      `${at}.${more.at}`,
      'component_unexpected',
      3034,
      `${label} has one carousel; this is another.`,
    )
  if (shape.cards === null) {
    if (carousel !== undefined)
      add(`${at}.${carousel.at}`, 'component_unexpected', 3034, `${label} has no carousel.`)
    return
  }
  const wanted = shape.cards.length
  if (carousel === undefined) {
    add(at, 'card_count', 3034, `${label} is a carousel of ${wanted} cards: the send needs them.`)
    return
  }
  const cards = carousel.cards ?? []
  const path = `${at}.${carousel.at}.cards`
  if (cards.length !== wanted)
    add(
      path,
      'card_count',
      3034,
      `${label} is a carousel of ${wanted} cards; ${cards.length} given.`,
    )
  const seen = new Set<number>()
  cards.forEach((card, k) => {
    const cardShape = card.cardIndex === undefined ? undefined : shape.cards?.[card.cardIndex]
    if (card.cardIndex === undefined || cardShape === undefined) {
      add(
        `${path}.${k}.cardIndex`,
        'card_count',
        3034,
        `${label} has cards 0 to ${wanted - 1}; the send names card ${card.cardIndex ?? '(none)'}.`,
      )
      return
    }
    if (seen.has(card.cardIndex)) {
      add(`${path}.${k}.cardIndex`, 'card_count', 3034, `Card ${card.cardIndex} is given twice.`)
      return
    }
    seen.add(card.cardIndex)
    checkSet(
      cardShape,
      card.components,
      `${path}.${k}.components`,
      `card ${card.cardIndex} of ${label}`,
      FILLED_LIMITS.cardBody,
      add,
    )
  })
  // With the count right, a card left out stands beside one named twice or out of range.
  if (cards.length === wanted)
    shape.cards.forEach((_, index) => {
      if (!seen.has(index))
        add(
          path,
          'card_count',
          3034,
          `${label} is a carousel of ${wanted} cards; card ${index} is missing.`,
        )
    })
}

function checkSet(
  shape: Shape,
  sent: readonly SentComponent[],
  at: string,
  label: string,
  bodyLimit: number,
  add: Add,
) {
  checkHeader(shape, sent, at, label, add)
  checkBody(shape, sent, at, label, bodyLimit, add)
  checkButtons(shape, sent, at, label, add)
  for (const component of sent) {
    const upper = component.type.toUpperCase()
    if (upper === 'FOOTER')
      add(
        `${at}.${component.at}`,
        'component_unexpected',
        3034,
        `A footer is fixed text: the send gives none.`,
      )
    else if (
      (upper === 'CALL_PERMISSION_REQUEST' || upper === 'REQUEST_CONTACT_INFO') &&
      !shape.others.has(upper)
    )
      add(
        `${at}.${component.at}`,
        'component_unexpected',
        3034,
        `${label} has no ${component.type} component.`,
      )
  }
}

const PREFERENCE = { sendable: 0, unknown: 1, unsendable: 2 } as const

/**
 * Finds the registered template a send names, or says why there is none. The same name and
 * language may be registered on several channels of a sub-account: a sendable one is preferred,
 * as the send can go through its channel. Any row with a name, a language and a status will do:
 * the one found is returned as given (a registry row keeps its other columns, such as the
 * category).
 *
 * @param name The sent template's name.
 * @param language The sent template's language (`en_us` and `en_US` name one registration).
 * @param known The registered templates.
 * @returns The registration the send names, or why there is none.
 * @example
 * const found = lookUpTemplate('summer_sale', 'en', rows)
 * const marketing = typeof found === 'object' && found.category === 'MARKETING'
 */
export function lookUpTemplate<T extends Pick<KnownTemplate, 'name' | 'language' | 'status'>>(
  name: string,
  language: string,
  known: readonly T[],
): T | 'unknown_name' | 'unknown_language' {
  const named = known.filter((template) => template.name === name)
  if (named.length === 0) return 'unknown_name'
  const rank = (template: T) => PREFERENCE[templateStatusVerdict(template.status)]
  const wanted = templateLanguage(language)
  const found = named
    .filter((template) => templateLanguage(template.language) === wanted)
    .reduce<T | undefined>(
      (best, template) => (best === undefined || rank(template) < rank(best) ? template : best),
      undefined,
    )
  return found ?? 'unknown_language'
}

/**
 * Every mismatch between a template send and the templates registered for its channel: an
 * unknown name or language, a template not approved, a header of the wrong kind or missing, the
 * wrong number or type of body parameters, a text too long once filled in, a button index,
 * sub-type or parameter the template does not have, the wrong number of carousel cards.
 *
 * @param template The wire `content.template` object (read leniently, as 8x8 does).
 * @param known The registered templates of the send's channel.
 * @returns The issues, `[]` when the send fits.
 *
 * @example
 * ```ts
 * import { checkTemplate } from '@chatapps/dsl/templates'
 *
 * checkTemplate(message.content.template, known)
 * // [{ path: 'content.template.components.1.parameters', rule: 'body_count', code: 3041,
 * //    message: 'The body of order_update (en_US) takes 2 parameters; 1 given.' }]
 * ```
 */
export function checkTemplate(
  template: unknown,
  known: readonly KnownTemplate[],
  options: CheckTemplateOptions = {},
): TemplateIssue[] {
  const base = options.path ?? 'content.template'
  const sent = readSent(template)
  const issues: TemplateIssue[] = []
  const add: Add = (path, rule, code, message) => issues.push({ path, message, rule, code })
  const found = lookUpTemplate(sent.name, sent.language, known)
  if (found === 'unknown_name') {
    add(`${base}.name`, 'unknown_name', 3038, `No template named ${sent.name} is registered.`)
    return issues
  }
  if (found === 'unknown_language') {
    const languages = known.filter((t) => t.name === sent.name).map((t) => t.language)
    add(
      `${base}.language`,
      'unknown_language',
      3038,
      `${sent.name} is registered in ${languages.join(', ')}, not ${sent.language}.`,
    )
    return issues
  }
  const label = `${found.name} (${found.language})`
  // An unknown status is not refused: 8x8 and WhatsApp decide (see templateStatusVerdict).
  if (templateStatusVerdict(found.status) === 'unsendable')
    add(
      `${base}.name`,
      'not_approved',
      undefined,
      `${label} is ${normalizeTemplateStatus(found.status)}: WhatsApp sends approved templates only.`,
    )
  const at = sent.components === null ? base : `${base}.components`
  const shape = shapeOf(found.components)
  checkSet(shape, sent.components ?? [], at, label, FILLED_LIMITS.body, add)
  checkCarousel(shape, sent.components ?? [], at, label, add)
  return issues
}
