import { describe, expect, test } from 'vitest'
import { parseEvent, safeParseEvent } from '../src/index'
import { deliveryReceipt, inboundButtonReply, inboundText } from './fixtures/events'

describe('parseEvent', () => {
  test('an inbound text message parses, with kind inbound_message', () => {
    expect(parseEvent(inboundText)).toStrictEqual({ kind: 'inbound_message', ...inboundText })
  })

  test('an inbound reply-button tap keeps its interactive payload', () => {
    const event = parseEvent(inboundButtonReply)
    expect(event.kind).toBe('inbound_message')
    expect(event).toStrictEqual({ kind: 'inbound_message', ...inboundButtonReply })
  })

  test('a delivery receipt (v9) parses, with its status and the fields 8x8 adds', () => {
    const event = parseEvent(deliveryReceipt)
    expect(event).toStrictEqual({ kind: 'delivery_receipt', ...deliveryReceipt })
    if (event.kind !== 'delivery_receipt') throw new Error('expected a receipt')
    expect(event.payload.status.state).toBe('delivered')
  })

  test("states and channels are lower-cased, as 8x8's casing drifts", () => {
    const event = parseEvent({
      ...deliveryReceipt,
      payload: {
        ...deliveryReceipt.payload,
        channel: 'whatsApp',
        status: { state: 'Read', timestamp: '2026-11-24T10:00:03Z' },
      },
    })
    expect(
      event.kind === 'delivery_receipt' && [event.payload.channel, event.payload.status.state],
    ).toStrictEqual(['whatsapp', 'read'])
  })

  test('an unknown event type is reported as such, not refused', () => {
    const future = {
      namespace: 'ChatApps',
      eventType: 'conversation_started',
      payload: { conversationId: 'c-1' },
    }
    expect(parseEvent(future)).toStrictEqual({ kind: 'unknown', ...future })
  })

  test('a receipt without its status is refused with the path', () => {
    const { status: _status, ...payload } = deliveryReceipt.payload
    const result = safeParseEvent({ ...deliveryReceipt, payload })
    expect(result.issues?.map((issue) => issue.path)).toStrictEqual(['payload.status'])
  })

  test('a body that is not an event is refused', () => {
    expect(safeParseEvent({ hello: 'world' }).issues?.map((issue) => issue.path)).toStrictEqual([
      'eventType',
    ])
  })
})
