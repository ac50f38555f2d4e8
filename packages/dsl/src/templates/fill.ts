/**
 * A template send as the customer reads it: the registered texts with the send's values in
 * place of their placeholders, each value marked when it does not fit.
 *
 * @module
 */
import { checkTemplate, type TemplateIssue } from './check'
import {
  type HeaderFormat,
  placeholderSlots,
  type Shape,
  shapeOf,
  splitPlaceholders,
} from './parameters'
import type { KnownTemplate } from './registered'
import { readSent, type SentComponent } from './sent'

/** A piece of a filled text: registered text, or a placeholder with the send's value. */
export type FilledPart =
  | { readonly kind: 'text'; readonly text: string }
  | {
      readonly kind: 'parameter'
      /** The send's parameter it takes, from 1: `{{2}}` takes 2 (see `placeholderSlots`). */
      readonly index: number
      /** The send's value, `null` when it gave none. */
      readonly value: string | null
      /** `false` when missing, of the wrong type, or making the text too long. */
      readonly fits: boolean
      /** Where the value is (or would be) in the message. */
      readonly path: string
    }

/** A filled header. */
export type FilledHeader =
  | { readonly kind: 'text'; readonly parts: readonly FilledPart[] }
  | {
      readonly kind: 'media'
      readonly format: HeaderFormat
      /** The media's URL (a location's name), `null` when the send gave none. */
      readonly url: string | null
      readonly fits: boolean
    }

/** A filled button. */
export interface FilledButton {
  readonly index: number
  /** 8x8's registered type, e.g. `URL`. */
  readonly type: string
  readonly text: string
  /** A URL button's address with its suffix filled in; `null` for other buttons. */
  readonly url: string | null
  /** The send's parameter (a suffix, a payload, a code), `null` when it gave none. */
  readonly value: string | null
  readonly fits: boolean
}

/** The header, body and buttons of a template, or of one card, filled in. */
export interface FilledComponents {
  readonly header: FilledHeader | null
  readonly body: readonly FilledPart[]
  readonly buttons: readonly FilledButton[]
}

/** A template send filled in: see {@link fillTemplate}. */
export interface FilledTemplate extends FilledComponents {
  readonly footer: string | null
  /** A carousel template's cards, in order; `null` for other templates. */
  readonly cards: readonly FilledComponents[] | null
  /** The issues {@link checkTemplate} finds for this send against this template alone. */
  readonly issues: readonly TemplateIssue[]
}

/** Whether an issue points at `path` or inside it. */
function touches(issues: readonly TemplateIssue[], path: string): boolean {
  return issues.some((issue) => issue.path === path || issue.path.startsWith(`${path}.`))
}

function fillText(
  text: string,
  component: SentComponent | undefined,
  at: string,
  issues: readonly TemplateIssue[],
  tooLong: boolean,
): FilledPart[] {
  const { slots } = placeholderSlots(text)
  const path = component === undefined ? at : `${at}.${component.at}.parameters`
  return splitPlaceholders(text).map((part) => {
    if (part.name === null) return { kind: 'text', text: part.text }
    const k = slots.get(part.name) ?? 0
    const parameter = component?.parameters[k]
    // Without a component, the value has no place yet: the path is where the component goes.
    const valuePath = component === undefined ? at : `${path}.${k}`
    return {
      kind: 'parameter',
      index: k + 1,
      value: parameter?.value ?? null,
      fits:
        parameter !== undefined &&
        parameter.value !== null &&
        parameter.type === 'text' &&
        !tooLong &&
        !touches(issues, valuePath),
      path: valuePath,
    }
  })
}

function fillSet(
  shape: Shape,
  sent: readonly SentComponent[],
  at: string,
  issues: readonly TemplateIssue[],
): FilledComponents {
  const headerSent = sent.find((component) => component.type === 'header')
  const bodySent = sent.find((component) => component.type === 'body')
  const tooLong = (component: SentComponent | undefined) =>
    component !== undefined &&
    issues.some(
      (issue) =>
        issue.rule === 'parameter_too_long' &&
        issue.path.startsWith(`${at}.${component.at}.parameters`),
    )
  let header: FilledHeader | null = null
  if (shape.header !== null && shape.header.format === 'text')
    header = {
      kind: 'text',
      parts: fillText(shape.header.text, headerSent, at, issues, tooLong(headerSent)),
    }
  else if (shape.header !== null) {
    const parameter = headerSent?.parameters[0]
    header = {
      kind: 'media',
      format: shape.header.format,
      url: parameter?.value ?? null,
      fits:
        parameter !== undefined &&
        parameter.value !== null &&
        !touches(issues, `${at}.${headerSent?.at}.parameters`),
    }
  }
  const body = fillText(shape.body.text, bodySent, at, issues, tooLong(bodySent))
  const buttons = shape.buttons.map((button): FilledButton => {
    const component = sent.find((item) => item.type === 'button' && item.index === button.index)
    const value = component?.parameters[0]?.value ?? null
    const registeredUrl = shape.buttonUrls[button.index] ?? null
    const url =
      registeredUrl === null
        ? null
        : splitPlaceholders(registeredUrl)
            .map((part) => (part.name === null ? part.text : (value ?? '')))
            .join('')
    const fits =
      component === undefined
        ? button.parameters === 0
        : button.subType !== null && !touches(issues, `${at}.${component.at}`)
    return { index: button.index, type: button.type, text: button.text, url, value, fits }
  })
  return { header, body, buttons }
}

/**
 * The template as the customer reads it: the registered header, body, footer and buttons, with
 * the send's values in place of their placeholders. A value that is missing, of the wrong type
 * or that makes its text too long has `fits: false`; every issue is in `issues`.
 *
 * @param template The wire `content.template` object.
 * @param known The registered template it names (any other name: every part reads as missing).
 *
 * @example
 * ```ts
 * import { fillTemplate } from '@chatapps/dsl/templates'
 *
 * const filled = fillTemplate(message.content.template, orderUpdate)
 * filled.body.map((part) => (part.kind === 'text' ? part.text : part.value)).join('')
 * // 'Hi Jason, your order ORD-42 has shipped'
 * ```
 */
export function fillTemplate(template: unknown, known: KnownTemplate): FilledTemplate {
  const issues = checkTemplate(template, [known])
  const sent = readSent(template)
  const components = sent.components ?? []
  const at = sent.components === null ? 'content.template' : 'content.template.components'
  const shape = shapeOf(known.components)
  const carousel = components.find((component) => component.type === 'carousel')
  const cards =
    shape.cards === null
      ? null
      : shape.cards.map((card, k) => {
          const position = carousel?.cards?.findIndex((item) => item.cardIndex === k) ?? -1
          const sentCard = position < 0 ? undefined : carousel?.cards?.[position]
          return fillSet(
            card,
            sentCard?.components ?? [],
            `${at}.${carousel?.at ?? 0}.cards.${position < 0 ? k : position}.components`,
            issues,
          )
        })
  return {
    ...fillSet(shape, components, at, issues),
    footer: shape.footer,
    cards,
    issues,
  }
}
