/**
 * The idempotency claim of a signed POST against a request that is still running: the claim's
 * lease covers the route's one call to 8x8, and a request that was held up before its call (a
 * Durable Object or D1 step that stalled) renews its claim before calling, or, when a retry took
 * the claim meanwhile, calls nothing and answers as that retry's retry would. Everything runs in
 * this isolate, on a held clock (`vi.setSystemTime`); the first request is held at its circuit
 * breaker and 8x8's answer at the upstream, each on a promise the test resolves itself. No real
 * time passes that any answer depends on: the upstream here ignores the call's abort signal.
 * A cancel's claim on a message (D1, `src/routes/cancel-steps.ts`) takes the same lease and the
 * same renewal before its call.
 */
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { app } from '../src/app'
import type { Bindings } from '../src/bindings'
import type { Circuit } from '../src/objects/circuit/object'
import { storeReceipt } from '../src/receipts/intake'
import {
  problem,
  problemBody,
  receiptOf,
  signedDelete,
  signedGet,
  signedPost,
  textMessage,
  upstreamReceived,
} from './helpers'

const bindings = env as unknown as Bindings & { FAULTY_UPSTREAM: Fetcher }

/** A point a request stops at until the test opens it; `reached` resolves when one got there. */
function gate() {
  let open = () => {}
  let arrive = () => {}
  const opened = new Promise<void>((resolve) => {
    open = resolve
  })
  const reached = new Promise<void>((resolve) => {
    arrive = resolve
  })
  return { open, opened, reached, arrive }
}
type Gate = ReturnType<typeof gate>

/**
 * The gateway in this isolate, with two held points: the next circuit `acquire` (the last step
 * before the call to 8x8: a request held there has sent nothing) and the next call to 8x8 (the
 * fake 8x8, reached without the call's abort signal, so that a held call never times out).
 */
function heldGateway(overrides: Partial<Bindings> = {}) {
  const held: { circuit: Gate | null; upstream: Gate | null; answer: Gate | null } = {
    circuit: null,
    upstream: null,
    answer: null,
  }
  /** The bodies of the calls made to 8x8, held or not, in order. */
  const calls: string[] = []
  /** 8x8's answers to them, in the order 8x8 gave them (a held answer's too). */
  const answers: string[] = []
  const circuits = {
    idFromName: (name: string) => bindings.CIRCUIT.idFromName(name),
    get: (id: DurableObjectId) => {
      const real = bindings.CIRCUIT.get(id)
      return {
        acquire: async (...args: Parameters<DurableObjectStub<Circuit>['acquire']>) => {
          const at = held.circuit
          held.circuit = null
          if (at !== null) {
            at.arrive()
            await at.opened
          }
          return real.acquire(...args)
        },
        report: (...args: Parameters<DurableObjectStub<Circuit>['report']>) => real.report(...args),
      }
    },
  } as unknown as Bindings['CIRCUIT']
  const upstream = {
    fetch: async (url: string, init: RequestInit) => {
      calls.push(String(init.body))
      const at = held.upstream
      held.upstream = null
      if (at !== null) {
        at.arrive()
        await at.opened
      }
      const { method, headers, body } = init
      const response = await bindings.FAULTY_UPSTREAM.fetch(url, {
        ...(method === undefined ? {} : { method }),
        ...(headers === undefined ? {} : { headers }),
        ...(body === undefined || body === null ? {} : { body }),
      })
      answers.push(await response.clone().text())
      const answered = held.answer
      held.answer = null
      if (answered !== null) {
        answered.arrive()
        await answered.opened
      }
      return response
    },
  } as unknown as Fetcher
  const fetch = async (request: Request) => {
    const ctx = createExecutionContext()
    const response = await app.fetch(
      request,
      { ...bindings, UPSTREAM: upstream, CIRCUIT: circuits, ...overrides },
      ctx,
    )
    await waitOnExecutionContext(ctx)
    return response
  }
  /** Holds the next request at its circuit step; resolves once one is there. */
  const holdCircuit = () => {
    held.circuit = gate()
    return held.circuit
  }
  /** Holds the next call to 8x8; resolves once one is there. */
  const holdUpstream = () => {
    held.upstream = gate()
    return held.upstream
  }
  /** Holds 8x8's answer to the next call (8x8 took it); resolves once one is there. */
  const holdAnswer = () => {
    held.answer = gate()
    return held.answer
  }
  return { fetch, holdCircuit, holdUpstream, holdAnswer, calls, answers }
}

/**
 * Tries of one request: each signed afresh (a new nonce) with the same Idempotency-Key, on a
 * clock held from now (`start`).
 */
function tries(body: string, path = '/v1/messages') {
  const idempotencyKey = crypto.randomUUID()
  const start = Date.now()
  vi.setSystemTime(start)
  return { start, sign: () => signedPost(body, { path, idempotencyKey }) }
}

/** The answer of a request whose idempotency key another running request holds. */
const IN_FLIGHT = problemBody('idempotency_key_in_flight', 409, 'Idempotency key in flight')

afterEach(() => {
  vi.useRealTimers()
})

describe('a sync batch still running when its claim would have lapsed', () => {
  it('is sent once: the retry that took the claim sends it, the first sends nothing, every other try is 409 with the lease left', async () => {
    const gateway = heldGateway()
    const marker = crypto.randomUUID()
    const body = JSON.stringify({
      messages: [textMessage(`${marker} one`), textMessage(`${marker} two`)],
    })
    const { start, sign: batch } = tries(body, '/v1/messages/batch')

    // The first request is held before its call to 8x8 (a Durable Object step that stalled).
    const circuit = gateway.holdCircuit()
    const first = gateway.fetch(await batch())
    await circuit.reached

    // 61 s later its claim (31 s here: UPSTREAM_TIMEOUT_MS 1 s + 30 s) has lapsed: the object
    // cannot tell a stalled request from a dead one, and the client's retry takes the claim.
    vi.setSystemTime(start + 61_000)
    const call = gateway.holdUpstream()
    const retry = gateway.fetch(await batch())
    await call.reached

    // Another try while the retry's call to 8x8 runs: 409, Retry-After at most 5 s.
    const during = await gateway.fetch(await batch())
    expect(during.status).toBe(409)
    expect(during.headers.get('retry-after')).toBe('5')
    expect(await problem(during)).toEqual(IN_FLIGHT)

    // The first request goes on: its claim is the retry's now, so it calls nothing and answers
    // as a try of the same key would.
    circuit.open()
    const firstAnswer = await first
    expect(firstAnswer.status).toBe(409)
    expect(firstAnswer.headers.get('retry-after')).toBe('5')
    expect(await problem(firstAnswer)).toEqual(IN_FLIGHT)
    // One call to 8x8 so far: the retry's, held.
    expect(gateway.calls).toHaveLength(1)

    // 0.5 s before the retry's lease (31 s) ends, Retry-After is 1 s.
    vi.setSystemTime(start + 61_000 + 30_500)
    const late = await gateway.fetch(await batch())
    expect(late.status).toBe(409)
    expect(late.headers.get('retry-after')).toBe('1')
    expect(await problem(late)).toEqual(IN_FLIGHT)

    // 8x8 answers the retry: the batch, sent once.
    call.open()
    const sent = await retry
    expect(sent.status).toBe(200)
    const text = await sent.text()
    const answer = JSON.parse(text) as { messages: { clientMessageId: string }[] }
    expect(answer.messages).toHaveLength(2)
    const replay = await gateway.fetch(await batch())
    expect(replay.status).toBe(200)
    expect(replay.headers.get('idempotency-replayed')).toBe('true')
    expect(await replay.text()).toBe(text)
    expect(gateway.calls).toHaveLength(1)
    const received = await upstreamReceived(marker, 'FAULTY_UPSTREAM')
    expect(received).toHaveLength(1)
    expect(received[0]?.raw).toContain(`${marker} one`)
    expect(received[0]?.raw).toContain(`${marker} two`)
  })
})

describe('a request held up before its call to 8x8', () => {
  it('renews its claim first: a retry past the lease it was admitted with, within the renewed one, is 409', async () => {
    const gateway = heldGateway()
    const marker = crypto.randomUUID()
    const body = JSON.stringify({ messages: [textMessage(marker)] })
    const { start, sign: batch } = tries(body, '/v1/messages/batch')
    const circuit = gateway.holdCircuit()
    const first = gateway.fetch(await batch())
    await circuit.reached

    // 25 s on (more than CLAIM_BEFORE_CALL_MS, 10 s), nobody took the claim: the first renews it
    // to 31 s from now, and calls 8x8.
    vi.setSystemTime(start + 25_000)
    const call = gateway.holdUpstream()
    circuit.open()
    await call.reached

    // Past the 31 s it was admitted with, within the renewed lease (until 56 s): 409.
    vi.setSystemTime(start + 40_000)
    const during = await gateway.fetch(await batch())
    expect(during.status).toBe(409)
    expect(during.headers.get('retry-after')).toBe('5')
    expect(await problem(during)).toEqual(IN_FLIGHT)
    vi.setSystemTime(start + 55_500)
    const late = await gateway.fetch(await batch())
    expect(late.status).toBe(409)
    expect(late.headers.get('retry-after')).toBe('1')
    expect(await problem(late)).toEqual(IN_FLIGHT)

    call.open()
    const sent = await first
    expect(sent.status).toBe(200)
    const text = await sent.text()
    const replay = await gateway.fetch(await batch())
    expect(replay.status).toBe(200)
    expect(replay.headers.get('idempotency-replayed')).toBe('true')
    expect(await replay.text()).toBe(text)
    expect(gateway.calls).toHaveLength(1)
    expect(await upstreamReceived(marker, 'FAULTY_UPSTREAM')).toHaveLength(1)
  })

  it('a single send whose retry took the claim and finished answers that retry’s answer, sent once', async () => {
    const gateway = heldGateway()
    const marker = crypto.randomUUID()
    const body = JSON.stringify(textMessage(marker))
    const { start, sign: message } = tries(body)
    const circuit = gateway.holdCircuit()
    const first = gateway.fetch(await message())
    await circuit.reached

    vi.setSystemTime(start + 61_000)
    const retry = await gateway.fetch(await message())
    expect(retry.status).toBe(200)
    const text = await retry.text()

    circuit.open()
    const firstAnswer = await first
    expect(firstAnswer.status).toBe(200)
    expect(firstAnswer.headers.get('idempotency-replayed')).toBe('true')
    expect(firstAnswer.headers.get('retry-after')).toBeNull()
    expect(firstAnswer.headers.get('content-type')).toBe('application/json')
    expect(await firstAnswer.text()).toBe(text)
    expect(gateway.calls).toHaveLength(1)
    expect(await upstreamReceived(marker, 'FAULTY_UPSTREAM')).toHaveLength(1)
  })

  it('when its claim cannot be renewed (the admission object unreachable): 503 unavailable, nothing sent, the retry proceeds', async () => {
    const failing = {
      idFromName: (name: string) => bindings.ADMISSION.idFromName(name),
      get: (id: DurableObjectId) => {
        const real = bindings.ADMISSION.get(id)
        return {
          admit: (...args: Parameters<typeof real.admit>) => real.admit(...args),
          complete: (...args: Parameters<typeof real.complete>) => real.complete(...args),
          renew: () => Promise.reject(new Error('object unreachable')),
        }
      },
    } as unknown as Bindings['ADMISSION']
    const gateway = heldGateway({ ADMISSION: failing })
    const marker = crypto.randomUUID()
    const body = JSON.stringify(textMessage(marker))
    const { start, sign: message } = tries(body)
    const circuit = gateway.holdCircuit()
    const first = gateway.fetch(await message())
    await circuit.reached

    vi.setSystemTime(start + 25_000)
    circuit.open()
    const failed = await first
    expect(failed.status).toBe(503)
    expect(failed.headers.get('retry-after')).toBe('1')
    expect(await problem(failed)).toEqual(problemBody('unavailable', 503, 'Service unavailable'))
    expect(gateway.calls).toHaveLength(0)

    // Its claim was released (a transient answer): the retry proceeds at once.
    const retry = await gateway.fetch(await message())
    expect(retry.status).toBe(200)
    expect(gateway.calls).toHaveLength(1)
    expect(await upstreamReceived(marker, 'FAULTY_UPSTREAM')).toHaveLength(1)
  })
})

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/

describe('a retry that takes over a claim whose lease ended without an answer', () => {
  it('a sync batch: each message of the retry says it', async () => {
    const gateway = heldGateway()
    const marker = crypto.randomUUID()
    const body = JSON.stringify({
      messages: [textMessage(`${marker} one`), textMessage(`${marker} two`)],
    })
    const { start, sign: batch } = tries(body, '/v1/messages/batch')
    const call = gateway.holdUpstream()
    const first = gateway.fetch(await batch())
    await call.reached
    vi.setSystemTime(start + 61_000)
    const retry = await gateway.fetch(await batch())
    expect(retry.status).toBe(200)
    const answer = (await retry.json()) as { messages: Record<string, unknown>[] }
    const earlierTry = { earlierTryAt: new Date(start).toISOString() }
    expect(answer.messages.map((m) => m.maybeSentTwice)).toEqual([earlierTry, earlierTry])
    call.open()
    expect((await first).status).toBe(200)
  })
})

/** `GET /v1/messages/{id}` through the gateway: its status and whole body. */
async function recordOf(gateway: ReturnType<typeof heldGateway>, id: string) {
  const answer = await gateway.fetch(await signedGet(`/v1/messages/${id}`))
  expect(answer.status).toBe(200)
  return (await answer.json()) as Record<string, unknown>
}

/** A receipt of 8x8 for the message `id` sent as `umid`, taken by the webhook's statements. */
async function receipt(id: string, umid: string, state = 'delivered') {
  await storeReceipt(env.DB, receiptOf(id, umid, state), Date.now())
}

describe('a retry that took over a lapsed claim learns whether the earlier try was sent too', () => {
  /**
   * A single send whose first try reached 8x8 and then stalled (its answer held: to the gateway
   * it could have died), and the retry that took its claim 61 s later and sent again.
   */
  async function sentByBoth() {
    const gateway = heldGateway()
    const marker = crypto.randomUUID()
    const { start, sign: message } = tries(JSON.stringify(textMessage(marker)))
    const stalled = gateway.holdAnswer()
    const first = gateway.fetch(await message())
    await stalled.reached
    const earlierUmid = (JSON.parse(gateway.answers[0] ?? '{}') as { umid: string }).umid
    vi.setSystemTime(start + 61_000)
    const retry = await gateway.fetch(await message())
    expect(retry.status).toBe(200)
    const answer = (await retry.json()) as { id: string; umid: string }
    const earlierTry = { earlierTryAt: new Date(start).toISOString() }
    expect(answer).toEqual({
      id: expect.stringMatching(UUID),
      clientMessageId: answer.id,
      umid: expect.stringMatching(UUID),
      status: { state: 'queued', timestamp: expect.stringMatching(ISO) },
      maybeSentTwice: earlierTry,
    })
    // Both tries sent the same id as clientMessageId; 8x8 took two copies.
    expect(gateway.calls.map((call) => JSON.parse(call).clientMessageId)).toEqual([
      answer.id,
      answer.id,
    ])
    expect(earlierUmid).not.toBe(answer.umid)
    expect(await upstreamReceived(marker, 'FAULTY_UPSTREAM')).toHaveLength(2)
    return { gateway, start, stalled, first, answer, earlierUmid, earlierTry, message }
  }

  it("the earlier try's receipt proves it: the record says sentTwice with that try's umid; its late answer then changes nothing", async () => {
    const { gateway, start, stalled, first, answer, earlierUmid, earlierTry } = await sentByBoth()
    const receivedAt = new Date(start + 61_000).toISOString()
    await receipt(answer.id, earlierUmid)
    await receipt(answer.id, answer.umid)
    const proved = {
      id: answer.id,
      clientMessageId: answer.id,
      umid: answer.umid,
      status: { state: 'delivered', timestamp: '2026-11-24T10:00:00.000Z' },
      sentTwice: { umid: earlierUmid },
      maybeSentTwice: earlierTry,
      deliveryAttempts: 1,
      batchId: null,
      createdAt: receivedAt,
      updatedAt: receivedAt,
      history: [{ state: 'delivered', timestamp: '2026-11-24T10:00:00.000Z', receivedAt }],
    }
    expect(await recordOf(gateway, answer.id)).toEqual(proved)

    // The first try's answer comes at last: its record, the same id, is the same proof.
    stalled.open()
    const late = await first
    expect(late.status).toBe(200)
    expect(await late.json()).toEqual({
      id: answer.id,
      clientMessageId: answer.id,
      umid: earlierUmid,
      status: { state: 'queued', timestamp: expect.stringMatching(ISO) },
    })
    expect(await recordOf(gateway, answer.id)).toEqual(proved)
  })

  it("the earlier try's late answer proves it, receipts or not: its record becomes the same proof, with a reason naming both umids", async () => {
    const { gateway, start, stalled, first, answer, earlierUmid, earlierTry, message } =
      await sentByBoth()
    // The retry's record is in D1 first (the key's read writes it), then the late one meets it.
    const at = new Date(start + 61_000).toISOString()
    expect(await recordOf(gateway, answer.id)).toMatchObject({ maybeSentTwice: earlierTry })
    stalled.open()
    expect((await first).status).toBe(200)
    expect(await recordOf(gateway, answer.id)).toEqual({
      id: answer.id,
      clientMessageId: answer.id,
      umid: answer.umid,
      status: {
        state: 'queued',
        timestamp: at,
        reason: `sent_twice: 8x8 took the message as ${earlierUmid} (an earlier attempt, its answer proves it) and again as ${answer.umid}`,
      },
      sentTwice: { umid: earlierUmid },
      maybeSentTwice: earlierTry,
      deliveryAttempts: 1,
      batchId: null,
      createdAt: at,
      updatedAt: at,
      history: [],
    })
    // Every try of the key still gets the retry's answer.
    const replay = await gateway.fetch(await message())
    expect(replay.headers.get('idempotency-replayed')).toBe('true')
    expect(((await replay.json()) as { umid: string }).umid).toBe(answer.umid)
  })

  it('a sync batch: each message the earlier try sent is proved by its receipt', async () => {
    const gateway = heldGateway()
    const marker = crypto.randomUUID()
    const body = JSON.stringify({
      messages: [textMessage(`${marker} one`), textMessage(`${marker} two`)],
    })
    const { start, sign: batch } = tries(body, '/v1/messages/batch')
    const stalled = gateway.holdAnswer()
    const first = gateway.fetch(await batch())
    await stalled.reached
    const earlier = JSON.parse(gateway.answers[0] ?? '{}') as { messages: { umid: string }[] }
    vi.setSystemTime(start + 61_000)
    const retry = await gateway.fetch(await batch())
    expect(retry.status).toBe(200)
    const answer = (await retry.json()) as {
      batchId: string
      messages: { id: string; umid: string }[]
    }
    const ids = answer.messages.map((m) => m.id)
    const sentIds = (call: string | undefined) =>
      (JSON.parse(call ?? '{}') as { messages: { clientMessageId: string }[] }).messages.map(
        (m) => m.clientMessageId,
      )
    expect(sentIds(gateway.calls[0])).toEqual(ids)
    expect(sentIds(gateway.calls[1])).toEqual(ids)
    for (const [index, id] of ids.entries()) {
      await receipt(id, earlier.messages[index]?.umid ?? '')
    }
    const receivedAt = new Date(start + 61_000).toISOString()
    expect(await recordOf(gateway, ids[1] ?? '')).toEqual({
      id: ids[1],
      clientMessageId: ids[1],
      umid: answer.messages[1]?.umid,
      status: {
        state: 'queued',
        timestamp: receivedAt,
        reason: `sent_twice: 8x8 took the message as ${earlier.messages[1]?.umid} (an earlier attempt, its receipt proves it) and again as ${answer.messages[1]?.umid}`,
      },
      sentTwice: { umid: earlier.messages[1]?.umid },
      maybeSentTwice: { earlierTryAt: new Date(start).toISOString() },
      deliveryAttempts: 1,
      batchId: answer.batchId,
      createdAt: receivedAt,
      updatedAt: receivedAt,
      history: [],
    })
    expect(await recordOf(gateway, ids[0] ?? '')).toMatchObject({
      sentTwice: { umid: earlier.messages[0]?.umid },
    })
    stalled.open()
    expect((await first).status).toBe(200)
  })

  it('a retry whose earlier try never reached 8x8 stays maybeSentTwice only, whatever receipt comes', async () => {
    const gateway = heldGateway()
    const { start, sign: message } = tries(JSON.stringify(textMessage()))
    const circuit = gateway.holdCircuit()
    const first = gateway.fetch(await message())
    await circuit.reached
    vi.setSystemTime(start + 61_000)
    const retry = await gateway.fetch(await message())
    const answer = (await retry.json()) as { id: string; umid: string }
    circuit.open()
    expect((await first).headers.get('idempotency-replayed')).toBe('true')
    expect(gateway.calls).toHaveLength(1)
    await receipt(answer.id, answer.umid)
    // A receipt under the record's id whose umid another record holds proves nothing either.
    const other = await gateway.fetch(await signedPost(JSON.stringify(textMessage())))
    const { umid: othersUmid } = (await other.json()) as { umid: string }
    await receipt(answer.id, othersUmid)
    const at = new Date(start + 61_000).toISOString()
    expect(await recordOf(gateway, answer.id)).toEqual({
      id: answer.id,
      clientMessageId: answer.id,
      umid: answer.umid,
      status: { state: 'delivered', timestamp: '2026-11-24T10:00:00.000Z' },
      maybeSentTwice: { earlierTryAt: new Date(start).toISOString() },
      deliveryAttempts: 1,
      batchId: null,
      createdAt: at,
      updatedAt: at,
      history: [{ state: 'delivered', timestamp: '2026-11-24T10:00:00.000Z', receivedAt: at }],
    })
  })

  it('a normal send: a receipt of another umid under its id proves nothing', async () => {
    const gateway = heldGateway()
    const { start, sign: message } = tries(JSON.stringify(textMessage()))
    const sent = await gateway.fetch(await message())
    const answer = (await sent.json()) as { id: string; umid: string }
    await receipt(answer.id, crypto.randomUUID())
    const at = new Date(start).toISOString()
    expect(await recordOf(gateway, answer.id)).toEqual({
      id: answer.id,
      clientMessageId: answer.id,
      umid: answer.umid,
      status: { state: 'queued', timestamp: at },
      deliveryAttempts: 1,
      batchId: null,
      createdAt: at,
      updatedAt: at,
      history: [],
    })
  })
})

describe('a cancel held up before its call to 8x8', () => {
  const RACED = problemBody(
    'not_cancellable',
    409,
    'Not cancellable',
    'Another request is cancelling this message at 8x8 now: ask again once it has settled.',
  )

  /**
   * A message 8x8 holds scheduled for tomorrow, and a DELETE of it held at its circuit step (its
   * claim taken at `start`, the clock held there): the DELETE's answer, to await.
   */
  async function heldCancel() {
    const gateway = heldGateway()
    const body = {
      ...textMessage(`later ${crypto.randomUUID()}`),
      scheduled: new Date(Date.now() + 86_400_000).toISOString(),
    }
    const sent = await gateway.fetch(await signedPost(JSON.stringify(body)))
    expect(sent.status).toBe(200)
    const { id, umid } = (await sent.json()) as { id: string; umid: string }
    const start = Date.now()
    vi.setSystemTime(start)
    const circuit = gateway.holdCircuit()
    const first = gateway.fetch(await signedDelete(`/v1/messages/${id}`))
    await circuit.reached
    /** Another DELETE of the message, at `start + ms`. */
    const other = async (ms: number) => {
      vi.setSystemTime(start + ms)
      return gateway.fetch(await signedDelete(`/v1/messages/${id}`))
    }
    /** Whether 8x8 was asked to cancel it once. */
    const askedOnce = async () =>
      expect(await upstreamReceived(`cancel ${umid}`, 'FAULTY_UPSTREAM')).toHaveLength(1)
    return { gateway, circuit, first, other, askedOnce, start }
  }

  /** The held DELETE's answer: the cancelled record. */
  async function cancelledBy(first: Promise<Response>) {
    const answer = await first
    expect(answer.status).toBe(200)
    expect(((await answer.json()) as { status: { state: string } }).status.state).toBe('cancelled')
  }

  it('keeps its claim for the lease of a call (31 s here): another cancel 7 s on is told to ask again, 8x8 asked once', async () => {
    const { circuit, first, other, askedOnce } = await heldCancel()
    // Past UPSTREAM_TIMEOUT_MS + 5 s, within claimLeaseMs (10 s + 1 s + 20 s).
    const raced = await other(7_000)
    expect(raced.status).toBe(409)
    expect(raced.headers.get('retry-after')).toBe('1')
    expect(await problem(raced)).toEqual(RACED)
    circuit.open()
    await cancelledBy(first)
    await askedOnce()
  })

  it('held past CLAIM_BEFORE_CALL_MS, renews its claim before the call: a cancel past the first lease is told to ask again', async () => {
    const { gateway, circuit, first, other, askedOnce, start } = await heldCancel()
    // 25 s on, 6 s of the lease are left, not the call's 1 s and 20 s: renewed until 56 s.
    vi.setSystemTime(start + 25_000)
    const call = gateway.holdUpstream()
    circuit.open()
    await call.reached
    const raced = await other(40_000)
    expect(await problem(raced)).toEqual(RACED)
    call.open()
    await cancelledBy(first)
    await askedOnce()
  })

  it('held past its whole lease, after another cancel took and cancelled it: asks 8x8 nothing and answers the cancelled record', async () => {
    const { circuit, first, other, askedOnce } = await heldCancel()
    const cancelled = await other(32_000)
    expect(cancelled.status).toBe(200)
    const record = await cancelled.text()
    circuit.open()
    const answer = await first
    expect(answer.status).toBe(200)
    expect(await answer.text()).toBe(record)
    await askedOnce()
  })
})
