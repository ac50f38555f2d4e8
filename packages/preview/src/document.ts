/**
 * A whole HTML document around one preview, to save as a file or serve as a page.
 *
 * @module
 */
import { escapeHtml } from './escape'
import type { PreviewDocumentOptions } from './options'
import { inspectMessage, kindLabel, renderInspected } from './render'
import { previewStyles } from './styles'

const PAGE_CSS =
  'body.cap-page{margin:0;padding:1.5rem;background:#f7f7f7;color:#111b21;font:16px/1.5 system-ui,sans-serif}.cap-page h1{font-size:1.25rem;margin:0 0 1rem}'

// No script may run and nothing but media may be fetched, whatever the message holds.
const CSP =
  "default-src 'none'; img-src http: https:; media-src http: https:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"

function language(locale: string | undefined): string {
  try {
    return Intl.getCanonicalLocales(locale ?? 'en')[0] ?? 'en'
  } catch {
    return 'en'
  }
}

/**
 * Renders a message as a complete HTML document: `<!doctype html>`, `<meta charset="utf-8">`,
 * a `lang`, a title, the stylesheet inline and a Content-Security-Policy that allows no script.
 * The document fetches nothing but the message's own media (none with `loadMedia: false`).
 *
 * @param message A message from `@chatapps/dsl`, or any value to be checked and shown.
 * @param options The options of {@link renderPreview}, and the page's `title`.
 * @returns The HTML document, as a string.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs'
 * import { renderPreviewDocument } from '@chatapps/preview'
 *
 * writeFileSync('preview.html', renderPreviewDocument(message, { title: 'Welcome message' }))
 * ```
 */
export function renderPreviewDocument(
  message: unknown,
  options: PreviewDocumentOptions = {},
): string {
  const inspection = inspectMessage(message)
  const title = escapeHtml(options.title ?? `Message preview: ${kindLabel(inspection.kind)}`)
  return [
    '<!doctype html>',
    `<html lang="${escapeHtml(language(options.locale))}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="referrer" content="no-referrer">',
    `<title>${title}</title>`,
    `<style>${PAGE_CSS}\n${previewStyles}</style>`,
    '</head>',
    '<body class="cap-page">',
    '<main>',
    `<h1>${title}</h1>`,
    renderInspected(inspection, options),
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n')
}
