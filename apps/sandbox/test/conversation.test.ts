import { safeParseEvent } from '@chatapps/dsl'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { SANDBOX_CHANNEL_ID } from '../src/conversation/inbound'
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
  KEY,
  messagesPath,
  post,
  SUB,
  TEXT,
  WEBHOOK_AUTHORIZATION,
  WEBHOOK_URL,
} from './helpers'

beforeEach(async () => {
  await clear()
  await clearRecorder()
})
afterEach(async () => {
  expect((await call('/__sandbox/rules', { method: 'DELETE' })).status).toBe(204)
})

const FROM = '+15551234567'
const AUTH = { Authorization: `Bearer ${KEY}` }
const base = `/api/v1/subaccounts/${SUB}`
const MISSING = '0b6f5f0e-8a57-4f5e-9d44-5c1c4b7a9e01'

/** Makes the customer write; returns the sandbox's answer. */
async function customer(body: Record<string, unknown>): Promise<{ umid: string; event: unknown }> {
  const response = await post('/__sandbox/inbound', body, {})
  expect(response.status).toBe(200)
  return response.json()
}

/** The MO v3 envelope 8x8 posts around an inbound payload. */
function inbound(payload: Record<string, unknown>) {
  return {
    version: 3,
    namespace: 'ChatApps',
    eventType: 'inbound_message_received',
    description: 'ChatApps inbound message',
    payload,
  }
}

function userPayload(umid: string, type: string, content: unknown, name?: string) {
  return {
    umid,
    subAccountId: SUB,
    timestamp: aTimestamp(),
    user: { msisdn: FROM, channelUserId: '15551234567', ...(name && { name }) },
    recipient: { channel: 'whatsapp', channelId: SANDBOX_CHANNEL_ID },
    type,
    content,
  }
}

describe('POST /__sandbox/inbound: the customer writes', () => {
  it('posts a text as 8x8 MO v3 webhook, which @chatapps/dsl parses', async () => {
    const { umid, event } = await customer({ from: FROM, name: 'Ada', text: 'Hello' })
    const expected = inbound(userPayload(umid, 'Text', { text: 'Hello' }, 'Ada'))
    expect(event).toStrictEqual(expected)
    const parsed = safeParseEvent(event)
    expect(parsed.success && parsed.output.kind).toBe('inbound_message')
    const [posted] = await eventually(async () => {
      const got = await calls(umid)
      return got.length === 1 ? got : undefined
    })
    expect(posted).toStrictEqual({
      at: expect.any(Number),
      method: 'POST',
      url: WEBHOOK_URL,
      authorization: WEBHOOK_AUTHORIZATION,
      contentType: 'application/json',
      body: event,
      answered: 200,
    })
    const listed = await (await call('/__sandbox/inbound')).json()
    expect(listed).toStrictEqual({
      messages: [
        {
          umid,
          subAccountId: SUB,
          msisdn: FROM,
          timestamp: aTimestamp(),
          readAt: null,
          typingAt: null,
          event,
        },
      ],
    })
  })

  it('names the customer by BSUID beside the number when given one', async () => {
    const bsuid = 'US.13491208655302741918'
    const { umid, event } = await customer({ from: FROM, bsuid, text: 'Hi' })
    const expected = inbound(userPayload(umid, 'Text', { text: 'Hi' }))
    expect(event).toStrictEqual({
      ...expected,
      payload: { ...expected.payload, user: { msisdn: FROM, channelUserId: bsuid } },
    })
    const refused = await post(
      '/__sandbox/inbound',
      { from: FROM, bsuid: '15551234567', text: 'Hi' },
      {},
    )
    expect(refused.status).toBe(400)
  })

  it('taps a reply button, picks a list row, submits a Flow, quoting a message', async () => {
    const quoted = '82188ee0-109f-4811-8150-020897df5459'
    const cases = [
      {
        body: { button: { id: 'yes', title: 'Yes' }, replyToUmid: quoted },
        content: {
          interactive: { type: 'button_reply', button_reply: { id: 'yes', title: 'Yes' } },
        },
      },
      {
        body: { list: { id: 'r1', title: 'Row one', description: 'The first' } },
        content: {
          interactive: {
            type: 'list_reply',
            list_reply: { id: 'r1', title: 'Row one', description: 'The first' },
          },
        },
      },
      {
        body: { flow: { responseJson: { flow_token: 't', size: 'M' } } },
        content: {
          interactive: {
            type: 'nfmReply',
            nfmReply: { responseJson: '{"flow_token":"t","size":"M"}' },
          },
        },
      },
    ]
    for (const { body, content } of cases) {
      const { umid, event } = await customer({ from: FROM, ...body })
      const payload = userPayload(umid, 'Interactive', content)
      const quote = 'replyToUmid' in body ? { replyToUmid: quoted } : {}
      expect(event).toStrictEqual(inbound({ ...payload, ...quote }))
      const parsed = safeParseEvent(event)
      expect(parsed.success && parsed.output.kind).toBe('inbound_message')
    }
  })

  it('refuses a body without exactly one thing to send, listing the issues', async () => {
    const response = await post(
      '/__sandbox/inbound',
      { from: '15551234567', text: 'a', list: {} },
      {},
    )
    expect(response.status).toBe(400)
    expect(await response.json()).toStrictEqual({
      error: 'Invalid inbound message',
      issues: [
        { path: 'from', message: 'must be an E.164 number' },
        { path: 'list.id', message: expect.any(String) },
        { path: 'list.title', message: expect.any(String) },
      ],
    })
    const none = await post('/__sandbox/inbound', { from: FROM }, {})
    expect(await none.json()).toStrictEqual({
      error: 'Invalid inbound message',
      issues: [{ path: '', message: 'Exactly one of text, button, list and flow is required' }],
    })
    const later = new Date(Date.now() + 60_000).toISOString()
    const future = await post('/__sandbox/inbound', { from: FROM, text: 'x', timestamp: later }, {})
    expect(await future.json()).toStrictEqual({
      error: 'Invalid inbound message',
      issues: [{ path: '', message: 'timestamp must not be in the future' }],
    })
    const array = await post('/__sandbox/inbound', '[]', {})
    expect(await array.json()).toStrictEqual({
      error: 'Invalid inbound message',
      issues: [{ path: '', message: 'The body must be an object' }],
    })
  })
})

describe('POST …/messages/{umid}/read', () => {
  it('marks the customer message read: 200 without a body', async () => {
    const { umid } = await customer({ from: FROM, text: 'Hi' })
    const response = await post(`${base}/messages/${umid}/read`, '', AUTH)
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('')
    const { messages } = (await (await call('/__sandbox/inbound')).json()) as {
      messages: { readAt: string | null }[]
    }
    expect(messages[0]?.readAt).toEqual(aTimestamp())
  })

  it('answers 400 for a malformed umid, 404 for an unknown one, 401 without the key', async () => {
    await expectJson(
      await post(`${base}/messages/nope/read`, '', AUTH),
      400,
      envelope(1000, 'Invalid umid.'),
    )
    await expectJson(
      await post(`${base}/messages/${MISSING}/read`, '', AUTH),
      404,
      envelope(1300, 'Message not found.'),
    )
    const { umid } = await customer({ from: FROM, text: 'Hi' })
    await expectJson(
      await post(`/api/v1/subaccounts/other-sub/messages/${umid}/read`, '', AUTH),
      404,
      envelope(1300, 'Message not found.'),
    )
    await expectJson(
      await post(`${base}/messages/${umid}/read`, '', {}),
      401,
      envelope(1200, 'Request was not authenticated properly'),
    )
  })
})

describe('POST …/events (typing)', () => {
  it('shows typing within 2 hours of the customer message', async () => {
    const { umid } = await customer({ from: FROM, text: 'Hi' })
    const response = await post(
      `${base}/events`,
      { channel: 'whatsapp', type: 'typing', umid },
      AUTH,
    )
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('')
    const { messages } = (await (await call('/__sandbox/inbound')).json()) as {
      messages: { typingAt: string | null }[]
    }
    expect(messages[0]?.typingAt).toEqual(aTimestamp())
  })

  it('refuses a message older than 2 hours, an unknown one and a bad body', async () => {
    const old = new Date(Date.now() - 2 * 60 * 60 * 1000 - 1000).toISOString()
    const { umid } = await customer({ from: FROM, text: 'Hi', timestamp: old })
    await expectJson(
      await post(`${base}/events`, { channel: 'whatsapp', type: 'typing', umid }, AUTH),
      400,
      envelope(
        1000,
        'Typing indicators can only be sent for inbound messages received within the last 2 hours.',
      ),
    )
    await expectJson(
      await post(`${base}/events`, { channel: 'whatsapp', type: 'typing', umid: MISSING }, AUTH),
      404,
      envelope(1300, 'Message not found.'),
    )
    await expectJson(
      await post(`${base}/events`, { channel: 'sms', type: 'typing', umid }, AUTH),
      400,
      envelope(1000, "Invalid parameter(s): 'channel'"),
    )
    await expectJson(
      await post(`${base}/events`, { channel: 'whatsapp', type: 'typing', umid: 'x' }, AUTH),
      400,
      envelope(1000, 'Invalid umid.'),
    )
    await expectJson(
      await post(`${base}/events`, 'not json', AUTH),
      400,
      envelope(1000, 'Invalid parameter(s): request body is not valid JSON'),
    )
  })
})

describe('DELETE …/messages/{umid} and …/messages/batch/{batchId}', () => {
  const later = () => new Date(Date.now() + 60 * 60 * 1000).toISOString()
  const del = (path: string) => call(path, { method: 'DELETE', headers: AUTH })

  it('cancels a scheduled message once: its receipts are never sent', async () => {
    const sent = await post(messagesPath(), { ...TEXT, scheduled: later() })
    const { umid } = (await sent.json()) as { umid: string }
    await expectJson(await del(`${base}/messages/${umid}`), 200, { cancelledCount: 1 })
    await expectJson(await del(`${base}/messages/${umid}`), 200, { cancelledCount: 0 })
    const { messages } = (await (await call('/__sandbox/messages')).json()) as {
      messages: { receipts: unknown[] }[]
    }
    expect(messages[0]?.receipts).toStrictEqual([])
  })

  it("shows a cancelled message as cancelled in the inbox, and 8x8's last documented state in its details", async () => {
    const { umid } = (await (
      await post(messagesPath(), { ...TEXT, scheduled: later() })
    ).json()) as {
      umid: string
    }
    await expectJson(await del(`${base}/messages/${umid}`), 200, { cancelledCount: 1 })
    const inbox = await (await call('/__sandbox/inbox')).text()
    expect(inbox).toContain(`data-umid="${umid}" data-state="cancelled"`)
    expect(inbox).toContain('aria-label="cancelled"')
    // 8x8 documents no `cancelled` state (message-status-references): its details keep `queued`.
    const details = (await (await call(`${base}/messages/${umid}`, { headers: AUTH })).json()) as {
      data: { status: { state: string } }[]
    }
    expect(details.data[0]?.status.state).toBe('queued')
  })

  it('holds a scheduled message until its time, and cancels nothing already sent', async () => {
    const soon = new Date(Date.now() + 300).toISOString()
    const { umid } = (await (await post(messagesPath(), { ...TEXT, scheduled: soon })).json()) as {
      umid: string
    }
    const now = await (await post(messagesPath(), TEXT)).json()
    const first = await eventually(async () => {
      const [got] = await calls(umid)
      return got
    })
    expect(first.at).toBeGreaterThanOrEqual(Date.parse(soon))
    await expectJson(await del(`${base}/messages/${umid}`), 200, { cancelledCount: 0 })
    await expectJson(await del(`${base}/messages/${(now as { umid: string }).umid}`), 200, {
      cancelledCount: 0,
    })
  })

  it('cancels the scheduled messages of a batch', async () => {
    const messages = [TEXT, { ...TEXT, user: { msisdn: '+15550001111' } }]
    const response = await post(batchPath(), { messages, template: { scheduled: later() } })
    const { batchId } = (await response.json()) as { batchId: string }
    expect(batchId).toEqual(anUuid())
    await expectJson(await del(`${base}/messages/batch/${batchId}`), 200, { cancelledCount: 2 })
    await expectJson(await del(`${base}/messages/batch/${batchId}`), 200, { cancelledCount: 0 })
  })

  it('answers 400 for a malformed id and 404 for an unknown one', async () => {
    await expectJson(await del(`${base}/messages/nope`), 400, envelope(1000, 'Invalid umid.'))
    await expectJson(
      await del(`${base}/messages/${MISSING}`),
      404,
      envelope(1300, 'Message not found.'),
    )
    await expectJson(
      await del(`${base}/messages/batch/nope`),
      400,
      envelope(1000, 'Invalid batchId.'),
    )
    await expectJson(
      await del(`${base}/messages/batch/${MISSING}`),
      404,
      envelope(1300, 'Message not found.'),
    )
  })
})

describe('POST …/files and GET /files/{name}', () => {
  function upload(bytes: Uint8Array, name = 'photo.JPG', type = 'image/jpeg') {
    const form = new FormData()
    form.append('file', new File([bytes], name, { type }))
    return call(`${base}/files`, { method: 'POST', headers: AUTH, body: form })
  }

  it('keeps the file and serves it back with its token', async () => {
    const bytes = new Uint8Array(3000).map((_, i) => i % 251)
    const response = await upload(bytes)
    expect(response.status).toBe(201)
    const body = (await response.json()) as { fileName: string; token: string }
    expect(body).toStrictEqual({
      fileName: expect.stringMatching(/^[0-9a-f]{32}\.jpg$/),
      token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    })
    const location = `/files/${body.fileName}?token=${body.token}`
    expect(response.headers.get('Location')).toBe(location)
    const file = await call(location)
    expect(file.status).toBe(200)
    expect(file.headers.get('Content-Type')).toBe('image/jpeg')
    expect(file.headers.get('Content-Security-Policy')).toBe("default-src 'none'; sandbox")
    expect(new Uint8Array(await file.arrayBuffer())).toStrictEqual(bytes)
    await expectJson(
      await call(`/files/${body.fileName}?token=wrong`),
      404,
      envelope(1300, 'File not found.'),
    )
  })

  it('answers 413 code 7001 over the limit and 400 without a file', async () => {
    // vitest.config.ts sets UPLOAD_MAX_BYTES to 4096 (8x8's limit is 100 MB).
    await expectJson(
      await upload(new Uint8Array(5000)),
      413,
      envelope(7001, 'Request size must not exceed 100 MB'),
    )
    const form = new FormData()
    form.append('other', 'x')
    await expectJson(
      await call(`${base}/files`, { method: 'POST', headers: AUTH, body: form }),
      400,
      envelope(1000, "Invalid parameter(s): 'file'"),
    )
  })
})
