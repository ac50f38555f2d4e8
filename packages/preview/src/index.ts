/**
 * `@chatapps/preview`: 8x8 ChatApps messages as self-contained, escaped, accessible HTML that
 * looks like the message on a phone, with the validation issues of an invalid one.
 *
 * @example
 * ```ts
 * import { msg } from '@chatapps/dsl'
 * import { renderPreviewDocument } from '@chatapps/preview'
 *
 * const message = msg.to('+15551234567').text('Your order *#420* has _shipped_').build()
 * const html = renderPreviewDocument(message, { now: new Date('2026-11-24T09:30:00Z') })
 * ```
 *
 * @module
 */

export { renderPreviewDocument } from './document'
export { escapeHtml } from './escape'
export { formatText } from './format'
export type { PreviewDocumentOptions, PreviewOptions, TemplateText } from './options'
export { renderPreview } from './render'
export { previewStyles } from './styles'
