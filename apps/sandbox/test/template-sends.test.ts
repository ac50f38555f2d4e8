import { beforeEach, describe, expect, it } from 'vitest'
import {
  anUuid,
  aTimestamp,
  batchPath,
  call,
  calls,
  clear,
  clearRecorder,
  envelope,
  eventually,
  expectJson,
  messagesPath,
  post,
  SUB,
  TEXT,
} from './helpers'

beforeEach(async () => {
  expect((await call('/__sandbox/templates', { method: 'DELETE' })).status).toBe(204)
  await clear()
  await clearRecorder()
})

const user = { msisdn: '+15551234567' }

type Component = Record<string, unknown>

const HEADER = {
  type: 'header',
  parameters: [{ type: 'image', url: 'https://shop.example/p.jpg' }],
}
const BODY = {
  type: 'body',
  parameters: [
    { type: 'text', text: 'Jason' },
    { type: 'text', text: 'ORD-42' },
  ],
}
const URL_BUTTON = {
  type: 'button',
  subType: 'Url',
  index: 0,
  parameters: [{ type: 'text', text: 'ORD-42' }],
}

/** A send of order_update (en_US unless told), its components as given. */
function orderUpdate(components: Component[], language = 'en_US', name = 'order_update') {
  return { user, type: 'template', content: { template: { name, language, components } } }
}

const MATCHING = orderUpdate([HEADER, BODY, URL_BUTTON])
const NOT_FOUND = 'Template not found for provided name and language'

/** Each kind of mismatch: the send, and the code and message 8x8 answers. */
const MISMATCHES: readonly { kind: string; body: unknown; code: number; message: string }[] = [
  {
    kind: 'unknown name',
    body: orderUpdate([HEADER, BODY, URL_BUTTON], 'en_US', 'order_updat'),
    code: 3038,
    message: NOT_FOUND,
  },
  {
    kind: 'unknown language',
    body: orderUpdate([HEADER, BODY, URL_BUTTON], 'fr'),
    code: 3038,
    message: NOT_FOUND,
  },
  {
    kind: 'body count',
    body: orderUpdate([
      HEADER,
      { type: 'body', parameters: [{ type: 'text', text: 'Jason' }] },
      URL_BUTTON,
    ]),
    code: 3041,
    message: 'The body of order_update (en_US) takes 2 parameters; 1 given.',
  },
  {
    kind: 'missing image header',
    body: orderUpdate([BODY, URL_BUTTON]),
    code: 3041,
    message: 'order_update (en_US) has an image header: the send needs its image.',
  },
  {
    kind: 'wrong button index',
    body: orderUpdate([HEADER, BODY, URL_BUTTON, { ...URL_BUTTON, index: 5 }]),
    code: 3053,
    message: 'order_update (en_US) has buttons 0 to 1; the send names button 5.',
  },
  {
    kind: 'wrong button sub-type',
    body: orderUpdate([
      HEADER,
      BODY,
      {
        type: 'button',
        subType: 'QuickReply',
        index: 0,
        parameters: [{ type: 'payload', payload: 'track' }],
      },
    ]),
    code: 3052,
    message:
      'Button 0 (URL "Track order") of order_update (en_US) is a Url button, not QuickReply.',
  },
]

describe('a single WhatsApp template send, checked against the registry', () => {
  it('takes a send that matches its registered template', async () => {
    await expectJson(await post(messagesPath(), MATCHING), 200, {
      umid: anUuid(),
      user,
      status: { state: 'queued', timestamp: aTimestamp() },
    })
  })

  for (const { kind, body, code, message } of MISMATCHES) {
    it(`refuses a send with the ${kind}: 400 code ${code}, nothing kept`, async () => {
      await expectJson(await post(messagesPath(), body), 400, envelope(code, message))
      const listed = (await (await call('/__sandbox/messages')).json()) as { messages: unknown[] }
      expect(listed.messages).toStrictEqual([])
    })
  }

  it('checks only WhatsApp: the same unknown template to another channel goes', async () => {
    const viber = { ...orderUpdate([], 'en_US', 'nope'), channels: [{ channel: 'Viber' }] }
    expect((await post(messagesPath(), viber)).status).toBe(200)
  })
})

describe('a batch: each WhatsApp template message checked on its own', () => {
  it('rejects each mismatching message inside the 200, with its code, and queues the others', async () => {
    const body = {
      messages: [MATCHING, ...MISMATCHES.map((m) => m.body), TEXT],
      includeMessagesInResponse: true,
    }
    const queued = { umid: anUuid(), user, status: { state: 'queued', timestamp: aTimestamp() } }
    await expectJson(await post(batchPath(), body), 200, {
      batchId: anUuid(),
      acceptedCount: 2,
      rejectedCount: MISMATCHES.length,
      messages: [
        queued,
        ...MISMATCHES.map(({ code, message }) => ({
          umid: anUuid(),
          user,
          status: {
            state: 'rejected',
            timestamp: aTimestamp(),
            errorCode: code,
            errorMessage: message,
          },
        })),
        queued,
      ],
    })
  })

  it('checks a message merged over the batch template', async () => {
    const body = {
      template: { type: 'template', content: MATCHING.content },
      messages: [{ user }, { user, content: orderUpdate([], 'de').content }],
      includeMessagesInResponse: true,
    }
    const response = await post(batchPath(), body)
    expect(response.status).toBe(200)
    const answer = (await response.json()) as {
      messages: { status: Record<string, unknown> }[]
    }
    expect(answer.messages.map((m) => m.status)).toStrictEqual([
      { state: 'queued', timestamp: aTimestamp() },
      { state: 'rejected', timestamp: aTimestamp(), errorCode: 3038, errorMessage: NOT_FOUND },
    ])
  })
})

/** The receipts of a message once `count` reached the webhook: state, error, Meta's code. */
async function receiptsOf(umid: string, count: number) {
  const got = await eventually(async () => {
    const all = await calls(umid)
    return all.length >= count ? all : undefined
  })
  return got.map((c) => c.body)
}

function failed(umid: string, errorCode: number, errorMessage: string, providerErrorCode: string) {
  return {
    version: 9,
    namespace: 'ChatApps',
    eventType: 'outbound_message_status_changed',
    description: 'ChatApps outbound message delivery receipt',
    payload: {
      umid,
      subAccountId: SUB,
      channel: 'whatsapp',
      user,
      status: { state: 'undelivered', timestamp: aTimestamp(), errorCode, errorMessage },
      whatsapp: { providerErrorCode },
    },
  }
}

async function sendOk(body: unknown): Promise<string> {
  const response = await post(messagesPath(), body)
  expect(response.status).toBe(200)
  return ((await response.json()) as { umid: string }).umid
}

const weeklyDeals = {
  user,
  type: 'template',
  content: {
    template: {
      name: 'weekly_deals',
      language: 'en_US',
      components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ada' }] }],
    },
  },
}

describe('a template WhatsApp will not send: taken, then a failing receipt', () => {
  it('a paused template fails with 1035 (Meta 132015)', async () => {
    const umid = await sendOk(weeklyDeals)
    const receipts = await receiptsOf(umid, 2)
    expect(receipts.map((r) => r.payload.status.state)).toStrictEqual(['queued', 'undelivered'])
    expect(receipts[1]).toStrictEqual(failed(umid, 1035, 'Template is paused', '132015'))
  })

  it('a template paused through the control route fails afterwards; approved again, it goes', async () => {
    const paused = await post(
      '/__sandbox/templates/status',
      { name: 'order_update', language: 'en_US', status: 'PAUSED' },
      {},
    )
    expect(paused.status).toBe(200)
    const umid = await sendOk(MATCHING)
    expect((await receiptsOf(umid, 2))[1]).toStrictEqual(
      failed(umid, 1035, 'Template is paused', '132015'),
    )
    const approved = await post(
      '/__sandbox/templates/status',
      { name: 'order_update', language: 'en_US', status: 'APPROVED' },
      {},
    )
    expect(approved.status).toBe(200)
    const again = await sendOk(MATCHING)
    const states = (await receiptsOf(again, 4)).map((r) => r.payload.status.state)
    expect(states).toStrictEqual(['queued', 'sent', 'delivered', 'read'])
  })

  it('a disabled template fails with 1036, a rejected one with 1031', async () => {
    await post(
      '/__sandbox/templates/status',
      { name: 'weekly_deals', language: 'en_US', status: 'DISABLED' },
      {},
    )
    const disabled = await sendOk(weeklyDeals)
    const rejected = await sendOk({
      ...weeklyDeals,
      content: { template: { ...weeklyDeals.content.template, name: 'prize_draw' } },
    })
    expect((await receiptsOf(disabled, 2))[1]).toStrictEqual(
      failed(disabled, 1036, 'Template is disabled', '132016'),
    )
    expect((await receiptsOf(rejected, 2))[1]).toStrictEqual(
      failed(rejected, 1031, 'Template does not exist', '132001'),
    )
  })
})
