/**
 * One message in 8x8's wire format, told apart by `type`. `type` is accepted in any letter case
 * (8x8's own samples send `"Image"` and `"Interactive"`) and emitted in the case of 8x8's schema.
 *
 * @module
 */
import * as v from 'valibot'
import { channelRules } from './channel-rules'
import {
  AudioContentSchema,
  channelExtras,
  FileContentSchema,
  ImageContentSchema,
  LocationContentSchema,
  TextContentSchema,
  VideoContentSchema,
} from './content/basic'
import { CarouselSchema, RichCardSchema } from './content/rcs'
import { TemplateSchema } from './content/template'
import { ViberButtonsContentSchema } from './content/viber'
import { envelopeEntries, WhatsAppOptionsSchema } from './envelope'
import { InteractiveSchema } from './interactive'
import type { Named } from './named'
import { anyCase } from './primitives'

const InteractiveContentSchema_ = v.strictObject({
  interactive: InteractiveSchema,
  whatsApp: v.exactOptional(WhatsAppOptionsSchema),
  ...channelExtras,
})
/** The content of an interactive message. */
export interface InteractiveContentSchema extends Named<typeof InteractiveContentSchema_> {}
/** The content of an interactive message. */
export const InteractiveContentSchema: InteractiveContentSchema = InteractiveContentSchema_

const TemplateContentSchema_ = v.strictObject({
  template: TemplateSchema,
  ...channelExtras,
})
/** The content of a template message. */
export interface TemplateContentSchema extends Named<typeof TemplateContentSchema_> {}
/** The content of a template message. */
export const TemplateContentSchema: TemplateContentSchema = TemplateContentSchema_

const RichCardContentSchema_ = v.strictObject({
  richCard: RichCardSchema,
  ...channelExtras,
})
/** The content of an RCS rich card. */
export interface RichCardContentSchema extends Named<typeof RichCardContentSchema_> {}
/** The content of an RCS rich card. */
export const RichCardContentSchema: RichCardContentSchema = RichCardContentSchema_

const CarouselContentSchema_ = v.strictObject({
  carousel: CarouselSchema,
  ...channelExtras,
})
/** The content of an RCS carousel. */
export interface CarouselContentSchema extends Named<typeof CarouselContentSchema_> {}
/** The content of an RCS carousel. */
export const CarouselContentSchema: CarouselContentSchema = CarouselContentSchema_

function kind<const T extends string, const C extends v.GenericSchema>(type: T, content: C) {
  const { user, ...options } = envelopeEntries
  // 8x8's field order: user, type, content, then the options.
  return v.strictObject({ user, type: anyCase(type), content, ...options })
}

const TextMessageSchema_ = kind('text', TextContentSchema)
export interface TextMessageSchema extends Named<typeof TextMessageSchema_> {}
export const TextMessageSchema: TextMessageSchema = TextMessageSchema_
const ImageMessageSchema_ = kind('image', ImageContentSchema)
export interface ImageMessageSchema extends Named<typeof ImageMessageSchema_> {}
export const ImageMessageSchema: ImageMessageSchema = ImageMessageSchema_
const VideoMessageSchema_ = kind('video', VideoContentSchema)
export interface VideoMessageSchema extends Named<typeof VideoMessageSchema_> {}
export const VideoMessageSchema: VideoMessageSchema = VideoMessageSchema_
const AudioMessageSchema_ = kind('audio', AudioContentSchema)
export interface AudioMessageSchema extends Named<typeof AudioMessageSchema_> {}
export const AudioMessageSchema: AudioMessageSchema = AudioMessageSchema_
const FileMessageSchema_ = kind('file', FileContentSchema)
export interface FileMessageSchema extends Named<typeof FileMessageSchema_> {}
export const FileMessageSchema: FileMessageSchema = FileMessageSchema_
const LocationMessageSchema_ = kind('location', LocationContentSchema)
export interface LocationMessageSchema extends Named<typeof LocationMessageSchema_> {}
export const LocationMessageSchema: LocationMessageSchema = LocationMessageSchema_
const InteractiveMessageSchema_ = kind('interactive', InteractiveContentSchema)
export interface InteractiveMessageSchema extends Named<typeof InteractiveMessageSchema_> {}
export const InteractiveMessageSchema: InteractiveMessageSchema = InteractiveMessageSchema_
const TemplateMessageSchema_ = kind('template', TemplateContentSchema)
export interface TemplateMessageSchema extends Named<typeof TemplateMessageSchema_> {}
export const TemplateMessageSchema: TemplateMessageSchema = TemplateMessageSchema_
const RichCardMessageSchema_ = kind('richCard', RichCardContentSchema)
export interface RichCardMessageSchema extends Named<typeof RichCardMessageSchema_> {}
export const RichCardMessageSchema: RichCardMessageSchema = RichCardMessageSchema_
const CarouselMessageSchema_ = kind('carousel', CarouselContentSchema)
export interface CarouselMessageSchema extends Named<typeof CarouselMessageSchema_> {}
export const CarouselMessageSchema: CarouselMessageSchema = CarouselMessageSchema_
const ViberButtonsMessageSchema_ = kind('buttons', ViberButtonsContentSchema)
/** A Viber rich message: text, an optional image and a call-to-action button. */
export interface ViberButtonsMessageSchema extends Named<typeof ViberButtonsMessageSchema_> {}
/** A Viber rich message: text, an optional image and a call-to-action button. */
export const ViberButtonsMessageSchema: ViberButtonsMessageSchema = ViberButtonsMessageSchema_

const MessageSchema_ = v.variant('type', [
  TextMessageSchema,
  ImageMessageSchema,
  VideoMessageSchema,
  AudioMessageSchema,
  FileMessageSchema,
  LocationMessageSchema,
  InteractiveMessageSchema,
  TemplateMessageSchema,
  RichCardMessageSchema,
  CarouselMessageSchema,
  ViberButtonsMessageSchema,
])
// The rules that span envelope and content (channel limits, Direct Send) run on a valid message.
const CheckedMessageSchema_ = v.pipe(
  MessageSchema_,
  channelRules<v.InferOutput<typeof MessageSchema_>>(),
)
/**
 * Any message 8x8's send endpoint accepts.
 *
 * @example
 * ```ts
 * import * as v from 'valibot'
 * import { MessageSchema } from '@chatapps/dsl/schemas'
 *
 * const result = v.safeParse(MessageSchema, untrustedJson)
 * ```
 */
export interface MessageSchema extends Named<typeof CheckedMessageSchema_> {}
/**
 * Any message 8x8's send endpoint accepts.
 *
 * @example
 * ```ts
 * import * as v from 'valibot'
 * import { MessageSchema } from '@chatapps/dsl/schemas'
 *
 * const result = v.safeParse(MessageSchema, untrustedJson)
 * ```
 */
export const MessageSchema: MessageSchema = CheckedMessageSchema_
