import type { Message } from '../types'
import type { EnvelopeOptions, Finishing } from './base'
import { Chain } from './chain'
import type { Suggestions } from './suggestions'

/**
 * A message whose content is complete when it is started (text, media, location, raw): only the
 * envelope options and the finishing calls remain.
 *
 * @typeParam TOutput The message type built.
 */
export interface SimpleBuilder<TOutput>
  extends EnvelopeOptions<SimpleBuilder<TOutput>>,
    Suggestions<SimpleBuilder<TOutput>>,
    Finishing<TOutput> {}

/** A location, in decimal degrees. */
export interface LocationInput {
  readonly latitude: number
  readonly longitude: number
  readonly name?: string
  readonly address?: string
}

/** Options of media messages that show a caption. */
export interface CaptionOptions {
  /** At most 1,024 characters, shown under the media. */
  readonly caption?: string
}

/** Options of a video: its caption, and the thumbnail, size and duration Viber and LINE show. */
export interface VideoOptions extends CaptionOptions {
  /** An absolute URL of a preview image (`content.video.thumbnail`). */
  readonly thumbnail?: string
  /** The file's size in bytes, as declared to Viber (`content.video.filesize`). */
  readonly filesize?: number
  /** Its duration in seconds (`content.video.duration`); Viber plays at most 600. */
  readonly duration?: number
}

/** A Viber call-to-action button. */
export interface ViberButton {
  /** The label; at most 30 characters. */
  readonly caption: string
  /** The absolute URL it opens; at most 1,000 characters. */
  readonly action: string
}

/** Options of a Viber rich message. */
export interface ViberButtonOptions {
  /** An absolute URL of an image shown above the text (JPEG, PNG or GIF, at most 1 MB). */
  readonly image?: string
}

/** What `.raw()` takes: any message type 8x8 knows, with its content as 8x8 spells it. */
export type RawContent = Pick<Message, 'type' | 'content'>

/** @internal A message whose content was complete when it was started. */
export class SimpleImpl extends Chain {}
