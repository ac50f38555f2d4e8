/**
 * 8x8 webhook events: inbound messages, delivery receipts, echoes of messages sent from the
 * WhatsApp Business App, and WhatsApp business-management events (templates, the phone number,
 * user ids). Unlike messages, events are parsed loosely: 8x8 adds fields as its formats gain
 * versions, and refusing a receipt for an unknown field would lose it (8x8 retries four times,
 * then drops it). Every event gains a `kind` to switch on; an event type this package does not
 * know parses as `kind: 'unknown'` instead of failing.
 *
 * | `kind` | `eventType` |
 * | --- | --- |
 * | `inbound_message` | `inbound_message_received` |
 * | `delivery_receipt` | `outbound_message_status_changed` |
 * | `external_app_message` | `external_app_message` |
 * | `template_status` | `template_status_update` |
 * | `template_quality` | `template_quality_update` |
 * | `template_category` | `template_category_update` |
 * | `template_category_detection` | `template_correct_category_detection` |
 * | `phone_number_quality` | `phone_number_quality_update` |
 * | `user_id_update` | `whatsapp_user_id_update` |
 * | `unknown` | any other |
 *
 * @module
 */
import * as v from 'valibot'
import type { Named } from '../named'
import {
  BUSINESS_EVENT_TYPES,
  PhoneNumberQualityEventSchema,
  TemplateCategoryDetectionEventSchema,
  TemplateCategoryEventSchema,
  TemplateQualityEventSchema,
  TemplateStatusEventSchema,
  UserIdUpdateEventSchema,
} from './business'
import { INBOUND, InboundMessageEventSchema } from './inbound'
import {
  DeliveryReceiptEventSchema,
  EXTERNAL,
  ExternalAppMessageEventSchema,
  RECEIPT,
} from './receipt'

export {
  BUSINESS_EVENT_TYPES,
  PhoneNumberQualityEventSchema,
  TemplateCategoryDetectionEventSchema,
  TemplateCategoryEventSchema,
  TemplateQualityEventSchema,
  type TemplateStatus,
  TemplateStatusEventSchema,
  UserIdUpdateEventSchema,
} from './business'
export { DELIVERY_STATES, type DeliveryState, StatusSchema } from './common'
export { InboundMessageEventSchema, InteractiveReplySchema } from './inbound'
export {
  DeliveryReceiptEventSchema,
  ExternalAppMessageEventSchema,
  OutboundContentSchema,
} from './receipt'

const KNOWN: string[] = [INBOUND, RECEIPT, EXTERNAL, ...Object.values(BUSINESS_EVENT_TYPES)]

const UnknownEventSchema_ = v.pipe(
  v.looseObject({
    version: v.exactOptional(v.number()),
    // Business-management events have no namespace.
    namespace: v.exactOptional(v.string()),
    description: v.exactOptional(v.string()),
    eventType: v.pipe(v.string(), v.notValues(KNOWN)),
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
  TemplateStatusEventSchema,
  TemplateQualityEventSchema,
  TemplateCategoryEventSchema,
  TemplateCategoryDetectionEventSchema,
  PhoneNumberQualityEventSchema,
  UserIdUpdateEventSchema,
  UnknownEventSchema,
])
/**
 * Any 8x8 ChatApps webhook event, told apart by `eventType`, with a `kind` to switch on (see
 * the table of this module).
 *
 * @example
 * ```ts
 * import * as v from 'valibot'
 * import { EventSchema } from '@chatapps/dsl/schemas'
 *
 * const event = v.parse(EventSchema, await request.json())
 * if (event.kind === 'delivery_receipt') console.log(event.payload.status.state)
 * if (event.kind === 'template_status') console.log(event.eventDetails.meta.status)
 * ```
 */
export interface EventSchema extends Named<typeof EventSchema_> {}
/**
 * Any 8x8 ChatApps webhook event, told apart by `eventType`, with a `kind` to switch on.
 *
 * @example
 * ```ts
 * import * as v from 'valibot'
 * import { EventSchema } from '@chatapps/dsl/schemas'
 *
 * const event = v.parse(EventSchema, await request.json())
 * if (event.kind === 'delivery_receipt') console.log(event.payload.status.state)
 * if (event.kind === 'template_status') console.log(event.eventDetails.meta.status)
 * ```
 */
export const EventSchema: EventSchema = EventSchema_
