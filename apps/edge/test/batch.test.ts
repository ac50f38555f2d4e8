import { env } from 'cloudflare:test'
import { ACCEPT_SIGNATURE } from '@chatapps/signature'
import { describe, expect, it } from 'vitest'
import {
  flushRecords,
  KEYS,
  MESSAGE_ID,
  ORIGIN,
  problem,
  problemBody,
  type SignWith,
  send,
  sendFaulty,
  signedGet,
  signedPost,
  textMessage,
  upstreamReceived,
} from './helpers'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/
const PATH = '/v1/messages/batch'

function signedBatch(body: unknown, options: SignWith = {}) {
  return signedPost(typeof body === 'string' ? body : JSON.stringify(body), {
    path: PATH,
    ...options,
  })
}

interface Answer {
  batchId: string
  acceptedCount: number
  rejectedCount: number
  messages: { id: string; clientMessageId: string; umid: string; status: { state: string } }[]
}

describe('POST /v1/messages/batch', () => {
  it('sends the canonical batch with clientMessageIds, answers 8x8 result plus ids, records each', async () => {
    const marker = crypto.randomUUID()
    const first = { user: { msisdn: '+15551234567' }, type: 'Text', content: { text: marker } }
    const second = { ...textMessage(`${marker} 2`), clientMessageId: 'batch-own-1' }
    const response = await send(await signedBatch({ messages: [first, second] }))
    expect(response.status).toBe(200)
    const body = (await response.json()) as Answer
    const generated = body.messages[0]?.clientMessageId
    // No reference of the caller's: the gateway's id, which is what 8x8 got.
    expect(generated).toBe(body.messages[0]?.id)
    const [one, two] = body.messages
    expect(body).toEqual({
      batchId: expect.stringMatching(UUID),
      acceptedCount: 2,
      rejectedCount: 0,
      messages: [
        {
          id: expect.stringMatching(MESSAGE_ID),
          clientMessageId: generated,
          umid: expect.stringMatching(UUID),
          status: { state: 'queued', timestamp: expect.stringMatching(TIMESTAMP) },
        },
        {
          id: expect.stringMatching(MESSAGE_ID),
          clientMessageId: 'batch-own-1',
          umid: expect.stringMatching(UUID),
          status: { state: 'queued', timestamp: expect.stringMatching(TIMESTAMP) },
        },
      ],
    })
    // Each message as every answer shows one: 8x8's echo of `user` is left out.
    expect(Object.keys(one ?? {})).toEqual(['id', 'clientMessageId', 'umid', 'status'])

    const received = await upstreamReceived(marker)
    expect(received).toHaveLength(1)
    expect(received[0]).toMatchObject({
      subAccountId: 'demo-subaccount',
      raw: JSON.stringify({
        messages: [
          {
            user: { msisdn: '+15551234567' },
            type: 'text',
            content: { text: marker },
            clientMessageId: generated,
          },
          {
            user: { msisdn: '+15551234567' },
            type: 'text',
            content: { text: `${marker} 2` },
            clientMessageId: two?.id,
          },
        ],
        includeMessagesInResponse: true,
      }),
    })

    for (const message of [one, two]) {
      const record = await send(await signedGet(`/v1/messages/${message?.id}`))
      expect(record.status).toBe(200)
      const shown = (await record.json()) as Record<string, unknown>
      expect(shown).toEqual({
        id: message?.id,
        clientMessageId: message?.clientMessageId,
        umid: message?.umid,
        status: { state: 'queued', timestamp: shown.createdAt },
        deliveryAttempts: 1,
        batchId: body.batchId,
        createdAt: expect.stringMatching(TIMESTAMP),
        updatedAt: shown.createdAt,
        history: [],
      })
    }
  })

  it('forwards a template and clientBatchId; users-only messages take the template', async () => {
    const marker = crypto.randomUUID()
    const input = {
      clientBatchId: `campaign-${marker.slice(0, 8)}`,
      template: { type: 'text', content: { text: marker } },
      messages: [
        { user: { msisdn: '+15551230001' }, clientMessageId: 't-1' },
        { user: { msisdn: '+15551230002' }, clientMessageId: 't-2' },
      ],
    }
    const response = await send(await signedBatch(input, { keyId: KEYS.hmac }))
    expect(response.status).toBe(200)
    const body = (await response.json()) as Answer & { clientBatchId: string }
    expect(body.clientBatchId).toBe(input.clientBatchId)
    expect(body.acceptedCount).toBe(2)
    expect(body.messages.map((m) => m.clientMessageId)).toEqual(['t-1', 't-2'])
    const received = await upstreamReceived(marker)
    expect(received.map((r) => r.raw)).toEqual([
      // The canonical order: the schema's (messages, template, clientBatchId); each message
      // leaves with its gateway id as clientMessageId.
      JSON.stringify({
        messages: input.messages.map((message, index) => ({
          ...message,
          clientMessageId: body.messages[index]?.id,
        })),
        template: input.template,
        clientBatchId: input.clientBatchId,
        includeMessagesInResponse: true,
      }),
    ])
  })

  it('a retry with the same idempotency key replays the answer and sends once', async () => {
    const idempotencyKey = crypto.randomUUID()
    const message = textMessage()
    const body = JSON.stringify({ messages: [message] })
    const first = await send(await signedBatch(body, { idempotencyKey }))
    const text = await first.text()
    expect(first.status).toBe(200)
    const retry = await send(await signedBatch(body, { idempotencyKey }))
    expect(retry.status).toBe(200)
    expect(retry.headers.get('idempotency-replayed')).toBe('true')
    expect(await retry.text()).toBe(text)
    expect(await upstreamReceived(message.content.text)).toHaveLength(1)
  })

  it('an idempotency key of a single send, reused for a batch, is 422 idempotency_key_reused', async () => {
    const idempotencyKey = crypto.randomUUID()
    const message = textMessage()
    const single = await send(await signedPost(JSON.stringify(message), { idempotencyKey }))
    expect(single.status).toBe(200)
    const response = await send(await signedBatch({ messages: [message] }, { idempotencyKey }))
    expect(response.status).toBe(422)
    expect((await problem(response)).code).toBe('idempotency_key_reused')
  })

  it('invalid messages are 422 invalid_message, paths under messages.<index>, nothing sent', async () => {
    const marker = crypto.randomUUID()
    const input = {
      messages: [
        textMessage(marker),
        { user: { msisdn: '+15551234567' }, type: 'text', content: {} },
      ],
    }
    const response = await send(await signedBatch(input))
    expect(response.status).toBe(422)
    const body = await problem(response)
    const issues = body.issues as { path: string; message: string }[]
    expect(body).toEqual(
      problemBody(
        'invalid_message',
        422,
        'Invalid message',
        `The batch has ${issues.length} issue(s).`,
        { issues },
      ),
    )
    expect(issues.length).toBeGreaterThanOrEqual(1)
    for (const issue of issues) expect(issue.path).toMatch(/^messages\.1(\.|$)/)
    expect(await upstreamReceived(marker)).toHaveLength(0)
  })

  it.each([
    ['no messages', { messages: [] }],
    ['over 1,000 messages', { messages: Array.from({ length: 1001 }, () => textMessage('x')) }],
  ])('%s is 422 invalid_message at path messages', async (_name, input) => {
    const response = await send(await signedBatch(input))
    expect(response.status).toBe(422)
    const body = await problem(response)
    expect(body.code).toBe('invalid_message')
    expect((body.issues as { path: string }[]).map((issue) => issue.path)).toEqual(['messages'])
  })

  it('a body that is not strict JSON is 400 malformed_json', async () => {
    const response = await send(await signedBatch('{"messages":[],"messages":[]}'))
    expect(response.status).toBe(400)
    expect((await problem(response)).code).toBe('malformed_json')
  })

  it('a message type the key may not send is 403 forbidden, naming the message', async () => {
    const marker = crypto.randomUUID()
    const input = {
      messages: [
        textMessage(marker),
        {
          user: { msisdn: '+15551234567' },
          type: 'image',
          content: { url: 'https://example.com/a.png' },
        },
      ],
    }
    const response = await send(await signedBatch(input, { keyId: KEYS.textOnly }))
    expect(response.status).toBe(403)
    expect(await problem(response)).toEqual(
      problemBody(
        'forbidden',
        403,
        'Forbidden',
        'This key may not send image messages (messages.1).',
      ),
    )
    expect(await upstreamReceived(marker)).toHaveLength(0)
  })

  it("a template's type counts for the messages that take it", async () => {
    const input = {
      template: { type: 'Image', content: { url: 'https://example.com/a.png' } },
      messages: [{ user: { msisdn: '+15551234567' } }],
    }
    const response = await send(await signedBatch(input, { keyId: KEYS.textOnly }))
    expect(response.status).toBe(403)
    expect(await problem(response)).toEqual(
      problemBody(
        'forbidden',
        403,
        'Forbidden',
        'This key may not send image messages (messages.0).',
      ),
    )
  })

  it('a key without the batch route is 403 forbidden', async () => {
    const response = await send(
      await signedBatch({ messages: [textMessage()] }, { keyId: KEYS.restricted }),
    )
    expect(response.status).toBe(403)
    expect(await problem(response)).toEqual(
      problemBody('forbidden', 403, 'Forbidden', 'This key may not call POST /v1/messages/batch.'),
    )
  })

  it('unsigned is 401 signature_missing; text/plain is 415; GET is 405 with Allow', async () => {
    const unsigned = await send(
      new Request(`${ORIGIN}${PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      }),
    )
    expect(unsigned.status).toBe(401)
    expect(unsigned.headers.get('accept-signature')).toBe(ACCEPT_SIGNATURE)
    const plain = await send(
      new Request(`${ORIGIN}${PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: '{}',
      }),
    )
    expect(plain.status).toBe(415)
    const get = await send(new Request(`${ORIGIN}${PATH}`))
    expect(get.status).toBe(405)
    expect(get.headers.get('allow')).toBe('POST')
  })

  it("8x8's 4xx is 422 upstream_rejected; its 503 is 503 upstream_unavailable", async () => {
    const rejected = await sendFaulty(
      await signedBatch({ messages: [textMessage('fault:reject')] }),
    )
    expect(rejected.status).toBe(422)
    expect(await problem(rejected)).toEqual(
      problemBody('upstream_rejected', 422, 'Rejected by 8x8', '8x8 rejected the batch.', {
        upstream: { code: 1002, message: 'Invalid MSISDN' },
      }),
    )
    const failed = await sendFaulty(await signedBatch({ messages: [textMessage('status:503')] }))
    expect(failed.status).toBe(503)
    expect(failed.headers.get('retry-after')).toBe('1')
    expect(await problem(failed)).toEqual(
      problemBody('upstream_unavailable', 503, '8x8 unavailable', '8x8 is unavailable.'),
    )
  })

  it("8x8's 500 is 502 upstream_outcome_unknown for every message, final: replayed, never sent again", async () => {
    const idempotencyKey = crypto.randomUUID()
    const input = {
      messages: [
        { ...textMessage(`fault:500 ${idempotencyKey}`), clientMessageId: 'order-1' },
        textMessage(`second ${idempotencyKey}`),
      ],
    }
    const failed = await sendFaulty(await signedBatch(input, { idempotencyKey }))
    expect(failed.status).toBe(502)
    expect(failed.headers.get('retry-after')).toBeNull()
    expect(failed.headers.get('location')).toBeNull()
    const answer = await problem(failed)
    const messages = answer.messages as { id: string; clientMessageId: string }[]
    const [first, second] = messages
    expect(answer).toEqual(
      problemBody(
        'upstream_outcome_unknown',
        502,
        "8x8's outcome unknown",
        '8x8 failed after the request was sent; it may have taken the message. It will not be sent again: follow its status.',
        {
          messages: [
            { id: expect.stringMatching(MESSAGE_ID), clientMessageId: 'order-1' },
            { id: second?.id, clientMessageId: second?.id },
          ],
        },
      ),
    )
    const retry = await sendFaulty(await signedBatch(input, { idempotencyKey }))
    expect(retry.status).toBe(502)
    expect(retry.headers.get('idempotency-replayed')).toBe('true')
    expect(await retry.json()).toEqual(answer)
    expect(await upstreamReceived(idempotencyKey, 'FAULTY_UPSTREAM')).toHaveLength(1)
    for (const message of [first, second]) {
      const shown = await send(await signedGet(`/v1/messages/${message?.id}`))
      const record = (await shown.json()) as Record<string, unknown>
      expect(record).toEqual({
        id: message?.id,
        clientMessageId: message?.clientMessageId,
        umid: null,
        status: {
          state: 'unknown',
          timestamp: record.createdAt,
          reason: '8x8: HTTP 500 (code 9000): Internal error; 8x8 may have taken it',
        },
        deliveryAttempts: 1,
        batchId: null,
        createdAt: expect.stringMatching(TIMESTAMP),
        updatedAt: record.createdAt,
        history: [],
      })
    }
  })

  it("8x8's partial rejection (200 with rejected entries) is answered as is and recorded", async () => {
    const marker = crypto.randomUUID()
    const response = await sendFaulty(
      await signedBatch({
        messages: [textMessage(`ok ${marker}`), textMessage('fault:rejected-in-batch')],
      }),
    )
    expect(response.status).toBe(200)
    const body = (await response.json()) as Omit<Answer, 'messages'> & {
      messages: (Answer['messages'][number] & { status: Record<string, unknown> })[]
    }
    expect(body.acceptedCount).toBe(1)
    expect(body.rejectedCount).toBe(1)
    expect(body.messages.map((m) => m.status)).toEqual([
      { state: 'queued', timestamp: '2026-11-24T00:00:00.000Z' },
      {
        state: 'rejected',
        timestamp: '2026-11-24T00:00:00.000Z',
        errorCode: 3038,
        errorMessage: 'Template not found for provided name and language',
      },
    ])
    await flushRecords()
    const records = await env.DB.prepare(
      'SELECT status, status_rank, umid FROM messages WHERE batch_id = ? ORDER BY batch_index',
    )
      .bind(body.batchId)
      .all()
    expect(records.results).toEqual([
      { status: 'queued', status_rank: 2, umid: body.messages[0]?.umid },
      { status: 'rejected', status_rank: 4, umid: body.messages[1]?.umid },
    ])
  })

  it('1,000 messages go in one upstream call, each recorded', async () => {
    const marker = crypto.randomUUID()
    const messages = Array.from({ length: 1000 }, (_, i) => textMessage(`${marker} ${i}`))
    const response = await send(await signedBatch({ messages }))
    expect(response.status).toBe(200)
    const body = (await response.json()) as Answer
    expect(body.acceptedCount).toBe(1000)
    expect(new Set(body.messages.map((m) => m.id)).size).toBe(1000)
    expect(await upstreamReceived(marker)).toHaveLength(1)
    const last = body.messages[999]
    const record = await send(await signedGet(`/v1/messages/${last?.id}`))
    expect(((await record.json()) as { umid: string }).umid).toBe(last?.umid)
  })
})
