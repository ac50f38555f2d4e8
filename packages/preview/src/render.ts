/**
 * The fragment renderer: a message, valid or not, as a chat bubble in HTML.
 *
 * @module
 */
import { type DslIssue, safeParseLineNotification, safeParseMessage } from '@chatapps/dsl'
import { escapeHtml } from './escape'
import type { PreviewOptions } from './options'
import { file, location, mediaMessage, text } from './parts/basic'
import { attrs, type Ctx, code, type Parts } from './parts/common'
import { issueList, unknownKind } from './parts/fallback'
import { interactive } from './parts/interactive'
import { lineNotification, looksLikeLineNotification } from './parts/line-notification'
import { carousel, richCard, suggestions, viberButtons } from './parts/rcs'
import { template } from './parts/template'
import { asObj, obj, str } from './read'

/** @internal What {@link inspectMessage} found: the message to draw, its kind, its issues. */
export interface Inspection {
  /** The canonical message when it is valid, else the input as it was. */
  readonly message: unknown
  /** `type` in lower case (`interactive.type` for interactive messages), or `undefined`. */
  readonly kind: string | undefined
  /** The validation issues; empty when the message is valid. */
  readonly issues: readonly DslIssue[]
}

/**
 * @internal Validates the input with the DSL, and says what kind of message it is.
 */
export function inspectMessage(input: unknown): Inspection {
  if (looksLikeLineNotification(input)) {
    const result = safeParseLineNotification(input)
    const message = result.success ? result.output : input
    return { message, kind: 'line_notification', issues: result.success ? [] : result.issues }
  }
  const result = safeParseMessage(input)
  const message = result.success ? result.output : input
  const type = str(message, 'type')?.toLowerCase()
  const kind =
    type === 'interactive'
      ? (str(obj(obj(message, 'content'), 'interactive'), 'type') ?? type)
      : type
  return { message, kind, issues: result.success ? [] : result.issues }
}

function parts(ctx: Ctx, type: string | undefined, content: unknown): Parts {
  switch (type) {
    case 'text':
      return text(ctx, content)
    case 'image':
    case 'video':
    case 'audio':
      return mediaMessage(ctx, type, content)
    case 'file':
      return file(ctx, content)
    case 'location':
      return location(ctx, content)
    case 'interactive':
      return (
        interactive(ctx, content) ??
        unknownKind(`interactive.${str(obj(content, 'interactive'), 'type') ?? '(none)'}`, content)
      )
    case 'template':
      return template(ctx, content)
    case 'richcard':
      return richCard(ctx, content)
    case 'carousel':
      return carousel(ctx, content)
    case 'buttons':
      return viberButtons(ctx, content)
    default:
      return unknownKind(type ?? '(none)', content)
  }
}

function time(options: PreviewOptions): string {
  const { now } = options
  if (now === undefined || Number.isNaN(now.getTime())) return ''
  const format = (locale: string, timeZone: string) =>
    new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', timeZone }).format(now)
  let shown: string
  try {
    shown = format(options.locale ?? 'en', options.timeZone ?? 'UTC')
  } catch {
    // An unknown locale or time zone: English and UTC rather than an exception.
    shown = format('en', 'UTC')
  }
  return `<p class="cap-time"><time datetime="${now.toISOString()}">${escapeHtml(shown)}</time></p>`
}

function recipient(ctx: Ctx, message: unknown): string {
  const user = obj(message, 'user')
  if (user === undefined) return ''
  const who =
    str(user, 'msisdn') ?? str(user, 'channelUserId') ?? str(user, 'lineUserId') ?? '(no recipient)'
  return `<p${attrs(ctx, 'cap-to', 'user')}>To ${code(who)}</p>`
}

function quote(ctx: Ctx, message: unknown): string {
  const umid = str(obj(message, 'context'), 'umid')
  return umid === undefined
    ? ''
    : `<p${attrs(ctx, 'cap-quote', 'context')}>Reply to ${code(umid)}</p>`
}

const KINDS: Readonly<Record<string, string>> = {
  file: 'document',
  button: 'reply buttons',
  cta_url: 'call-to-action link',
  product_list: 'product list',
  richcard: 'rich card',
  buttons: 'Viber buttons',
  location_request_message: 'location request',
  call_permission_request: 'call permission request',
  request_contact_info: 'contact info request',
  voice_call: 'voice call',
  line_notification: 'LINE notification',
}

/** @internal How a kind of message is called in labels and titles. */
export function kindLabel(kind: string | undefined): string {
  if (kind === undefined) return 'not a message'
  return Object.hasOwn(KINDS, kind) ? (KINDS[kind] ?? kind) : kind
}

/** The heading level, 2 to 6; 3 for anything else (options may come from unchecked JavaScript). */
function headingLevel(level: unknown): number {
  return typeof level === 'number' && Number.isInteger(level) && level >= 2 && level <= 6
    ? level
    : 3
}

/** @internal Renders an inspected message. */
export function renderInspected(inspection: Inspection, options: PreviewOptions): string {
  const { message, kind, issues } = inspection
  const ctx: Ctx = {
    options,
    issues,
    loadMedia: options.loadMedia ?? true,
    heading: headingLevel(options.headingLevel),
  }
  const type = str(message, 'type')?.toLowerCase()
  const content = asObj(message) === undefined ? message : obj(message, 'content')
  const p =
    asObj(message) === undefined
      ? unknownKind(undefined, message)
      : kind === 'line_notification'
        ? lineNotification(ctx, message)
        : parts(ctx, type, content)
  const invalid = issues.length > 0
  const misfit = p.problems !== undefined && p.problems !== ''
  const label = `Message preview: ${kindLabel(kind)}${invalid ? ', not valid' : ''}${misfit ? ', does not fit its template' : ''}`
  return (
    `<article class="cap-preview${invalid || misfit ? ' cap-has-issues' : ''}" aria-label="${escapeHtml(label)}">` +
    '<div class="cap-screen">' +
    recipient(ctx, message) +
    `<div class="cap-bubble">${quote(ctx, message)}${p.bubble}${time(options)}${p.actions ?? ''}</div>` +
    (p.after ?? '') +
    suggestions(ctx, content, 'content') +
    (p.note ?? '') +
    '</div>' +
    (options.showIssues === false ? '' : issueList(issues) + (p.problems ?? '')) +
    '</article>'
  )
}

/**
 * Renders a message as an HTML fragment that looks like a chat bubble on a phone: WhatsApp's
 * text formatting, media, list sheets that open without script, buttons, templates (as the
 * customer reads them, given the registered templates in `options.templates`), RCS cards and a
 * JSON view of anything else. Every string from the message is escaped, links and media
 * only use `http(s)` URLs, and the fragment has no script and no event handler.
 *
 * The input may be anything: a built message, or JSON from anywhere. When it is not a valid
 * message, what can be drawn is drawn, the parts an issue points into get the class
 * `cap-invalid`, and the issues are listed below with their paths.
 *
 * The fragment's classes all start with `cap-`; style them with {@link previewStyles}.
 *
 * @param message A message from `@chatapps/dsl`, or any value to be checked and shown.
 * @param options The time to show, the locale, known template texts and more.
 * @returns The HTML fragment, an `<article class="cap-preview">`.
 *
 * @example
 * ```ts
 * import { msg } from '@chatapps/dsl'
 * import { previewStyles, renderPreview } from '@chatapps/preview'
 *
 * const message = msg.to('+15551234567').text('*Hello* _there_').build()
 * element.innerHTML = `<style>${previewStyles}</style>${renderPreview(message)}`
 * ```
 */
export function renderPreview(message: unknown, options: PreviewOptions = {}): string {
  return renderInspected(inspectMessage(message), options)
}
