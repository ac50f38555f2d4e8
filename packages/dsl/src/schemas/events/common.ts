/**
 * What 8x8's webhook events share: the ChatApps envelope, timestamps, channel names in any
 * letter case, the `user` and the `status` object.
 *
 * @module
 */
import * as v from 'valibot'
import type { Named } from '../named'

/**
 * An ISO-8601 UTC date and time as 8x8 writes it: seconds, then up to 7 fractional digits (its
 * .NET services write `09:25:40.9235752`), then `Z` or an offset.
 */
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,7})?(?:Z|[+-]\d\d:?\d\d)$/i

/** A timestamp of an event, checked but kept as 8x8 wrote it. */
export const timestamp = v.pipe(
  v.string(),
  v.regex(TIMESTAMP, 'Invalid timestamp: expected ISO 8601 such as 2026-01-31T09:00:00.00Z'),
)

/** A name 8x8 writes in any letter case (channels, states): lower-cased. */
export const lowerCase = v.pipe(v.string(), v.toLowerCase())

/** An id 8x8 documents as a number in one place and quotes in another. */
export const looseId = v.union([v.string(), v.number()])

/** The ChatApps envelope: `namespace`, `eventType`, `description`, `version` (MO v3, DR v9). */
export const envelopeEntries = {
  version: v.exactOptional(v.number()),
  namespace: v.string(),
  description: v.exactOptional(v.string()),
}

/** The states a message moves through, as 8x8's receipts and responses name them. */
export const DELIVERY_STATES = [
  'queued',
  'sent',
  'delivered',
  'read',
  'undelivered',
  'rejected',
  'failed',
  'unknown',
] as const

/** A delivery state; 8x8 may add states, so other strings pass through. */
export type DeliveryState = (typeof DELIVERY_STATES)[number] | (string & {})

const StatusSchema_ = v.looseObject({
  state: v.pipe(
    lowerCase,
    v.transform((state): DeliveryState => state),
  ),
  detail: v.exactOptional(v.string()),
  timestamp,
  errorCode: v.exactOptional(v.union([v.number(), v.string()])),
  errorMessage: v.exactOptional(v.string()),
})
/** `status` in receipts and send responses. */
export interface StatusSchema extends Named<typeof StatusSchema_> {}
/** `status` in receipts and send responses. */
export const StatusSchema: StatusSchema = StatusSchema_

/**
 * The user of an event. MO v3 and DR v9 leave out what has no value: `msisdn` for a user who
 * hides their number (WhatsApp usernames) or has none (LINE); `channelUserId` is WhatsApp's
 * business-scoped user id (`US.1349…`) or the LINE user id; `name` and `username` (v3) are the
 * WhatsApp profile's.
 */
export const EventUserSchema = v.looseObject({
  msisdn: v.exactOptional(v.string()),
  channelUserId: v.exactOptional(v.string()),
  name: v.exactOptional(v.string()),
  username: v.exactOptional(v.string()),
})
