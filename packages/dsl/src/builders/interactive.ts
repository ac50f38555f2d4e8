/**
 * What the interactive builders share: header, body and footer, and the assembly of
 * `content.interactive`.
 *
 * @module
 */
import type { DslTypeError } from '../internal/type-error'
import { Chain } from './chain'

/**
 * The text header, body and footer calls.
 *
 * @typeParam TSelf The builder they return.
 */
export interface TextParts<TSelf> {
  /**
   * A text header above the body.
   *
   * @param text At most 60 characters; no markdown.
   */
  header(text: string): TSelf
  /**
   * The message's body.
   *
   * @param text At most 1,024 characters; WhatsApp formatting (`*bold*`, `_italic_`) works.
   */
  body(text: string): TSelf
  /**
   * A footer under the body.
   *
   * @param text At most 60 characters.
   */
  footer(text: string): TSelf
}

/**
 * Header calls for messages whose header may also be media (reply buttons, CTA URL, flow).
 *
 * @typeParam TSelf The builder they return.
 */
export interface MediaHeaders<TSelf> {
  /**
   * An image header.
   *
   * @param url An absolute https URL of a JPEG or PNG image.
   */
  headerImage(url: string): TSelf
  /**
   * A video header.
   *
   * @param url An absolute https URL of an MP4 video.
   */
  headerVideo(url: string): TSelf
  /**
   * A document header.
   *
   * @param url An absolute https URL of the document.
   * @param filename The name shown to the user; its extension chooses the icon.
   */
  headerDocument(url: string, filename?: string): TSelf
}

/**
 * The media header calls of a message whose header cannot be media (a list, a product list) or
 * cannot exist (a single product). They are there only to fail: each takes the rule as the type of
 * its URL, so `tsc` says why (`Argument of type 'string' is not assignable to parameter of type
 * 'DslTypeError<"A list's header is text only: use .header(text)">'`).
 *
 * @typeParam TSelf The builder they would return.
 * @typeParam TMessage The rule.
 */
export interface NoMediaHeaders<TSelf, TMessage extends string> {
  /** Not allowed here: the parameter's type says why. */
  headerImage(url: DslTypeError<TMessage>): TSelf
  /** Not allowed here: the parameter's type says why. */
  headerVideo(url: DslTypeError<TMessage>): TSelf
  /** Not allowed here: the parameter's type says why. */
  headerDocument(url: DslTypeError<TMessage>, filename?: string): TSelf
}

/** @internal The header, body and footer calls of the interactive builders. */
export class InteractiveImpl extends Chain {
  header(text: string): this {
    return this.next({ op: 'header', header: Object.freeze({ type: 'text', text }) })
  }
  headerImage(url: string): this {
    const header = { type: 'image', image: Object.freeze({ link: url }) } as const
    return this.next({ op: 'header', header: Object.freeze(header) })
  }
  headerVideo(url: string): this {
    const header = { type: 'video', video: Object.freeze({ link: url }) } as const
    return this.next({ op: 'header', header: Object.freeze(header) })
  }
  headerDocument(url: string, filename?: string): this {
    const document = filename === undefined ? { link: url } : { link: url, filename }
    const header = { type: 'document', document: Object.freeze(document) } as const
    return this.next({ op: 'header', header: Object.freeze(header) })
  }
  body(text: string): this {
    return this.next({ op: 'body', body: text })
  }
  footer(text: string): this {
    return this.next({ op: 'footer', text })
  }
}

/** @internal Wraps a value that should be an array, so that a wrong one is reported, not thrown. */
export const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value])
