/**
 * The valibot schemas behind `@chatapps/dsl`: the runtime contract of 8x8's wire format. They
 * implement Standard Schema, so any validator that speaks it can use them.
 *
 * @example
 * ```ts
 * import * as v from 'valibot'
 * import { MessageSchema } from '@chatapps/dsl/schemas'
 *
 * const result = v.safeParse(MessageSchema, JSON.parse(body))
 * ```
 *
 * @module
 */
export { BatchSchema, BatchTemplateSchema } from './batch'
export {
  AudioContentSchema,
  FileContentSchema,
  ImageContentSchema,
  LocationContentSchema,
  TextContentSchema,
  VideoContentSchema,
} from './content/basic'
export { CarouselSchema, RichCardSchema, SuggestionSchema } from './content/rcs'
export {
  TemplateComponentSchema,
  TemplateParameterSchema,
  TemplateSchema,
} from './content/template'
export { ViberButtonSchema, ViberButtonsContentSchema } from './content/viber'
export { CHANNELS, ChannelSchema, SUCCESS_STATUSES } from './envelope'
export {
  BUSINESS_EVENT_TYPES,
  DELIVERY_STATES,
  DeliveryReceiptEventSchema,
  type DeliveryState,
  EventSchema,
  ExternalAppMessageEventSchema,
  InboundMessageEventSchema,
  InteractiveReplySchema,
  OutboundContentSchema,
  PhoneNumberQualityEventSchema,
  StatusSchema,
  TemplateCategoryDetectionEventSchema,
  TemplateCategoryEventSchema,
  TemplateQualityEventSchema,
  type TemplateStatus,
  TemplateStatusEventSchema,
  UnknownEventSchema,
  UserIdUpdateEventSchema,
} from './events'
export {
  BodySchema,
  ButtonsSchema,
  CallPermissionRequestSchema,
  CtaUrlSchema,
  DocumentHeaderSchema,
  FlowSchema,
  FooterSchema,
  HeaderSchema,
  ImageHeaderSchema,
  InteractiveSchema,
  ListSchema,
  LocationRequestSchema,
  ProductListSchema,
  ProductSchema,
  RequestContactInfoSchema,
  TextHeaderSchema,
  VideoHeaderSchema,
  VoiceCallSchema,
} from './interactive'
export {
  LINE_NOTIFICATION_ICONS,
  LineNotificationActionSchema,
  LineNotificationBatchSchema,
  LineNotificationContentSchema,
  LineNotificationItemSchema,
  LineNotificationSchema,
  LineNotificationSmsFallbackSchema,
  LineNotificationUserSchema,
} from './line-notification'
export {
  AudioMessageSchema,
  CarouselContentSchema,
  CarouselMessageSchema,
  FileMessageSchema,
  ImageMessageSchema,
  InteractiveContentSchema,
  InteractiveMessageSchema,
  LocationMessageSchema,
  MessageSchema,
  RichCardContentSchema,
  RichCardMessageSchema,
  TemplateContentSchema,
  TemplateMessageSchema,
  TextMessageSchema,
  ViberButtonsMessageSchema,
  VideoMessageSchema,
} from './message'
export type { JsonValue } from './primitives'
export { BSUID, UserSchema } from './recipient'
