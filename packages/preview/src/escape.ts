/**
 * Escaping: every string that comes from a message passes through here before it reaches the
 * HTML, whether as text or in an attribute.
 *
 * @module
 */

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

// C0 and C1 controls other than tab, line feed and carriage return, and lone surrogates: HTML
// treats them as parse errors, so they become U+FFFD.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to match them.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|\p{Cs}/gu

/**
 * Escapes a string for an HTML text node or a quoted attribute value: the escaping every preview
 * uses, for pages that put their own text beside one.
 *
 * @param value The raw string.
 * @returns The string with `& < > " '` escaped and control characters replaced by U+FFFD.
 *
 * @example
 * ```ts
 * import { escapeHtml, renderPreview } from '@chatapps/preview'
 *
 * const page = `<h2>${escapeHtml(chatTitle)}</h2>${renderPreview(message)}`
 * ```
 */
export function escapeHtml(value: string): string {
  return value.replace(CONTROL, '\uFFFD').replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c)
}

// Bidirectional formatting characters and other invisible ones that can make an id or a URL
// look like another (CVE-2021-42574, "Trojan Source").
const INVISIBLE = /[\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/gu

/**
 * @internal Makes the invisible characters of an identifier or a URL visible, as `<U+202E>`, and
 * escapes the result. For values that people compare by eye rather than read as prose.
 *
 * @param value The raw identifier.
 * @returns Escaped HTML text.
 */
export function escapeCode(value: string): string {
  return escapeHtml(
    value.replace(
      INVISIBLE,
      (c) => `<U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}>`,
    ),
  )
}

/**
 * @internal Returns a URL in its normalised form when it is an absolute `http:` or `https:` URL,
 * and `undefined` otherwise (`javascript:`, `data:`, relative URLs, anything unparsable). Only
 * the returned form may go into an `href` or a `src`, and then escaped.
 *
 * @param value The raw URL.
 */
export function httpUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return undefined
  }
  return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined
}
