import type * as v from 'valibot'
import {
  AudioMessageSchema,
  FileMessageSchema,
  ImageMessageSchema,
  LocationMessageSchema,
  MessageSchema,
  TextMessageSchema,
  VideoMessageSchema,
} from '../schemas/message'
import type { Message } from '../types'
import {
  type BaseState,
  type Body,
  BuilderImpl,
  type EnvelopeOptions,
  type Finishing,
} from './base'

/**
 * A message whose content is complete when it is started (text, media, location, raw): only the
 * envelope options and the finishing calls remain.
 *
 * @typeParam TOutput The message type built.
 */
export interface SimpleBuilder<TOutput>
  extends EnvelopeOptions<SimpleBuilder<TOutput>>,
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

const SCHEMAS: Record<string, v.GenericSchema> = {
  text: TextMessageSchema,
  image: ImageMessageSchema,
  video: VideoMessageSchema,
  audio: AudioMessageSchema,
  file: FileMessageSchema,
  location: LocationMessageSchema,
}

/** @internal */
export interface SimpleState extends BaseState {
  readonly body: Body
}

/** @internal */
export class SimpleImpl extends BuilderImpl<SimpleState> {
  protected get schema(): v.GenericSchema {
    return SCHEMAS[this.state.body.type] ?? MessageSchema
  }
  protected payload(): Body {
    return this.state.body
  }
}

/** @internal The content of a media message. */
export function media(url: string, caption: string | undefined): object {
  return caption === undefined ? { url } : { url, text: caption }
}
