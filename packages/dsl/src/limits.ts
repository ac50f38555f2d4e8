/**
 * Every limit the package enforces, in one table. Builder types, valibot schemas, the build
 * fast path and (later) the gateway's OpenAPI document all read their numbers from here, so a
 * limit can never disagree with itself.
 *
 * Lengths are counted in Unicode code points. `source` says where each number comes from.
 *
 * @module
 */

const META_INTERACTIVE =
  'https://developers.facebook.com/docs/whatsapp/cloud-api/reference/messages#interactive-object'
const META_LIST =
  'https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/interactive-list-messages'
const META_BUTTONS =
  'https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/interactive-reply-buttons-messages'
const META_PRODUCTS =
  'https://developers.facebook.com/documentation/business-messaging/whatsapp/catalogs/sell-products-and-services/share-products'
const OAS =
  'https://github.com/8x8Cloud/public-developer-docs/blob/master/docs_oas/connect/business_messaging_api.json'
const CONTENT_TYPES = 'https://developer.8x8.com/connect/docs/supported-chat-apps-content-type'
const VIBER_LIBRARY = 'https://developer.8x8.com/connect/docs/viber/message-types'
const TEMPLATE_TTL =
  'https://developer.8x8.com/connect/docs/guide-whatsapp-template-validity-period-ttl'
const SMS_SEGMENTS = 'https://www.3gpp.org/DynaReport/23040.htm'

/**
 * The limits of the 8x8 ChatApps API and of WhatsApp (the strictest common channel).
 *
 * @example
 * ```ts
 * import { LIMITS } from '@chatapps/dsl'
 *
 * LIMITS.replyButtons.max // 3
 * LIMITS.listRowTitle.max // 24
 * ```
 */
export const LIMITS = {
  text: {
    max: 4096,
    source:
      'https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/text-messages/',
  },
  caption: {
    max: 1024,
    source:
      'https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/image-messages',
  },
  clientMessageId: { max: 50, source: OAS },
  clientBatchId: { max: 100, source: OAS },
  batchMessages: {
    min: 1,
    max: 1000,
    source: 'https://developer.8x8.com/connect/reference/send-message-many',
  },
  fallbackText: { max: 35000, source: OAS },
  smsSource: { max: 16, source: OAS },
  country: { max: 2, source: OAS },
  channelUserId: {
    max: 128,
    source: 'https://developer.8x8.com/connect/docs/whatsapp/whatsapp-business-scoped-user-ids',
  },
  fallbackAfter: {
    min: 10,
    max: 86400,
    source: 'https://developer.8x8.com/connect/docs/chatapps-fallback-management',
  },
  directSendTtlSeconds: { min: 30, max: 43200, source: OAS },
  interactiveHeaderText: { max: 60, source: META_INTERACTIVE },
  interactiveBody: { max: 1024, source: META_INTERACTIVE },
  interactiveFooter: { max: 60, source: META_INTERACTIVE },
  replyButtons: { min: 1, max: 3, source: META_BUTTONS },
  replyButtonTitle: { max: 20, source: META_BUTTONS },
  replyButtonId: { max: 256, source: META_BUTTONS },
  listButton: { max: 20, source: META_LIST },
  listSections: { min: 1, max: 10, source: META_LIST },
  /** Rows in total, across all sections. */
  listRows: { min: 1, max: 10, source: META_LIST },
  listRowId: { max: 200, source: META_LIST },
  listRowTitle: { max: 24, source: META_LIST },
  listRowDescription: { max: 72, source: META_LIST },
  listSectionTitle: { max: 24, source: META_LIST },
  ctaDisplayText: {
    max: 20,
    source:
      'https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/interactive-cta-url-messages',
  },
  flowCta: { max: 30, source: OAS },
  voiceCallPayload: { max: 512, source: OAS },
  ttlMinutes: { min: 1, max: 43200, source: OAS },
  productListSections: { min: 1, max: 10, source: META_PRODUCTS },
  /** Products in total, across all sections. */
  productListItems: { min: 1, max: 30, source: META_PRODUCTS },
  productListSectionTitle: { max: 24, source: META_PRODUCTS },
  templateButtonIndex: { min: 0, max: 9, source: OAS },
  templateUrlButtons: { max: 2, source: OAS },
  templateCarouselCards: {
    min: 1,
    max: 10,
    source: 'https://developer.8x8.com/connect/docs/whatsapp/template-components-reference',
  },
  templateCardIndex: { min: 0, max: 9, source: OAS },
  templateCardButtonIndex: { min: 0, max: 1, source: OAS },
  latitude: {
    min: -90,
    max: 90,
    source:
      'https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/location-messages/',
  },
  longitude: {
    min: -180,
    max: 180,
    source:
      'https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/location-messages/',
  },
  rcsSuggestions: { max: 10, source: OAS },
  rcsCardSuggestions: { max: 4, source: OAS },
  rcsSuggestionText: { max: 25, source: OAS },
  rcsPostbackData: { max: 2048, source: OAS },
  rcsCardTitle: { max: 200, source: OAS },
  rcsCardDescription: { max: 2000, source: OAS },
  rcsCarouselCards: { min: 2, max: 10, source: OAS },
  /** RCS text messages; 8x8's schema allows 35,000 for text in general. */
  rcsText: {
    max: 3072,
    source: 'https://developer.8x8.com/connect/docs/supported-chat-apps-content-type',
  },
  rcsUrl: { max: 2048, source: OAS },
  rcsUrlDescription: { max: 2048, source: OAS },
  rcsLocationLabel: { max: 100, source: OAS },
  rcsLocationQuery: { max: 200, source: OAS },
  rcsCalendarTitle: { max: 100, source: OAS },
  rcsCalendarDescription: { max: 500, source: OAS },
  // Per-channel limits: they apply when a message's `channels` name the channel.
  viberText: { max: 1000, source: CONTENT_TYPES },
  viberButtonCaption: { max: 30, source: CONTENT_TYPES },
  viberButtonAction: { max: 1000, source: VIBER_LIBRARY },
  viberVideoDuration: { max: 600, source: VIBER_LIBRARY },
  // What the lints compare with (warnings, not limits the schemas enforce).
  /** The TTL a WhatsApp template can be given, in seconds: 30 s to 30 days. */
  templateTtlSeconds: { min: 30, max: 2592000, source: TEMPLATE_TTL },
  /** A template's TTL when none was set: 10 minutes (authentication) to 30 days (the others). */
  templateDefaultTtlSeconds: { min: 600, max: 2592000, source: TEMPLATE_TTL },
  /** Direct Send's TTL when `ttlSeconds` is left out: 30 days. */
  directSendDefaultTtlSeconds: { max: 2592000, source: OAS },
  /** GSM-7 septets in one SMS (`max`) and in each part of a concatenated one (`part`). */
  smsGsm7: { max: 160, part: 153, source: SMS_SEGMENTS },
  /** UCS-2 code units in one SMS (`max`) and in each part of a concatenated one (`part`). */
  smsUcs2: { max: 70, part: 67, source: SMS_SEGMENTS },
  /** LINE Official Notification: messages in one `/lon/batch` request. */
  lineNotificationBatch: {
    min: 1,
    max: 1000,
    source: 'https://developer.8x8.com/connect/reference/send-lon-messages',
  },
} as const

/** The shape of one entry of {@link LIMITS}. */
export interface Limit {
  readonly min?: number
  readonly max: number
  readonly source: string
}
