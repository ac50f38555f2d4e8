import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import {
  KEYS,
  problem,
  problemBody,
  send,
  signedGet,
  signedPost,
  textMessage,
  upstreamReceived,
} from './helpers'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/
const ASYNC = 'respond-async'

interface Row {
  status: string
  umid: string | null
  payload: string | null
  sub_account: string
  attempts: number
  batch_id: string | null
  batch_index: number
}

async function row(id: string): Promise<Row | null> {
  return env.DB.prepare(
    `SELECT status, umid, payload, sub_account, attempts, batch_id, batch_index
     FROM messages WHERE id = ?`,
  )
    .bind(id)
    .first<Row>()
}

/** Waits (bounded) until the queue consumer has handed the message to 8x8. */
async function delivered(id: string, timeoutMs = 15_000): Promise<Row> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const found = await row(id)
    if (found !== null && found.umid !== null) return found
    if (Date.now() > deadline)
      throw new Error(`message ${id} not delivered: ${JSON.stringify(found)}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

describe('POST /v1/messages with Prefer: respond-async', () => {
  it('answers 202 at once with Location, then the queue delivers the canonical message once', async () => {
    const message = textMessage()
    const response = await send(await signedPost(JSON.stringify(message), { prefer: ASYNC }))
    expect(response.status).toBe(202)
    const body = (await response.json()) as {
      id: string
      clientMessageId: string
      status: { timestamp: string }
    }
    expect(body).toEqual({
      id: expect.stringMatching(UUID),
      clientMessageId: body.id,
      umid: null,
      status: { state: 'accepted', timestamp: expect.stringMatching(ISO) },
    })
    expect(response.headers.get('location')).toBe(`/v1/messages/${body.id}`)
    expect(response.headers.get('preference-applied')).toBe('respond-async')
    expect(response.headers.get('content-type')).toBe('application/json')

    const canonical = JSON.stringify({ ...message, clientMessageId: body.clientMessageId })
    expect(await row(body.id)).toMatchObject({ sub_account: 'demo-subaccount', batch_id: null })

    const record = await delivered(body.id)
    expect(record).toMatchObject({ status: 'queued', payload: canonical, attempts: 1 })
    const received = await upstreamReceived(body.clientMessageId)
    expect(received.map((request) => request.raw)).toEqual([canonical])
    expect(received[0]?.umid).toBe(record.umid)
    // The record: the 202's members, 8x8's state and one delivery attempt.
    const shown = await send(await signedGet(`/v1/messages/${body.id}`))
    const answered = (await shown.json()) as Record<string, unknown>
    expect(answered).toEqual({
      id: body.id,
      clientMessageId: body.clientMessageId,
      umid: record.umid,
      status: { state: 'queued', timestamp: answered.updatedAt },
      deliveryAttempts: 1,
      batchId: null,
      createdAt: body.status.timestamp,
      updatedAt: expect.stringMatching(ISO),
      history: [],
    })
  })

  it('a retry with the same idempotency key replays the 202 and queues nothing more', async () => {
    const idempotencyKey = crypto.randomUUID()
    const body = JSON.stringify(textMessage())
    const first = await send(await signedPost(body, { prefer: ASYNC, idempotencyKey }))
    const firstText = await first.text()
    const second = await send(await signedPost(body, { prefer: ASYNC, idempotencyKey }))
    expect(second.status).toBe(202)
    expect(second.headers.get('idempotency-replayed')).toBe('true')
    expect(await second.text()).toBe(firstText)
    // The headers that are part of the answer come back with it.
    expect(second.headers.get('location')).toBe(first.headers.get('location'))
    expect(second.headers.get('location')).toMatch(/^\/v1\/messages\/[0-9a-f-]{36}$/)
    expect(second.headers.get('preference-applied')).toBe('respond-async')
    const { id, clientMessageId } = JSON.parse(firstText) as { id: string; clientMessageId: string }
    await delivered(id)
    const count = await env.DB.prepare(
      'SELECT COUNT(*) AS n FROM messages WHERE idempotency_key = ?',
    )
      .bind(idempotencyKey)
      .first<{ n: number }>()
    expect(count?.n).toBe(1)
    expect(await upstreamReceived(clientMessageId)).toHaveLength(1)
  })

  it('the same idempotency key in the other mode is another request: 422', async () => {
    const idempotencyKey = crypto.randomUUID()
    const body = JSON.stringify(textMessage())
    expect((await send(await signedPost(body, { idempotencyKey }))).status).toBe(200)
    const response = await send(await signedPost(body, { prefer: ASYNC, idempotencyKey }))
    expect(response.status).toBe(422)
    expect((await problem(response)).code).toBe('idempotency_key_reused')
  })

  it('validates before accepting: an invalid message is 422 and nothing is recorded', async () => {
    const idempotencyKey = crypto.randomUUID()
    const response = await send(
      await signedPost(JSON.stringify({ user: { msisdn: '12' }, type: 'text', content: {} }), {
        prefer: ASYNC,
        idempotencyKey,
      }),
    )
    expect(response.status).toBe(422)
    expect(await problem(response)).toEqual(
      problemBody('invalid_message', 422, 'Invalid message', 'The message has 2 issue(s).', {
        issues: [
          { path: 'user.msisdn', message: expect.any(String) },
          { path: 'content.text', message: expect.any(String) },
        ],
      }),
    )
    const count = await env.DB.prepare(
      'SELECT COUNT(*) AS n FROM messages WHERE idempotency_key = ?',
    )
      .bind(idempotencyKey)
      .first<{ n: number }>()
    expect(count?.n).toBe(0)
  })
})

describe('POST /v1/messages/batch with Prefer: respond-async', () => {
  it('accepts each message on its own, merges the template, and delivers each once', async () => {
    const marker = crypto.randomUUID()
    const batch = {
      clientBatchId: `batch-${marker}`,
      template: { type: 'text', content: { text: `from the template ${marker}` } },
      messages: [
        { user: { msisdn: '+15551230001' }, clientMessageId: `a-${marker}` },
        { user: { msisdn: '+15551230002' } },
        {
          user: { msisdn: '+15551230003' },
          type: 'TEXT',
          content: { text: `own text ${marker}` },
        },
      ],
    }
    const response = await send(
      await signedPost(JSON.stringify(batch), {
        path: '/v1/messages/batch',
        prefer: ASYNC,
        keyId: KEYS.hmac,
      }),
    )
    expect(response.status).toBe(202)
    expect(response.headers.get('preference-applied')).toBe('respond-async')
    const body = (await response.json()) as {
      batchId: string
      messages: { id: string; clientMessageId: string }[]
    }
    expect(body).toEqual({
      batchId: expect.stringMatching(UUID),
      clientBatchId: `batch-${marker}`,
      acceptedCount: 3,
      messages: [
        {
          id: expect.stringMatching(UUID),
          clientMessageId: `a-${marker}`,
          umid: null,
          status: { state: 'accepted', timestamp: expect.stringMatching(ISO) },
        },
        {
          id: expect.stringMatching(UUID),
          clientMessageId: expect.stringMatching(UUID),
          umid: null,
          status: { state: 'accepted', timestamp: expect.stringMatching(ISO) },
        },
        {
          id: expect.stringMatching(UUID),
          clientMessageId: expect.stringMatching(UUID),
          umid: null,
          status: { state: 'accepted', timestamp: expect.stringMatching(ISO) },
        },
      ],
    })
    const records = await Promise.all(body.messages.map((message) => delivered(message.id)))
    expect(records.map((record) => [record.batch_id, record.batch_index])).toEqual([
      [body.batchId, 0],
      [body.batchId, 1],
      [body.batchId, 2],
    ])
    const [first, second, third] = body.messages
    // Each leaves with its gateway id as 8x8's clientMessageId (the caller's stays its own).
    const raw = async (id: string | undefined) =>
      (await upstreamReceived(id)).map((request) => request.raw)
    expect(await raw(first?.id)).toEqual([
      // Canonical: the schema's key order, whatever the order of template and message.
      JSON.stringify({
        user: { msisdn: '+15551230001' },
        type: 'text',
        content: { text: `from the template ${marker}` },
        clientMessageId: first?.id,
      }),
    ])
    expect(await raw(second?.id)).toHaveLength(1)
    expect(await raw(third?.id)).toEqual([
      JSON.stringify({
        user: { msisdn: '+15551230003' },
        type: 'text',
        content: { text: `own text ${marker}` },
        clientMessageId: third?.id,
      }),
    ])
  })
})
