import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  batchPath,
  call,
  calls,
  clear,
  clearRecorder,
  envelope,
  eventually,
  expectJson,
  get,
  messagesPath,
  post,
  type ReceiptEntry,
  received,
  STEP_MS,
  SUB,
  settledReceipts,
  TEXT,
  TIMEOUT_HANG_MS,
} from './helpers'

const NO_INJECTIONS = {
  '429': 0,
  '500': 0,
  '503': 0,
  '500_accepted': 0,
  slow: 0,
  timeout: 0,
  timeout_accepted: 0,
}

async function setFaults(plan: unknown): Promise<void> {
  const response = await post('/__sandbox/faults', plan, {})
  expect(response.status).toBe(200)
}

async function faults(): Promise<{ plan: unknown; injected: unknown; requests: number }> {
  const response = await call('/__sandbox/faults')
  expect(response.status).toBe(200)
  return response.json()
}

async function clearFaults(): Promise<void> {
  expect((await call('/__sandbox/faults', { method: 'DELETE' })).status).toBe(204)
}

beforeEach(async () => {
  await clearFaults()
  await clear()
  await clearRecorder()
})
afterEach(clearFaults)

const send = (body: unknown = TEXT) => post(messagesPath(), body)

/** Sends one after another (the order decides which entry or draw each request gets). */
async function statuses(n: number): Promise<number[]> {
  const result: number[] = []
  for (let i = 0; i < n; i += 1)
    result.push((await send({ ...TEXT, clientMessageId: `s-${i}` })).status)
  return result
}

const INTERNAL = envelope(2000, 'Internal server error')
const TIMEOUT = envelope(2000, 'Gateway timeout')

describe('/__sandbox/faults', () => {
  it('starts with no plan and zero counters', async () => {
    await expectJson(await call('/__sandbox/faults'), 200, {
      plan: null,
      injected: NO_INJECTIONS,
      requests: 0,
    })
  })

  it('POST sets the plan and answers it; GET shows it; DELETE removes it', async () => {
    const plan = {
      send: {
        sequence: [{ status: 429, retryAfter: 2 }, { status: 500, accepted: true }, 'ok'],
        rate: 0.2,
        kinds: ['503', 'slow'],
        seed: 42,
      },
      receipts: { drop: 0.1, duplicate: 0.1, reorder: 0.1, seed: 7 },
    }
    await expectJson(await post('/__sandbox/faults', plan, {}), 200, {
      plan,
      injected: NO_INJECTIONS,
      requests: 0,
    })
    expect(await faults()).toStrictEqual({ plan, injected: NO_INJECTIONS, requests: 0 })
    const deleted = await call('/__sandbox/faults', { method: 'DELETE' })
    expect(deleted.status).toBe(204)
    expect(await deleted.text()).toBe('')
    expect(await faults()).toStrictEqual({ plan: null, injected: NO_INJECTIONS, requests: 0 })
  })

  it('POST replaces the previous plan and resets its counters', async () => {
    await setFaults({ send: { sequence: [{ status: 500 }] } })
    expect((await send()).status).toBe(500)
    await setFaults({ send: { sequence: [{ status: 503 }] } })
    expect(await faults()).toStrictEqual({
      plan: { send: { sequence: [{ status: 503 }] } },
      injected: NO_INJECTIONS,
      requests: 0,
    })
    expect((await send()).status).toBe(503)
  })

  it('refuses a bad plan with 400 and every issue with its path', async () => {
    const plan = {
      send: {
        sequence: [
          { status: 418 },
          { delayMs: -1 },
          { status: 429, accepted: true },
          'nope',
          {},
          { status: 500, timeout: true },
          { status: 503, retryAfter: 1 },
        ],
        rate: 2,
        kinds: ['teapot'],
        extra: 1,
      },
      receipts: { drop: 'x' },
      extra: 1,
    }
    await expectJson(await post('/__sandbox/faults', plan, {}), 400, {
      error: 'Invalid fault plan',
      issues: [
        {
          path: 'send.sequence.0.status',
          message: 'Invalid type: Expected (429 | 500 | 503) but received 418',
        },
        { path: 'send.sequence.1.delayMs', message: 'Invalid value: Expected >=0 but received -1' },
        {
          path: 'send.sequence.2.accepted',
          message: 'accepted goes with status 500 or timeout only',
        },
        { path: 'send.sequence.3', message: 'Invalid type: Expected "ok" but received "nope"' },
        {
          path: 'send.sequence.4',
          message: 'Exactly one of status, delayMs and timeout is required',
        },
        {
          path: 'send.sequence.5',
          message: 'Exactly one of status, delayMs and timeout is required',
        },
        { path: 'send.sequence.6.retryAfter', message: 'retryAfter goes with status 429 only' },
        { path: 'send.rate', message: 'Invalid value: Expected <=1 but received 2' },
        {
          path: 'send.kinds.0',
          message:
            'Invalid type: Expected ("429" | "500" | "503" | "500_accepted" | "slow" | "timeout" | "timeout_accepted") but received "teapot"',
        },
        { path: 'send.extra', message: 'Invalid key: Expected never but received "extra"' },
        { path: 'receipts.drop', message: 'Invalid type: Expected number but received "x"' },
        { path: 'extra', message: 'Invalid key: Expected never but received "extra"' },
      ],
    })
    // The previous plan (none) stays.
    expect(await faults()).toStrictEqual({ plan: null, injected: NO_INJECTIONS, requests: 0 })
  })

  it('refuses a rate without kinds, a body that is not JSON, and one that is not an object', async () => {
    await expectJson(await post('/__sandbox/faults', { send: { rate: 0.5 } }, {}), 400, {
      error: 'Invalid fault plan',
      issues: [{ path: 'send.kinds', message: 'kinds is required when rate is above 0' }],
    })
    await expectJson(await post('/__sandbox/faults', '{', {}), 400, {
      error: 'Invalid fault plan',
      issues: [{ path: '', message: 'The body is not valid JSON' }],
    })
    await expectJson(await post('/__sandbox/faults', [], {}), 400, {
      error: 'Invalid fault plan',
      issues: [{ path: '', message: 'The plan must be an object' }],
    })
  })
})

describe('send faults from the sequence', () => {
  it('429 answers Retry-After and 8x8 quota message; the message did not arrive', async () => {
    await setFaults({ send: { sequence: [{ status: 429, retryAfter: 2 }] } })
    const response = await send()
    expect(response.headers.get('Retry-After')).toBe('2')
    await expectJson(
      response,
      429,
      envelope(429, 'Quota exceeded. Please try again in 2 second(s).'),
    )
    expect(await received()).toStrictEqual({ messages: [] })
  })

  it('429 without retryAfter announces 1 second', async () => {
    await setFaults({ send: { sequence: [{ status: 429 }] } })
    const response = await send()
    expect(response.headers.get('Retry-After')).toBe('1')
    await expectJson(
      response,
      429,
      envelope(429, 'Quota exceeded. Please try again in 1 second(s).'),
    )
  })

  it.each([500, 503])(
    '%i answers 2000 Internal server error; the message did not arrive',
    async (status) => {
      await setFaults({ send: { sequence: [{ status }] } })
      const response = await send()
      expect(response.headers.get('Retry-After')).toBeNull()
      await expectJson(response, status, INTERNAL)
      expect(await received()).toStrictEqual({ messages: [] })
    },
  )

  it('500 accepted answers 500, yet the message arrived and its receipts follow', async () => {
    await setFaults({ send: { sequence: [{ status: 500, accepted: true }] } })
    await expectJson(await send({ ...TEXT, clientMessageId: 'ambiguous' }), 500, INTERNAL)
    const { messages } = await received()
    expect(messages.map((m) => m.body)).toStrictEqual([{ ...TEXT, clientMessageId: 'ambiguous' }])
    const umid = String(messages[0]?.umid)
    expect((await settledReceipts()).map((r) => [r.state, r.delivered])).toStrictEqual([
      ['queued', true],
      ['sent', true],
      ['delivered', true],
      ['read', true],
    ])
    expect(await calls(umid)).toHaveLength(4)
  })

  it('an accepted fault leaves a 400 as it is (nothing was accepted)', async () => {
    await setFaults({ send: { sequence: [{ status: 500, accepted: true }] } })
    await expectJson(
      await send({ ...TEXT, user: { msisdn: '1' } }),
      400,
      envelope(1002, 'Invalid MSISDN format (not E.164 international number)'),
    )
    expect(await received()).toStrictEqual({ messages: [] })
    expect((await faults()).injected).toStrictEqual({ ...NO_INJECTIONS, '500_accepted': 1 })
  })

  it('delayMs answers normally after the delay', async () => {
    await setFaults({ send: { sequence: [{ delayMs: 150 }] } })
    const started = Date.now()
    const response = await send()
    expect(Date.now() - started).toBeGreaterThanOrEqual(150)
    expect(response.status).toBe(200)
    expect((await received()).messages).toHaveLength(1)
  })

  it('timeout hangs TIMEOUT_HANG_MS, then answers 504; the message did not arrive', async () => {
    await setFaults({ send: { sequence: [{ timeout: true }] } })
    const started = Date.now()
    const response = await send()
    expect(Date.now() - started).toBeGreaterThanOrEqual(TIMEOUT_HANG_MS)
    await expectJson(response, 504, TIMEOUT)
    expect(await received()).toStrictEqual({ messages: [] })
  })

  it('timeout accepted hangs, answers 504, yet the message arrived', async () => {
    await setFaults({ send: { sequence: [{ timeout: true, accepted: true }] } })
    const started = Date.now()
    const response = await send()
    expect(Date.now() - started).toBeGreaterThanOrEqual(TIMEOUT_HANG_MS)
    await expectJson(response, 504, TIMEOUT)
    expect((await received()).messages).toHaveLength(1)
  })

  it('consumes one entry per request, batches included, then sends normally; counts it all', async () => {
    const plan = {
      send: {
        sequence: [
          { status: 429 },
          'ok',
          { status: 503 },
          { status: 500, accepted: true },
          { delayMs: 10 },
          { status: 500 },
        ],
      },
    }
    await setFaults(plan)
    const batch = { messages: [TEXT] }
    const limited = await post(batchPath(), batch)
    expect(limited.headers.get('Retry-After')).toBe('1')
    await expectJson(
      limited,
      429,
      envelope(429, 'Quota exceeded. Please try again in 1 second(s).'),
    )
    expect((await send()).status).toBe(200)
    await expectJson(await post(batchPath(), batch), 503, INTERNAL)
    await expectJson(await post(batchPath(), batch), 500, INTERNAL)
    expect((await send()).status).toBe(200)
    expect((await send()).status).toBe(500)
    expect(await statuses(3)).toStrictEqual([200, 200, 200])
    expect(await faults()).toStrictEqual({
      plan,
      injected: { ...NO_INJECTIONS, '429': 1, '503': 1, '500_accepted': 1, slow: 1, '500': 1 },
      requests: 9,
    })
    // Only what arrived is kept: the ok send, the accepted batch, the slow send, the three last.
    const { messages } = await received()
    expect(messages.map((m) => m.kind)).toStrictEqual([
      'message',
      'batch',
      'message',
      'message',
      'message',
      'message',
    ])
  })

  it('gives concurrent requests one entry each', async () => {
    const plan = { send: { sequence: Array(10).fill({ status: 503 }) } }
    await setFaults(plan)
    const responses = await Promise.all(Array.from({ length: 20 }, () => send()))
    const counts = responses.map((r) => r.status).sort()
    expect(counts).toStrictEqual([...Array(10).fill(200), ...Array(10).fill(503)])
    expect(await faults()).toStrictEqual({
      plan,
      injected: { ...NO_INJECTIONS, '503': 10 },
      requests: 20,
    })
    expect((await received()).messages).toHaveLength(10)
  })

  it('leaves GET message details alone', async () => {
    const { umid } = (await (await send()).json()) as { umid: string }
    await setFaults({ send: { sequence: [{ status: 500 }] } })
    const details = await call(`/api/v1/subaccounts/${SUB}/messages/${umid}`, {
      headers: { Authorization: 'Bearer sandbox-demo-key' },
    })
    expect(details.status).toBe(200)
    expect((await faults()).requests).toBe(0)
  })
})

describe('send faults drawn at a rate', () => {
  const plan = { send: { rate: 0.5, kinds: ['429', '500', '503'], seed: 42 } }

  it('draws the same faults for the same seed and request order', async () => {
    const drawn = [200, 503, 200, 500, 500, 200, 429, 200, 200, 429, 200, 200]
    const counts = {
      plan,
      injected: { ...NO_INJECTIONS, '429': 2, '500': 2, '503': 1 },
      requests: 12,
    }
    await setFaults(plan)
    expect(await statuses(12)).toStrictEqual(drawn)
    expect(await faults()).toStrictEqual(counts)
    // Again from the start: the same draws.
    await setFaults(plan)
    expect(await statuses(12)).toStrictEqual(drawn)
    expect(await faults()).toStrictEqual(counts)
    // Only the 200s arrived.
    expect((await received()).messages).toHaveLength(14)
  })

  it('draws other faults for another seed', async () => {
    await setFaults({ send: { ...plan.send, seed: 43 } })
    expect(await statuses(12)).not.toStrictEqual([
      200, 503, 200, 500, 500, 200, 429, 200, 200, 429, 200, 200,
    ])
  })

  it('applies the rate only once the sequence is used up', async () => {
    await setFaults({ send: { sequence: [{ status: 500 }, 'ok'], rate: 1, kinds: ['503'] } })
    expect(await statuses(4)).toStrictEqual([500, 200, 503, 503])
  })

  it('draws slow with send.delayMs and 429 with send.retryAfter', async () => {
    await setFaults({ send: { rate: 1, kinds: ['429'], retryAfter: 7 } })
    const response = await send()
    expect(response.headers.get('Retry-After')).toBe('7')
    await expectJson(
      response,
      429,
      envelope(429, 'Quota exceeded. Please try again in 7 second(s).'),
    )
    await setFaults({ send: { rate: 1, kinds: ['slow'], delayMs: 120 } })
    const started = Date.now()
    expect((await send()).status).toBe(200)
    expect(Date.now() - started).toBeGreaterThanOrEqual(120)
  })
})

describe('receipt faults', () => {
  /** Sends, waits until its receipts settled, returns them and the webhook's calls. */
  async function sendAndSettle(clientMessageId: string) {
    const response = await send({ ...TEXT, clientMessageId })
    expect(response.status).toBe(200)
    const { umid } = (await response.json()) as { umid: string }
    const receipts = await settledReceipts()
    return { umid, receipts: receipts.filter((r) => r.umid === umid) }
  }

  const states = (list: { body: { payload: { status: { state: string } } } }[]) =>
    list.map((c) => c.body.payload.status.state)

  it('delayMs: the receipts start that much later; until then the message is queued', async () => {
    await setFaults({ receipts: { delayMs: 600_000 } })
    const held = (await (await send({ ...TEXT, clientMessageId: 'held' })).json()) as {
      umid: string
    }
    // A message sent after it without the delay gets all four receipts: the held ones, had they
    // kept the usual schedule, would have fallen due before them.
    await clearFaults()
    const next = (await (await send({ ...TEXT, clientMessageId: 'next' })).json()) as {
      umid: string
    }
    await eventually(async () => ((await calls(next.umid)).length === 4 ? true : undefined))
    expect(await calls(held.umid)).toStrictEqual([])
    const { messages } = await received()
    const receipts = messages.flatMap((entry) => entry.receipts as ReceiptEntry[])
    expect(receipts.filter((receipt) => receipt.umid === held.umid)).toStrictEqual(
      ['queued', 'sent', 'delivered', 'read'].map((state) => ({
        umid: held.umid,
        state,
        duplicate: false,
        sentAt: null,
        attempts: 0,
        delivered: false,
        dropped: false,
        pending: true,
      })),
    )
    const details = await get(`${messagesPath()}/${held.umid}`)
    const body = (await details.json()) as { data: { status: { state: string } }[] }
    expect(body.data.map((entry) => entry.status.state)).toStrictEqual(['queued'])
  })

  it('drop: never sent, recorded as dropped', async () => {
    await setFaults({ receipts: { drop: 1 } })
    const { umid, receipts } = await sendAndSettle('dropped')
    expect(receipts).toStrictEqual(
      ['queued', 'sent', 'delivered', 'read'].map((state) => ({
        umid,
        state,
        duplicate: false,
        sentAt: null,
        attempts: 0,
        delivered: false,
        dropped: true,
        pending: false,
      })),
    )
    // A later message's receipts arrive after the dropped ones would have: none of them came.
    await clearFaults()
    const later = await sendAndSettle('later')
    expect(await calls(later.umid)).toHaveLength(4)
    expect(await calls(umid)).toStrictEqual([])
  })

  it('drop at a rate: the same receipts for the same seed', async () => {
    await setFaults({ receipts: { drop: 0.5, seed: 3 } })
    const { umid, receipts } = await sendAndSettle('some-dropped')
    expect(receipts.map((r) => [r.state, r.dropped, r.delivered, r.attempts])).toStrictEqual([
      ['queued', false, true, 1],
      ['sent', true, false, 0],
      ['delivered', true, false, 0],
      ['read', false, true, 1],
    ])
    expect(states(await calls(umid))).toStrictEqual(['queued', 'read'])
  })

  it('duplicate: each receipt sent twice, the copy recorded as duplicate', async () => {
    await setFaults({ receipts: { duplicate: 1 } })
    const { umid, receipts } = await sendAndSettle('twice')
    expect(receipts.map((r) => [r.state, r.duplicate, r.delivered])).toStrictEqual([
      ['queued', false, true],
      ['queued', true, true],
      ['sent', false, true],
      ['sent', true, true],
      ['delivered', false, true],
      ['delivered', true, true],
      ['read', false, true],
      ['read', true, true],
    ])
    const got = await calls(umid)
    expect(states(got)).toStrictEqual([
      'queued',
      'queued',
      'sent',
      'sent',
      'delivered',
      'delivered',
      'read',
      'read',
    ])
    // The copy is the same receipt, byte for byte.
    expect(got[1]?.body).toStrictEqual(got[0]?.body)
  })

  it('reorder: the remaining receipts go out shuffled, each with its own timestamp', async () => {
    await setFaults({ receipts: { reorder: 1, seed: 7 } })
    const { umid, receipts } = await sendAndSettle('shuffled')
    const got = await calls(umid)
    expect(states(got)).toStrictEqual(['sent', 'delivered', 'queued', 'read'])
    // The record lists them in the order they were sent.
    expect(receipts.map((r) => r.state)).toStrictEqual(['sent', 'delivered', 'queued', 'read'])
    // Each state keeps the time it happened: queued, sent, delivered, read, one step apart.
    const stampOf = (state: string) =>
      Date.parse(
        String(
          (
            got.find((c) => c.body.payload.status.state === state)?.body.payload.status as {
              timestamp?: string
            }
          )?.timestamp,
        ),
      )
    const stamps = ['queued', 'sent', 'delivered', 'read'].map(stampOf)
    expect(stamps.slice(1).map((t, i) => t - (stamps[i] ?? 0))).toStrictEqual([
      STEP_MS,
      STEP_MS,
      STEP_MS,
    ])
  })
})
