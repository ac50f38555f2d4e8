import * as v from 'valibot'
import { LIMITS } from '../limits'
import type { Named } from './named'
import { anyCaseOf, dateTime, httpUrl, integerIn, text } from './primitives'
import { UserSchema } from './recipient'

/** The channels 8x8 can fall back through, spelled as 8x8's request schema spells them. */
export const CHANNELS = [
  'SMS',
  'WhatsApp',
  'Facebook',
  'RCS',
  'Viber',
  'Line',
  'WeChat',
  'Zalo',
  'Instagram',
] as const

/** The status that stops a fallback. */
export const SUCCESS_STATUSES = ['Accepted', 'Sent', 'Delivered', 'Read'] as const

const ChannelSchema_ = v.strictObject({
  channel: anyCaseOf(CHANNELS),
  fallbackAfter: v.exactOptional(integerIn(LIMITS.fallbackAfter)),
  successStatus: v.exactOptional(anyCaseOf(SUCCESS_STATUSES)),
})
/** One step of a message's fallback sequence. */
export interface ChannelSchema extends Named<typeof ChannelSchema_> {}
/** One step of a message's fallback sequence. */
export const ChannelSchema: ChannelSchema = ChannelSchema_

/**
 * The fields every message carries besides its content, in 8x8's order. `user` is required;
 * the rest are the envelope options of the builders.
 */
export const envelopeEntries = {
  user: UserSchema,
  clientMessageId: v.exactOptional(text(LIMITS.clientMessageId)),
  channels: v.exactOptional(
    v.pipe(v.array(ChannelSchema), v.minLength(1, 'Invalid length: must not be empty')),
  ),
  scheduled: v.exactOptional(dateTime),
  expiry: v.exactOptional(dateTime),
  dlrCallbackUrl: v.exactOptional(httpUrl),
  context: v.exactOptional(
    v.strictObject({ umid: v.pipe(v.string(), v.uuid('Invalid umid: expected a UUID')) }),
  ),
} as const

const SmsSchema_ = v.strictObject({
  encoding: v.exactOptional(anyCaseOf(['AUTO', 'GSM7', 'UCS2'])),
  source: v.exactOptional(text(LIMITS.smsSource)),
})
/** SMS fallback settings. */
export interface SmsSchema extends Named<typeof SmsSchema_> {}
/** SMS fallback settings. */
export const SmsSchema: SmsSchema = SmsSchema_

/** Content fields that any kind of message may carry for its fallback channels. */
export const fallbackEntries = {
  fallbackText: v.exactOptional(text(LIMITS.fallbackText)),
  sms: v.exactOptional(SmsSchema),
} as const

const WhatsAppOptionsSchema_ = v.strictObject({
  directSend: v.exactOptional(
    v.strictObject({
      category: anyCaseOf(['utility']),
      ttlSeconds: v.exactOptional(integerIn(LIMITS.directSendTtlSeconds)),
    }),
  ),
})
/** WhatsApp Direct Send: 8x8 generates the template itself. */
export interface WhatsAppOptionsSchema extends Named<typeof WhatsAppOptionsSchema_> {}
/** WhatsApp Direct Send: 8x8 generates the template itself. */
export const WhatsAppOptionsSchema: WhatsAppOptionsSchema = WhatsAppOptionsSchema_
