import { describe, expectTypeOf, test } from 'vitest'
import {
  type ChatappsEvent,
  type InteractiveReply,
  parseEvent,
  type TemplateStatus,
  type TemplateStatusEvent,
} from '../src/index'

describe('events in the types', () => {
  test('kind narrows an event to its family', () => {
    const event = parseEvent({})
    expectTypeOf(event).toEqualTypeOf<ChatappsEvent>()
    if (event.kind === 'template_status') {
      expectTypeOf(event).toEqualTypeOf<TemplateStatusEvent>()
      expectTypeOf(event.eventDetails.meta.status).toEqualTypeOf<TemplateStatus>()
    }
    // @ts-expect-error kinds are snake case, like the first ones
    if (event.kind === 'template.status') throw new Error('unreachable')
    if (event.kind === 'delivery_receipt') {
      expectTypeOf(event.payload.step).toEqualTypeOf<number | undefined>()
      expectTypeOf(event.payload.whatsapp?.pricingCategory).toEqualTypeOf<string | undefined>()
    }
    expectTypeOf<ChatappsEvent['kind']>().toEqualTypeOf<
      | 'inbound_message'
      | 'delivery_receipt'
      | 'external_app_message'
      | 'template_status'
      | 'template_quality'
      | 'template_category'
      | 'template_category_detection'
      | 'phone_number_quality'
      | 'user_id_update'
      | 'unknown'
    >()
  })

  test("a Flow answer's response is parsed JSON or null", () => {
    type FlowReply = Extract<InteractiveReply, { type: 'nfmReply' }>
    type Response = FlowReply['nfmReply']['response']
    expectTypeOf<Response>().toExtend<Readonly<Record<string, unknown>> | null>()
    expectTypeOf<null>().toExtend<Response>()
    expectTypeOf<{ flow_token: string; size: number[] }>().toExtend<Response>()
    expectTypeOf<string>().not.toExtend<Response>()
    type CallReply = Extract<InteractiveReply, { type: 'callPermissionReply' }>
    expectTypeOf<CallReply['callPermissionReply']['isPermanent']>().toEqualTypeOf<boolean>()
  })
})
