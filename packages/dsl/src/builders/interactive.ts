/**
 * What the interactive builders share: header, body and footer, and the assembly of
 * `content.interactive`.
 *
 * @module
 */
import { InteractiveMessageSchema } from '../schemas/message'
import { type BaseState, type Body, BuilderImpl } from './base'

/** @internal The parts every interactive message may have. */
export interface InteractiveState extends BaseState {
  readonly header?: object
  readonly body?: string
  readonly footer?: string
}

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

/** @internal The implementation of the interactive builders. */
export abstract class InteractiveImpl<TState extends InteractiveState> extends BuilderImpl<TState> {
  protected get schema() {
    return InteractiveMessageSchema
  }
  /** The wire `interactive.type`. */
  protected abstract readonly kind: string
  /** The wire `interactive.action`. */
  protected abstract wireAction(): object

  header(text: string): this {
    return this.with({ header: { type: 'text', text } } as Partial<TState>)
  }
  headerImage(url: string): this {
    return this.with({ header: { type: 'image', image: { link: url } } } as Partial<TState>)
  }
  headerVideo(url: string): this {
    return this.with({ header: { type: 'video', video: { link: url } } } as Partial<TState>)
  }
  headerDocument(url: string, filename?: string): this {
    const document = filename === undefined ? { link: url } : { link: url, filename }
    return this.with({ header: { type: 'document', document } } as Partial<TState>)
  }
  body(text: string): this {
    return this.with({ body: text } as Partial<TState>)
  }
  footer(text: string): this {
    return this.with({ footer: text } as Partial<TState>)
  }

  protected payload(): Body {
    const { header, body, footer } = this.state
    const interactive: Record<string, unknown> = { type: this.kind }
    if (header !== undefined) interactive.header = header
    if (body !== undefined) interactive.body = { text: body }
    if (footer !== undefined) interactive.footer = { text: footer }
    interactive.action = this.wireAction()
    return { type: 'interactive', content: { interactive } }
  }
}
