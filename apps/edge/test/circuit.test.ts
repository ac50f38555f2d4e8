import { createExecutionContext, createMessageBatch, env, getQueueResult } from 'cloudflare:test'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Bindings } from '../src/bindings'
import { readConfig } from '../src/config'
import { deliverBatch } from '../src/delivery/consumer'
import type { DeliveryJob } from '../src/delivery/jobs'
import type { ClaimGuard } from '../src/objects/admission/client'
import { CircuitClient } from '../src/objects/circuit/client'
import { WINDOW } from '../src/objects/circuit/object'
import { sendNow } from '../src/send/now'
import {
  acceptedMessage,
  deliveryDeps,
  problem,
  problemBody,
  sendFaulty,
  sendFaultyHere,
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
/** Reports an outcome in the circuit's current generation (what a fresh permit carries). */
async function reportTo(
  circuit: ReturnType<typeof circuitOf>,
  failure: boolean,
  probe: boolean,
  now: number,
) {
  const { epoch } = await circuit.state(now)
  return circuit.report(settings, failure, probe, now, epoch)
}
afterEach(() => {
  vi.useRealTimers()
})

describe('the circuit breaker object', () => {
  it('opens once failures reach the threshold and half of the recent outcomes', async () => {
    const circuit = circuitOf(`unit-${crypto.randomUUID()}`)
    expect(settings).toEqual({ threshold: 3, openMs: 1500 })
    // Failures among successes, under half of the outcomes: it stays closed.
    for (const failed of [false, false, true, false, false, true, false, false, true]) {
      await reportTo(circuit, failed, false, 1_000)
    }
    expect(await circuit.state(1_000)).toEqual({
      state: 'closed',
      failures: 3,
      outcomes: 9,
      openUntil: 0,
      probeUntil: 0,
      epoch: 0,
    })
    // Failures become half of the outcomes: it opens at the failure that tips it.
    await reportTo(circuit, true, false, 2_000)
    await reportTo(circuit, true, false, 2_000)
    expect(await circuit.state(2_000)).toMatchObject({ state: 'closed', failures: 5, outcomes: 11 })
    expect(await reportTo(circuit, true, false, 2_000)).toEqual({
      state: 'open',
      failures: 6,
      outcomes: 12,
      openUntil: 3_500,
      probeUntil: 0,
      // Opening starts a new generation: late answers of requests sent before do not count.
      epoch: 1,
    })
    expect(await circuit.acquire(settings, 3_000)).toEqual({ allowed: false, retryAfterMs: 500 })
  })

  it('weighs only the last 20 outcomes', async () => {
    const circuit = circuitOf(`unit-${crypto.randomUUID()}`)
    expect(WINDOW).toBe(20)
    for (let i = 0; i < 2; i++) await reportTo(circuit, true, false, 0)
    for (let i = 0; i < 19; i++) await reportTo(circuit, false, false, 0)
    expect(await circuit.state(0)).toMatchObject({ failures: 1, outcomes: 20 })
  })

  it('half-open: lets one probe through at a time; its failure reopens, its success closes', async () => {
    const circuit = circuitOf(`unit-${crypto.randomUUID()}`)
    for (let i = 0; i < 3; i++) await reportTo(circuit, true, false, 0)
    expect(await circuit.acquire(settings, 1_500)).toEqual({
      allowed: true,
      probe: true,
      failures: 3,
      epoch: 1,
    })
    expect(await circuit.acquire(settings, 1_600)).toEqual({ allowed: false, retryAfterMs: 1_400 })
    expect(await reportTo(circuit, true, true, 1_700)).toMatchObject({
      state: 'open',
      openUntil: 3_200,
    })
    expect(await circuit.acquire(settings, 3_200)).toEqual({
      allowed: true,
      probe: true,
      failures: 3,
      epoch: 1,
    })
    expect(await reportTo(circuit, false, true, 3_300)).toEqual({
      state: 'closed',
      failures: 0,
      outcomes: 0,
      openUntil: 0,
      probeUntil: 0,
      epoch: 2,
    })
    expect(await circuit.acquire(settings, 3_300)).toEqual({
      allowed: true,
      probe: false,
      failures: 0,
      epoch: 2,
    })
  })

  it('late answers of requests sent before it opened or closed are ignored', async () => {
    const circuit = circuitOf(`unit-${crypto.randomUUID()}`)
    const early = await circuit.acquire(settings, 0)
    expect(early).toMatchObject({ allowed: true, epoch: 0 })
    for (let i = 0; i < 3; i++) await reportTo(circuit, true, false, 0)
    const probe = await circuit.acquire(settings, 1_500)
    expect(probe).toMatchObject({ allowed: true, probe: true, epoch: 1 })
    await circuit.report(settings, false, true, 1_600, 1)
    // The timeouts of the early requests come back now, all together.
    for (let i = 0; i < 5; i++) await circuit.report(settings, true, false, 1_700, 0)
    expect(await circuit.state(1_700)).toEqual({
      state: 'closed',
      failures: 0,
      outcomes: 0,
      openUntil: 0,
      probeUntil: 0,
      epoch: 2,
    })
  })

  it('a probe that never reports frees its lease after one open period', async () => {
    const circuit = circuitOf(`unit-${crypto.randomUUID()}`)
    for (let i = 0; i < 3; i++) await reportTo(circuit, true, false, 0)
    expect(await circuit.acquire(settings, 1_500)).toMatchObject({ allowed: true, probe: true })
    expect(await circuit.acquire(settings, 2_999)).toEqual({ allowed: false, retryAfterMs: 1 })
    expect(await circuit.acquire(settings, 3_000)).toMatchObject({ allowed: true, probe: true })
  })
})

describe('a half-open probe whose attempt never reached 8x8', () => {
  /** A circuit opened at `start` by 3 failures: half-open, a probe may pass, from `start + openMs`. */
  async function opened(start: number) {
    const name = `probe-${crypto.randomUUID()}`
    const circuit = circuitOf(name)
    for (let i = 0; i < 3; i++) await reportTo(circuit, true, false, start)
    return { name, circuit }
  }

  it('is given back: the next request probes at once; a probe since passed on is not freed', async () => {
    const { circuit } = await opened(0)
    expect(await circuit.acquire(settings, 1_500)).toMatchObject({ allowed: true, probe: true })
    await circuit.releaseProbe(settings, 1_500, 1_600)
    expect(await circuit.acquire(settings, 1_600)).toMatchObject({ allowed: true, probe: true })
    // The first probe's late release: the probe is the second's now.
    await circuit.releaseProbe(settings, 1_500, 1_700)
    expect(await circuit.acquire(settings, 1_700)).toEqual({ allowed: false, retryAfterMs: 1_400 })
    // The second fails: open again, which no late release shortens.
    await reportTo(circuit, true, true, 1_800)
    await circuit.releaseProbe(settings, 1_600, 1_900)
    expect(await circuit.state(1_900)).toMatchObject({ state: 'open', openUntil: 3_300 })
  })

  it('a send whose claim was lost before its call gives its probe back, 8x8 not called', async () => {
    const start = Date.now()
    vi.setSystemTime(start)
    const { name, circuit } = await opened(start)
    vi.setSystemTime(start + settings.openMs)
    const lost = new Error('a retry took the claim')
    const claim: ClaimGuard = { beforeCall: () => Promise.reject(lost) }
    const call = vi.fn(async () => ({ ok: true }) as const)
    await expect(
      sendNow({ circuits: env.CIRCUIT, settings: config, claim }, name, call),
    ).rejects.toBe(lost)
    expect(call).not.toHaveBeenCalled()
    expect(await circuit.acquire(settings, start + settings.openMs)).toMatchObject({
      allowed: true,
      probe: true,
    })
  })

  it('a call the gateway refused itself is no outcome: the probe is given back, the circuit not reopened', async () => {
    const start = Date.now()
    vi.setSystemTime(start)
    const { name, circuit } = await opened(start)
    vi.setSystemTime(start + settings.openMs)
    const claim: ClaimGuard = { beforeCall: () => Promise.resolve() }
    const sent = await sendNow(
      { circuits: env.CIRCUIT, settings: config, claim },
      name,
      async () => RETRYABLE,
      () => true,
    )
    expect(sent).toEqual(RETRYABLE)
    expect(await circuit.state(start + settings.openMs)).toMatchObject({
      state: 'half_open',
      openUntil: start + settings.openMs,
      probeUntil: 0,
    })
  })

  it('the queue gives its probe back when another delivery holds the message', async () => {
    const start = Date.now()
    vi.setSystemTime(start)
    const { name, circuit } = await opened(start)
    const id = await acceptedMessage('held by another delivery')
    const leaseUntil = start + settings.openMs + 30_000
    await env.DB.prepare('UPDATE messages SET lease_until = ? WHERE id = ?')
      .bind(leaseUntil, id)
      .run()
    vi.setSystemTime(start + settings.openMs)
    const batch = createMessageBatch<DeliveryJob>('chatapps-delivery', [
      { id: 'leased', timestamp: new Date(start), attempts: 1, body: { id, subAccount: name } },
    ])
    const ctx = createExecutionContext()
    await deliverBatch(batch, deliveryDeps({ config }))
    expect((await getQueueResult(batch, ctx)).retryMessages).toEqual([{ msgId: 'leased' }])
    expect(await upstreamReceived(id, 'FAULTY_UPSTREAM')).toHaveLength(0)
    expect(await circuit.acquire(settings, start + settings.openMs)).toMatchObject({
      allowed: true,
      probe: true,
    })
  })
})

describe('the synchronous route and the circuit', () => {
  it('after 3 failures in a row answers 503 at once without calling 8x8, then a probe closes it', async () => {
    // Sent through the gateway in this isolate, whose clock the test holds: the answer's
    // Retry-After and the probe depend on when each request comes, not on how busy the machine is.
    const start = Date.now()
    vi.setSystemTime(start)
    const failing = textMessage(`status:503`)
    for (let i = 0; i < 3; i++) {
      const response = await sendFaultyHere(await signedPost(JSON.stringify(failing)))
      expect(response.status).toBe(503)
    }

    // 0.4 s after the circuit opened, for 1.5 s: 1.1 s to wait, said as 2 whole seconds.
    vi.setSystemTime(start + 400)
    const held = textMessage()
    const response = await sendFaultyHere(await signedPost(JSON.stringify(held)))
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
    // A millisecond before it may close, still held back: 1 second to wait.
    vi.setSystemTime(start + settings.openMs - 1)
    const stillHeld = textMessage()
    const still = await sendFaultyHere(await signedPost(JSON.stringify(stillHeld)))
    expect(still.status).toBe(503)
    expect(still.headers.get('retry-after')).toBe('1')
    // Neither reached 8x8.
    for (const message of [held, stillHeld]) {
      expect(await upstreamReceived(message.content.text, 'FAULTY_UPSTREAM')).toEqual([])
    }

    vi.setSystemTime(start + settings.openMs)
    const probeMessage = textMessage()
    const probe = await sendFaultyHere(await signedPost(JSON.stringify(probeMessage)))
    expect(probe.status).toBe(200)
    const afterMessage = textMessage()
    const after = await sendFaultyHere(await signedPost(JSON.stringify(afterMessage)))
    expect(after.status).toBe(200)
    for (const message of [probeMessage, afterMessage]) {
      expect(await upstreamReceived(message.content.text, 'FAULTY_UPSTREAM')).toHaveLength(1)
    }
    expect(await circuitOf('demo-subaccount').state(start + settings.openMs)).toMatchObject({
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
    for (let i = 0; i < 3; i++) await reportTo(circuit, true, false, now)
    const id = await acceptedMessage('held back')
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
    await deliverBatch(batch, deliveryDeps({ config }))
    expect((await getQueueResult(batch, ctx)).retryMessages).toEqual([{ msgId: 'held' }])
    expect(retries).toEqual([{ delaySeconds: 2 }])
    const record = await env.DB.prepare('SELECT status, attempts FROM messages WHERE id = ?')
      .bind(id)
      .first()
    expect(record).toEqual({ status: 'accepted', attempts: 0 })
    expect(await upstreamReceived(id, 'FAULTY_UPSTREAM')).toHaveLength(0)
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
      epoch: 0,
      seen: 0,
    })
    // Opened behind this isolate's back: it is noticed once the memory expires.
    for (let i = 0; i < 3; i++) await reportTo(circuitOf(name), true, false, 10_000)
    expect(await client.acquire(10_500)).toEqual({
      allowed: true,
      probe: false,
      failures: 0,
      epoch: 0,
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
      epoch: 0,
      seen: 1,
    })
  })

  it('a success of a request that started before a concurrent failure is reported', async () => {
    const cached = { ...config, circuitCacheMs: 1_000 }
    const name = `cache-${crypto.randomUUID()}`
    const client = new CircuitClient(env.CIRCUIT, name, cached)
    await client.acquire(30_000)
    const [first, second] = [await client.acquire(30_001), await client.acquire(30_001)]
    expect(first).toEqual({ allowed: true, probe: false, failures: 0, epoch: 0, seen: 0 })
    await client.report(first, { ...RETRYABLE }, 30_002)
    expect(await circuitOf(name).state(30_002)).toMatchObject({ failures: 1, outcomes: 1 })
    // `second` was given while the object counted nothing, yet its success must be weighed.
    await client.report(second, null, 30_003)
    expect(await circuitOf(name).state(30_003)).toMatchObject({
      state: 'closed',
      failures: 1,
      outcomes: 2,
    })
  })

  it('weighs a batch as a whole: a 8x8 outage opens it, 1 failure in 6 does not', async () => {
    const batchOf = async (texts: string[]) => {
      const jobs = await Promise.all(
        texts.map(async (text, i) => {
          const id = await acceptedMessage(text)
          return {
            id: `m${i}`,
            timestamp: new Date(0),
            attempts: 1,
            body: { id, subAccount: 'demo-subaccount' },
          }
        }),
      )
      const batch = createMessageBatch<DeliveryJob>('chatapps-delivery', jobs)
      await deliverBatch(batch, deliveryDeps({ config, random: () => 0 }))
    }
    await batchOf(['status:503', 'ok 1', 'ok 2', 'ok 3', 'ok 4', 'ok 5'])
    expect(await circuitOf('demo-subaccount').state()).toMatchObject({
      state: 'closed',
      failures: 1,
      outcomes: 6,
    })
    await batchOf(['status:503', 'status:503', 'status:502', 'status:504', 'status:429:1', 'ok 6'])
    expect(await circuitOf('demo-subaccount').state()).toMatchObject({
      state: 'open',
      failures: 6,
      outcomes: 12,
    })
  })
})
