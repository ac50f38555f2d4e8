import { createExecutionContext, createMessageBatch, env, getQueueResult } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { CircuitClient } from '../src/delivery/circuit-client'
import { deliverBatch } from '../src/delivery/consumer'
import type { DeliveryJob } from '../src/delivery/jobs'
import { acceptMessages } from '../src/delivery/records'
import { type Bindings, readConfig } from '../src/env'
import {
  problem,
  problemBody,
  sendFaulty,
  signedPost,
  textMessage,
  upstreamReceived,
} from './helpers'

const bindings = env as unknown as Bindings & { FAULTY_UPSTREAM: Fetcher }
const config = readConfig(bindings)
const settings = config.circuit
const circuitOf = (name: string) => env.CIRCUIT.get(env.CIRCUIT.idFromName(name))
const RETRYABLE = {
  ok: false,
  kind: 'retryable',
  status: 503,
  timedOut: false,
  retryAfter: 1,
  code: null,
  message: '',
} as const
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('the circuit breaker object', () => {
  it('opens after the threshold of failures in a row, and a success resets the count', async () => {
    const circuit = circuitOf(`unit-${crypto.randomUUID()}`)
    expect(settings).toEqual({ threshold: 3, openMs: 1500 })
    await circuit.report(settings, true, false, 1_000)
    await circuit.report(settings, true, false, 1_000)
    expect(await circuit.report(settings, false, false, 1_000)).toEqual({
      state: 'closed',
      failures: 0,
      openUntil: 0,
      probeUntil: 0,
    })
    await circuit.report(settings, true, false, 2_000)
    await circuit.report(settings, true, false, 2_000)
    expect(await circuit.report(settings, true, false, 2_000)).toEqual({
      state: 'open',
      failures: 3,
      openUntil: 3_500,
      probeUntil: 0,
    })
    expect(await circuit.acquire(settings, 3_000)).toEqual({ allowed: false, retryAfterMs: 500 })
  })

  it('half-open: lets one probe through at a time; its failure reopens, its success closes', async () => {
    const circuit = circuitOf(`unit-${crypto.randomUUID()}`)
    for (let i = 0; i < 3; i++) await circuit.report(settings, true, false, 0)
    expect(await circuit.acquire(settings, 1_500)).toEqual({
      allowed: true,
      probe: true,
      failures: 3,
    })
    expect(await circuit.acquire(settings, 1_600)).toEqual({ allowed: false, retryAfterMs: 1_400 })
    expect(await circuit.report(settings, true, true, 1_700)).toMatchObject({
      state: 'open',
      openUntil: 3_200,
    })
    expect(await circuit.acquire(settings, 3_200)).toEqual({
      allowed: true,
      probe: true,
      failures: 4,
    })
    expect(await circuit.report(settings, false, true, 3_300)).toEqual({
      state: 'closed',
      failures: 0,
      openUntil: 0,
      probeUntil: 0,
    })
    expect(await circuit.acquire(settings, 3_300)).toEqual({
      allowed: true,
      probe: false,
      failures: 0,
    })
  })

  it('a probe that never reports frees its lease after one open period', async () => {
    const circuit = circuitOf(`unit-${crypto.randomUUID()}`)
    for (let i = 0; i < 3; i++) await circuit.report(settings, true, false, 0)
    expect(await circuit.acquire(settings, 1_500)).toMatchObject({ allowed: true, probe: true })
    expect(await circuit.acquire(settings, 2_999)).toEqual({ allowed: false, retryAfterMs: 1 })
    expect(await circuit.acquire(settings, 3_000)).toMatchObject({ allowed: true, probe: true })
  })
})

describe('the synchronous route and the circuit', () => {
  it('after 3 failures in a row answers 503 at once without calling 8x8, then a probe closes it', async () => {
    const failing = textMessage(`status:503`)
    for (let i = 0; i < 3; i++) {
      const response = await sendFaulty(await signedPost(JSON.stringify(failing)))
      expect(response.status).toBe(503)
    }
    const before = (await upstreamReceived(undefined, 'FAULTY_UPSTREAM')).length

    const held = textMessage()
    const response = await sendFaulty(await signedPost(JSON.stringify(held)))
    expect(response.status).toBe(503)
    expect(response.headers.get('retry-after')).toBe('2')
    expect(await problem(response)).toEqual(
      problemBody(
        'upstream_unavailable',
        503,
        '8x8 unavailable',
        '8x8 is failing; the gateway holds requests back until it recovers.',
      ),
    )
    expect((await upstreamReceived(undefined, 'FAULTY_UPSTREAM')).length).toBe(before)

    await sleep(settings.openMs)
    const probe = await sendFaulty(await signedPost(JSON.stringify(textMessage())))
    expect(probe.status).toBe(200)
    const after = await sendFaulty(await signedPost(JSON.stringify(textMessage())))
    expect(after.status).toBe(200)
    expect(await circuitOf('demo-subaccount').state()).toMatchObject({
      state: 'closed',
      failures: 0,
    })
  })

  it('a rejected message (8x8 is up) does not count against it', async () => {
    for (let i = 0; i < 4; i++) {
      const response = await sendFaulty(
        await signedPost(JSON.stringify(textMessage('fault:reject'))),
      )
      expect(response.status).toBe(422)
    }
    expect(await circuitOf('demo-subaccount').state()).toMatchObject({
      state: 'closed',
      failures: 0,
    })
  })
})

describe('the queue and the circuit', () => {
  it('while open, the consumer waits without an attempt and without calling 8x8', async () => {
    const circuit = circuitOf('demo-subaccount')
    const now = Date.now()
    for (let i = 0; i < 3; i++) await circuit.report(settings, true, false, now)
    const id = crypto.randomUUID()
    await acceptMessages(env.DB, [
      {
        id,
        keyId: 'test-key-ed25519',
        idempotencyKey: `idem-${id}`,
        clientMessageId: `cmid-${id}`,
        subAccount: 'demo-subaccount',
        payload: JSON.stringify({ ...textMessage(), clientMessageId: `cmid-${id}` }),
        createdAt: now,
      },
    ])
    const batch = createMessageBatch<DeliveryJob>('chatapps-delivery', [
      {
        id: 'held',
        timestamp: new Date(now),
        attempts: 1,
        body: { id, subAccount: 'demo-subaccount' },
      },
    ])
    const message = batch.messages[0]
    if (message === undefined) throw new Error('empty batch')
    const retries: unknown[] = []
    const retry = message.retry.bind(message)
    message.retry = (options) => {
      retries.push(options)
      retry(options)
    }
    const ctx = createExecutionContext()
    await deliverBatch(batch, {
      db: env.DB,
      circuits: env.CIRCUIT,
      deadLetters: env.DELIVERY_DLQ,
      upstream: bindings.FAULTY_UPSTREAM,
      config,
    })
    expect((await getQueueResult(batch, ctx)).retryMessages).toEqual([{ msgId: 'held' }])
    expect(retries).toEqual([{ delaySeconds: 2 }])
    const record = await env.DB.prepare('SELECT status, attempts FROM messages WHERE id = ?')
      .bind(id)
      .first()
    expect(record).toEqual({ status: 'accepted', attempts: 0 })
    expect(await upstreamReceived(`cmid-${id}`, 'FAULTY_UPSTREAM')).toHaveLength(0)
  })
})

describe('the isolate remembers a healthy circuit for CIRCUIT_CACHE_MS', () => {
  it('skips the object while it saw it clean, and asks again after a failure or in time', async () => {
    const cached = { ...config, circuitCacheMs: 1_000 }
    const name = `cache-${crypto.randomUUID()}`
    const client = new CircuitClient(env.CIRCUIT, name, cached)
    expect(await client.acquire(10_000)).toEqual({
      allowed: true,
      probe: false,
      failures: 0,
      seen: 0,
    })
    // Opened behind this isolate's back: it is noticed once the memory expires.
    for (let i = 0; i < 3; i++) await circuitOf(name).report(settings, true, false, 10_000)
    expect(await client.acquire(10_500)).toEqual({
      allowed: true,
      probe: false,
      failures: 0,
      seen: 0,
    })
    expect(await client.acquire(11_000)).toEqual({ allowed: false, retryAfterMs: 500, seen: 0 })

    // A failure this isolate sees clears the memory at once.
    const other = `cache-${crypto.randomUUID()}`
    const second = new CircuitClient(env.CIRCUIT, other, cached)
    const permit = await second.acquire(20_000)
    await second.report(
      permit,
      {
        ok: false,
        kind: 'retryable',
        status: 503,
        timedOut: false,
        retryAfter: 1,
        code: null,
        message: '',
      },
      20_000,
    )
    expect(await circuitOf(other).state(20_000)).toMatchObject({ state: 'closed', failures: 1 })
    expect(await second.acquire(20_001)).toEqual({
      allowed: true,
      probe: false,
      failures: 1,
      seen: 1,
    })
  })

  it('a success of a request that started before a concurrent failure resets the count', async () => {
    const cached = { ...config, circuitCacheMs: 1_000 }
    const name = `cache-${crypto.randomUUID()}`
    const client = new CircuitClient(env.CIRCUIT, name, cached)
    await client.acquire(30_000)
    const [first, second] = [await client.acquire(30_001), await client.acquire(30_001)]
    expect(first).toEqual({ allowed: true, probe: false, failures: 0, seen: 0 })
    await client.report(first, { ...RETRYABLE }, 30_002)
    expect(await circuitOf(name).state(30_002)).toMatchObject({ failures: 1 })
    // `second` was given while the object counted nothing, yet its success must reset the count.
    await client.report(second, null, 30_003)
    expect(await circuitOf(name).state(30_003)).toMatchObject({ state: 'closed', failures: 0 })
  })
})
