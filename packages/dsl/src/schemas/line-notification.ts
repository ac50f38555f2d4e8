/**
 * LINE Official Notification (LON): 8x8's own body model for LINE's notification messages
 * (template), sent to a phone number through `POST /api/v1/subaccounts/{id}/lon` and `/lon/batch`,
 * not through the messages endpoint.
 *
 * Decisions argued from 8x8's documents (its OpenAPI file, `send-lon-message`):
 * - `actions[].url` is the schema's name; 8x8's request example spells it `content`. Both are
 *   accepted and emitted as `url`, as `type: 'Image'` is emitted as `image`.
 * - `company` is declared `format: uri`, but it is described as "Company name" and every example
 *   gives a name (`"8x8"`, `"LINE"`): it is checked as text.
 * - The recipient is a phone number (LINE notifications are addressed by phone number); the
 *   `channelUserId` of 8x8's shared user object is a WhatsApp id and is refused here.
 * - `title` is required: LINE's template guideline makes the title the one part every
 *   notification has; everything else is optional, as 8x8's schema says.
 *
 * @module
 */
import * as v from 'valibot'
import { LIMITS } from '../limits'
import type { Named } from './named'
import { anyCaseOf, httpUrl, nonEmpty, text, wellFormed } from './primitives'
import { COUNTRY, E164, NATIONAL } from './recipient'

/** The icons 8x8 offers for a LINE notification, as its schema spells them. */
export const LINE_NOTIFICATION_ICONS = [
  'userPlus',
  'chatEllipsis',
  'phone',
  'note',
  'gear',
  'bell',
  'checkCircle',
  'slashCircle',
  'search',
  'link',
  'wallet',
  'store',
  'mapMarker',
  'idCard',
  'utensils',
  'medicalKit',
  'train',
  'planeDeparture',
  'questionCircle',
  'infoCircle',
  'boxCheck',
  'calendarCheck',
  'calendar',
  'file',
  'envelope',
  'usdCircle',
  'thbCircle',
  'usdCircleSend',
  'thbCircleSend',
  'invoice',
  'couponStar',
  'coupon',
  'creditCard',
  'starCard',
  'shoppingBag',
  'megaphone',
  'shieldCheck',
  'history',
] as const

const LabelledSchema_ = v.strictObject({ label: nonEmpty, content: nonEmpty })
/** A label and its content: the emphasis, or one item of the list. */
export interface LineNotificationItemSchema extends Named<typeof LabelledSchema_> {}
/** A label and its content: the emphasis, or one item of the list. */
export const LineNotificationItemSchema: LineNotificationItemSchema = LabelledSchema_

/** 8x8's example spells an action's URL `content`; its schema says `url`. */
function urlFromContent(input: unknown): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return input
  const { content, ...rest } = input as Record<string, unknown>
  if (content === undefined || 'url' in rest) return input
  const { title, ...others } = rest
  return title === undefined ? { url: content, ...others } : { title, url: content, ...others }
}

const ActionSchema_ = v.pipe(
  v.unknown(),
  v.transform(urlFromContent),
  v.strictObject({ title: nonEmpty, url: httpUrl }),
)
/** A button: its title and the URL it opens. */
export interface LineNotificationActionSchema extends Named<typeof ActionSchema_> {}
/** A button: its title and the URL it opens. */
export const LineNotificationActionSchema: LineNotificationActionSchema = ActionSchema_

const ContentSchema_ = v.strictObject({
  title: nonEmpty,
  company: v.exactOptional(nonEmpty),
  icon: v.exactOptional(
    v.picklist(LINE_NOTIFICATION_ICONS, 'Invalid icon: expected one of 8x8\u2019s LINE icons'),
  ),
  emphasis: v.exactOptional(LabelledSchema_),
  list: v.exactOptional(
    v.pipe(v.array(LabelledSchema_), v.minLength(1, 'Invalid length: must not be empty')),
  ),
  greeting: v.exactOptional(nonEmpty),
  explanation: v.exactOptional(nonEmpty),
  actions: v.exactOptional(
    v.pipe(v.array(ActionSchema_), v.minLength(1, 'Invalid length: must not be empty')),
  ),
})
/** The body of a LINE notification: a title and optional parts, in 8x8's order. */
export interface LineNotificationContentSchema extends Named<typeof ContentSchema_> {}
/** The body of a LINE notification: a title and optional parts, in 8x8's order. */
export const LineNotificationContentSchema: LineNotificationContentSchema = ContentSchema_

const UserSchema_ = v.pipe(
  v.strictObject({
    msisdn: v.pipe(v.string(), wellFormed),
    country: v.exactOptional(
      v.pipe(
        v.string(),
        v.regex(COUNTRY, 'Invalid country: expected a two-letter ISO 3166 code such as TH'),
      ),
    ),
  }),
  v.forward(
    v.check(
      (user) => (user.country === undefined ? E164 : NATIONAL).test(user.msisdn),
      'Invalid msisdn: expected an E.164 number such as +66812345678 (or give its country)',
    ),
    ['msisdn'],
  ),
)
/** The recipient of a LINE notification: a phone number. */
export interface LineNotificationUserSchema extends Named<typeof UserSchema_> {}
/** The recipient of a LINE notification: a phone number. */
export const LineNotificationUserSchema: LineNotificationUserSchema = UserSchema_

const SmsFallbackSchema_ = v.strictObject({
  text: text(LIMITS.fallbackText),
  source: v.exactOptional(text(LIMITS.smsSource)),
  encoding: v.exactOptional(anyCaseOf(['AUTO', 'GSM7', 'UCS2'])),
})
/** The SMS 8x8 sends when the LINE notification cannot be delivered. */
export interface LineNotificationSmsFallbackSchema extends Named<typeof SmsFallbackSchema_> {}
/** The SMS 8x8 sends when the LINE notification cannot be delivered. */
export const LineNotificationSmsFallbackSchema: LineNotificationSmsFallbackSchema =
  SmsFallbackSchema_

const LineNotificationSchema_ = v.strictObject({
  user: UserSchema_,
  clientMessageId: v.exactOptional(text(LIMITS.clientMessageId)),
  content: ContentSchema_,
  dlrCallbackUrl: v.exactOptional(httpUrl),
  smsFallback: v.exactOptional(SmsFallbackSchema_),
})
/**
 * The body of 8x8's `POST /api/v1/subaccounts/{subAccountId}/lon`.
 *
 * @example
 * ```ts
 * import * as v from 'valibot'
 * import { LineNotificationSchema } from '@chatapps/dsl/schemas'
 *
 * v.parse(LineNotificationSchema, { user: { msisdn: '+66812345678' }, content: { title: 'Order shipped' } })
 * ```
 */
export interface LineNotificationSchema extends Named<typeof LineNotificationSchema_> {}
/**
 * The body of 8x8's `POST /api/v1/subaccounts/{subAccountId}/lon`.
 *
 * @example
 * ```ts
 * import * as v from 'valibot'
 * import { LineNotificationSchema } from '@chatapps/dsl/schemas'
 *
 * v.parse(LineNotificationSchema, { user: { msisdn: '+66812345678' }, content: { title: 'Order shipped' } })
 * ```
 */
export const LineNotificationSchema: LineNotificationSchema = LineNotificationSchema_

const LineNotificationBatchSchema_ = v.strictObject({
  clientBatchId: v.exactOptional(text(LIMITS.clientBatchId)),
  messages: v.pipe(
    v.array(LineNotificationSchema_),
    v.minLength(
      LIMITS.lineNotificationBatch.min,
      'Invalid length: a batch needs at least one message',
    ),
    v.maxLength(
      LIMITS.lineNotificationBatch.max,
      `Invalid length: a batch holds at most ${LIMITS.lineNotificationBatch.max} messages`,
    ),
  ),
  includeMessagesInResponse: v.exactOptional(v.boolean()),
})
/**
 * The body of 8x8's `POST /api/v1/subaccounts/{subAccountId}/lon/batch`: 1 to 1,000 complete
 * notifications (8x8's description says 1,000 a request; its schema's `maxItems` says 10,000).
 *
 * @example
 * ```ts
 * import * as v from 'valibot'
 * import { LineNotificationBatchSchema } from '@chatapps/dsl/schemas'
 *
 * v.parse(LineNotificationBatchSchema, { messages: [{ user: { msisdn: '+66812345678' }, content: { title: 'Paid' } }] })
 * ```
 */
export interface LineNotificationBatchSchema extends Named<typeof LineNotificationBatchSchema_> {}
/**
 * The body of 8x8's `POST /api/v1/subaccounts/{subAccountId}/lon/batch`: 1 to 1,000 complete
 * notifications (8x8's description says 1,000 a request; its schema's `maxItems` says 10,000).
 *
 * @example
 * ```ts
 * import * as v from 'valibot'
 * import { LineNotificationBatchSchema } from '@chatapps/dsl/schemas'
 *
 * v.parse(LineNotificationBatchSchema, { messages: [{ user: { msisdn: '+66812345678' }, content: { title: 'Paid' } }] })
 * ```
 */
export const LineNotificationBatchSchema: LineNotificationBatchSchema = LineNotificationBatchSchema_
