import { describe, expect, test } from 'vitest'
import { parseEvent, safeParseEvent } from '../src/index'
import {
  accountUpdate,
  externalAppMessage,
  inboundCallPermissionReply,
  inboundFlowReply,
  inboundV3Text,
  phoneNumberQuality,
  receiptQueuedTemplate,
  receiptUndelivered,
  templateCategory,
  templateCategoryDetection,
  templatePaused,
  templateQuality,
  templateRejected,
  userIdUpdate,
} from './fixtures/events-8x8'

function pathsOf(json: unknown): unknown {
  const result = safeParseEvent(json)
  return result.success ? 'parsed' : result.issues.map((issue) => issue.path)
}

describe('inbound messages, v3', () => {
  test('the user has its business-scoped id, profile name and username', () => {
    expect(parseEvent(inboundV3Text)).toStrictEqual({ kind: 'inbound_message', ...inboundV3Text })
  })

  test("a Flow's answer keeps responseJson and adds it parsed, as response", () => {
    expect(parseEvent(inboundFlowReply)).toStrictEqual({
      kind: 'inbound_message',
      ...inboundFlowReply,
      payload: {
        ...inboundFlowReply.payload,
        content: {
          interactive: {
            type: 'nfmReply',
            nfmReply: {
              responseJson: inboundFlowReply.payload.content.interactive.nfmReply.responseJson,
              response: { flow_token: 't-42', size: 'M', extras: ['gift'] },
            },
          },
        },
      },
    })
  })

  test('a responseJson that is not a JSON object parses with response null', () => {
    for (const responseJson of ['not json', '[1,2]', '"text"']) {
      const event = parseEvent({
        ...inboundFlowReply,
        payload: {
          ...inboundFlowReply.payload,
          content: { interactive: { type: 'nfmReply', nfmReply: { responseJson } } },
        },
      })
      expect(event.kind === 'inbound_message' && event.payload.content?.interactive).toStrictEqual({
        type: 'nfmReply',
        nfmReply: { responseJson, response: null },
      })
    }
  })

  test('a call permission reply is typed, its response lower-cased', () => {
    const event = parseEvent({
      ...inboundCallPermissionReply,
      payload: {
        ...inboundCallPermissionReply.payload,
        content: {
          interactive: {
            type: 'callPermissionReply',
            callPermissionReply: { response: 'Reject', isPermanent: true },
          },
        },
      },
    })
    expect(event.kind === 'inbound_message' && event.payload.content?.interactive).toStrictEqual({
      type: 'callPermissionReply',
      callPermissionReply: { response: 'reject', isPermanent: true },
    })
    expect(parseEvent(inboundCallPermissionReply)).toStrictEqual({
      kind: 'inbound_message',
      ...inboundCallPermissionReply,
    })
  })

  test('a reply of a known type without its object is refused with the path', () => {
    const broken = (interactive: unknown) => ({
      ...inboundFlowReply,
      payload: { ...inboundFlowReply.payload, content: { interactive } },
    })
    expect(pathsOf(broken({ type: 'nfmReply' }))).toStrictEqual([
      'payload.content.interactive.nfmReply',
    ])
    expect(
      pathsOf(broken({ type: 'callPermissionReply', callPermissionReply: { response: 'accept' } })),
    ).toStrictEqual(['payload.content.interactive.callPermissionReply.isPermanent'])
    expect(pathsOf(broken({ type: 'list_reply', list_reply: { id: 'r1' } }))).toStrictEqual([
      'payload.content.interactive.list_reply.title',
    ])
  })

  test('an interactive type 8x8 adds later passes as it came', () => {
    const interactive = { type: 'payment_reply', payment_reply: { amount: 3 } }
    const event = parseEvent({
      ...inboundFlowReply,
      payload: { ...inboundFlowReply.payload, content: { interactive } },
    })
    expect(event.kind === 'inbound_message' && event.payload.content?.interactive).toStrictEqual(
      interactive,
    )
  })

  test('the recipient channel is lower-cased, whatever case 8x8 writes', () => {
    const event = parseEvent({
      ...inboundV3Text,
      payload: { ...inboundV3Text.payload, recipient: { channel: 'WhatsApp', channelId: 'c-1' } },
    })
    expect(event.kind === 'inbound_message' && event.payload.recipient?.channel).toBe('whatsapp')
  })
})

describe('timestamps', () => {
  const at = (timestamp: string) =>
    pathsOf({ ...inboundV3Text, payload: { ...inboundV3Text.payload, timestamp } })

  test('0 to 7 fractional digits, Z or an offset, are accepted', () => {
    for (const timestamp of [
      '2026-06-09T10:13:20Z',
      '2026-06-09T10:13:20.1Z',
      '2026-06-09T10:13:20.00Z',
      '2018-08-04T09:25:40.9235752+00:00',
      '2026-06-09T10:13:20.123-0530',
    ]) {
      expect(at(timestamp)).toBe('parsed')
    }
  })

  test('8 fractional digits, no zone or no time are refused with the path', () => {
    for (const timestamp of [
      '2018-08-04T09:25:40.92357521Z',
      '2026-06-09T10:13:20',
      '2026-06-09',
    ]) {
      expect(at(timestamp)).toStrictEqual(['payload.timestamp'])
    }
    expect(
      pathsOf({
        ...receiptUndelivered,
        payload: {
          ...receiptUndelivered.payload,
          status: { state: 'read', timestamp: 'yesterday' },
        },
      }),
    ).toStrictEqual(['payload.status.timestamp'])
  })
})

describe('delivery receipts, v9', () => {
  test('outboundContent of the queued receipt parses as 8x8 sent it', () => {
    expect(parseEvent(receiptQueuedTemplate)).toStrictEqual({
      kind: 'delivery_receipt',
      ...receiptQueuedTemplate,
    })
  })

  test("whatsapp's pricing, Meta's error code, the template id and the fallback step", () => {
    const event = parseEvent(receiptUndelivered)
    expect(event).toStrictEqual({ kind: 'delivery_receipt', ...receiptUndelivered })
    if (event.kind !== 'delivery_receipt') throw new Error('expected a receipt')
    expect([event.payload.whatsapp?.providerErrorCode, event.payload.step]).toStrictEqual([
      '131047',
      2,
    ])
  })

  test('channels and pricing categories in any letter case are lower-cased', () => {
    const event = parseEvent({
      ...receiptUndelivered,
      payload: {
        ...receiptUndelivered.payload,
        channel: 'WhatsApp',
        whatsapp: { pricingCategory: 'Marketing' },
        outboundContent: { channel: 'WHATSAPP', contentType: 'text', body: { text: 'Hi' } },
      },
    })
    expect(
      event.kind === 'delivery_receipt' && [
        event.payload.channel,
        event.payload.whatsapp?.pricingCategory,
        event.payload.outboundContent?.channel,
      ],
    ).toStrictEqual(['whatsapp', 'marketing', 'whatsapp'])
  })

  test('a step that is not a positive integer is refused', () => {
    for (const step of [0, 1.5, '2']) {
      expect(
        pathsOf({ ...receiptUndelivered, payload: { ...receiptUndelivered.payload, step } }),
      ).toStrictEqual(['payload.step'])
    }
  })
})

test('a WhatsApp Business App message parses with its content', () => {
  expect(parseEvent(externalAppMessage)).toStrictEqual({
    kind: 'external_app_message',
    ...externalAppMessage,
  })
})

describe('business-management events', () => {
  test.each([
    ['template_status', templateRejected],
    ['template_status', templatePaused],
    ['template_quality', templateQuality],
    ['template_category', templateCategory],
    ['template_category_detection', templateCategoryDetection],
    ['phone_number_quality', phoneNumberQuality],
    ['user_id_update', userIdUpdate],
  ] as const)('%s parses as 8x8 sent it', (kind, event) => {
    expect(parseEvent(event)).toStrictEqual({ kind, ...event })
  })

  test('a template status is upper-cased and typed for switching on', () => {
    const event = parseEvent({
      ...templateRejected,
      businessAccountId: 950523421983857,
      eventDetails: { ...templateRejected.eventDetails, meta: { status: 'approved' } },
    })
    if (event.kind !== 'template_status') throw new Error('expected a template status')
    expect([event.eventDetails.meta.status, event.businessAccountId]).toStrictEqual([
      'APPROVED',
      950523421983857,
    ])
  })

  test("a user id update carries the previous and current id in Meta's words", () => {
    const event = parseEvent(userIdUpdate)
    if (event.kind !== 'user_id_update') throw new Error('expected a user id update')
    expect(event.eventDetails.rawEvent.value.user_id_update.map((u) => u.user_id)).toStrictEqual([
      { previous: 'US.13491208655302741918', current: 'US.99991208655302741918' },
    ])
  })

  test('a template event without its name, or a status event without its status, is refused', () => {
    const { templateName: _name, ...details } = templateRejected.eventDetails
    expect(pathsOf({ ...templateRejected, eventDetails: details })).toStrictEqual([
      'eventDetails.templateName',
    ])
    expect(
      pathsOf({
        ...templateRejected,
        eventDetails: { ...templateRejected.eventDetails, meta: {} },
      }),
    ).toStrictEqual(['eventDetails.meta.status'])
    const { eventId: _id, ...noId } = phoneNumberQuality
    expect(pathsOf(noId)).toStrictEqual(['eventId'])
  })

  test('an event type this package does not model, without a namespace, is unknown', () => {
    expect(parseEvent(accountUpdate)).toStrictEqual({ kind: 'unknown', ...accountUpdate })
  })
})
