import { createExecutionContext, createMessageBatch, env, getQueueResult } from 'cloudflare:test'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { Bindings } from '../src/bindings'
import { type Config, readConfig } from '../src/config'
import { AMBIGUOUS_RETRIES, deadLetterBatch, deliverBatch } from '../src/delivery/consumer'
import type { DeliveryJob } from '../src/delivery/jobs'
import { backoffSeconds } from '../src/lib/backoff'
import { prefersAsync } from '../src/lib/prefer'
import { storeReceipt } from '../src/receipts/intake'
import {
  acceptedMessage,
  captureConsole,
  deliveryDeps,
  send,
  signedGet,
  upstreamReceived,
} from './helpers'

const bindings = env as unknown as Bindings & { FAULTY_UPSTREAM: Fetcher }
const config = readConfig(bindings)
const SUB_ACCOUNT = 'demo-subaccount'

interface Row {
  status: string
  status_rank: number
  umid: string | null
  payload: string | null
  attempts: number
  ambiguous_attempts: number
  lease_until: number
  reason: string | null
}

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/

/** The record `GET /v1/messages/{id}` answers (the ed25519 key sent it). */
async function shown(id: string): Promise<Record<string, unknown>> {
  const response = await send(await signedGet(`/v1/messages/${id}`))
  expect(response.status).toBe(200)
  return (await response.json()) as Record<string, unknown>
}

async function row(id: string): Promise<Row> {
  const found = await env.DB.prepare(
    `SELECT status, status_rank, umid, payload, attempts, ambiguous_attempts, lease_until, reason
     FROM messages WHERE id = ?`,
  )
    .bind(id)
    .first<Row>()
  if (found === null) throw new Error(`no record ${id}`)
  return found
}

const deadLetters: DeliveryJob[] = []
const deadLetterQueue = {
  send: async (job: DeliveryJob) => {
    deadLetters.push(job)
  },
} as unknown as Queue<DeliveryJob>

/** Runs the consumer on one job, as the queue would on its `attempts`-th delivery. */
async function deliver(
  id: string,
  options: { attempts?: number; upstream?: Fetcher; random?: () => number; config?: Config } = {},
) {
  const batch = createMessageBatch<DeliveryJob>('chatapps-delivery', [
    {
      id: `msg-${id}`,
      timestamp: new Date(1_000),
      attempts: options.attempts ?? 1,
      body: { id, subAccount: SUB_ACCOUNT },
    },
  ])
  // The pool records which messages were retried, not their delay: watch the calls.
  const message = batch.messages[0]
  if (message === undefined) throw new Error('empty batch')
  const retry = vi.spyOn(message, 'retry')
  const ctx = createExecutionContext()
  await deliverBatch(
    batch,
    deliveryDeps({
      deadLetters: deadLetterQueue,
      upstream: options.upstream ?? bindings.FAULTY_UPSTREAM,
      config: options.config ?? config,
      random: options.random ?? (() => 0),
    }),
  )
  const result = await getQueueResult(batch, ctx)
  return {
    ...result,
    retryMessages: result.retryMessages.map((retried: { msgId: string }) => ({
      ...retried,
      delaySeconds: retry.mock.calls[0]?.[0]?.delaySeconds,
    })),
  }
}

const acked = (id: string) => ({
  outcome: 'ok',
  ackAll: false,
  retryBatch: { retry: false },
  explicitAcks: [`msg-${id}`],
  retryMessages: [],
})
const retried = (id: string, delaySeconds: number) => ({
  outcome: 'ok',
  ackAll: false,
  retryBatch: { retry: false },
  explicitAcks: [],
  retryMessages: [{ msgId: `msg-${id}`, delaySeconds }],
})

const logs = captureConsole(() => [config.apiKey])
beforeEach(() => {
  deadLetters.length = 0
})

describe('backoff', () => {
  const settings = { backoffBaseSeconds: 1, backoffCapSeconds: 300 }

  it('is full jitter over an exponential ceiling, at least one second', () => {
    expect(backoffSeconds(1, 1, settings, () => 0)).toBe(1)
    expect(backoffSeconds(1, 1, settings, () => 0.99)).toBe(1)
    expect(backoffSeconds(4, 1, settings, () => 0.5)).toBe(4)
    expect(backoffSeconds(4, 1, settings, () => 0.99)).toBe(8)
    expect(
      backoffSeconds(6, 1, { backoffBaseSeconds: 2, backoffCapSeconds: 300 }, () => 0.99),
    ).toBe(64)
  })

  it('never exceeds the cap, and never undercuts Retry-After', () => {
    expect(backoffSeconds(30, 1, settings, () => 0.9999)).toBe(300)
    expect(backoffSeconds(1, 7, settings, () => 0.5)).toBe(7)
    expect(backoffSeconds(10, 7, settings, () => 0.5)).toBe(150)
  })
})

describe('Prefer: respond-async', () => {
  it('is found among other preferences, in any case, with parameters', () => {
    expect(prefersAsync('respond-async')).toBe(true)
    expect(prefersAsync('return=minimal, Respond-Async; wait=10')).toBe(true)
    expect(prefersAsync('wait=10')).toBe(false)
    expect(prefersAsync('respond-asynchronously')).toBe(false)
    expect(prefersAsync(undefined)).toBe(false)
  })
})

describe('the delivery consumer classifies each outcome', () => {
  it('2xx: records the umid and 8x8 state, keeps the payload (the console shows it), acknowledges', async () => {
    const id = await acceptedMessage('hello')
    expect(await deliver(id)).toEqual(acked(id))
    const record = await row(id)
    expect(record).toEqual({
      status: 'queued',
      status_rank: 2,
      umid: expect.stringMatching(/^[0-9a-f-]{36}$/),
      payload: expect.stringContaining('"hello"'),
      attempts: 1,
      ambiguous_attempts: 0,
      lease_until: 0,
      reason: null,
    })
    const received = await upstreamReceived(id, 'FAULTY_UPSTREAM')
    expect(received).toHaveLength(1)
    const answered = await shown(id)
    expect(answered).toEqual({
      id,
      clientMessageId: `cmid-${id}`,
      umid: record.umid,
      status: { state: 'queued', timestamp: expect.stringMatching(ISO) },
      deliveryAttempts: 1,
      batchId: null,
      createdAt: '1970-01-01T00:00:00.001Z',
      updatedAt: (answered.status as { timestamp: string }).timestamp,
      history: [],
    })
  })

  it.each([404, 410, 422, 409])(
    '%i: failed for good with 8x8’s code, acknowledged',
    async (status) => {
      const id = await acceptedMessage(`status:${status}`)
      expect(await deliver(id)).toEqual(acked(id))
      expect(await row(id)).toMatchObject({
        status: 'failed',
        status_rank: 4,
        umid: null,
        attempts: 1,
        lease_until: 0,
        reason: `8x8: HTTP ${status} (code ${1000 + status}): Injected ${status}`,
      })
      // The record says why, on its status.
      expect((await shown(id)).status).toEqual({
        state: 'failed',
        timestamp: expect.stringMatching(ISO),
        reason: `8x8: HTTP ${status} (code ${1000 + status}): Injected ${status}`,
      })
    },
  )

  it.each([401, 403])(
    '%i: a configuration fault, failed, acknowledged, logs.lines loudly',
    async (status) => {
      const id = await acceptedMessage(`status:${status}`)
      expect(await deliver(id)).toEqual(acked(id))
      expect(await row(id)).toMatchObject({ status: 'failed', attempts: 1 })
      expect(logs.lines).toContain(
        `CONFIGURATION FAULT: 8x8 refused the gateway credentials ${status}`,
      )
    },
  )

  it.each([408, 429, 502, 503, 504])(
    '%i: retried with backoff, the record waits',
    async (status) => {
      const id = await acceptedMessage(`status:${status}`)
      expect(await deliver(id, { random: () => 0.99 })).toEqual(retried(id, 1))
      expect(await row(id)).toMatchObject({
        status: 'accepted',
        status_rank: 0,
        umid: null,
        attempts: 1,
        ambiguous_attempts: 0,
        lease_until: 0,
        reason: `8x8: HTTP ${status} (code ${1000 + status}): Injected ${status}`,
      })
      // While it waits, the record says why and how often it was tried.
      expect(await shown(id)).toMatchObject({
        umid: null,
        status: {
          state: 'accepted',
          timestamp: expect.stringMatching(ISO),
          reason: `8x8: HTTP ${status} (code ${1000 + status}): Injected ${status}`,
        },
        deliveryAttempts: 1,
      })
      // The next attempt's ceiling doubles.
      expect(await deliver(id, { attempts: 2, random: () => 0.99 })).toEqual(retried(id, 2))
      expect(await row(id)).toMatchObject({ attempts: 2 })
      expect(await shown(id)).toMatchObject({ deliveryAttempts: 2 })
    },
  )

  it('a 4xx whose 8x8 code says back off (1400, resent too soon) is retried, not failed', async () => {
    const id = await acceptedMessage('status:400')
    expect(await deliver(id, { random: () => 0.99 })).toEqual(retried(id, 1))
    expect(await row(id)).toMatchObject({
      status: 'accepted',
      attempts: 1,
      ambiguous_attempts: 0,
      reason: '8x8: HTTP 400 (code 1400): Injected 400',
    })
  })

  it('a 4xx whose 8x8 code is a configuration fault (1014, old TLS) is failed and logged loudly', async () => {
    const id = await acceptedMessage('code:1014:426')
    expect(await deliver(id)).toEqual(acked(id))
    expect(await row(id)).toMatchObject({
      status: 'failed',
      attempts: 1,
      reason: '8x8: HTTP 426 (code 1014): Injected 1014',
    })
    expect(logs.lines).toContain('CONFIGURATION FAULT: 8x8 refused the gateway credentials 426')
  })

  it('a 5xx stays ambiguous whatever its code says (2000, internal error: retry)', async () => {
    const id = await acceptedMessage('code:2000:500')
    expect(await deliver(id)).toEqual(retried(id, 1))
    expect(await row(id)).toMatchObject({ status: 'accepted', ambiguous_attempts: 1 })
  })

  it('429 with Retry-After: waits at least that long', async () => {
    const id = await acceptedMessage('status:429:7')
    expect(await deliver(id)).toEqual(retried(id, 7))
  })

  it('no connection: retried', async () => {
    const id = await acceptedMessage('hello')
    const down = {
      fetch: () => Promise.reject(new TypeError('fetch failed')),
    } as unknown as Fetcher
    expect(await deliver(id, { upstream: down })).toEqual(retried(id, 1))
    expect(await row(id)).toMatchObject({
      status: 'accepted',
      attempts: 1,
      ambiguous_attempts: 0,
      reason: '8x8: no connection',
    })
  })

  it('500: ambiguous, retried twice with the same clientMessageId, then unknown', async () => {
    const id = await acceptedMessage('status:500')
    expect(AMBIGUOUS_RETRIES).toBe(2)
    expect(await deliver(id)).toEqual(retried(id, 1))
    expect(await row(id)).toMatchObject({ status: 'accepted', ambiguous_attempts: 1 })
    expect(await deliver(id, { attempts: 2 })).toEqual(retried(id, 1))
    expect(await row(id)).toMatchObject({ status: 'accepted', ambiguous_attempts: 2 })
    expect(await deliver(id, { attempts: 3 })).toEqual(acked(id))
    expect(await row(id)).toMatchObject({
      status: 'unknown',
      status_rank: 1,
      attempts: 3,
      ambiguous_attempts: 2,
      reason: '8x8: HTTP 500 (code 1500): Injected 500; 8x8 may have taken it',
    })
    const sent = await upstreamReceived(id, 'FAULTY_UPSTREAM')
    expect(sent.map((request) => JSON.parse(request.raw).clientMessageId)).toEqual([id, id, id])
  })

  it('a connection lost after the request left is ambiguous', async () => {
    const id = await acceptedMessage('hello')
    const lost = {
      fetch: () => Promise.reject(new TypeError('Network connection lost.')),
    } as unknown as Fetcher
    expect(await deliver(id, { upstream: lost })).toEqual(retried(id, 1))
    expect(await row(id)).toMatchObject({
      status: 'accepted',
      ambiguous_attempts: 1,
      reason: '8x8: connection lost',
    })
  })

  it('an ambiguous send waits AMBIGUOUS_RETRY_AFTER_MS; a receipt of its id meanwhile settles it, never sent again', async () => {
    const id = await acceptedMessage('status:500')
    const waiting = { ...config, ambiguousRetryAfterMs: 45_000 }
    // Backoff alone would be 1 s: the retry waits for a receipt instead.
    expect(await deliver(id, { config: waiting })).toEqual(retried(id, 45))
    // 8x8 had taken it: its receipt names the gateway's id as clientMessageId.
    const umid = crypto.randomUUID()
    const stored = await storeReceipt(
      env.DB,
      {
        kind: 'delivery_receipt',
        version: 9,
        namespace: 'ChatApps',
        eventType: 'outbound_message_status_changed',
        description: 'receipt',
        payload: {
          umid,
          clientMessageId: id,
          subAccountId: SUB_ACCOUNT,
          status: { state: 'queued', timestamp: '2026-11-24T10:00:00.00Z' },
        },
      } as Parameters<typeof storeReceipt>[1],
      Date.now(),
    )
    expect(stored.fresh).toBe(true)
    expect(await deliver(id, { attempts: 2, config: waiting })).toEqual(acked(id))
    expect(await row(id)).toMatchObject({ status: 'queued', umid, attempts: 1 })
    expect(await upstreamReceived(id, 'FAULTY_UPSTREAM')).toHaveLength(1)
  })

  it('an ambiguous send with no receipt after the wait is sent again (at least once)', async () => {
    const id = await acceptedMessage('status:500')
    const waiting = { ...config, ambiguousRetryAfterMs: 45_000 }
    expect(await deliver(id, { config: waiting })).toEqual(retried(id, 45))
    expect(await deliver(id, { attempts: 2, config: waiting })).toEqual(retried(id, 45))
    expect(await upstreamReceived(id, 'FAULTY_UPSTREAM')).toHaveLength(2)
  })

  it('a timeout is ambiguous', async () => {
    const id = await acceptedMessage('fault:slow')
    expect(await deliver(id)).toEqual(retried(id, 1))
    expect(await row(id)).toMatchObject({
      status: 'accepted',
      ambiguous_attempts: 1,
      reason: '8x8: no answer in time',
    })
  })

  it('exhausted attempts go to the dead-letter queue, whose consumer marks them failed', async () => {
    const id = await acceptedMessage('status:503')
    await env.DB.prepare('UPDATE messages SET attempts = ? WHERE id = ?')
      .bind(config.delivery.maxAttempts - 1, id)
      .run()
    expect(await deliver(id)).toEqual(acked(id))
    expect(deadLetters).toEqual([{ id, subAccount: SUB_ACCOUNT }])
    expect(await row(id)).toMatchObject({
      status: 'accepted',
      attempts: config.delivery.maxAttempts,
    })

    const batch = createMessageBatch<DeliveryJob>('chatapps-delivery-dlq', [
      {
        id: 'dead-1',
        timestamp: new Date(1_000),
        attempts: 1,
        body: { id, subAccount: SUB_ACCOUNT },
      },
    ])
    const ctx = createExecutionContext()
    await deadLetterBatch(batch, env.DB)
    expect(await getQueueResult(batch, ctx)).toMatchObject({ ackAll: true, retryMessages: [] })
    expect(await row(id)).toMatchObject({
      status: 'failed',
      status_rank: 4,
      reason: 'delivery attempts exhausted (last: 8x8: HTTP 503 (code 1503): Injected 503)',
    })
    // GET says why on the record's status, without reading anything else.
    const record = await shown(id)
    expect(record).toEqual({
      id,
      clientMessageId: `cmid-${id}`,
      umid: null,
      status: {
        state: 'failed',
        timestamp: record.updatedAt,
        reason: 'delivery attempts exhausted (last: 8x8: HTTP 503 (code 1503): Injected 503)',
      },
      deliveryAttempts: config.delivery.maxAttempts,
      batchId: null,
      createdAt: '1970-01-01T00:00:00.001Z',
      updatedAt: expect.stringMatching(ISO),
      history: [],
    })
  })

  it('the dead-letter consumer leaves a message 8x8 took alone', async () => {
    const id = await acceptedMessage('hello')
    await deliver(id)
    const batch = createMessageBatch<DeliveryJob>('chatapps-delivery-dlq', [
      {
        id: 'dead-2',
        timestamp: new Date(1_000),
        attempts: 1,
        body: { id, subAccount: SUB_ACCOUNT },
      },
    ])
    await deadLetterBatch(batch, env.DB)
    expect(await row(id)).toMatchObject({ status: 'queued', reason: null })
  })
})

describe('the consumer is idempotent', () => {
  it('a job redelivered after 8x8 took the message is acknowledged without sending', async () => {
    const id = await acceptedMessage('hello')
    await deliver(id)
    expect(await deliver(id, { attempts: 2 })).toEqual(acked(id))
    expect(await upstreamReceived(id, 'FAULTY_UPSTREAM')).toHaveLength(1)
    expect(await row(id)).toMatchObject({ attempts: 1, status: 'queued' })
  })

  it('a job held by another delivery waits for its lease', async () => {
    const id = await acceptedMessage('hello')
    await env.DB.prepare('UPDATE messages SET lease_until = ? WHERE id = ?')
      .bind(Date.now() + 30_000, id)
      .run()
    expect(await deliver(id)).toEqual(retried(id, 30))
    expect(await upstreamReceived(id, 'FAULTY_UPSTREAM')).toHaveLength(0)
  })

  it('a job for a settled or missing message is acknowledged', async () => {
    const id = await acceptedMessage('status:422')
    await deliver(id)
    expect(await deliver(id, { attempts: 2 })).toEqual(acked(id))
    const missing = crypto.randomUUID()
    expect(await deliver(missing)).toEqual(acked(missing))
  })

  it('two concurrent deliveries of one job send it once', async () => {
    const id = await acceptedMessage('fault:delay')
    const [first, second] = await Promise.all([deliver(id), deliver(id, { attempts: 2 })])
    const outcomes = [first, second].map((result) =>
      result.explicitAcks.length === 1 ? 'ack' : 'retry',
    )
    expect(outcomes.sort()).toEqual(['ack', 'retry'])
    expect(await upstreamReceived(id, 'FAULTY_UPSTREAM')).toHaveLength(1)
  })
})
