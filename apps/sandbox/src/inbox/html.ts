/**
 * Escaping and the Content-Security-Policy of the inbox pages.
 *
 * @module
 */

// The same escaping as the previews the pages show.
export { escapeHtml } from '@chatapps/preview'

/** A fresh nonce for one page's inline script and style (128 random bits, base64). */
export function nonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  return btoa(String.fromCharCode(...bytes))
}

/**
 * The policy of a page: only its own nonce'd script and style run, it only talks to its own
 * origin, it loads nothing else (media are placeholders: `loadMedia: false`), and it cannot be
 * framed. The preview's `<a>` links still work: navigation is not a fetch. With `media`, the
 * page may also load images, videos and audio over https (the inbox's media switch).
 */
export function pageCsp(pageNonce: string, media = false): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${pageNonce}'`,
    `style-src 'nonce-${pageNonce}'`,
    "connect-src 'self'",
    // With the media switch on (`?media=1`), images, videos and audio load from their https URLs.
    media ? "img-src 'self' https:" : "img-src 'self'",
    ...(media ? ["media-src 'self' https:"] : []),
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ')
}

/** The policy of a fragment (read by script, never rendered on its own): nothing at all. */
export const FRAGMENT_CSP = "default-src 'none'; frame-ancestors 'none'"

/** A strong ETag for a body: its SHA-256, in hex. */
export async function etagOf(body: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(body))
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
  return `"${hex}"`
}
