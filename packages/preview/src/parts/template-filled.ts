/**
 * A template send drawn as the customer reads it, from its registered template (`fillTemplate`
 * of `@chatapps/dsl/templates`): the header (text, media or location), the body with the send's
 * values in place, the footer, the buttons (a URL button with its filled address) and a
 * carousel's cards. A value that does not fit is marked, with its issue's sentence; the issues
 * are listed under the preview.
 *
 * @module
 */
import {
  type FilledButton,
  type FilledComponents,
  type FilledHeader,
  type FilledPart,
  fillTemplate,
  type KnownTemplate,
  type TemplateIssue,
  type TemplateRule,
} from '@chatapps/dsl/templates'
import { escapeCode, escapeHtml, httpUrl } from '../escape'
import { arr, asObj, num } from '../read'
import {
  actions,
  attrs,
  type Ctx,
  code,
  documentCard,
  labelHtml,
  media,
  type Parts,
} from './common'
import { issueList } from './fallback'
import { formatFilled, type Piece } from './filled-text'
import { type Component, components, parameter, T } from './template-sent'

/** The send's components of one set (the template, or one card), and the issues inside it. */
interface SentSet {
  /** Where its components are: `content.template.components`, or a card's. */
  readonly base: string
  readonly items: readonly Component[]
  readonly issues: readonly TemplateIssue[]
}

/** Whether `path` is `base` or inside it. */
const within = (path: string, base: string) => path === base || path.startsWith(`${base}.`)

const BODY_RULES: readonly TemplateRule[] = ['body_count', 'parameter_too_long', 'parameter_type']
const HEADER_RULES: readonly TemplateRule[] = [
  'header_missing',
  'header_format',
  'header_unexpected',
  'parameter_too_long',
]

/**
 * The sentences of the issues about a value at `path`: those inside it, else those about its
 * whole component (a count, a length), or a missing component (`path` the set's), when their
 * rule is one of `rules`.
 */
function sentences(set: SentSet, path: string, rules: readonly TemplateRule[]): string {
  const own = path === set.base ? [] : set.issues.filter((i) => within(i.path, path))
  const found =
    own.length > 0 ? own : set.issues.filter((i) => within(path, i.path) && rules.includes(i.rule))
  return found.map((i) => i.message).join(' ')
}

/** An issue's sentence for screen readers, isolated: it may hold a template's name. */
const said = (message: string) =>
  `<span class="cap-sr" dir="auto"> (does not fit: ${escapeHtml(message)})</span>`

/** A value that does not fit: marked by a sign and an outline, its issue in a title and in words. */
function mark(inner: string, path: string, message: string): string {
  const m = escapeHtml(message)
  return (
    `<mark class="cap-misfit" data-cap-path="${escapeHtml(path)}" title="${m}">` +
    `<span class="cap-misfit-icon" aria-hidden="true">⚠</span>${inner}${said(message)}</mark>`
  )
}

/** A value that fits, isolated so that its direction cannot spill into the text around it. */
const fill = (value: string) => `<span class="cap-fill" dir="auto">${escapeHtml(value)}</span>`

/**
 * The pieces of a filled text. `component` is the send's component for it: without one, a
 * value is missing from the set as a whole, and its issues are the set's.
 */
function pieces(
  parts: readonly FilledPart[],
  set: SentSet,
  component: Component | undefined,
  rules: readonly TemplateRule[],
) {
  return parts.map((part): Piece => {
    if (part.kind === 'text') return { text: part.text }
    if (part.fits && part.value !== null) return { value: part.value, html: fill(part.value) }
    const shown =
      part.value === null
        ? `<span class="cap-missing">{{${part.index}}}</span>`
        : `<span dir="auto">${escapeHtml(part.value)}</span>`
    const path = component === undefined ? set.base : part.path
    const message =
      sentences(set, path, rules) ||
      (part.value === null ? `No value for {{${part.index}}}.` : 'Does not fit the template.')
    return { value: part.value ?? '', html: mark(shown, path, message) }
  })
}

/** The values a component gives past its text's placeholders, marked, or `''`. */
function extras(
  ctx: Ctx,
  set: SentSet,
  component: Component | undefined,
  count: number,
  rules: readonly TemplateRule[],
): string {
  const extra = component?.parameters.slice(count) ?? []
  if (component === undefined || extra.length === 0) return ''
  const marks = extra.map((p, k) => {
    const path = `${component.path}.parameters.${count + k}`
    return mark(
      parameter(ctx, p, path),
      path,
      sentences(set, path, rules) || 'Not in the template.',
    )
  })
  return `<p class="cap-note cap-extra">Not in the template: ${marks.join(' ')}</p>`
}

/** How many placeholders a filled text has. */
const placeholders = (parts: readonly FilledPart[]) =>
  parts.reduce((n, part) => (part.kind === 'parameter' ? Math.max(n, part.index) : n), 0)

const find = (set: SentSet, type: string) => set.items.find((c) => c.type === type)

const LABELS = { image: 'Header image', video: 'Header video', gif: 'Header GIF' } as const

function mediaHeader(ctx: Ctx, set: SentSet, header: Extract<FilledHeader, { kind: 'media' }>) {
  const component = find(set, 'header')
  const path = component === undefined ? set.base : `${component.path}.parameters.0`
  const url = header.url ?? undefined
  const sent = component?.parameters[0]
  let drawn: string
  switch (header.format) {
    case 'image':
      drawn = media(ctx, 'image', url, path, LABELS.image)
      break
    case 'video':
    case 'gif':
      drawn = media(ctx, 'video', url, path, LABELS[header.format])
      break
    case 'document':
      drawn = documentCard(ctx, url, path)
      break
    default:
      drawn =
        `<div class="cap-map" role="img" aria-label="Map"><span class="cap-pin" aria-hidden="true"></span></div>` +
        (sent === undefined ? '' : `<p class="cap-note">${parameter(ctx, sent, path)}</p>`)
  }
  if (header.fits) return drawn
  const message =
    set.issues
      .filter((i) => i.rule.startsWith('header_') || within(i.path, path))
      .map((i) => i.message)
      .join(' ') || `The ${header.format} header has no value.`
  return (
    `<div class="cap-misfit cap-misfit-block" data-cap-path="${escapeHtml(path)}">${drawn}` +
    `<p class="cap-misfit-note" dir="auto"><span class="cap-misfit-icon" aria-hidden="true">⚠</span>${escapeHtml(message)}</p></div>`
  )
}

function header(ctx: Ctx, set: SentSet, filled: FilledHeader | null): string {
  if (filled === null) return ''
  if (filled.kind === 'media') return mediaHeader(ctx, set, filled)
  const component = find(set, 'header')
  const text = formatFilled(pieces(filled.parts, set, component, HEADER_RULES))
  return (
    (text === ''
      ? ''
      : `<p${attrs(ctx, 'cap-header', component?.path ?? set.base)} dir="auto">${text}</p>`) +
    extras(ctx, set, component, placeholders(filled.parts), HEADER_RULES)
  )
}

function body(ctx: Ctx, set: SentSet, parts: readonly FilledPart[]): string {
  const component = find(set, 'body')
  const text = formatFilled(pieces(parts, set, component, BODY_RULES))
  return (
    (text === ''
      ? ''
      : `<p${attrs(ctx, 'cap-text', component?.path ?? set.base)} dir="auto">${text}</p>`) +
    extras(ctx, set, component, placeholders(parts), BODY_RULES)
  )
}

const ICONS: Readonly<Record<string, string>> = {
  URL: '↗',
  QUICK_REPLY: '↩',
  PHONE_NUMBER: '✆',
  VOICE_CALL: '✆',
  COPY_CODE: '⧉',
  OTP: '⧉',
  FLOW: '▸',
}

/** Why a button does not fit, or `undefined` when it does. */
function buttonMisfit(set: SentSet, button: FilledButton): string | undefined {
  if (button.fits) return undefined
  const component = set.items.find(
    (c) => c.type === 'button' && num(c.raw, 'index') === button.index,
  )
  // Without a component, the check's sentence names the button: "Button 0 (URL …) … needs …".
  const found = set.issues.filter((i) =>
    component === undefined
      ? i.path === set.base && i.message.startsWith(`Button ${button.index} (`)
      : within(i.path, component.path),
  )
  return (
    found.map((i) => i.message).join(' ') ||
    (component === undefined
      ? 'The send has no component for this button.'
      : 'Does not fit the template.')
  )
}

function filledButton(set: SentSet, button: FilledButton): string {
  const misfit = buttonMisfit(set, button)
  const type = button.type.toUpperCase()
  const icon = Object.hasOwn(ICONS, type) ? ICONS[type] : undefined
  const m = misfit === undefined ? '' : escapeHtml(misfit)
  const cls = `cap-btn${misfit === undefined ? '' : ' cap-misfit'}`
  const title = misfit === undefined ? '' : ` title="${m}"`
  const inner =
    (misfit === undefined ? '' : '<span class="cap-misfit-icon" aria-hidden="true">⚠</span>') +
    (icon === undefined ? '' : `<span class="cap-icon" aria-hidden="true">${icon}</span>`) +
    `<span dir="auto">${labelHtml(button.text)}</span>`
  const sr = misfit === undefined ? '' : said(misfit)
  // What the customer reaches: the filled address, or the code a copy-code button copies.
  const shown = button.url ?? (type === 'COPY_CODE' || type === 'OTP' ? button.value : null)
  const detail = shown === null ? '' : `<span class="cap-btn-detail">${escapeCode(shown)}</span>`
  const href = httpUrl(button.url ?? undefined)
  if (href !== undefined) {
    return `<a class="${cls} cap-btn-link" href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer nofollow"${title}>${inner}${detail}<span class="cap-sr"> (opens a web page)</span>${sr}</a>`
  }
  return `<button type="button" class="${cls}${detail === '' ? '' : ' cap-btn-link'}"${title}>${inner}${detail}${sr}</button>`
}

function buttons(set: SentSet, list: readonly FilledButton[]): string {
  return actions(list.map((b) => filledButton(set, b)).join(''))
}

/** A carousel's cards, each filled like a template, side by side. */
function cards(
  ctx: Ctx,
  top: SentSet,
  filled: readonly FilledComponents[],
  issues: readonly TemplateIssue[],
) {
  const carousel = find(top, 'carousel')
  const at = carousel === undefined ? 0 : top.items.indexOf(carousel)
  const sent = arr(carousel?.raw, 'cards')
  const items = filled.map((card, k) => {
    // The card the send gives for this position of the template, as fillTemplate reads it.
    const position = sent.findIndex((c) => num(c, 'cardIndex') === k)
    const path = `${T}.components.${at}.cards.${position < 0 ? k : position}`
    const set: SentSet = {
      base: `${path}.components`,
      items: position < 0 ? [] : components(sent[position], path),
      issues: issues.filter((i) => within(i.path, `${path}.components`)),
    }
    return `<li class="cap-card">${header(ctx, set, card.header)}${body(ctx, set, card.body)}${buttons(set, card.buttons)}</li>`
  })
  return `<ul class="cap-carousel" aria-label="Carousel of ${filled.length} cards">${items.join('')}</ul>`
}

const CARD_PATH = /\.cards\.\d+\.components(\.|$)/

/**
 * @internal A template send filled in from its registered template.
 *
 * @param template The message's `content.template`.
 * @param known The registered template of the same name and language.
 * @param title The template's name and language, drawn under the bubble.
 */
export function filledTemplate(
  ctx: Ctx,
  template: unknown,
  known: KnownTemplate,
  title: string,
): Parts {
  const filled = fillTemplate(template, known)
  const items = components(template)
  const top: SentSet = {
    base: Array.isArray(asObj(template)?.components) ? `${T}.components` : T,
    items,
    issues: filled.issues.filter((i) => !CARD_PATH.test(i.path)),
  }
  const footer =
    filled.footer === null || filled.footer === ''
      ? ''
      : `<p class="cap-footer" dir="auto">${formatFilled([{ text: filled.footer }])}</p>`
  return {
    bubble: header(ctx, top, filled.header) + body(ctx, top, filled.body) + footer,
    actions: buttons(top, filled.buttons),
    ...(filled.cards === null ? {} : { after: cards(ctx, top, filled.cards, filled.issues) }),
    note: title,
    problems: issueList(
      filled.issues,
      `Does not fit ${code(known.name)} <span dir="auto">(${escapeHtml(known.language)})</span>`,
      'Template issues',
    ),
  }
}
