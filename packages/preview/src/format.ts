/**
 * WhatsApp's text formatting, turned into HTML: `*bold*`, `_italic_`, `~strikethrough~` and
 * ```` ```monospace``` ````, and clickable `http(s)` links. Everything else is escaped text.
 *
 * The rules follow what WhatsApp shows: a marker opens only at the start of the text or after a
 * character that is not a letter or digit, and must be followed by a non-space; it closes only
 * before the end or a character that is not a letter or digit, after a non-space, on the same
 * line. So `snake_case_name` and `2*3*4` stay as they are. Markers nest (`*_both_*`). Monospace
 * may span lines and nothing inside it is formatted or linked.
 *
 * @module
 */
import { escapeHtml, httpUrl } from './escape'

const TAGS: Readonly<Record<string, string>> = { '*': 'strong', _: 'em', '~': 's' }

const WORD = /[\p{L}\p{N}\p{M}]/u

function isWord(c: string | undefined): boolean {
  return c !== undefined && WORD.test(c)
}

function isSpace(c: string | undefined): boolean {
  return c !== undefined && /\s/u.test(c)
}

const URL_START = /https?:\/\/[^\s<>"]+/iy
const TRAILING = /[.,;:!?'"*_~]$/u

/**
 * What a URL in the text stands for: itself, or (for a template's text with its parameters as
 * placeholders) the URL with the values filled in.
 */
export type Resolve = (url: string) => string

const itself: Resolve = (url) => url

/** The length of the http(s) URL that starts at `i`, or 0. */
function urlAt(text: string, i: number, resolve: Resolve): number {
  if (isWord(text[i - 1])) return 0
  URL_START.lastIndex = i
  const match = URL_START.exec(text)
  if (!match) return 0
  let url = match[0]
  for (;;) {
    if (TRAILING.test(url)) url = url.slice(0, -1)
    else if (url.endsWith(')') && count(url, ')') > count(url, '(')) url = url.slice(0, -1)
    else break
  }
  return httpUrl(resolve(url)) === undefined ? 0 : url.length
}

function count(text: string, c: string): number {
  return text.split(c).length - 1
}

function link(url: string, resolve: Resolve): string {
  const href = httpUrl(resolve(url)) ?? ''
  return `<a class="cap-a" href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer nofollow">${escapeHtml(url)}</a>`
}

/** A search for a closing marker: from where, where it closed (or -1), and where it stopped. */
interface Search {
  readonly from: number
  readonly found: number
  readonly stop: number
}

/** Where a `marker` opened before `from` closes: the first closing marker from `from` on. */
function closing(text: string, marker: string, from: number, resolve: Resolve): Search {
  for (let j = from; j < text.length; j++) {
    const c = text[j]
    if (c === '\n') return { from, found: -1, stop: j }
    const skip = c === 'h' || c === 'H' ? urlAt(text, j, resolve) : 0
    if (skip > 0) {
      j += skip - 1
      continue
    }
    if (c === marker && !isSpace(text[j - 1]) && !isWord(text[j + 1])) {
      return { from, found: j, stop: j }
    }
  }
  return { from, found: -1, stop: text.length }
}

function inline(text: string, resolve: Resolve): string {
  let html = ''
  let plain = ''
  // The last search for each marker. A later opener whose search starts inside a finished search
  // has the same answer: this keeps a text full of unclosed markers linear, not quadratic.
  const searches = new Map<string, Search>()
  const close = (marker: string, from: number): number => {
    const last = searches.get(marker)
    if (last !== undefined && last.from <= from && from <= last.stop) {
      if (last.found === -1 || last.found >= from) return last.found
    }
    const search = closing(text, marker, from, resolve)
    searches.set(marker, search)
    return search.found
  }
  const flush = () => {
    html += escapeHtml(plain)
    plain = ''
  }
  for (let i = 0; i < text.length; ) {
    const c = text[i] ?? ''
    const url = c === 'h' || c === 'H' ? urlAt(text, i, resolve) : 0
    if (url > 0) {
      flush()
      html += link(text.slice(i, i + url), resolve)
      i += url
      continue
    }
    const tag = TAGS[c]
    if (tag !== undefined && !isWord(text[i - 1]) && !isSpace(text[i + 1])) {
      const end = close(c, i + 2)
      if (end > 0) {
        flush()
        html += `<${tag}>${inline(text.slice(i + 1, end), resolve)}</${tag}>`
        i = end + 1
        continue
      }
    }
    // Whole code points, so that a surrogate pair is never split between two escapes.
    const cp = String.fromCodePoint(text.codePointAt(i) ?? 0)
    plain += cp
    i += cp.length
  }
  flush()
  return html
}

const MONO = '```'

/**
 * Formats message text as WhatsApp shows it and returns safe HTML: `*bold*`, `_italic_`,
 * `~strikethrough~`, ```` ```monospace``` ```` and clickable `http(s)` links; everything else is
 * escaped. Line breaks are kept as they are: put the result in an element with
 * `white-space: pre-wrap` (the preview's `cap-text` class does).
 *
 * @param text The raw text of a message, caption, header or footer.
 * @returns HTML with `<strong>`, `<em>`, `<s>`, `<code>` and `<a>` only.
 *
 * @example
 * ```ts
 * formatText('*Sale* ends _today_: https://example.com/sale')
 * // '<strong>Sale</strong> ends <em>today</em>: <a class="cap-a" href="https://example.com/sale" …>…</a>'
 * ```
 */
export function formatText(text: string): string {
  return formatResolved(text, itself)
}

/**
 * @internal {@link formatText}, where the href of each link is `resolve(url)`: a template's
 * text is formatted whole, its values standing in as placeholder characters, so that markers
 * around a placeholder (`*{{1}}*`) apply, and a link holding one points where the filled text
 * would.
 */
export function formatResolved(text: string, resolve: Resolve): string {
  let html = ''
  let rest = text
  for (;;) {
    const open = rest.indexOf(MONO)
    const close = open < 0 ? -1 : rest.indexOf(MONO, open + MONO.length + 1)
    if (close < 0) return html + inline(rest, resolve)
    html += `${inline(rest.slice(0, open), resolve)}<code class="cap-mono">${escapeHtml(rest.slice(open + 3, close))}</code>`
    rest = rest.slice(close + 3)
  }
}
