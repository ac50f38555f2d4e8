import { safeParseEvent } from '@chatapps/dsl'
import { beforeEach, describe, expect, it } from 'vitest'
import {
  anUuid,
  aTimestamp,
  call,
  calls,
  clear,
  clearRecorder,
  envelope,
  expectJson,
  get,
  post,
  received,
  SUB,
  settledReceipts,
} from './helpers'

beforeEach(async () => {
  await clear()
  await clearRecorder()
})

const lonPath = (sub = SUB) => `/api/v1/subaccounts/${sub}/lon`
const lonBatchPath = (sub = SUB) => `/api/v1/subaccounts/${sub}/lon/batch`
const user = { msisdn: '+66812345678' }
const LON = {
  user,
  clientMessageId: 'order-1',
  content: {
    title: 'Order shipped',
    icon: 'boxCheck',
    emphasis: { label: 'Order', content: '#1234' },
    actions: [{ title: 'Track', url: 'https://example.com/track/1234' }],
  },
  smsFallback: { text: 'Your order #1234 shipped', encoding: 'AUTO' },
}

describe('POST /api/v1/subaccounts/{subAccountId}/lon', () => {
  it("answers 8x8's single message response, and keeps the request byte for byte", async () => {
    const raw = JSON.stringify(LON)
    const response = await post(lonPath(), raw)
    await expectJson(response, 200, {
      umid: anUuid(),
      user,
      clientMessageId: 'order-1',
      status: { state: 'queued', timestamp: aTimestamp() },
    })
    const { messages } = await received()
    expect(messages).toHaveLength(1)
    expect(messages[0]).toMatchObject({ kind: 'message', subAccountId: SUB, raw, body: LON })
  })

  it('its details say channel Line, content type Template', async () => {
    const { umid } = (await (await post(lonPath(), LON)).json()) as { umid: string }
    const details = await get(`/api/v1/subaccounts/${SUB}/messages/${umid}`)
    const { data } = (await details.json()) as { data: Record<string, unknown>[] }
    expect(data[0]).toMatchObject({ umid, channel: 'Line', contentType: 'Template', step: 1 })
  })

  it("sends receipts like a message's, on channel line, parsed by the DSL", async () => {
    const { umid } = (await (await post(lonPath(), LON)).json()) as { umid: string }
    await settledReceipts()
    const got = await calls(umid)
    expect(got.map((c) => c.body.payload.status.state)).toStrictEqual([
      'queued',
      'sent',
      'delivered',
      'read',
    ])
    for (const { body } of got) {
      expect(body.payload).toMatchObject({
        umid,
        clientMessageId: 'order-1',
        subAccountId: SUB,
        channel: 'line',
        user,
      })
      expect(safeParseEvent(body).success).toBe(true)
    }
  })

  const errors: [string, unknown, ReturnType<typeof envelope>][] = [
    [
      'a body that is not JSON',
      '{',
      envelope(1000, 'Invalid parameter(s): request body is not valid JSON'),
    ],
    ['no title', { user, content: {} }, envelope(1000, "Invalid parameter(s): 'content.title'")],
    [
      'an icon 8x8 does not have',
      { user, content: { title: 'T', icon: 'rocket' } },
      envelope(1000, "Invalid parameter(s): 'content.icon'"),
    ],
    [
      'a national number without its country',
      { user: { msisdn: '0812345678' }, content: { title: 'T' } },
      envelope(1002, 'Invalid MSISDN format (not E.164 international number)'),
    ],
    [
      'a clientMessageId of 51 characters',
      { user, clientMessageId: 'x'.repeat(51), content: { title: 'T' } },
      envelope(3009, 'Too long ClientMessageId'),
    ],
    [
      'a message body instead',
      { user, type: 'text', content: { text: 'Hi' } },
      envelope(1000, "Invalid parameter(s): 'content.title'"),
    ],
  ]
  it.each(errors)('400 for %s', async (_, body, error) => {
    await expectJson(await post(lonPath(), body), 400, error)
    expect((await received()).messages).toStrictEqual([])
  })

  it('401 code 1200 without the key, before anything else', async () => {
    await expectJson(
      await post(lonPath('x'), LON, {}),
      401,
      envelope(1200, 'Request was not authenticated properly'),
    )
  })

  it('the inbox draws it as a LINE notification', async () => {
    await post(lonPath(), LON)
    const html = await (await call('/')).text()
    expect(html).toContain('aria-label="Message preview: LINE notification"')
    expect(html).toContain('Order shipped')
    expect(html).toContain('SMS if LINE cannot deliver it: Your order #1234 shipped')
  })
})

describe('POST /api/v1/subaccounts/{subAccountId}/lon/batch', () => {
  it('queues valid notifications, rejects invalid ones one by one, answers 200', async () => {
    const bad = { user: { msisdn: '123' }, clientMessageId: 'bad-1', content: { title: 'T' } }
    const body = { clientBatchId: 'b-7', messages: [LON, bad], includeMessagesInResponse: true }
    await expectJson(await post(lonBatchPath(), body), 200, {
      batchId: anUuid(),
      clientBatchId: 'b-7',
      acceptedCount: 1,
      rejectedCount: 1,
      messages: [
        {
          umid: anUuid(),
          user,
          clientMessageId: 'order-1',
          status: { state: 'queued', timestamp: aTimestamp() },
        },
        {
          umid: anUuid(),
          user: { msisdn: '123' },
          clientMessageId: 'bad-1',
          status: {
            state: 'rejected',
            timestamp: aTimestamp(),
            errorCode: 1002,
            errorMessage: 'Invalid MSISDN format (not E.164 international number)',
          },
        },
      ],
    })
  })

  it('answers counts only, by default', async () => {
    await expectJson(await post(lonBatchPath(), { messages: [LON] }), 200, {
      batchId: anUuid(),
      acceptedCount: 1,
      rejectedCount: 0,
    })
  })

  const errors: [string, unknown, ReturnType<typeof envelope>][] = [
    ['no messages', { messages: [] }, envelope(3012, 'Missed messages')],
    [
      '1,001 messages',
      { messages: Array.from({ length: 1001 }, () => LON) },
      envelope(3013, 'Too much messages'),
    ],
    [
      'a clientBatchId of 101 characters',
      { clientBatchId: 'b'.repeat(101), messages: [LON] },
      envelope(3014, 'Too long ClientBatchId'),
    ],
    [
      'a template (LON batches have none)',
      { template: {}, messages: [LON] },
      envelope(1000, "Invalid parameter(s): 'template'"),
    ],
  ]
  it.each(errors)('400 for %s', async (_, body, error) => {
    await expectJson(await post(lonBatchPath(), body), 400, error)
  })
})
