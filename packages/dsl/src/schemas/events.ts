/**
 * 8x8 webhook events: inbound messages, delivery receipts and echoes of messages sent from the
 * WhatsApp Business App. Unlike messages, events are parsed loosely: 8x8 adds fields as its
 * formats gain versions, and refusing a receipt for an unknown field would lose it (8x8 retries
 * four times, then drops it). Every event gains a `kind` to switch on; an event type this
 * package does not know parses as `kind: 'unknown'` instead of failing.
 *
 * @module
 */
import * as v from 'valibot'
import type { Named } from './named'

const INBOUND = 'inbound_message_received'
const RECEIPT = 'outbound_message_status_changed'
const EXTERNAL = 'external_app_message'

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

const envelopeEntries = {
  version: v.exactOptional(v.number()),
  namespace: v.string(),
  description: v.exactOptional(v.string()),
}

const lowerCase = v.pipe(v.string(), v.toLowerCase())

const StatusSchema_ = v.looseObject({
  state: v.pipe(
    lowerCase,
    v.transform((state): DeliveryState => state),
  ),
  detail: v.exactOptional(v.string()),
  timestamp: v.string(),
  errorCode: v.exactOptional(v.union([v.number(), v.string()])),
  errorMessage: v.exactOptional(v.string()),
})
/** `status` in receipts and send responses. */
export interface StatusSchema extends Named<typeof StatusSchema_> {}
/** `status` in receipts and send responses. */
export const StatusSchema: StatusSchema = StatusSchema_

const EventUserSchema = v.looseObject({
  msisdn: v.exactOptional(v.string()),
  channelUserId: v.exactOptional(v.string()),
  name: v.exactOptional(v.string()),
  username: v.exactOptional(v.string()),
})

const InboundMessageEventSchema_ = v.pipe(
  v.looseObject({
    ...envelopeEntries,
    eventType: v.literal(INBOUND),
    payload: v.looseObject({
      umid: v.string(),
      subAccountId: v.exactOptional(v.string()),
      timestamp: v.string(),
      user: EventUserSchema,
      recipient: v.exactOptional(
        v.looseObject({ channel: lowerCase, channelId: v.exactOptional(v.string()) }),
      ),
      type: v.string(),
      content: v.exactOptional(
        v.looseObject({
          text: v.exactOptional(v.string()),
          url: v.exactOptional(v.string()),
          payload: v.exactOptional(v.string()),
          location: v.exactOptional(
            v.looseObject({ latitude: v.unknown(), longitude: v.unknown() }),
          ),
          interactive: v.exactOptional(v.looseObject({ type: v.string() })),
        }),
      ),
      replyToUmid: v.exactOptional(v.string()),
    }),
  }),
  v.transform((event) => ({ kind: 'inbound_message' as const, ...event })),
)
/** An inbound message from a user (`inbound_message_received`). */
export interface InboundMessageEventSchema extends Named<typeof InboundMessageEventSchema_> {}
/** An inbound message from a user (`inbound_message_received`). */
export const InboundMessageEventSchema: InboundMessageEventSchema = InboundMessageEventSchema_

const DeliveryReceiptEventSchema_ = v.pipe(
  v.looseObject({
    ...envelopeEntries,
    eventType: v.literal(RECEIPT),
    payload: v.looseObject({
      umid: v.string(),
      batchId: v.exactOptional(v.string()),
      clientMessageId: v.exactOptional(v.string()),
      clientBatchId: v.exactOptional(v.string()),
      subAccountId: v.exactOptional(v.string()),
      channel: v.exactOptional(lowerCase),
      user: v.exactOptional(EventUserSchema),
      status: StatusSchema,
    }),
  }),
  v.transform((event) => ({ kind: 'delivery_receipt' as const, ...event })),
)
/** A delivery receipt for a message sent earlier (`outbound_message_status_changed`). */
export interface DeliveryReceiptEventSchema extends Named<typeof DeliveryReceiptEventSchema_> {}
/** A delivery receipt for a message sent earlier (`outbound_message_status_changed`). */
export const DeliveryReceiptEventSchema: DeliveryReceiptEventSchema = DeliveryReceiptEventSchema_

const ExternalAppMessageEventSchema_ = v.pipe(
  v.looseObject({
    ...envelopeEntries,
    eventType: v.literal(EXTERNAL),
    payload: v.looseObject({}),
  }),
  v.transform((event) => ({ kind: 'external_app_message' as const, ...event })),
)
/** A message the business sent from the WhatsApp Business App (`external_app_message`). */
export interface ExternalAppMessageEventSchema
  extends Named<typeof ExternalAppMessageEventSchema_> {}
/** A message the business sent from the WhatsApp Business App (`external_app_message`). */
export const ExternalAppMessageEventSchema: ExternalAppMessageEventSchema =
  ExternalAppMessageEventSchema_

const UnknownEventSchema_ = v.pipe(
  v.looseObject({
    ...envelopeEntries,
    eventType: v.pipe(v.string(), v.notValues([INBOUND, RECEIPT, EXTERNAL])),
    payload: v.exactOptional(v.unknown()),
  }),
  v.transform((event) => ({ kind: 'unknown' as const, ...event })),
)
/** An event type this version of the package does not know. */
export interface UnknownEventSchema extends Named<typeof UnknownEventSchema_> {}
/** An event type this version of the package does not know. */
export const UnknownEventSchema: UnknownEventSchema = UnknownEventSchema_

const EventSchema_ = v.variant('eventType', [
  InboundMessageEventSchema,
  DeliveryReceiptEventSchema,
  ExternalAppMessageEventSchema,
  UnknownEventSchema,
])
/**
 * Any 8x8 ChatApps webhook event, told apart by `eventType`.
 *
 * @example
 * ```ts
 * import * as v from 'valibot'
 * import { EventSchema } from '@chatapps/dsl/schemas'
 *
 * const event = v.parse(EventSchema, await request.json())
 * if (event.kind === 'delivery_receipt') console.log(event.payload.status.state)
 * ```
 */
export interface EventSchema extends Named<typeof EventSchema_> {}
/**
 * Any 8x8 ChatApps webhook event, told apart by `eventType`.
 *
 * @example
 * ```ts
 * import * as v from 'valibot'
 * import { EventSchema } from '@chatapps/dsl/schemas'
 *
 * const event = v.parse(EventSchema, await request.json())
 * if (event.kind === 'delivery_receipt') console.log(event.payload.status.state)
 * ```
 */
export const EventSchema: EventSchema = EventSchema_
