import {
  createExecutionContext,
  createMessageBatch,
  env,
  getQueueResult,
  SELF,
  waitOnExecutionContext,
} from 'cloudflare:test'
import { deliveryStateRank } from '@chatapps/dsl'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Bindings } from '../src/bindings'
import { deadLetterCallbacks, deliverCallbacks } from '../src/callbacks/consumer'
import type { CallbackJob } from '../src/callbacks/events'
import {
  CALLBACK_ATTEMPTS,
  CALLBACK_RETRY_DELAYS_S,
  callbackRetrySeconds,
} from '../src/callbacks/schedule'
import { signCallback } from '../src/callbacks/signing'
import { isAllowedCallbackUrl } from '../src/callbacks/urls'
import { readConfig } from '../src/config'
import { recordDroppedCallback } from '../src/db/dropped-callbacks'
import { gaveUpWithCallback } from '../src/db/messages/delivery'
import { findMessage } from '../src/db/messages/read'
import { AMBIGUOUS_RETRIES, deadLetterBatch, deliverBatch } from '../src/delivery/consumer'
import type { DeliveryJob } from '../src/delivery/jobs'
import app from '../src/index'
import type { DataPoint, Metrics } from '../src/observability/metrics'
import { storeReceipt } from '../src/receipts/intake'
import {
  API_KEY,
  acceptedMessage,
  captureConsole,
  completeOn,
  d1Failing,
  deliveryDeps,
  ORIGIN,
  problem,
  problemBody,
  upstreamReceived,
} from './helpers'

const AUTHORIZATION = 'Bearer sandbox-webhook-secret'
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/
const config = readConfig(env as unknown as Bindings)
const encoder = new TextEncoder()

/** Secrets registered during the test: none may show in a log line or a response. */
let secrets: string[] = []
// The base64 part of a `whsec_` secret alone must not show either.
const logs = captureConsole(() =>
  secrets.flatMap((secret) => [secret, secret.replace(/^whsec_/, '')]),
)
beforeEach(() => {
  secrets = [AUTHORIZATION, API_KEY]
})

function newSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32))
  const secret = `whsec_${btoa(String.fromCharCode(...bytes))}`
  secrets.push(secret)
  return secret
}

interface Registered {
  readonly keyId: string
  readonly subAccount: string
  /** The callback URL's path at the recorder. */
  readonly path: string
  readonly url: string
  readonly secret: string
}

/** A client key with a callback URL (at the recorder, unique per call). */
async function register(
  options: {
    subAccount?: string
    query?: string
    status?: 'active' | 'revoked'
    url?: string
  } = {},
): Promise<Registered> {
  const keyId = `cb-${crypto.randomUUID()}`
  const subAccount = options.subAccount ?? `cb-sub-${crypto.randomUUID()}`
  const path = `/hooks/${crypto.randomUUID()}`
  const url = options.url ?? `https://client.test${path}${options.query ?? ''}`
  const secret = newSecret()
  await env.DB.prepare(
    `INSERT INTO client_keys (key_id, alg, secret, sub_account, status, created_at, callback_url,
      callback_secret) VALUES (?, 'hmac-sha256', 'c2VjcmV0', ?, ?, 0, ?, ?)`,
  )
    .bind(keyId, subAccount, options.status ?? 'active', url, secret)
    .run()
  return { keyId, subAccount, path, url, secret }
}

/** A message record of a key, as a synchronous send writes it. */
async function insertRecord(keyId: string, subAccount: string, umid: string) {
  const id = crypto.randomUUID()
  const clientMessageId = `cmid-${id}`
  await env.DB.prepare(
    `INSERT INTO messages (id, key_id, idempotency_key, client_message_id, umid, status,
      status_rank, sub_account, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'queued', 2, ?, 1, 1)`,
  )
    .bind(id, keyId, `idem-${id}`, clientMessageId, umid, subAccount)
    .run()
  return { id, clientMessageId }
}

function receipt(umid: string, subAccountId: string, state: string, timestamp: string) {
  return {
    version: 9,
    namespace: 'ChatApps',
    eventType: 'outbound_message_status_changed' as const,
    payload: {
      umid,
      subAccountId,
      channel: 'whatsapp',
      status: {
        state,
        timestamp,
        ...(state === 'delivered' ? { detail: 'delivered_to_recipient' } : {}),
      },
    },
  }
}

async function webhook(body: unknown): Promise<Response> {
  const response = await SELF.fetch(`${ORIGIN}/v1/webhooks/chatapps`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: AUTHORIZATION },
    body: JSON.stringify(body),
  })
  const text = await response.clone().text()
  for (const secret of secrets) expect(text).not.toContain(secret)
  return response
}

interface RecordedRequest {
  readonly method: string
  readonly url: string
  readonly headers: Record<string, string>
  readonly body: string
  readonly status: number
}

/** What the recorder received on a path. */
async function recorded(path: string): Promise<RecordedRequest[]> {
  const response = await fetch(`http://recorder/__recorded?path=${encodeURIComponent(path)}`)
  return ((await response.json()) as { requests: RecordedRequest[] }).requests
}

/** Waits (bounded) until the recorder has at least `count` requests on `path`. */
async function waitForRecorded(path: string, count: number, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const requests = await recorded(path)
    if (requests.length >= count) return requests
    if (Date.now() > deadline)
      throw new Error(`${requests.length} of ${count} callbacks on ${path}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** Standard Webhooks verification, written independently of src/callbacks/signing.ts. */
async function verifies(secret: string, request: RecordedRequest): Promise<boolean> {
  const key = await crypto.subtle.importKey(
    'raw',
    Uint8Array.from(atob(secret.slice('whsec_'.length)), (c) => c.charCodeAt(0)),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['verify'],
  )
  const id = request.headers['webhook-id']
  const timestamp = request.headers['webhook-timestamp']
  const signature = request.headers['webhook-signature'] ?? ''
  if (!signature.startsWith('v1,')) return false
  const mac = Uint8Array.from(atob(signature.slice(3)), (c) => c.charCodeAt(0))
  return crypto.subtle.verify(
    'HMAC',
    key,
    mac,
    encoder.encode(`${id}.${timestamp}.${request.body}`),
  )
}

function expectFreshTimestamp(request: RecordedRequest) {
  const timestamp = Number(request.headers['webhook-timestamp'])
  expect(request.headers['webhook-timestamp']).toMatch(/^\d+$/)
  expect(Math.abs(timestamp - Date.now() / 1000)).toBeLessThan(60)
}

describe('Standard Webhooks signatures', () => {
  it('reproduce the published test vector', async () => {
    expect(
      await signCallback(
        'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
        'msg_p5jXN8AQM9LWM0D4loKWxJek',
        1614265330,
        '{"test": 2432232314}',
      ),
    ).toEqual({
      'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      'webhook-timestamp': '1614265330',
      'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    })
  })

  it('refuse a secret that is not whsec_ and base64, without showing it', async () => {
    await expect(signCallback('plain-secret', 'id', 1, '{}')).rejects.toThrow(
      /^callback secret is not whsec_$/,
    )
    await expect(signCallback('whsec_!!!', 'id', 1, '{}')).rejects.toThrow(
      /^callback secret is not base64$/,
    )
  })
})

describe('callback URLs', () => {
  it.each([
    ['https://client.example/hooks', 'production', true],
    ['https://client.example/hooks', 'local', true],
    ['http://client.example/hooks', 'local', false],
    ['http://127.0.0.1:9000/hooks', 'local', true],
    ['http://localhost:9000/hooks', 'local', true],
    ['http://[::1]:9000/hooks', 'local', true],
    ['http://client.test/hooks', 'local', true],
    ['http://client.test/hooks', 'staging', false],
    ['http://127.0.0.1/hooks', 'production', false],
    ['https://user:pass@client.example/hooks', 'production', false],
    ['ftp://client.example/hooks', 'local', false],
    ['not a url', 'local', false],
  ])('%s in %s: %s', (url, environment, allowed) => {
    expect(isAllowedCallbackUrl(url, environment)).toBe(allowed)
  })
})

describe('callbacks from receipts and inbound messages', () => {
  it("a receipt of a key's message is posted to its callback URL, signed", async () => {
    const client = await register()
    const umid = crypto.randomUUID()
    const message = await insertRecord(client.keyId, client.subAccount, umid)
    const response = await webhook(
      receipt(umid, client.subAccount, 'delivered', '2026-11-24T10:00:03.00Z'),
    )
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ received: true })

    const [request] = await waitForRecorded(client.path, 1)
    if (request === undefined) throw new Error('no callback')
    expect(request.method).toBe('POST')
    expect(request.url).toBe(client.url)
    expect(request.headers['content-type']).toBe('application/json')
    expect(request.headers['webhook-id']).toBe(`msg_status_${umid}_whatsapp_delivered`)
    expectFreshTimestamp(request)
    expect(request.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/)
    expect(await verifies(client.secret, request)).toBe(true)
    expect(JSON.parse(request.body)).toEqual({
      type: 'message.status',
      timestamp: expect.stringMatching(ISO),
      data: {
        id: message.id,
        clientMessageId: message.clientMessageId,
        umid,
        status: {
          state: 'delivered',
          timestamp: '2026-11-24T10:00:03.00Z',
          channel: 'whatsapp',
          detail: 'delivered_to_recipient',
        },
      },
    })
    // The status's members in the one order of every answer and record.
    expect(request.body).toContain(
      `"status":{"state":"delivered","timestamp":"2026-11-24T10:00:03.00Z","channel":"whatsapp","detail":"delivered_to_recipient"}`,
    )
    // Another secret does not verify it.
    expect(await verifies(newSecret(), request)).toBe(false)
  })

  it('a duplicate receipt calls for no second callback', async () => {
    const client = await register()
    const umid = crypto.randomUUID()
    await insertRecord(client.keyId, client.subAccount, umid)
    const event = {
      kind: 'delivery_receipt' as const,
      ...receipt(umid, client.subAccount, 'read', '2026-11-24T10:00:04.00Z'),
    }
    const first = await storeReceipt(env.DB, event, 5)
    const again = await storeReceipt(env.DB, event, 6)
    expect(first.fresh).toBe(true)
    expect(first.callbacks.map((job) => [job.keyId, job.webhookId])).toEqual([
      [client.keyId, `msg_status_${umid}_whatsapp_read`],
    ])
    expect(again).toMatchObject({ fresh: false, callbacks: [] })
  })

  it('two fallback steps reporting the same state are two callbacks, told apart by their channel', async () => {
    const client = await register()
    const umid = crypto.randomUUID()
    await insertRecord(client.keyId, client.subAccount, umid)
    const whatsApp = receipt(umid, client.subAccount, 'queued', '2026-11-24T10:00:01.00Z')
    const sms = { ...whatsApp, payload: { ...whatsApp.payload, channel: 'SMS' } }
    const first = await storeReceipt(env.DB, { kind: 'delivery_receipt', ...whatsApp }, 5)
    const second = await storeReceipt(env.DB, { kind: 'delivery_receipt', ...sms }, 6)
    expect([...first.callbacks, ...second.callbacks].map((job) => job.webhookId)).toEqual([
      `msg_status_${umid}_whatsapp_queued`,
      `msg_status_${umid}_sms_queued`,
    ])
    expect(JSON.parse(second.callbacks[0]?.body ?? '{}').data.status).toEqual({
      state: 'queued',
      timestamp: '2026-11-24T10:00:01.00Z',
      channel: 'sms',
    })
  })

  it('a channel no header can carry names its callback by a hash: the callback is still posted', async () => {
    const client = await register()
    const umid = crypto.randomUUID()
    await insertRecord(client.keyId, client.subAccount, umid)
    const odd = (channel: string) => {
      const event = receipt(umid, client.subAccount, 'queued', '2026-11-24T10:00:01.00Z')
      return { ...event, payload: { ...event.payload, channel } }
    }
    // A line break, a name outside ASCII, a name of 10,000 characters: each its own event.
    const ids = []
    for (const channel of ['whats\napp', 'whåtsapp', 'x'.repeat(10_000)]) {
      const stored = await storeReceipt(env.DB, { kind: 'delivery_receipt', ...odd(channel) }, 5)
      ids.push(...stored.callbacks.map((job) => job.webhookId))
    }
    expect(ids).toEqual([
      `msg_status_${umid}_h159c3ea93a37940df1b51774cabf_queued`,
      `msg_status_${umid}_h150081bf45aea208bb70041dc081_queued`,
      `msg_status_${umid}_h1798fd647af8a315b233bf7fcad7_queued`,
    ])
    // Posted, signed, with the channel as 8x8 wrote it in the body.
    expect((await webhook(odd('sms\r\nx-injected: 1'))).status).toBe(200)
    const [request] = await waitForRecorded(client.path, 1)
    if (request === undefined) throw new Error('no callback')
    expect(request.headers['webhook-id']).toMatch(
      new RegExp(`^msg_status_${umid}_h[0-9a-f]{28}_queued$`),
    )
    expect(request.headers['x-injected']).toBeUndefined()
    expect(await verifies(client.secret, request)).toBe(true)
    expect(JSON.parse(request.body).data.status.channel).toBe('sms\r\nx-injected: 1')
  })

  it("two channels' receipts in every order, all at once and each twice: one state, one callback each", async () => {
    const client = await register()
    const steps = [
      ['whatsapp', 'queued'],
      ['whatsapp', 'undelivered'],
      ['sms', 'queued'],
      ['sms', 'delivered'],
    ] as const
    const orders = (rest: readonly (typeof steps)[number][]): (typeof steps)[number][][] =>
      rest.length === 0
        ? [[]]
        : rest.flatMap((step, i) =>
            orders([...rest.slice(0, i), ...rest.slice(i + 1)]).map((order) => [step, ...order]),
          )
    for (const order of orders(steps)) {
      const umid = crypto.randomUUID()
      const { id } = await insertRecord(client.keyId, client.subAccount, umid)
      const stored = await Promise.all(
        [...order, ...order].map(([channel, state], i) => {
          const event = receipt(umid, client.subAccount, state, '2026-11-24T10:00:01.00Z')
          const payload = { ...event.payload, channel }
          return storeReceipt(env.DB, { kind: 'delivery_receipt', ...event, payload }, 10 + i)
        }),
      )
      const state = await env.DB.prepare('SELECT status, status_channel FROM messages WHERE id = ?')
        .bind(id)
        .first()
      expect({ order, state }).toEqual({
        order,
        state: { status: 'delivered', status_channel: 'sms' },
      })
      expect(stored.flatMap((one) => one.callbacks.map((job) => job.webhookId)).sort()).toEqual([
        `msg_status_${umid}_sms_delivered`,
        `msg_status_${umid}_sms_queued`,
        `msg_status_${umid}_whatsapp_queued`,
        `msg_status_${umid}_whatsapp_undelivered`,
      ])
    }
  })

  it('a receipt that came before its record is applied and called back when the record is written', async () => {
    const client = await register()
    const umid = crypto.randomUUID()
    const response = await webhook(
      receipt(umid, client.subAccount, 'delivered', '2026-11-24T10:00:03.00Z'),
    )
    expect(response.status).toBe(200)
    // The record of the send, kept by the key's admission object, reaches D1 after the receipt.
    const id = crypto.randomUUID()
    const admission = env.ADMISSION.get(env.ADMISSION.idFromName(client.keyId))
    await completeOn(admission, null, null, Date.now(), [
      {
        id,
        keyId: client.keyId,
        idempotencyKey: `idem-${id}`,
        clientMessageId: `cmid-${id}`,
        umid,
        status: 'queued',
        subAccount: client.subAccount,
        createdAt: Date.now(),
      },
    ])
    expect(await admission.flushRecords()).toBe(0)
    const record = await env.DB.prepare('SELECT status, status_rank FROM messages WHERE id = ?')
      .bind(id)
      .first()
    expect(record).toEqual({ status: 'delivered', status_rank: deliveryStateRank('delivered') })

    const [request, ...more] = await waitForRecorded(client.path, 1)
    expect(more).toEqual([])
    expect(request?.headers['webhook-id']).toBe(`msg_status_${umid}_whatsapp_delivered`)
    expect(JSON.parse(request?.body ?? '')).toEqual({
      type: 'message.status',
      timestamp: expect.stringMatching(ISO),
      data: {
        id,
        clientMessageId: `cmid-${id}`,
        umid,
        status: {
          state: 'delivered',
          timestamp: '2026-11-24T10:00:03.00Z',
          channel: 'whatsapp',
          detail: 'delivered_to_recipient',
        },
      },
    })
  })

  it('a key without a callback, or a message with no record yet, calls for none', async () => {
    const umid = crypto.randomUUID()
    const stored = await storeReceipt(
      env.DB,
      { kind: 'delivery_receipt', ...receipt(umid, 'nobody', 'sent', '2026-11-24T10:00:00Z') },
      1,
    )
    expect(stored).toMatchObject({ fresh: true, callbacks: [] })
  })

  it('an inbound message goes to every active key of its sub-account that has a callback', async () => {
    const one = await register()
    const two = await register({ subAccount: one.subAccount })
    const revoked = await register({ subAccount: one.subAccount, status: 'revoked' })
    const umid = crypto.randomUUID()
    const payload = {
      umid,
      subAccountId: one.subAccount,
      timestamp: '2026-11-24T10:00:00.00Z',
      user: { msisdn: '+15551234567', name: 'Ann' },
      recipient: { channel: 'whatsapp', channelId: 'wa-1' },
      type: 'Text',
      content: { text: 'hi there' },
    }
    const event = { namespace: 'ChatApps', eventType: 'inbound_message_received', payload }
    expect((await webhook(event)).status).toBe(200)
    // 8x8's retry: stored once, posted once.
    expect((await webhook(event)).status).toBe(200)

    for (const client of [one, two]) {
      const [request] = await waitForRecorded(client.path, 1)
      if (request === undefined) throw new Error('no callback')
      expect(request.headers['webhook-id']).toBe(`msg_inbound_${umid}`)
      expect(await verifies(client.secret, request)).toBe(true)
      expect(JSON.parse(request.body)).toEqual({
        type: 'message.inbound',
        timestamp: expect.stringMatching(ISO),
        data: { ...payload, recipient: { channel: 'whatsapp', channelId: 'wa-1' } },
      })
    }
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(await recorded(one.path)).toHaveLength(1)
    expect(await recorded(two.path)).toHaveLength(1)
    expect(await recorded(revoked.path)).toHaveLength(0)
  })

  it('a queue that fails is 503, the receipt forgotten so that 8x8 retry queues the callback', async () => {
    const client = await register()
    const umid = crypto.randomUUID()
    await insertRecord(client.keyId, client.subAccount, umid)
    const event = receipt(umid, client.subAccount, 'sent', '2026-11-24T10:00:02.00Z')
    const broken = {
      sendBatch: () => Promise.reject(new Error('queue down')),
    } as unknown as Queue<CallbackJob>
    const ctx = createExecutionContext()
    const failed = await app.fetch(
      new Request(`${ORIGIN}/v1/webhooks/chatapps`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: AUTHORIZATION },
        body: JSON.stringify(event),
      }),
      { ...(env as unknown as Bindings), CALLBACKS: broken },
      ctx,
    )
    await waitOnExecutionContext(ctx)
    expect(failed.status).toBe(503)
    expect(failed.headers.get('retry-after')).toBe('1')
    expect(logs.lines).toContain('queueing callbacks failed Error')
    const left = await env.DB.prepare('SELECT COUNT(*) AS n FROM receipts WHERE umid = ?')
      .bind(umid)
      .first<{ n: number }>()
    expect(left?.n).toBe(0)

    // 8x8's retry goes through, and the client gets its callback.
    expect((await webhook(event)).status).toBe(200)
    const [request] = await waitForRecorded(client.path, 1)
    expect(request?.headers['webhook-id']).toBe(`msg_status_${umid}_whatsapp_sent`)
  })

  it('a refused callback is retried by the queue with the same id and body, signed afresh', async () => {
    const client = await register({ query: '?fail=1' })
    const umid = crypto.randomUUID()
    await insertRecord(client.keyId, client.subAccount, umid)
    await webhook(receipt(umid, client.subAccount, 'sent', '2026-11-24T10:00:02.00Z'))
    const [first, second] = await waitForRecorded(client.path, 2, 15_000)
    if (first === undefined || second === undefined) throw new Error('no retry')
    expect([first.status, second.status]).toEqual([500, 204])
    expect(second.headers['webhook-id']).toBe(first.headers['webhook-id'])
    expect(second.body).toBe(first.body)
    expect(await verifies(client.secret, first)).toBe(true)
    expect(await verifies(client.secret, second)).toBe(true)
  }, 20_000)
})

describe('the callbacks consumer', () => {
  const NOW = Date.UTC(2026, 10, 24, 10, 0, 0)

  /** Runs the consumer on one job, as the queue would on its `attempts`-th delivery. */
  async function consume(
    job: CallbackJob,
    options: {
      attempts?: number
      random?: () => number
      fetch?: typeof fetch
      timeoutMs?: number
      now?: number
      metrics?: Metrics
      db?: D1Database
    } = {},
  ) {
    const batch = createMessageBatch<CallbackJob>('chatapps-callbacks', [
      { id: 'msg-1', timestamp: new Date(NOW), attempts: options.attempts ?? 1, body: job },
    ])
    const message = batch.messages[0]
    if (message === undefined) throw new Error('empty batch')
    // The pool records which messages were retried, not their delay: watch the calls.
    const retry = vi.spyOn(message, 'retry')
    const ctx = createExecutionContext()
    await deliverCallbacks(batch, {
      db: options.db ?? env.DB,
      config,
      random: options.random ?? (() => 0),
      now: () => options.now ?? NOW,
      ...(options.metrics === undefined ? {} : { metrics: options.metrics }),
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    })
    const result = await getQueueResult(batch, ctx)
    return {
      explicitAcks: result.explicitAcks,
      retryMessages: result.retryMessages.map((retried: { msgId: string }) => ({
        ...retried,
        delaySeconds: retry.mock.calls[0]?.[0]?.delaySeconds,
      })),
    }
  }

  const acked = { explicitAcks: ['msg-1'], retryMessages: [] }
  const retried = (delaySeconds: number) => ({
    explicitAcks: [],
    retryMessages: [{ msgId: 'msg-1', delaySeconds }],
  })
  const job = (keyId: string): CallbackJob => ({
    keyId,
    webhookId: `msg_status_${crypto.randomUUID()}_sent`,
    body: '{"type":"message.status","timestamp":"2026-11-24T10:00:00.000Z","data":{}}',
  })

  it('2xx acknowledges; the request carries exactly the Standard Webhooks headers', async () => {
    const client = await register()
    const callback = job(client.keyId)
    expect(await consume(callback)).toEqual(acked)
    const [request] = await recorded(client.path)
    expect(request?.headers).toMatchObject(
      await signCallback(client.secret, callback.webhookId, NOW / 1000, callback.body),
    )
    expect(request?.headers['webhook-timestamp']).toBe(String(NOW / 1000))
    expect(request?.body).toBe(callback.body)
  })

  it.each([
    [1, 0.5, 5],
    [1, 0, 4],
    [1, 0.999, 6],
    [2, 0.5, 300],
    [3, 0.5, 1_800],
    [4, 0, 5_760],
    [5, 0.5, 18_000],
    [6, 0.999, 43_186],
    [7, 0.5, 36_000],
  ])('a 500 on attempt %d (random %d) retries after %d s', async (attempts, random, delay) => {
    expect(callbackRetrySeconds(attempts, () => random)).toBe(delay)
    const client = await register({ query: '?status=500' })
    expect(await consume(job(client.keyId), { attempts, random: () => random })).toEqual(
      retried(delay),
    )
    expect(logs.lines).toContain(
      `callback refused ${client.keyId} ${(await recorded(client.path))[0]?.headers['webhook-id']} 500`,
    )
  })

  it('the schedule: 8 attempts over about a day, each delay within ±20 % and within Queues’ 12 h', () => {
    expect(CALLBACK_ATTEMPTS).toBe(8)
    expect(CALLBACK_RETRY_DELAYS_S).toEqual([5, 300, 1_800, 7_200, 18_000, 36_000, 36_000])
    expect(CALLBACK_RETRY_DELAYS_S.reduce((sum, delay) => sum + delay, 0)).toBe(99_305)
    expect(
      [1, 2, 3, 4, 5, 6, 7, 8].map((attempt) => [
        callbackRetrySeconds(attempt, () => 0),
        callbackRetrySeconds(attempt, () => 0.999_999),
      ]),
    ).toEqual([
      [4, 6],
      [240, 360],
      [1_440, 2_160],
      [5_760, 8_640],
      [14_400, 21_600],
      [28_800, 43_200],
      [28_800, 43_200],
      [28_800, 43_200],
    ])
  })

  it('a redirect is not followed: retried', async () => {
    const client = await register({ query: '?status=302' })
    expect(await consume(job(client.keyId), { random: () => 0 })).toEqual(retried(4))
    expect(await recorded(client.path)).toHaveLength(1)
  })

  it('a network error is retried', async () => {
    const client = await register()
    const failing = (() =>
      Promise.reject(new TypeError('Network connection lost.'))) as typeof fetch
    expect(
      await consume(job(client.keyId), { attempts: 2, random: () => 0.5, fetch: failing }),
    ).toEqual(retried(300))
    expect(logs.lines.some((line) => line.startsWith(`callback failed ${client.keyId}`))).toBe(true)
  })

  it('no answer within the timeout is retried', async () => {
    const client = await register({ query: '?hang=1' })
    expect(await consume(job(client.keyId), { timeoutMs: 100 })).toEqual(retried(4))
    expect(logs.lines.some((line) => /^callback failed .* TimeoutError$/.test(line))).toBe(true)
  })

  it('a revoked key, a removed callback or a URL not allowed here is dropped, not posted; only the URL is listed for operators', async () => {
    const dropped = (keyId: string) =>
      env.DB.prepare(
        `SELECT webhook_id, attempts, last_error, last_status, dropped_at FROM dropped_callbacks
          WHERE key_id = ?`,
      )
        .bind(keyId)
        .all()
        .then((result) => result.results)
    const revoked = await register({ status: 'revoked' })
    expect(await consume(job(revoked.keyId))).toEqual(acked)
    const removed = await register()
    await env.DB.prepare(
      'UPDATE client_keys SET callback_url = NULL, callback_secret = NULL WHERE key_id = ?',
    )
      .bind(removed.keyId)
      .run()
    expect(await consume(job(removed.keyId))).toEqual(acked)
    const path = `/hooks/${crypto.randomUUID()}`
    const plain = await register({ url: `http://client.example${path}` })
    const refused = job(plain.keyId)
    expect(await consume(refused, { now: NOW })).toEqual(acked)
    for (const client of [revoked, removed]) expect(await recorded(client.path)).toHaveLength(0)
    expect(await recorded(path)).toHaveLength(0)
    // The operator's own choices are not losses; a URL this environment refuses is.
    expect(await dropped(revoked.keyId)).toEqual([])
    expect(await dropped(removed.keyId)).toEqual([])
    expect(await dropped(plain.keyId)).toEqual([
      {
        webhook_id: refused.webhookId,
        attempts: null,
        last_error: 'url_not_allowed',
        last_status: null,
        dropped_at: NOW,
      },
    ])
    expect(logs.lines).toContain(
      `callback given up ${plain.keyId} ${refused.webhookId} url_not_allowed null`,
    )
  })

  it('a stored secret that cannot sign is given up at once and listed, never posted; D1 failing keeps it', async () => {
    const client = await register()
    await env.DB.prepare('UPDATE client_keys SET callback_secret = ? WHERE key_id = ?')
      .bind('not-a-whsec-secret', client.keyId)
      .run()
    const callback = job(client.keyId)
    const failing = d1Failing((sql) => sql.includes('INSERT INTO dropped_callbacks'))
    expect(await consume(callback, { db: failing })).toEqual({
      explicitAcks: [],
      retryMessages: [{ msgId: 'msg-1', delaySeconds: undefined }],
    })
    expect(await consume(callback, { now: NOW })).toEqual(acked)
    expect(await recorded(client.path)).toHaveLength(0)
    const rows = await env.DB.prepare(
      'SELECT attempts, last_error, last_status FROM dropped_callbacks WHERE webhook_id = ?',
    )
      .bind(callback.webhookId)
      .all()
    expect(rows.results).toEqual([
      { attempts: null, last_error: 'secret_unreadable', last_status: null },
    ])
    expect(JSON.stringify(logs.lines)).not.toContain('not-a-whsec-secret')
  })

  it('the last attempt failing records the callback dropped, counts it, and operators list it', async () => {
    const client = await register({ query: '?status=503' })
    const messageId = crypto.randomUUID()
    const callback: CallbackJob = {
      keyId: client.keyId,
      webhookId: `msg_status_${messageId}_failed`,
      body: JSON.stringify({ type: 'message.status', timestamp: 'x', data: { id: messageId } }),
    }
    const points: DataPoint[] = []
    const metrics = { write: (point: DataPoint) => points.push(point) }
    // Far ahead of every other test's drops: this test's rows are the newest listed.
    const at = Date.UTC(2099, 0, 1)
    expect(await consume(callback, { attempts: CALLBACK_ATTEMPTS, now: at, metrics })).toEqual(
      acked,
    )
    expect(logs.lines).toContain(
      `callback given up ${client.keyId} ${callback.webhookId} refused ${CALLBACK_ATTEMPTS}`,
    )
    expect(points).toEqual([
      {
        event: 'callback_dropped',
        subject: 'message.status',
        outcome: 'refused',
        keyId: client.keyId,
        status: 503,
        durationMs: 0,
      },
    ])

    // The queue gave up on another (its retries ran out on something else): recorded too.
    const inbound: CallbackJob = { keyId: 'some-key', webhookId: 'msg_inbound_dlq', body: '{}' }
    const batch = createMessageBatch<CallbackJob>('chatapps-callbacks-dlq', [
      { id: 'msg-1', timestamp: new Date(NOW), attempts: 1, body: inbound },
    ])
    const ctx = createExecutionContext()
    await deadLetterCallbacks(batch, { db: env.DB, metrics, now: () => at - 1_000 })
    expect(await getQueueResult(batch, ctx)).toMatchObject({
      explicitAcks: ['msg-1'],
      retryMessages: [],
    })
    expect(logs.lines).toContain('callback given up some-key msg_inbound_dlq dead_letter null')

    const list = async (query: string) => {
      const response = await SELF.fetch(`${ORIGIN}/admin/dropped-callbacks${query}`, {
        headers: { authorization: `Bearer ${config.adminToken}` },
      })
      expect(response.status).toBe(200)
      return response.json()
    }
    const first = {
      keyId: client.keyId,
      webhookId: callback.webhookId,
      eventType: 'message.status',
      messageId,
      attempts: CALLBACK_ATTEMPTS,
      lastError: 'refused',
      lastStatus: 503,
      droppedAt: '2099-01-01T00:00:00.000Z',
    }
    const second = {
      keyId: 'some-key',
      webhookId: 'msg_inbound_dlq',
      eventType: 'unknown',
      messageId: null,
      attempts: null,
      lastError: 'dead_letter',
      lastStatus: null,
      droppedAt: '2098-12-31T23:59:59.000Z',
    }
    const next = JSON.stringify([at, client.keyId, callback.webhookId])
    expect(await list('?limit=1')).toEqual({ droppedCallbacks: [first], next })
    expect(await list(`?limit=1&after=${encodeURIComponent(next)}`)).toEqual({
      droppedCallbacks: [second],
      next: JSON.stringify([at - 1_000, 'some-key', 'msg_inbound_dlq']),
    })
    // Never the secret nor the body.
    expect(JSON.stringify(await list('?limit=2'))).not.toContain(client.secret)
    const unauthorized = await SELF.fetch(`${ORIGIN}/admin/dropped-callbacks`)
    expect(unauthorized.status).toBe(401)
  })

  it('the list counts a fraction of a limit by its whole part, and refuses a cursor it never gave', async () => {
    // Older than any other test's drops: the cursor below starts this test's page.
    const at = Date.UTC(1999, 0, 1)
    for (const webhookId of ['w-a', 'w-b']) {
      await recordDroppedCallback(env.DB, {
        keyId: 'old-key',
        webhookId,
        eventType: 'message.status',
        messageId: null,
        attempts: CALLBACK_ATTEMPTS,
        lastError: 'refused',
        lastStatus: 410,
        droppedAt: at,
      })
    }
    const get = (query: string) =>
      SELF.fetch(`${ORIGIN}/admin/dropped-callbacks${query}`, {
        headers: { authorization: `Bearer ${config.adminToken}` },
      })
    const start = encodeURIComponent(JSON.stringify([at + 1, '', '']))
    const page = await get(`?limit=1.5&after=${start}`)
    expect(page.status).toBe(200)
    expect(await page.json()).toEqual({
      droppedCallbacks: [
        {
          keyId: 'old-key',
          webhookId: 'w-b',
          eventType: 'message.status',
          messageId: null,
          attempts: CALLBACK_ATTEMPTS,
          lastError: 'refused',
          lastStatus: 410,
          droppedAt: '1999-01-01T00:00:00.000Z',
        },
      ],
      next: JSON.stringify([at, 'old-key', 'w-b']),
    })
    for (const after of ['garbage', '[1,2,3]', 'null', '[1e999,"a","b"]', '[1.5,"a","b"]']) {
      const refused = await get(`?after=${encodeURIComponent(after)}`)
      expect(refused.status).toBe(422)
      expect(await problem(refused)).toEqual(
        problemBody(
          'invalid_message',
          422,
          'Invalid message',
          'The cursor is not one this list gave.',
          {
            issues: [{ path: 'after', message: 'Pass the `next` of the previous page.' }],
          },
        ),
      )
    }
  })

  it('D1 failing as the drop is recorded keeps the callback: retried', async () => {
    const client = await register({ query: '?status=500' })
    const db = d1Failing((sql) => sql.includes('INSERT INTO dropped_callbacks'))
    expect(await consume(job(client.keyId), { attempts: CALLBACK_ATTEMPTS, db })).toEqual({
      explicitAcks: [],
      retryMessages: [{ msgId: 'msg-1', delaySeconds: undefined }],
    })
    expect(logs.lines).toContain('callback: unexpected Error')
  })
})

describe('callbacks of the states the gateway sets on asynchronous messages', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  /** Runs the delivery consumer on one job of message `id`, the fake 8x8 answering. */
  async function deliver(
    id: string,
    options: { attempts?: number; callbacks?: Queue<CallbackJob> } = {},
  ) {
    const batch = createMessageBatch<DeliveryJob>('chatapps-delivery', [
      {
        id: `msg-${id}`,
        timestamp: new Date(1_000),
        attempts: options.attempts ?? 1,
        body: { id, subAccount: 'demo-subaccount' },
      },
    ])
    const ctx = createExecutionContext()
    await deliverBatch(
      batch,
      deliveryDeps({
        random: () => 0,
        ...(options.callbacks === undefined ? {} : { callbacks: options.callbacks }),
      }),
    )
    const result = await getQueueResult(batch, ctx)
    return { explicitAcks: result.explicitAcks, retried: result.retryMessages.length }
  }

  /** The `message.status` body of a state the gateway set at `at`, with its reason. */
  function statusBody(id: string, state: string, reason: string, at: string): string {
    return `{"type":"message.status","timestamp":"${at}","data":{"id":"${id}","clientMessageId":"cmid-${id}","umid":null,"status":{"state":"${state}","timestamp":"${at}","reason":"${reason}"}}}`
  }

  /** The summary `GET /v1/messages/{id}` shows of the record, as the callback's `data` must. */
  async function summary(keyId: string, id: string) {
    const record = await findMessage(env.DB, keyId, id)
    if (record === null) throw new Error(`no record ${id}`)
    const { clientMessageId, umid, status } = record
    return { id, clientMessageId, umid, status }
  }

  const AT = Date.UTC(2026, 11, 6, 9, 30, 0)
  const AT_ISO = '2026-12-06T09:30:00.000Z'

  it('8x8 refusing an asynchronous message at delivery: its callback says `failed`, why, exactly', async () => {
    const client = await register({ subAccount: 'demo-subaccount' })
    const id = await acceptedMessage('status:404', client.keyId)
    vi.setSystemTime(AT)
    expect(await deliver(id)).toEqual({ explicitAcks: [`msg-${id}`], retried: 0 })
    vi.useRealTimers()
    const [request, ...more] = await waitForRecorded(client.path, 1)
    if (request === undefined) throw new Error('no callback')
    expect(request.headers['webhook-id']).toBe(`msg_status_${id}_failed`)
    expect(await verifies(client.secret, request)).toBe(true)
    const reason = '8x8: HTTP 404 (code 1404): Injected 404'
    expect(request.body).toBe(statusBody(id, 'failed', reason, AT_ISO))
    expect(JSON.parse(request.body).data).toEqual(await summary(client.keyId, id))
    expect(more).toEqual([])
  })

  it('an asynchronous message given up as `unknown`: its callback says so', async () => {
    const client = await register({ subAccount: 'demo-subaccount' })
    const id = await acceptedMessage('status:500', client.keyId)
    // Its earlier attempts were ambiguous too: this one is the last the gateway makes.
    await env.DB.prepare('UPDATE messages SET ambiguous_attempts = ?, attempts = ? WHERE id = ?')
      .bind(AMBIGUOUS_RETRIES, AMBIGUOUS_RETRIES, id)
      .run()
    vi.setSystemTime(AT)
    expect(await deliver(id, { attempts: 3 })).toEqual({ explicitAcks: [`msg-${id}`], retried: 0 })
    vi.useRealTimers()
    const [request] = await waitForRecorded(client.path, 1)
    expect(request?.headers['webhook-id']).toBe(`msg_status_${id}_unknown`)
    const reason = '8x8: HTTP 500 (code 1500): Injected 500; 8x8 may have taken it'
    expect(request?.body).toBe(statusBody(id, 'unknown', reason, AT_ISO))
    expect(JSON.parse(request?.body ?? '').data).toEqual(await summary(client.keyId, id))
  })

  it('the callback queue failing after D1 settled the message: the job’s retry queues it', async () => {
    const client = await register({ subAccount: 'demo-subaccount' })
    const id = await acceptedMessage('status:422', client.keyId)
    const broken = {
      sendBatch: () => Promise.reject(new Error('queue down')),
    } as unknown as Queue<CallbackJob>
    vi.setSystemTime(AT)
    expect(await deliver(id, { callbacks: broken })).toEqual({ explicitAcks: [], retried: 1 })
    expect(logs.lines).toContain('delivery step failed Error')
    const settled = await env.DB.prepare('SELECT status FROM messages WHERE id = ?')
      .bind(id)
      .first()
    expect(settled).toEqual({ status: 'failed' })

    // The retry finds the record settled, never sends it again, and queues the callback.
    vi.setSystemTime(AT + 60_000)
    expect(await deliver(id, { attempts: 2 })).toEqual({
      explicitAcks: [`msg-${id}`],
      retried: 0,
    })
    vi.useRealTimers()
    const [request] = await waitForRecorded(client.path, 1)
    expect(request?.headers['webhook-id']).toBe(`msg_status_${id}_failed`)
    const reason = '8x8: HTTP 422 (code 1422): Injected 422'
    expect(request?.body).toBe(statusBody(id, 'failed', reason, AT_ISO))
    expect(await upstreamReceived(id, 'FAULTY_UPSTREAM')).toHaveLength(1)
  })

  it('attempts run out: the dead-letter consumer’s `failed` is called back', async () => {
    const client = await register({ subAccount: 'demo-subaccount' })
    const id = await acceptedMessage('status:503', client.keyId)
    await env.DB.prepare("UPDATE messages SET attempts = 3, reason = 'earlier' WHERE id = ?")
      .bind(id)
      .run()
    const batch = createMessageBatch<DeliveryJob>('chatapps-delivery-dlq', [
      { id: 'dead-1', timestamp: new Date(1_000), attempts: 1, body: { id, subAccount: 'x' } },
    ])
    const ctx = createExecutionContext()
    vi.setSystemTime(AT)
    await deadLetterBatch(batch, { db: env.DB, callbacks: env.CALLBACKS })
    vi.useRealTimers()
    expect(await getQueueResult(batch, ctx)).toMatchObject({ ackAll: true, retryMessages: [] })
    const [request] = await waitForRecorded(client.path, 1)
    const reason = 'delivery attempts exhausted (last: earlier)'
    expect(request?.body).toBe(statusBody(id, 'failed', reason, AT_ISO))
  })

  it('only asynchronous records the gateway gave up, of keys with a callback URL', async () => {
    const client = await register({ subAccount: 'demo-subaccount' })
    const withCallback = await acceptedMessage('status:404', client.keyId)
    const without = await acceptedMessage('status:404')
    const settle =
      "UPDATE messages SET status = 'failed', status_rank = 4, updated_at = 5 WHERE id = ?"
    await env.DB.batch([
      env.DB.prepare(settle).bind(withCallback),
      env.DB.prepare(settle).bind(without),
    ])
    // A synchronous send whose answer was unknown (its client had that answer), and one 8x8 took.
    const sync = await insertRecord(client.keyId, 'demo-subaccount', crypto.randomUUID())
    await env.DB.prepare(
      "UPDATE messages SET status = 'unknown', status_rank = 1, umid = NULL WHERE id = ?",
    )
      .bind(sync.id)
      .run()
    const taken = await acceptedMessage('hello', client.keyId)
    await env.DB.prepare(
      "UPDATE messages SET status = 'failed', status_rank = 4, umid = ? WHERE id = ?",
    )
      .bind(crypto.randomUUID(), taken)
      .run()
    expect(await gaveUpWithCallback(env.DB, [withCallback, without, sync.id, taken])).toEqual([
      {
        key_id: client.keyId,
        id: withCallback,
        client_message_id: `cmid-${withCallback}`,
        status: 'failed',
        reason: null,
        updated_at: 5,
        traceparent: null,
      },
    ])
  })
})
