/**
 * What every part of the renderer shares: the context, blocks that know their path in the
 * message (to be highlighted when an issue points into them), and headers, bodies, footers,
 * media and buttons.
 *
 * @module
 */
import type { DslIssue } from '@chatapps/dsl'
import { escapeCode, escapeHtml, httpUrl } from '../escape'
import { formatText } from '../format'
import type { PreviewOptions } from '../options'
import { obj, str, textOf } from '../read'

/** @internal What a renderer needs besides the message. */
export interface Ctx {
  readonly options: PreviewOptions
  readonly issues: readonly DslIssue[]
  readonly loadMedia: boolean
  readonly heading: number
}

/**
 * @internal What a message kind renders: the bubble's content, the buttons at its foot (below
 * the time), what follows the bubble, and a developer's note.
 */
export interface Parts {
  readonly bubble: string
  readonly actions?: string
  readonly after?: string
  readonly note?: string
  /**
   * Issues beyond validation (a template send that does not fit its registered template), as
   * HTML listed after the validation issues.
   */
  readonly problems?: string
}

/** @internal Whether an issue points at `path` or inside it. */
export function flagged(ctx: Ctx, path: string): boolean {
  return ctx.issues.some((issue) => issue.path === path || issue.path.startsWith(`${path}.`))
}

/** @internal A class name, with `cap-invalid` added when an issue points into `path`. */
export function classFor(ctx: Ctx, className: string, path: string): string {
  return flagged(ctx, path) ? `${className} cap-invalid` : className
}

/**
 * @internal The attributes of a block: its class, and when an issue points into it, the class
 * `cap-invalid` and its path.
 */
export function attrs(ctx: Ctx, className: string, path: string): string {
  return flagged(ctx, path)
    ? ` class="${className} cap-invalid" data-cap-path="${escapeHtml(path)}"`
    : ` class="${className}"`
}

/** @internal Marks an empty string, so that an empty label or text can still be seen. */
export const EMPTY = '<span class="cap-empty">(empty)</span>'

/** @internal A label as escaped text, or {@link EMPTY}. */
export function labelHtml(text: string): string {
  return text.trim() === '' ? EMPTY : escapeHtml(text)
}

/** @internal A paragraph of formatted message text, or nothing when there is no text. */
export function textBlock(ctx: Ctx, className: string, path: string, text: string | undefined) {
  if (text === undefined) return ''
  const html = text.trim() === '' ? EMPTY : formatText(text)
  return `<p${attrs(ctx, className, path)} dir="auto">${html}</p>`
}

/** @internal A heading of the configured level. */
export function heading(ctx: Ctx, className: string, inner: string): string {
  return `<h${ctx.heading} class="${className}" dir="auto">${inner}</h${ctx.heading}>`
}

/** @internal An identifier or URL as code, its invisible characters shown. */
export function code(value: string): string {
  return `<code class="cap-code">${escapeCode(value)}</code>`
}

/** @internal A link that opens in a new tab, or `undefined` when the URL is not http(s). */
export function anchor(url: string | undefined, className: string, inner: string) {
  const href = httpUrl(url)
  if (href === undefined) return undefined
  return `<a class="${className}" href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer nofollow">${inner}</a>`
}

/** @internal Says that a URL was left out because it is not http(s). */
export function badUrl(url: string | undefined): string {
  return url === undefined
    ? '<p class="cap-note">No URL</p>'
    : `<p class="cap-note">Not an http(s) URL, not linked: ${code(url)}</p>`
}

const ICONS = { image: '🖼', video: '▶', audio: '♪' } as const

/** @internal An image, video or audio element, or a placeholder. */
export function media(
  ctx: Ctx,
  kind: 'image' | 'video' | 'audio',
  url: string | undefined,
  path: string,
  label: string,
  poster?: string,
): string {
  const src = httpUrl(url)
  const a = attrs(ctx, `cap-media cap-${kind}`, path)
  if (src === undefined || !ctx.loadMedia) {
    const shown = src === undefined ? badUrl(url) : `<p class="cap-note">${code(src)}</p>`
    return `<div${a} role="img" aria-label="${escapeHtml(label)}"><span class="cap-media-icon" aria-hidden="true">${ICONS[kind]}</span>${shown}</div>`
  }
  const s = escapeHtml(src)
  if (kind === 'image') {
    return `<img${a} src="${s}" alt="${escapeHtml(label)}" loading="lazy" decoding="async" referrerpolicy="no-referrer">`
  }
  const p = httpUrl(poster)
  const posterAttr = p === undefined ? '' : ` poster="${escapeHtml(p)}"`
  return `<${kind}${a} src="${s}"${posterAttr} controls preload="none" aria-label="${escapeHtml(label)}"><a class="cap-a" href="${s}" target="_blank" rel="noopener noreferrer nofollow">Open the ${kind}</a></${kind}>`
}

/** @internal The name of a document: the last segment of its URL's path. */
export function fileName(url: string | undefined, given?: string): string {
  if (given !== undefined && given !== '') return given
  if (url === undefined) return 'Document'
  try {
    const last = new URL(url).pathname.split('/').pop() ?? ''
    return decodeURIComponent(last) || 'Document'
  } catch {
    return 'Document'
  }
}

/**
 * @internal A document card: an icon with the file's extension, its name, and a link. The name
 * shows invisible characters, so that `\u202Egnp.exe` cannot pass for `exe.png`.
 */
export function documentCard(ctx: Ctx, url: string | undefined, path: string, name?: string) {
  const file = fileName(url, name)
  const ext = /\.([A-Za-z0-9]{1,4})$/.exec(file)?.[1]?.toUpperCase() ?? 'FILE'
  const link =
    anchor(url, 'cap-a cap-doc-open', `Open<span class="cap-sr"> ${escapeCode(file)}</span>`) ??
    badUrl(url)
  return `<div${attrs(ctx, 'cap-doc', path)}><span class="cap-doc-icon" aria-hidden="true">${ext}</span><span class="cap-doc-name">${escapeCode(file)}</span>${link}</div>`
}

/** @internal An interactive header: text, image, video or document. */
export function header(ctx: Ctx, interactive: unknown, path: string): string {
  const h = obj(interactive, 'header')
  if (h === undefined) return ''
  const at = `${path}.header`
  const type = str(h, 'type')
  // Paths of whole parts, so that an issue about the part itself (an unknown key) marks it too.
  if (type === 'text') return textBlock(ctx, 'cap-header', at, str(h, 'text'))
  if (type === 'image' || type === 'video' || type === 'document') {
    const m = obj(h, type)
    const link = str(m, 'link')
    const caption = str(m, 'caption')
    const mediaPath = `${at}.${type}`
    if (link === undefined && str(m, 'id') !== undefined) {
      return `<p${attrs(ctx, 'cap-note', mediaPath)}>Uploaded ${type} ${code(str(m, 'id') ?? '')}</p>`
    }
    if (type === 'document') return documentCard(ctx, link, mediaPath, str(m, 'filename'))
    return media(
      ctx,
      type,
      link,
      mediaPath,
      caption ?? (type === 'image' ? 'Header image' : 'Header video'),
    )
  }
  return `<p${attrs(ctx, 'cap-note', at)}>Header of unknown type ${code(type ?? '(none)')}</p>`
}

/** @internal The body and footer of an interactive message. */
export function bodyFooter(ctx: Ctx, interactive: unknown, path: string): string {
  return (
    textBlock(ctx, 'cap-text', `${path}.body`, textOf(interactive, 'body')) +
    textBlock(ctx, 'cap-footer', `${path}.footer`, textOf(interactive, 'footer'))
  )
}

/** @internal A button that does nothing but can be focused, as the message would show it. */
export function button(ctx: Ctx, text: string, path: string, icon = '', id?: string): string {
  const idAttr = id === undefined ? '' : ` data-cap-id="${escapeHtml(id)}"`
  const i = icon === '' ? '' : `<span class="cap-icon" aria-hidden="true">${icon}</span>`
  return `<button type="button"${attrs(ctx, 'cap-btn', path)}${idAttr}>${i}<span dir="auto">${labelHtml(text)}</span></button>`
}

/** @internal A row of action buttons at the bottom of the bubble. */
export function actions(inner: string, label = 'Actions'): string {
  return inner === ''
    ? ''
    : `<div class="cap-actions" role="group" aria-label="${label}">${inner}</div>`
}
