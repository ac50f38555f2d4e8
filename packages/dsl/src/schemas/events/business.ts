/**
 * WhatsApp business-management events (webhook type `CABM`): template status, quality and
 * category changes, the phone number's quality and messaging limit, and rotated user ids. They
 * have an envelope of their own (`eventId`, `timestamp`, `provider`, `businessAccountId`,
 * `accountId`, `eventType`, `eventDetails`) and no `namespace` or `payload`.
 *
 * @module
 */
import * as v from 'valibot'
import type { Named } from '../named'
import { looseId, timestamp } from './common'

/** The `eventType`s of the business-management events this package models, by kind. */
export const BUSINESS_EVENT_TYPES = {
  template_status: 'template_status_update',
  template_quality: 'template_quality_update',
  template_category: 'template_category_update',
  template_category_detection: 'template_correct_category_detection',
  phone_number_quality: 'phone_number_quality_update',
  user_id_update: 'whatsapp_user_id_update',
} as const

/** Meta's template statuses (8x8 forwards them in upper case); others pass through. */
export type TemplateStatus =
  | 'APPROVED'
  | 'REJECTED'
  | 'PENDING'
  | 'FLAGGED'
  | 'PAUSED'
  | 'DISABLED'
  | 'PENDING_DELETION'
  | (string & {})

const upperCase = v.pipe(v.string(), v.toUpperCase())
const optional = v.exactOptional

function businessEvent<
  const K extends keyof typeof BUSINESS_EVENT_TYPES,
  const D extends v.GenericSchema,
>(kind: K, eventDetails: D) {
  return v.pipe(
    v.looseObject({
      eventId: v.string(),
      timestamp,
      provider: v.string(),
      businessAccountId: optional(looseId),
      accountId: optional(v.string()),
      eventType: v.literal(BUSINESS_EVENT_TYPES[kind]),
      eventDetails,
    }),
    v.transform((event) => ({ kind, ...event })),
  )
}

function templateDetails<const M extends v.ObjectEntries>(meta: M) {
  return v.looseObject({
    templateId: optional(looseId),
    templateName: v.string(),
    templateLanguage: v.string(),
    meta: v.looseObject(meta),
  })
}

const TemplateStatusEventSchema_ = businessEvent(
  'template_status',
  templateDetails({
    status: v.pipe(
      upperCase,
      v.transform((status): TemplateStatus => status),
    ),
    reason: optional(v.string()),
    disableInfo: optional(v.looseObject({ disableDate: v.string() })),
    otherInfo: optional(v.looseObject({ title: v.string(), description: optional(v.string()) })),
  }),
)
/**
 * A template's status changed (`template_status_update`): `eventDetails.meta.status` is
 * `APPROVED`, `REJECTED` (with `reason`), `FLAGGED` (with `disableInfo.disableDate`), `PAUSED`
 * (with `otherInfo`), `DISABLED` or `PENDING_DELETION`, in upper case whatever 8x8 sent.
 */
export interface TemplateStatusEventSchema extends Named<typeof TemplateStatusEventSchema_> {}
/** A template's status changed: see {@link TemplateStatusEventSchema}. */
export const TemplateStatusEventSchema: TemplateStatusEventSchema = TemplateStatusEventSchema_

const TemplateQualityEventSchema_ = businessEvent(
  'template_quality',
  templateDetails({
    previousQualityScore: optional(upperCase),
    newQualityScore: upperCase,
  }),
)
/** A template's quality score changed (`template_quality_update`): `GREEN`, `YELLOW`, `RED`, `UNKNOWN`. */
export interface TemplateQualityEventSchema extends Named<typeof TemplateQualityEventSchema_> {}
/** A template's quality score changed (`template_quality_update`). */
export const TemplateQualityEventSchema: TemplateQualityEventSchema = TemplateQualityEventSchema_

const TemplateCategoryEventSchema_ = businessEvent(
  'template_category',
  templateDetails({ previousCategory: optional(upperCase), newCategory: upperCase }),
)
/** Meta changed a template's category (`template_category_update`), e.g. `UTILITY` to `MARKETING`. */
export interface TemplateCategoryEventSchema extends Named<typeof TemplateCategoryEventSchema_> {}
/** Meta changed a template's category (`template_category_update`). */
export const TemplateCategoryEventSchema: TemplateCategoryEventSchema = TemplateCategoryEventSchema_

const TemplateCategoryDetectionEventSchema_ = businessEvent(
  'template_category_detection',
  templateDetails({ category: upperCase, correctCategory: upperCase }),
)
/**
 * Meta found a template sent under the wrong category (`template_correct_category_detection`):
 * advice only, the category is not changed.
 */
export interface TemplateCategoryDetectionEventSchema
  extends Named<typeof TemplateCategoryDetectionEventSchema_> {}
/** Meta found a template sent under the wrong category: see {@link TemplateCategoryDetectionEventSchema}. */
export const TemplateCategoryDetectionEventSchema: TemplateCategoryDetectionEventSchema =
  TemplateCategoryDetectionEventSchema_

const PhoneNumberQualityEventSchema_ = businessEvent(
  'phone_number_quality',
  v.looseObject({
    displayPhoneNumber: v.string(),
    meta: v.looseObject({
      event: upperCase,
      currentLimit: optional(v.string()),
      oldLimit: optional(v.string()),
      maxDailyConversationsPerBusiness: optional(v.string()),
    }),
  }),
)
/**
 * The business number's quality or messaging limit changed (`phone_number_quality_update`):
 * `meta.event` is `UPGRADE`, `DOWNGRADE`, `FLAGGED`, `UNFLAGGED`, `ONBOARDING` or
 * `THROUGHPUT_UPGRADE`; the tier is in `maxDailyConversationsPerBusiness` (`currentLimit` and
 * `oldLimit` until Meta removes them).
 */
export interface PhoneNumberQualityEventSchema
  extends Named<typeof PhoneNumberQualityEventSchema_> {}
/** The business number's quality or messaging limit changed: see {@link PhoneNumberQualityEventSchema}. */
export const PhoneNumberQualityEventSchema: PhoneNumberQualityEventSchema =
  PhoneNumberQualityEventSchema_

const rotation = v.looseObject({ previous: optional(v.string()), current: v.string() })

const UserIdUpdateEventSchema_ = businessEvent(
  'user_id_update',
  v.looseObject({
    rawEvent: v.looseObject({
      field: v.string(),
      value: v.looseObject({
        user_id_update: v.array(
          v.looseObject({
            wa_id: optional(v.string()),
            detail: optional(v.string()),
            user_id: rotation,
            parent_user_id: optional(rotation),
            timestamp: optional(looseId),
          }),
        ),
      }),
    }),
  }),
)
/**
 * A user's business-scoped user id rotated (`whatsapp_user_id_update`): Meta's payload as 8x8
 * passes it through, in Meta's snake case; each `eventDetails.rawEvent.value.user_id_update[]`
 * entry has `user_id.previous` and `user_id.current` (and the phone number, `wa_id`, when known).
 */
export interface UserIdUpdateEventSchema extends Named<typeof UserIdUpdateEventSchema_> {}
/** A user's business-scoped user id rotated: see {@link UserIdUpdateEventSchema}. */
export const UserIdUpdateEventSchema: UserIdUpdateEventSchema = UserIdUpdateEventSchema_
