/**
 * `@chatapps/dsl`: chainable, immutable, typed builders for 8x8 ChatApps messages that emit
 * exactly 8x8's wire JSON and reject what WhatsApp would reject, with every issue and its path;
 * and the parsers for untrusted JSON and 8x8 webhook events.
 *
 * @example
 * ```ts
 * import { msg } from '@chatapps/dsl'
 *
 * const message = msg
 *   .to('+15551234567')
 *   .buttons()
 *   .body('How can we help?')
 *   .reply('sales', 'Talk to sales')
 *   .reply('support', 'Get support')
 *   .build()
 * ```
 *
 * @module
 */

// Builders
export type {
  BuildResult,
  ChannelName,
  DateInput,
  DirectSendOptions,
  EnvelopeOptions,
  FallbackOptions,
  Finishing,
  FlowAction,
  FlowActionPayload,
  Recipient,
  SmsOptions,
  SuccessStatus,
} from './builders/base'
export type { ButtonsBuilder, ReplyButton } from './builders/buttons'
export type { CtaUrlBuilder } from './builders/cta-url'
export type { FlowBuilder } from './builders/flow'
export type { MediaHeaders, TextParts } from './builders/interactive'
// LINE Official Notification
export {
  type LineNotificationBuilder,
  type LineNotificationIcon,
  type LineNotificationRecipient,
  type LineNotificationSmsOptions,
  type LineNotificationStart,
  lineNotification,
} from './builders/line-notification'
export type { ListBuilder, ListRow } from './builders/list'
export type { AudioOptions, ImageOptions } from './builders/media-options'
export type { ProductBuilder, ProductListBuilder } from './builders/products'
export type {
  CardBuilder,
  CardMediaOptions,
  CardParts,
  CarouselBuilder,
  CarouselOptions,
  RichCardBuilder,
  RichCardOptions,
} from './builders/rcs'
export type {
  CaptionOptions,
  LocationInput,
  RawContent,
  SimpleBuilder,
  ViberButton,
  ViberButtonOptions,
  VideoOptions,
} from './builders/simple'
export { type MessageStart, type Msg, msg } from './builders/start'
export type {
  ActionOptions,
  CalendarEvent,
  LocationTarget,
  OpenUrlOptions,
  SuggestionCalls,
  Suggestions,
  SuggestionsBuilder,
} from './builders/suggestions'
export type {
  ButtonIndex,
  ButtonIndexOutOfRange,
  TemplateBuilder,
  TemplateButtonSubType,
  TemplateCardBuilder,
  TemplateCardButtonSubType,
  TemplateFlowActionData,
  TemplateParam,
  TemplateSpec,
  TemplateVoiceCallOptions,
  TooManyCards,
} from './builders/template'
export type {
  NoMoreCards,
  RegisteredCardBuilder,
  RegisteredTemplateBuilder,
} from './builders/template-registered'
export type {
  HeaderParameter,
  LocationHeaderParameter,
  NoBodyParameters,
  NoHeaderParameter,
  NoSuchButton,
  NoSuchComponent,
  TemplateLabel,
  TextParameter,
  WrongButtonSubType,
} from './builders/template-registered-rules'
export type {
  CheckLanguage,
  CheckName,
  TemplateFor,
  TemplateLanguage,
  TemplateName,
  TemplateNotApproved,
  UnknownTemplateLanguage,
  UnknownTemplateName,
} from './builders/template-registry'
export type {
  BodyAndFooter,
  CallPermissionRequestBuilder,
  LocationRequestBuilder,
  RequestContactInfoBuilder,
  VoiceCallBuilder,
  VoiceCallOptions,
} from './builders/whatsapp-requests'

// Delivery states
export {
  DELIVERY_STATE_RANKS,
  deliveryStateRank,
  type RankedDeliveryState,
} from './delivery-states'
// 8x8's error codes
export {
  type ErrorAction,
  type ErrorCodeKind,
  type ErrorEffect,
  type ErrorExplanation,
  explainError,
} from './error-codes/explain'
// Errors
export {
  type BoundedDslResult,
  type DslIssue,
  type DslIssueCount,
  type DslIssues,
  type DslResult,
  DslValidationError,
  isDslValidationError,
} from './errors'
export type { DslTypeError } from './internal/type-error'
// Limits
export { LIMITS, type Limit } from './limits'
// Lints: warnings beside a valid message
export { type DslWarning, type DslWarningCode, type LintOptions, lint } from './lint/lint'
export { type SmsCost, smsCost } from './lint/sms'
export {
  parseLineNotification,
  parseLineNotificationBatch,
  safeParseLineNotification,
  safeParseLineNotificationBatch,
} from './parse/line-notification'
// Parsing
export {
  parseBatch,
  parseEvent,
  parseMessage,
  safeParseBatch,
  safeParseEvent,
  safeParseMessage,
  type ValidationOptions,
} from './parse/parse'
// The registered templates a pulled declaration adds
export type {
  RegisteredButtonEntry,
  RegisteredButtonSubType,
  RegisteredCardEntry,
  RegisteredHeaderEntry,
  RegisteredHeaderFormat,
  RegisteredTemplateEntry,
  RegisteredTemplates,
} from './registered-templates'
// Types of what is built and parsed
export type { DeliveryState, JsonValue, TemplateStatus } from './schemas/index'
// Which template statuses WhatsApp sends (also on `@chatapps/dsl/templates`)
export {
  isSendableTemplateStatus,
  normalizeTemplateStatus,
  type SendableTemplateStatus,
  TEMPLATE_STATUSES,
  type TemplateStatusVerdict,
  templateStatusVerdict,
  type UnsendableTemplateStatus,
} from './templates/status'
export type * from './types'
