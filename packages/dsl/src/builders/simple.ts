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

/** What `.raw()` takes: any message type 8x8 knows, with its content as 8x8 spells it. */
export type RawContent = Pick<Message, 'type' | 'content'>

/** @internal A message whose content was complete when it was started. */
export class SimpleImpl extends Chain {}
