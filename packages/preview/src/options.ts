/**
 * The options of the renderers.
 *
 * @module
 */
import type { KnownTemplate } from '@chatapps/dsl/templates'

/**
 * The known text of a template, with `{{1}}`, `{{2}}`… where its parameters go.
 *
 * @example
 * ```ts
 * const orderUpdate: TemplateText = {
 *   body: 'Hi {{1}}, your order *{{2}}* has shipped.',
 *   footer: 'Reply STOP to opt out',
 *   buttons: ['Track it'],
 * }
 * renderPreview(message, { templates: { order_update: orderUpdate } })
 * ```
 */
export interface TemplateText {
  /** The header text, with `{{1}}` for the header's text parameter. */
  readonly header?: string
  /** The body text, with `{{1}}`… for the body's parameters, in order. */
  readonly body: string
  /** The footer text (static). */
  readonly footer?: string
  /** The labels of the template's buttons, by index. */
  readonly buttons?: readonly string[]
}

/**
 * Options of `renderPreview` and `renderPreviewDocument`. All are optional; without
 * any, the output depends on the message alone.
 *
 * @example
 * ```ts
 * const options: PreviewOptions = {
 *   now: new Date('2026-11-24T09:30:00Z'), // shown as 9:30 AM
 *   timeZone: 'UTC',
 *   loadMedia: false, // placeholders instead of <img>/<video>: the page fetches nothing
 * }
 * renderPreview(message, options)
 * ```
 */
export interface PreviewOptions {
  /**
   * The time shown in the bubble, as a phone would show it. Without it no time is shown, so
   * that the output depends on the message only.
   */
  readonly now?: Date
  /** The BCP 47 locale for the time and the document's `lang`; `'en'` by default. */
  readonly locale?: string
  /** The IANA time zone in which `now` is shown; `'UTC'` by default. */
  readonly timeZone?: string
  /** Whether to list the validation issues of an invalid message below it; `true` by default. */
  readonly showIssues?: boolean
  /**
   * Whether images, video and audio load from their URLs (`true` by default). When `false`,
   * each is drawn as a placeholder with its URL, and the page fetches nothing.
   */
  readonly loadMedia?: boolean
  /**
   * The registered templates (8x8's, through `knownTemplate` of `@chatapps/dsl/templates`, or
   * the items of the gateway's `GET /v1/templates` as they are). A template message whose name
   * and language are here is drawn as the customer reads it: its header, its body with the
   * values filled in, its footer and buttons, each value that does not fit marked, and the
   * issues listed. Any other shows its name, language and parameters.
   *
   * Or, as before, the texts of templates by name ({@link TemplateText}).
   *
   * @example
   * ```ts
   * import { knownTemplate } from '@chatapps/dsl/templates'
   *
   * renderPreview(message, { templates: registered.map(knownTemplate) })
   * // or the gateway's answer: { templates: (await response.json()).templates }
   * ```
   */
  readonly templates?: readonly KnownTemplate[] | Readonly<Record<string, TemplateText>>
  /** The level of the headings inside the preview (sheet sections, template parts); 3 by default. */
  readonly headingLevel?: 2 | 3 | 4 | 5 | 6
}

/**
 * Options of `renderPreviewDocument`: those of the fragment and the page's title.
 *
 * @example
 * ```ts
 * renderPreviewDocument(message, { title: 'Order shipped', locale: 'en-GB' })
 * ```
 */
export interface PreviewDocumentOptions extends PreviewOptions {
  /** The document's `<title>` and heading; by default it names the kind of message. */
  readonly title?: string
}
