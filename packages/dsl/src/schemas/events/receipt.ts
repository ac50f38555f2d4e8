/**
 * Delivery receipts (`outbound_message_status_changed`, DR v9) and the echoes of messages the
 * business sent from the WhatsApp Business App (`external_app_message`).
 *
 * @module
 */
import * as v from 'valibot'
import type { Named } from '../named'
import { EventUserSchema, envelopeEntries, lowerCase, StatusSchema, timestamp } from './common'

/** The `eventType` of a delivery receipt. */
export const RECEIPT = 'outbound_message_status_changed'
/** The `eventType` of a WhatsApp Business App message. */
export const EXTERNAL = 'external_app_message'

const text = v.looseObject({ text: v.string() })
const optional = v.exactOptional

const HeaderSchema = v.looseObject({
  type: v.string(),
  text: optional(v.string()),
  media: optional(v.looseObject({ url: optional(v.string()), filename: optional(v.string()) })),
  location: optional(v.looseObject({ latitude: v.unknown(), longitude: v.unknown() })),
})

const ActionsSchema = v.looseObject({
  buttons: optional(
    v.array(v.looseObject({ type: v.string(), label: v.string(), value: v.nullable(v.string()) })),
  ),
  cta: optional(v.looseObject({ displayText: v.string(), url: v.string() })),
  list: optional(v.looseObject({ buttonLabel: v.string(), sections: v.array(v.looseObject({})) })),
  flow: optional(v.looseObject({})),
})

const OutboundContentSchema_ = v.looseObject({
  channel: lowerCase,
  contentType: v.string(),
  template: optional(
    v.looseObject({
      name: v.string(),
      language: optional(v.string()),
      category: optional(v.string()),
    }),
  ),
  header: optional(HeaderSchema),
  body: optional(text),
  footer: optional(text),
  actions: optional(ActionsSchema),
  cards: optional(
    v.array(
      v.looseObject({
        index: v.number(),
        header: optional(HeaderSchema),
        body: optional(text),
        actions: optional(ActionsSchema),
      }),
    ),
  ),
  meta: optional(
    v.looseObject({
      redacted: optional(v.boolean()),
      redactionReason: optional(v.string()),
      interactiveType: optional(v.string()),
    }),
  ),
})
/**
 * `outboundContent` (DR v9, WhatsApp only, on the first receipt): 8x8's structured copy of the
 * message sent. `contentType` is `text`, `media`, `location`, `template`, `template_auth`,
 * `carousel` or `interactive`; one-time codes are masked (`meta.redacted`).
 */
export interface OutboundContentSchema extends Named<typeof OutboundContentSchema_> {}
/** `outboundContent` of a DR v9 receipt: see {@link OutboundContentSchema}. */
export const OutboundContentSchema: OutboundContentSchema = OutboundContentSchema_

const DeliveryReceiptEventSchema_ = v.pipe(
  v.looseObject({
    ...envelopeEntries,
    eventType: v.literal(RECEIPT),
    payload: v.looseObject({
      umid: v.string(),
      batchId: optional(v.string()),
      clientMessageId: optional(v.string()),
      clientBatchId: optional(v.string()),
      subAccountId: optional(v.string()),
      channel: optional(lowerCase),
      user: optional(EventUserSchema),
      status: StatusSchema,
      /** WhatsApp only: Meta's error code (`providerErrorCode`), pricing, Direct Send template. */
      whatsapp: optional(
        v.looseObject({
          providerErrorCode: optional(v.union([v.string(), v.number()])),
          pricingCategory: optional(lowerCase),
          templateId: optional(v.string()),
        }),
      ),
      outboundContent: optional(OutboundContentSchema),
      /** The attempt of a fallback sequence this receipt is of: 1 for the first channel. */
      step: optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
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
    payload: v.looseObject({
      umid: optional(v.string()),
      subAccountId: optional(v.string()),
      timestamp: optional(timestamp),
      channel: optional(lowerCase),
      user: optional(EventUserSchema),
      type: optional(v.string()),
      content: optional(v.looseObject({ text: optional(v.string()), url: optional(v.string()) })),
    }),
  }),
  v.transform((event) => ({ kind: 'external_app_message' as const, ...event })),
)
/**
 * A message the business sent from the WhatsApp Business App (`external_app_message`): its
 * `timestamp`, `type` and `content` like an inbound message's, and no `status`.
 */
export interface ExternalAppMessageEventSchema
  extends Named<typeof ExternalAppMessageEventSchema_> {}
/** A message the business sent from the WhatsApp Business App (`external_app_message`). */
export const ExternalAppMessageEventSchema: ExternalAppMessageEventSchema =
  ExternalAppMessageEventSchema_
