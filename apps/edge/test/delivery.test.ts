import { createExecutionContext, createMessageBatch, env, getQueueResult } from 'cloudflare:test'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Bindings } from '../src/bindings'
import { type Config, readConfig } from '../src/config'
import { cancelHeld, notHeld, stopRetries } from '../src/db/messages/cancel'
import { listDeadLetters } from '../src/db/messages/replay'
import { AMBIGUOUS_RETRIES, deadLetterBatch, deliverBatch } from '../src/delivery/consumer'
import type { DeliveryJob } from '../src/delivery/jobs'
import { backoffSeconds } from '../src/lib/backoff'
import { prefersAsync } from '../src/lib/prefer'
import { storeReceipt } from '../src/receipts/intake'
import {
  acceptedMessage,
  captureConsole,
  d1Failing,
  deliveryDeps,
  KEYS,
  receiptOf,
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
  not_before: number
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
    `SELECT status, status_rank, umid, payload, attempts, ambiguous_attempts, lease_until,
       not_before, reason
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
  options: {
    attempts?: number
    upstream?: Fetcher
    random?: () => number
    config?: Config
    db?: D1Database
    delivery?: Queue<DeliveryJob>
    job?: DeliveryJob
  } = {},
) {
  const batch = createMessageBatch<DeliveryJob>('chatapps-delivery', [
    {
      id: `msg-${id}`,
      timestamp: new Date(1_000),
      attempts: options.attempts ?? 1,
      body: options.job ?? { id, subAccount: SUB_ACCOUNT },
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
      ...(options.db === undefined ? {} : { db: options.db }),
      ...(options.delivery === undefined ? {} : { delivery: options.delivery }),
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
afterEach(() => {
  vi.useRealTimers()
})

/** Moves this isolate's clock (the consumer's) `seconds` on, as a retry's delay would. */
function later(seconds: number): void {
  vi.setSystemTime(Date.now() + seconds * 1000)
}

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
      not_before: 0,
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
      later(1)
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
    later(1)
    expect(await deliver(id, { attempts: 2 })).toEqual(retried(id, 1))
    expect(await row(id)).toMatchObject({ status: 'accepted', ambiguous_attempts: 2 })
    later(1)
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
    const stored = await storeReceipt(env.DB, receiptOf(id, umid, 'queued'), Date.now())
    expect(stored.fresh).toBe(true)
    expect(await deliver(id, { attempts: 2, config: waiting })).toEqual(acked(id))
    expect(await row(id)).toMatchObject({ status: 'queued', umid, attempts: 1 })
    expect(await upstreamReceived(id, 'FAULTY_UPSTREAM')).toHaveLength(1)
  })

  it('an ambiguous send with no receipt after the wait is sent again (at least once)', async () => {
    const id = await acceptedMessage('status:500')
    const waiting = { ...config, ambiguousRetryAfterMs: 45_000 }
    expect(await deliver(id, { config: waiting })).toEqual(retried(id, 45))
    later(45)
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
    await deadLetterBatch(batch, { db: env.DB, callbacks: env.CALLBACKS })
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
    await deadLetterBatch(batch, { db: env.DB, callbacks: env.CALLBACKS })
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

/** 8x8 (the fake) holding a request until the test lets it go: `reached` once it arrived. */
function heldUpstream(): { upstream: Fetcher; reached: Promise<void>; letGo: () => void } {
  let arrived = () => {}
  const reached = new Promise<void>((resolve) => {
    arrived = resolve
  })
  let letGo = () => {}
  const go = new Promise<void>((resolve) => {
    letGo = resolve
  })
  const upstream = {
    fetch: async (input: RequestInfo, init?: RequestInit) => {
      arrived()
      await go
      return bindings.FAULTY_UPSTREAM.fetch(input as string, init)
    },
  } as unknown as Fetcher
  return { upstream, reached, letGo }
}

/** Runs the dead-letter queue's consumer on one job. */
async function deadLetter(id: string): Promise<void> {
  const batch = createMessageBatch<DeliveryJob>('chatapps-delivery-dlq', [
    {
      id: `dead-${id}`,
      timestamp: new Date(1_000),
      attempts: 1,
      body: { id, subAccount: SUB_ACCOUNT },
    },
  ])
  await deadLetterBatch(batch, { db: env.DB, callbacks: env.CALLBACKS })
}

/** The dead letters the console lists (and would replay). */
async function isDeadLetter(id: string): Promise<boolean> {
  const letters = await listDeadLetters(env.DB, null, 1000)
  return letters.some((letter) => letter.id === id)
}

const MAYBE = '; an earlier attempt may have reached 8x8'

/** The umid of each attempt 8x8 took, as the attempts record them. */
async function sentUmids(id: string): Promise<string[]> {
  const { results } = await env.DB.prepare(
    "SELECT detail FROM delivery_attempts WHERE message_id = ? AND outcome = 'sent' ORDER BY at",
  )
    .bind(id)
    .all<{ detail: string }>()
  return results.map((attempt) => attempt.detail.replace('umid ', ''))
}

describe('a message 8x8 may have is never `failed`', () => {
  it('the last attempt ambiguous (500): dead-lettered as `unknown`, not a dead letter to replay; its late receipt settles it', async () => {
    const id = await acceptedMessage('status:500')
    await env.DB.prepare('UPDATE messages SET attempts = ? WHERE id = ?')
      .bind(config.delivery.maxAttempts - 1, id)
      .run()
    expect(await deliver(id)).toEqual(acked(id))
    expect(deadLetters).toEqual([{ id, subAccount: SUB_ACCOUNT }])
    await deadLetter(id)
    expect(await row(id)).toEqual({
      status: 'unknown',
      status_rank: 1,
      umid: null,
      payload: expect.stringContaining('status:500'),
      attempts: config.delivery.maxAttempts,
      ambiguous_attempts: 1,
      lease_until: 0,
      not_before: 0,
      reason: `delivery attempts exhausted (last: 8x8: HTTP 500 (code 1500): Injected 500)${MAYBE}`,
    })
    expect(await isDeadLetter(id)).toBe(false)
    const umid = crypto.randomUUID()
    await storeReceipt(env.DB, receiptOf(id, umid, 'delivered'), Date.now())
    expect(await row(id)).toMatchObject({ status: 'delivered', status_rank: 4, umid, reason: null })
  })

  it('a 500, then 503s until the attempts run out: `unknown`', async () => {
    const id = await acceptedMessage('status:503')
    await env.DB.prepare('UPDATE messages SET attempts = ?, ambiguous_attempts = 1 WHERE id = ?')
      .bind(config.delivery.maxAttempts - 1, id)
      .run()
    expect(await deliver(id)).toEqual(acked(id))
    await deadLetter(id)
    expect(await row(id)).toMatchObject({
      status: 'unknown',
      ambiguous_attempts: 1,
      reason: `delivery attempts exhausted (last: 8x8: HTTP 503 (code 1503): Injected 503)${MAYBE}`,
    })
    expect(await isDeadLetter(id)).toBe(false)
  })

  it('a 4xx (or 401) after an earlier ambiguous attempt: `unknown`, saying so', async () => {
    for (const status of [422, 401]) {
      const id = await acceptedMessage(`status:${status}`)
      await env.DB.prepare('UPDATE messages SET attempts = 1, ambiguous_attempts = 1 WHERE id = ?')
        .bind(id)
        .run()
      expect(await deliver(id, { attempts: 2 })).toEqual(acked(id))
      expect(await row(id)).toMatchObject({
        status: 'unknown',
        status_rank: 1,
        attempts: 2,
        ambiguous_attempts: 1,
        reason: `8x8: HTTP ${status} (code ${1000 + status}): Injected ${status}${MAYBE}`,
      })
    }
  })

  it('a receipt proving 8x8 took a message the gateway marked `failed` gives it its state whatever the rank', async () => {
    const id = await acceptedMessage('status:503')
    await env.DB.prepare('UPDATE messages SET attempts = ? WHERE id = ?')
      .bind(config.delivery.maxAttempts - 1, id)
      .run()
    await deliver(id)
    await deadLetter(id)
    expect(await row(id)).toMatchObject({ status: 'failed', status_rank: 4 })
    const umid = crypto.randomUUID()
    await storeReceipt(env.DB, receiptOf(id, umid, 'delivered'), Date.now())
    expect(await row(id)).toMatchObject({ status: 'delivered', status_rank: 4, umid, reason: null })
    expect((await shown(id)).status).toEqual({
      state: 'delivered',
      timestamp: '2026-11-24T10:00:00.000Z',
    })
  })
})

describe('every copy of a job waits out the record’s wait', () => {
  it('after an ambiguous answer, a second copy of the job waits AMBIGUOUS_RETRY_AFTER_MS too, not only the lease', async () => {
    vi.setSystemTime(Date.now())
    const id = await acceptedMessage('status:500')
    const waiting = { ...config, ambiguousRetryAfterMs: 600_000 }
    expect(await deliver(id, { config: waiting })).toEqual(retried(id, 600))
    // Another copy of the same job (the queue delivers at least once) comes a minute later.
    later(60)
    expect(await deliver(id, { config: waiting, attempts: 1 })).toEqual(retried(id, 540))
    expect(await upstreamReceived(id, 'FAULTY_UPSTREAM')).toHaveLength(1)
    expect(await row(id)).toMatchObject({ status: 'accepted', attempts: 1, lease_until: 0 })
    later(540)
    expect(await deliver(id, { config: waiting, attempts: 2 })).toEqual(retried(id, 600))
    expect(await upstreamReceived(id, 'FAULTY_UPSTREAM')).toHaveLength(2)
  })
})

describe('D1 failing after 8x8 took the message', () => {
  it('the umid goes on in a job of its own that writes it, and the message is never sent again', async () => {
    const id = await acceptedMessage('hello')
    const carried: DeliveryJob[] = []
    const delivery = {
      send: async (job: DeliveryJob) => {
        carried.push(job)
      },
    } as unknown as Queue<DeliveryJob>
    const failing = d1Failing((sql) => sql.includes('COALESCE(umid, ?1)'))
    expect(await deliver(id, { db: failing, delivery })).toEqual(acked(id))
    const [umid] = await sentUmids(id)
    expect(carried).toEqual([{ id, subAccount: SUB_ACCOUNT, sent: { umid, state: 'queued' } }])
    expect(await row(id)).toMatchObject({ status: 'accepted', umid: null })
    // The carried job writes the umid, and sends nothing.
    const [job] = carried
    if (job === undefined) throw new Error('nothing carried')
    expect(await deliver(id, { job })).toEqual(acked(id))
    expect(await row(id)).toMatchObject({ status: 'queued', umid, attempts: 1, lease_until: 0 })
    expect(await upstreamReceived(id, 'FAULTY_UPSTREAM')).toHaveLength(1)
  })

  it('the queue failing too: the lease left behind counts as an ambiguous attempt, and a receipt within the wait settles it', async () => {
    vi.setSystemTime(Date.now())
    const id = await acceptedMessage('hello')
    const down = {
      send: () => Promise.reject(new Error('queue down')),
    } as unknown as Queue<DeliveryJob>
    const failing = d1Failing((sql) => sql.includes('COALESCE(umid, ?1)'))
    expect(await deliver(id, { db: failing, delivery: down })).toEqual(retried(id, 1))
    const waiting = { ...config, ambiguousRetryAfterMs: 45_000 }
    // The lease holds the message for 60 s; after it, the claim counts the attempt as ambiguous
    // and waits 45 s more for its receipt.
    later(60)
    expect(await deliver(id, { attempts: 2, config: waiting })).toEqual(retried(id, 45))
    expect(await row(id)).toMatchObject({
      status: 'accepted',
      attempts: 1,
      ambiguous_attempts: 1,
      lease_until: 0,
      reason:
        'an attempt ended without its outcome recorded (its worker stopped, or D1 failed, after the send): 8x8 may have taken it',
    })
    // Its receipt comes (8x8 took it under the umid the lost write would have recorded).
    const umid = crypto.randomUUID()
    await storeReceipt(env.DB, receiptOf(id, umid, 'sent'), Date.now())
    later(45)
    expect(await deliver(id, { attempts: 3, config: waiting })).toEqual(acked(id))
    expect(await upstreamReceived(id, 'FAULTY_UPSTREAM')).toHaveLength(1)
    expect(await row(id)).toMatchObject({ status: 'sent', umid })
  })

  it('a lease left behind after the ambiguous retries are used up: `unknown`, never sent again', async () => {
    vi.setSystemTime(Date.now())
    const id = await acceptedMessage('hello')
    await env.DB.prepare(
      'UPDATE messages SET attempts = 3, ambiguous_attempts = 2, lease_until = ? WHERE id = ?',
    )
      .bind(Date.now() - 1, id)
      .run()
    expect(await deliver(id, { attempts: 4 })).toEqual(acked(id))
    expect(await upstreamReceived(id, 'FAULTY_UPSTREAM')).toHaveLength(0)
    expect(await row(id)).toMatchObject({
      status: 'unknown',
      status_rank: 1,
      attempts: 3,
      ambiguous_attempts: 3,
      lease_until: 0,
    })
  })
})

describe('a copy of the job at 8x8 decides', () => {
  it('the dead-letter consumer leaves a message another copy holds; that copy records what 8x8 answered', async () => {
    const id = await acceptedMessage('hello')
    const held = heldUpstream()
    const live = deliver(id, { upstream: held.upstream })
    await held.reached
    await deadLetter(id)
    expect(await row(id)).toMatchObject({ status: 'accepted', umid: null })
    held.letGo()
    expect(await live).toEqual(acked(id))
    expect(await row(id)).toMatchObject({ status: 'queued', status_rank: 2, reason: null })
  })

  it('8x8’s answer overrides a `failed` the gateway set meanwhile', async () => {
    const id = await acceptedMessage('hello')
    const held = heldUpstream()
    const live = deliver(id, { upstream: held.upstream })
    await held.reached
    // As an older dead-letter consumer did, ignoring the lease.
    await env.DB.prepare(
      "UPDATE messages SET status = 'failed', status_rank = 4, reason = 'delivery attempts exhausted' WHERE id = ?",
    )
      .bind(id)
      .run()
    held.letGo()
    expect(await live).toEqual(acked(id))
    const [umid] = await sentUmids(id)
    expect(await row(id)).toMatchObject({ status: 'queued', status_rank: 2, umid, reason: null })
  })

  it('a receipt of an earlier attempt while a retry is at 8x8: both umids kept, the duplicate stated', async () => {
    const id = await acceptedMessage('hello')
    // As after an ambiguous first attempt whose receipt is late.
    await env.DB.prepare('UPDATE messages SET attempts = 1, ambiguous_attempts = 1 WHERE id = ?')
      .bind(id)
      .run()
    const held = heldUpstream()
    const retry = deliver(id, { upstream: held.upstream, attempts: 2 })
    await held.reached
    const first = crypto.randomUUID()
    await storeReceipt(env.DB, receiptOf(id, first, 'delivered'), Date.now())
    held.letGo()
    expect(await retry).toEqual(acked(id))
    const [second] = await sentUmids(id)
    expect(await row(id)).toMatchObject({
      status: 'delivered',
      status_rank: 4,
      umid: first,
      lease_until: 0,
      reason: `sent_twice: 8x8 took the message as ${first} (an earlier attempt, its receipt proves it) and again as ${second}`,
    })
    // The record answer tells it too: the first umid's state, and the second umid.
    expect(await shown(id)).toEqual({
      id,
      clientMessageId: expect.any(String),
      umid: first,
      status: { state: 'delivered', timestamp: '2026-11-24T10:00:00.000Z' },
      sentTwice: { umid: second },
      deliveryAttempts: 2,
      batchId: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      history: [
        {
          state: 'delivered',
          timestamp: '2026-11-24T10:00:00.000Z',
          receivedAt: expect.any(String),
        },
      ],
    })
  })
})

describe('a cancel after an attempt that left its lease behind', () => {
  it('is not told "nothing was sent": the attempt may have reached 8x8', async () => {
    const id = await acceptedMessage('hello')
    const now = Date.now()
    await env.DB.prepare('UPDATE messages SET attempts = 1, lease_until = ? WHERE id = ?')
      .bind(now - 1, id)
      .run()
    expect(await cancelHeld(env.DB, KEYS.ed25519, [id], now)).toEqual([])
    expect(await notHeld(env.DB, KEYS.ed25519, id, now)).toEqual({ kind: 'maybe_at_8x8' })
    expect(await stopRetries(env.DB, KEYS.ed25519, [id], now)).toEqual([id])
    expect(await row(id)).toMatchObject({ status: 'unknown', umid: null })
  })
})
