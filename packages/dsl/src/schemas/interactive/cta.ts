import * as v from 'valibot'
import { LIMITS } from '../../limits'
import type { Named } from '../named'
import { httpUrl, integerIn, jsonObject, nonEmpty, text } from '../primitives'
import { BodySchema, FooterSchema, HeaderSchema } from './parts'

const CtaUrlSchema_ = v.strictObject({
  type: v.literal('cta_url'),
  header: v.exactOptional(HeaderSchema),
  body: BodySchema,
  footer: v.exactOptional(FooterSchema),
  action: v.strictObject({
    name: v.exactOptional(v.literal('cta_url')),
    parameters: v.strictObject({
      display_text: text(LIMITS.ctaDisplayText),
      url: httpUrl,
    }),
  }),
})
/** A call-to-action button that opens a URL. */
export interface CtaUrlSchema extends Named<typeof CtaUrlSchema_> {}
/** A call-to-action button that opens a URL. */
export const CtaUrlSchema: CtaUrlSchema = CtaUrlSchema_

const FlowActionPayloadSchema = v.strictObject({
  screen: v.exactOptional(nonEmpty),
  data: v.exactOptional(
    v.pipe(
      jsonObject,
      v.check((data) => Object.keys(data).length > 0, 'Invalid data: must not be an empty object'),
    ),
  ),
})

const FlowSchema_ = v.strictObject({
  type: v.literal('flow'),
  header: v.exactOptional(HeaderSchema),
  body: BodySchema,
  footer: v.exactOptional(FooterSchema),
  action: v.strictObject({
    name: v.exactOptional(v.literal('flow')),
    parameters: v.strictObject({
      flowId: nonEmpty,
      flowCta: text(LIMITS.flowCta),
      flowAction: v.exactOptional(v.picklist(['navigate', 'data_exchange'])),
      flowActionPayload: v.exactOptional(FlowActionPayloadSchema),
    }),
  }),
})
/** A button that opens a WhatsApp Flow (8x8's camelCase parameters). */
export interface FlowSchema extends Named<typeof FlowSchema_> {}
/** A button that opens a WhatsApp Flow (8x8's camelCase parameters). */
export const FlowSchema: FlowSchema = FlowSchema_

const VoiceCallSchema_ = v.strictObject({
  type: v.literal('voice_call'),
  header: v.exactOptional(HeaderSchema),
  body: v.exactOptional(BodySchema),
  footer: v.exactOptional(FooterSchema),
  action: v.strictObject({
    name: v.literal('voice_call'),
    parameters: v.exactOptional(
      v.strictObject({
        display_text: v.exactOptional(text(LIMITS.ctaDisplayText)),
        ttlMinutes: v.exactOptional(integerIn(LIMITS.ttlMinutes)),
        payload: v.exactOptional(text(LIMITS.voiceCallPayload)),
      }),
    ),
  }),
})
/** A button that starts a WhatsApp voice call to the business. */
export interface VoiceCallSchema extends Named<typeof VoiceCallSchema_> {}
/** A button that starts a WhatsApp voice call to the business. */
export const VoiceCallSchema: VoiceCallSchema = VoiceCallSchema_

const LocationRequestSchema_ = v.strictObject({
  type: v.literal('location_request_message'),
  body: BodySchema,
  action: v.strictObject({ name: v.literal('send_location') }),
})
/** Asks the user to share their location. No header, no footer. */
export interface LocationRequestSchema extends Named<typeof LocationRequestSchema_> {}
/** Asks the user to share their location. No header, no footer. */
export const LocationRequestSchema: LocationRequestSchema = LocationRequestSchema_

const CallPermissionRequestSchema_ = v.strictObject({
  type: v.literal('call_permission_request'),
  body: v.exactOptional(BodySchema),
  footer: v.exactOptional(FooterSchema),
  action: v.exactOptional(v.strictObject({ name: v.literal('call_permission_request') })),
})
/** Asks the user for permission to call them (WhatsApp calling). */
export interface CallPermissionRequestSchema extends Named<typeof CallPermissionRequestSchema_> {}
/** Asks the user for permission to call them (WhatsApp calling). */
export const CallPermissionRequestSchema: CallPermissionRequestSchema = CallPermissionRequestSchema_

const RequestContactInfoSchema_ = v.strictObject({
  type: v.literal('request_contact_info'),
  body: v.exactOptional(BodySchema),
  footer: v.exactOptional(FooterSchema),
  action: v.exactOptional(v.strictObject({ name: v.literal('request_contact_info') })),
})
/** Asks the user to share their contact details. */
export interface RequestContactInfoSchema extends Named<typeof RequestContactInfoSchema_> {}
/** Asks the user to share their contact details. */
export const RequestContactInfoSchema: RequestContactInfoSchema = RequestContactInfoSchema_
