/**
 * One JSON log line per request and per queue message (src/observability), with the exact
 * fields an operator reads; the `metric` lines that stand in for Analytics Engine locally; the
 * caller's W3C `traceparent` carried to 8x8 (synchronous and queued sends) and to a client's
 * callback, and dropped when invalid; and no secret in any of those lines.
 */
import {
  createExecutionContext,
  createMessageBatch,
  env,
  getQueueResult,
  SELF,
} from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import type { Bindings } from '../src/bindings'
import { readConfig } from '../src/config'
import { deliverBatch } from '../src/delivery/consumer'
import type { DeliveryJob } from '../src/delivery/jobs'
import { observeBatch } from '../src/observability/queue-log'
import { parseTraceparent } from '../src/observability/trace-context'
import {
  API_KEY,
  acceptedMessage,
  captureConsole,
  deliveryDeps,
  ED25519_PRIVATE,
  HMAC_SECRET,
  KEYS,
  ORIGIN,
  sendFaulty,
  signedPost,
  textMessage,
  upstreamReceived,
} from './helpers'

const bindings = env as unknown as Bindings & { FAULTY_UPSTREAM: Fetcher }
const config = readConfig(bindings)

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736'
const TRACEPARENT = `00-${TRACE_ID}-00f067aa0ba902b7-01`
const SPAN = /^[0-9a-f]{16}$/
/** The trace a send was made in, as its record keeps it. */
const SEND_TRACE_ID = '0af7651916cd43dd8448eb211c80319c'
const SEND_TRACEPARENT = `00-${SEND_TRACE_ID}-b7ad6b7169203331-01`

// Every secret the gateway holds in these tests, and the signatures of the requests.
const signatures: string[] = []
const logs = captureConsole(() => [
  API_KEY,
  ED25519_PRIVATE,
  HMAC_SECRET,
  'local-admin-token-not-secret',
  'sandbox-webhook-secret',
  ...signatures,
])

/** The JSON lines of one event that the request or batch logged. */
function linesOf(event: string): Record<string, unknown>[] {
  return logs.lines
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line.event === event)
}

/** A signed send, with a `traceparent` when given; its signature joins the secrets. */
async function tracedSend(text: string, traceparent?: string): Promise<Request> {
  const signed = await signedPost(JSON.stringify(textMessage(text)))
  signatures.push((signed.headers.get('signature') ?? '').replace(/^sig1=:|:$/g, ''))
  const request = new Request(signed)
  if (traceparent !== undefined) request.headers.set('traceparent', traceparent)
  return request
}

describe('W3C traceparent validation', () => {
  it('parses a version 00 header', () => {
    expect(parseTraceparent(TRACEPARENT)).toEqual({
      traceId: TRACE_ID,
      parentId: '00f067aa0ba902b7',
      flags: '01',
    })
  })

  it('reads the first fields of a later version, ignoring what follows', () => {
    expect(parseTraceparent(`cc-${TRACE_ID}-00f067aa0ba902b7-01-what-the-future-adds`)).toEqual({
      traceId: TRACE_ID,
      parentId: '00f067aa0ba902b7',
      flags: '01',
    })
  })

  it.each([
    ['version ff', `ff-${TRACE_ID}-00f067aa0ba902b7-01`],
    ['upper-case hex', `00-${TRACE_ID.toUpperCase()}-00f067aa0ba902b7-01`],
    ['an all-zero trace id', `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`],
    ['an all-zero parent id', `00-${TRACE_ID}-${'0'.repeat(16)}-01`],
    ['a short trace id', `00-${TRACE_ID.slice(1)}-00f067aa0ba902b7-01`],
    ['version 00 with more fields', `${TRACEPARENT}-extra`],
    ['not hex', `00-${TRACE_ID}-00f067aa0ba902bz-01`],
    ['empty', ''],
  ])('drops %s', (_name, header) => {
    expect(parseTraceparent(header)).toBeNull()
  })
})

describe('the request log line', () => {
  it('a synchronous send: its fields, its metrics, and its trace reaching 8x8', async () => {
    const marker = crypto.randomUUID()
    const response = await sendFaulty(await tracedSend(`hello ${marker}`, TRACEPARENT))
    expect(response.status).toBe(200)

    const [line, ...others] = linesOf('request')
    expect(others).toEqual([])
    expect(line).toEqual({
      event: 'request',
      requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      traceId: TRACE_ID,
      spanId: expect.stringMatching(SPAN),
      method: 'POST',
      route: '/v1/messages',
      status: 200,
      code: null,
      keyId: KEYS.ed25519,
      durationMs: expect.any(Number),
      durations: {
        verify: expect.any(Number),
        admission: expect.any(Number),
        validation: expect.any(Number),
        upstream: expect.any(Number),
        record: expect.any(Number),
      },
    })

    // 8x8 got the caller's trace, with the gateway's span as its parent.
    const [received] = await upstreamReceived(marker, 'FAULTY_UPSTREAM')
    expect((received as { traceparent?: string } | undefined)?.traceparent).toBe(
      `00-${TRACE_ID}-${String(line?.spanId)}-01`,
    )
    // The record keeps that trace, for the callbacks of the message's receipts (the admission
    // object's outbox writes it: a bounded wait).
    const { id } = (await response.json()) as { id: string }
    let stored: string | null | undefined
    for (let waited = 0; stored === undefined && waited < 10_000; waited += 50) {
      stored = (
        await env.DB.prepare('SELECT traceparent FROM messages WHERE id = ?')
          .bind(id)
          .first<{ traceparent: string | null }>()
      )?.traceparent
      if (stored === undefined) await new Promise((resolve) => setTimeout(resolve, 50))
    }
    expect(stored).toBe(`00-${TRACE_ID}-${String(line?.spanId)}-01`)

    expect(linesOf('metric')).toEqual([
      {
        event: 'metric',
        metric: 'upstream',
        subject: 'send',
        outcome: 'ok',
        keyId: KEYS.ed25519,
        status: 200,
        durationMs: expect.any(Number),
      },
      {
        event: 'metric',
        metric: 'request',
        subject: 'POST /v1/messages',
        outcome: 'ok',
        keyId: KEYS.ed25519,
        status: 200,
        durationMs: line?.durationMs,
      },
    ])
  })

  it('a refused send: its problem code, no key, no upstream step', async () => {
    const response = await sendFaulty(
      new Request(`${ORIGIN}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', traceparent: TRACEPARENT },
        body: JSON.stringify(textMessage('unsigned')),
      }),
    )
    expect(response.status).toBe(401)
    expect(linesOf('request')).toEqual([
      {
        event: 'request',
        requestId: expect.any(String),
        traceId: TRACE_ID,
        spanId: expect.stringMatching(SPAN),
        method: 'POST',
        route: '/v1/messages',
        status: 401,
        code: 'signature_missing',
        keyId: null,
        durationMs: expect.any(Number),
        durations: { verify: expect.any(Number) },
      },
    ])
    expect(linesOf('metric').map((metric) => [metric.metric, metric.outcome])).toEqual([
      ['request', 'signature_missing'],
    ])
  })

  it('8x8 refusing: the code, the upstream outcome and its status', async () => {
    const response = await sendFaulty(await tracedSend('fault:reject'))
    expect(response.status).toBe(422)
    const [line] = linesOf('request')
    expect([line?.status, line?.code, line?.traceId]).toEqual([422, 'upstream_rejected', null])
    expect(
      linesOf('metric').map((metric) => [metric.metric, metric.outcome, metric.status]),
    ).toEqual([
      ['upstream', 'rejected', 400],
      ['request', 'upstream_rejected', 422],
    ])
  })

  it('an invalid traceparent is dropped: not logged, not sent on', async () => {
    const marker = crypto.randomUUID()
    const invalid = `00-${TRACE_ID.toUpperCase()}-00f067aa0ba902b7-01`
    expect((await sendFaulty(await tracedSend(`hello ${marker}`, invalid))).status).toBe(200)
    expect(linesOf('request')[0]?.traceId).toBeNull()
    const [received] = await upstreamReceived(marker, 'FAULTY_UPSTREAM')
    expect(received).toEqual({ subAccountId: 'demo-subaccount', raw: expect.any(String) })
  })

  it('a path no route has: route null, 404 not_found', async () => {
    expect((await sendFaulty(new Request(`${ORIGIN}/nowhere/${crypto.randomUUID()}`))).status).toBe(
      404,
    )
    expect(linesOf('request')[0]).toMatchObject({ route: null, status: 404, code: 'not_found' })
  })
})

describe('the queue message log line', () => {
  it('a queued send carries its trace to 8x8 and logs its outcome', async () => {
    const id = await acceptedMessage(`hello ${crypto.randomUUID()}`)
    const batch = createMessageBatch<DeliveryJob>('chatapps-delivery', [
      {
        id: `msg-${id}`,
        timestamp: new Date(1_000),
        attempts: 1,
        body: { id, subAccount: 'demo-subaccount', traceparent: TRACEPARENT },
      },
    ])
    const ctx = createExecutionContext()
    await observeBatch(batch, 'delivery', undefined, (watched) =>
      deliverBatch(watched, deliveryDeps({ config })),
    )
    expect((await getQueueResult(batch, ctx)).explicitAcks).toEqual([`msg-${id}`])

    const [line, ...others] = linesOf('queue_message')
    expect(others).toEqual([])
    expect(line).toEqual({
      event: 'queue_message',
      queue: 'delivery',
      messageId: `msg-${id}`,
      jobId: id,
      traceId: TRACE_ID,
      spanId: expect.stringMatching(SPAN),
      keyId: null,
      attempt: 1,
      outcome: 'ack',
      retryDelayS: null,
      upstream: { status: 200, outcome: 'ok' },
      durationMs: expect.any(Number),
      durations: { upstream: expect.any(Number) },
    })
    const [received] = await upstreamReceived(id, 'FAULTY_UPSTREAM')
    expect((received as { traceparent?: string } | undefined)?.traceparent).toBe(
      `00-${TRACE_ID}-${String(line?.spanId)}-01`,
    )
    expect(
      linesOf('metric').map((metric) => [metric.metric, metric.subject, metric.outcome]),
    ).toEqual([
      ['upstream', 'send', 'ok'],
      ['delivery', 'delivery', 'ack'],
    ])
  })
})

describe("8x8's conversation calls", () => {
  it("carry the caller's trace, with the gateway's span as parent", async () => {
    const umid = crypto.randomUUID()
    await env.DB.prepare(
      `INSERT INTO inbound_messages (umid, sub_account, type, timestamp, event, received_at)
        VALUES (?, 'demo-subaccount', 'text', ?, '{}', ?)`,
    )
      .bind(umid, new Date().toISOString(), Date.now())
      .run()
    const signed = await signedPost('', { path: `/v1/inbound/${umid}/read` })
    const headers = new Headers(signed.headers)
    headers.set('traceparent', TRACEPARENT)
    const response = await sendFaulty(new Request(signed, { headers }))
    expect(response.status).toBe(200)
    const [line] = linesOf('request')
    const read = (await upstreamReceived(undefined, 'FAULTY_UPSTREAM')).filter(
      (call) => call.raw === `read ${umid}`,
    )
    expect(read.map((call) => (call as { traceparent?: string }).traceparent)).toEqual([
      `00-${TRACE_ID}-${String(line?.spanId)}-01`,
    ])
  })
})

describe("a client's callback", () => {
  it.each([
    ['of the webhook request that caused it, for a send without one', null],
    ["of the send it reports on, over the webhook request's", SEND_TRACEPARENT],
  ])('continues the trace %s', async (_, sendTrace) => {
    // A key with a callback URL at test/callback-recorder.mjs, and a message of it 8x8 took.
    const keyId = `trace-${crypto.randomUUID()}`
    const subAccount = `trace-sub-${crypto.randomUUID()}`
    const path = `/hooks/${crypto.randomUUID()}`
    const secret = `whsec_${btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))))}`
    signatures.push(secret)
    await env.DB.prepare(
      `INSERT INTO client_keys (key_id, alg, secret, sub_account, status, created_at, callback_url,
        callback_secret) VALUES (?, 'hmac-sha256', 'c2VjcmV0', ?, 'active', 0, ?, ?)`,
    )
      .bind(keyId, subAccount, `https://client.test${path}`, secret)
      .run()
    const umid = crypto.randomUUID()
    const id = crypto.randomUUID()
    await env.DB.prepare(
      `INSERT INTO messages (id, key_id, idempotency_key, client_message_id, umid, status,
        status_rank, sub_account, created_at, updated_at, traceparent)
        VALUES (?, ?, ?, ?, ?, 'queued', 2, ?, 1, 1, ?)`,
    )
      .bind(id, keyId, `idem-${id}`, `cmid-${id}`, umid, subAccount, sendTrace)
      .run()

    const response = await SELF.fetch(`${ORIGIN}/v1/webhooks/chatapps`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: 'Bearer sandbox-webhook-secret',
        traceparent: TRACEPARENT,
      },
      body: JSON.stringify({
        version: 9,
        namespace: 'ChatApps',
        eventType: 'outbound_message_status_changed',
        payload: {
          umid,
          subAccountId: subAccount,
          channel: 'whatsapp',
          status: { state: 'sent', timestamp: '2026-11-24T10:00:03.00Z' },
        },
      }),
    })
    expect(response.status).toBe(200)

    // The queue's consumer posts it (bounded wait: the queue delivers within its batch timeout).
    let headers: Record<string, string> | undefined
    for (let waited = 0; headers === undefined && waited < 10_000; waited += 100) {
      const listed = await fetch(`http://recorder/__recorded?path=${encodeURIComponent(path)}`)
      const { requests } = (await listed.json()) as {
        requests: { headers: Record<string, string> }[]
      }
      headers = requests[0]?.headers
      if (headers === undefined) await new Promise((resolve) => setTimeout(resolve, 100))
    }
    const traceparent = headers?.traceparent ?? ''
    const trace = sendTrace === null ? TRACE_ID : SEND_TRACE_ID
    expect(traceparent).toMatch(new RegExp(`^00-${trace}-[0-9a-f]{16}-01$`))
    // A span of the gateway's, not the caller's nor the send's.
    expect(traceparent.split('-')[2]).not.toBe('00f067aa0ba902b7')
    expect(traceparent.split('-')[2]).not.toBe('b7ad6b7169203331')
  })
})
