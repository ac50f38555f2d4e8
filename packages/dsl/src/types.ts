/**
 * The types of what the package emits and parses, derived from the schemas so that they can
 * never drift apart. Built and parsed messages are frozen: their types are deeply read-only.
 *
 * @module
 */
import type * as v from 'valibot'
import type { BatchSchema } from './schemas/batch'
import type { CarouselSchema, SuggestionSchema } from './schemas/content/rcs'
import type { TemplateParameterSchema } from './schemas/content/template'
import type { ChannelSchema } from './schemas/envelope'
import type {
  DeliveryReceiptEventSchema,
  EventSchema,
  ExternalAppMessageEventSchema,
  InboundMessageEventSchema,
  InteractiveReplySchema,
  PhoneNumberQualityEventSchema,
  TemplateCategoryDetectionEventSchema,
  TemplateCategoryEventSchema,
  TemplateQualityEventSchema,
  TemplateStatusEventSchema,
  UnknownEventSchema,
  UserIdUpdateEventSchema,
} from './schemas/events'
import type {
  ButtonsSchema,
  CallPermissionRequestSchema,
  CtaUrlSchema,
  FlowSchema,
  HeaderSchema,
  ListSchema,
  LocationRequestSchema,
  ProductListSchema,
  ProductSchema,
  RequestContactInfoSchema,
  VoiceCallSchema,
} from './schemas/interactive'
import type {
  LineNotificationBatchSchema,
  LineNotificationSchema,
} from './schemas/line-notification'
import type {
  AudioMessageSchema,
  CarouselMessageSchema,
  FileMessageSchema,
  ImageMessageSchema,
  InteractiveContentSchema,
  InteractiveMessageSchema,
  LocationMessageSchema,
  MessageSchema,
  RichCardMessageSchema,
  TemplateMessageSchema,
  TextMessageSchema,
  ViberButtonsMessageSchema,
  VideoMessageSchema,
} from './schemas/message'
import type { UserSchema } from './schemas/recipient'

/** A value and everything in it, read-only. */
export type DeepReadonly<T> = T extends
  | string
  | number
  | boolean
  | bigint
  | symbol
  | null
  | undefined
  ? T
  : T extends (infer U)[]
    ? readonly DeepReadonly<U>[]
    : T extends object
      ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
      : T

type Out<TSchema extends v.GenericSchema> = DeepReadonly<v.InferOutput<TSchema>>

/** Any message, in 8x8's wire format. */
export type Message = Out<typeof MessageSchema>
/** The kinds of message, as `type` says them on the wire. */
export type MessageType = Message['type']
/** A text message. */
export type TextMessage = Out<typeof TextMessageSchema>
/** An image message. */
export type ImageMessage = Out<typeof ImageMessageSchema>
/** A video message. */
export type VideoMessage = Out<typeof VideoMessageSchema>
/** An audio message. */
export type AudioMessage = Out<typeof AudioMessageSchema>
/** A document message (wire type `file`). */
export type FileMessage = Out<typeof FileMessageSchema>
/** A location message. */
export type LocationMessage = Out<typeof LocationMessageSchema>
/** A template message. */
export type TemplateMessage = Out<typeof TemplateMessageSchema>
/** Any interactive message. */
export type InteractiveMessage = Out<typeof InteractiveMessageSchema>
/** A Viber rich message (wire type `buttons`): text, an optional image and a button. */
export type ViberButtonsMessage = Out<typeof ViberButtonsMessageSchema>

type Interactive<TSchema extends v.GenericSchema> = DeepReadonly<
  Omit<v.InferOutput<typeof InteractiveMessageSchema>, 'content'> & {
    content: Omit<v.InferOutput<typeof InteractiveContentSchema>, 'interactive'> & {
      interactive: v.InferOutput<TSchema>
    }
  }
>

/** An interactive list message. */
export type ListMessage = Interactive<typeof ListSchema>
/** An interactive reply-buttons message. */
export type ButtonsMessage = Interactive<typeof ButtonsSchema>
/** An interactive call-to-action URL message. */
export type CtaUrlMessage = Interactive<typeof CtaUrlSchema>
/** An interactive WhatsApp Flow message. */
export type FlowMessage = Interactive<typeof FlowSchema>
/** An interactive single-product message. */
export type ProductMessage = Interactive<typeof ProductSchema>
/** An interactive multi-product message. */
export type ProductListMessage = Interactive<typeof ProductListSchema>
/** An interactive WhatsApp voice call button. */
export type VoiceCallMessage = Interactive<typeof VoiceCallSchema>
/** An interactive request for permission to call the user. */
export type CallPermissionRequestMessage = Interactive<typeof CallPermissionRequestSchema>
/** An interactive request for the user's contact details. */
export type RequestContactInfoMessage = Interactive<typeof RequestContactInfoSchema>
/** An interactive request for the user's location. */
export type LocationRequestMessage = Interactive<typeof LocationRequestSchema>

/** An interactive header: text, image, video or document. */
export type Header = Out<typeof HeaderSchema>
/** The recipient of a message (`user`). */
export type User = Out<typeof UserSchema>
/** One step of a fallback sequence (`channels[]`). */
export type Channel = v.InferInput<typeof ChannelSchema>
/** A template parameter. */
export type TemplateParameter = v.InferInput<typeof TemplateParameterSchema>

/** An RCS rich card message. */
export type RichCardMessage = Out<typeof RichCardMessageSchema>
/** An RCS carousel message. */
export type CarouselMessage = Out<typeof CarouselMessageSchema>
/** An RCS suggestion chip as 8x8 spells it: `{ reply }` or `{ action }`. */
export type Suggestion = v.InferInput<typeof SuggestionSchema>
/** A card of an RCS carousel as 8x8 spells it. */
export type RcsCard = v.InferInput<typeof CarouselSchema>['cards'][number]

/** A batch body. */
export type Batch = Out<typeof BatchSchema>

/** Any webhook event, with its `kind`. */
export type ChatappsEvent = Out<typeof EventSchema>
/** An inbound message from a user. */
export type InboundMessageEvent = Out<typeof InboundMessageEventSchema>
/** A delivery receipt. */
export type DeliveryReceiptEvent = Out<typeof DeliveryReceiptEventSchema>
/** A message sent from the WhatsApp Business App. */
export type ExternalAppMessageEvent = Out<typeof ExternalAppMessageEventSchema>
/** An event type this package does not know. */
export type UnknownEvent = Out<typeof UnknownEventSchema>
/** A user's answer to an interactive message (`content.interactive` of an inbound message). */
export type InteractiveReply = Out<typeof InteractiveReplySchema>
/** A template's status changed (`kind: 'template_status'`). */
export type TemplateStatusEvent = Out<typeof TemplateStatusEventSchema>
/** A template's quality score changed (`kind: 'template_quality'`). */
export type TemplateQualityEvent = Out<typeof TemplateQualityEventSchema>
/** Meta changed a template's category (`kind: 'template_category'`). */
export type TemplateCategoryEvent = Out<typeof TemplateCategoryEventSchema>
/** Meta found a template sent under the wrong category (`kind: 'template_category_detection'`). */
export type TemplateCategoryDetectionEvent = Out<typeof TemplateCategoryDetectionEventSchema>
/** The business number's quality or messaging limit changed (`kind: 'phone_number_quality'`). */
export type PhoneNumberQualityEvent = Out<typeof PhoneNumberQualityEventSchema>
/** A user's business-scoped user id rotated (`kind: 'user_id_update'`). */
export type UserIdUpdateEvent = Out<typeof UserIdUpdateEventSchema>
/** Any WhatsApp business-management (`CABM`) event this package models. */
export type BusinessEvent =
  | TemplateStatusEvent
  | TemplateQualityEvent
  | TemplateCategoryEvent
  | TemplateCategoryDetectionEvent
  | PhoneNumberQualityEvent
  | UserIdUpdateEvent

/** A LINE Official Notification: the body of 8x8's `/lon`. */
export type LineNotification = Out<typeof LineNotificationSchema>
/** A batch of LINE Official Notifications: the body of 8x8's `/lon/batch`. */
export type LineNotificationBatch = Out<typeof LineNotificationBatchSchema>
