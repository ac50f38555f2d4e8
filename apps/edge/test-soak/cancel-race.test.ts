import { signRequest } from '@chatapps/signature'
import { DEV_KEYS, type Stack, sandboxMessages, startStack } from '@chatapps/testkit'
import { afterAll, beforeAll, expect, it } from 'vitest'

// Issue 17 §2, a careless client: it sends with `Prefer: respond-async` and cancels right away,
// racing the delivery queue, 40 times in parallel. The real gateway, queue and sandbox
// (@chatapps/testkit). Each cancel must end `cancelled`, by the gateway (nothing sent) or by 8x8
// (the sandbox holds the message with no receipt to come), and never anything in between.

const SENDS = 40
const HELD_REASON = 'cancelled before the gateway sent it to 8x8: nothing was sent'

let stack: Stack

beforeAll(async () => {
  stack = await startStack()
})
afterAll(async () => {
  await stack?.stop()
})

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function signed(path: string, init: RequestInit = {}): Promise<Request> {
  const { keyId, key } = DEV_KEYS.ed25519
  return signRequest(new Request(`${stack.url}${path}`, init), { keyId, alg: 'ed25519', key })
}

/** An asynchronous send; each to a recipient of its own, so that none waits for its pace. */
async function sendLater(body: Record<string, unknown>): Promise<Response> {
  return fetch(
    await signed('/v1/messages', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': `"${crypto.randomUUID()}"`,
        prefer: 'respond-async',
      },
      body: JSON.stringify(body),
    }),
  )
}

const message = (text: string, index: number) => ({
  user: { msisdn: `+1555${String(2_000_000 + index)}` },
  type: 'text',
  content: { text },
})

/** 409s with Retry-After met (an attempt in flight), for the log. */
let inFlight = 0

/** DELETE until the answer is final: a 409 with Retry-After (an attempt in flight) is retried. */
async function cancel(id: string): Promise<{ status: number; body: Record<string, unknown> }> {
  for (let tries = 0; tries < 30; tries++) {
    const response = await fetch(await signed(`/v1/messages/${id}`, { method: 'DELETE' }))
    const body = (await response.json()) as Record<string, unknown>
    const retryAfter = response.headers.get('retry-after')
    if (response.status !== 409 || retryAfter === null) return { status: response.status, body }
    inFlight++
    await sleep(Number(retryAfter) * 1000)
  }
  throw new Error(`message ${id}: still in flight after 30 tries`)
}

it('40 asynchronous sends, each cancelled within 3 s: all cancelled, nothing the gateway cancelled reaches 8x8', async () => {
  const marker = `cancel-race ${crypto.randomUUID()}`
  const scheduled = new Date(Date.now() + 60 * 60 * 1000).toISOString()
  const accepted = await Promise.all(
    Array.from({ length: SENDS }, async (_, index) => {
      const response = await sendLater({ ...message(`${marker} ${index}`, index), scheduled })
      expect(response.status).toBe(202)
      return ((await response.json()) as { id: string }).id
    }),
  )
  // Cancels spread over 3 s: the first before the queue's first batch (it waits up to 1 s), the
  // later ones while an attempt holds the message or once 8x8 has it. Which is which depends on
  // the machine; every outcome must be `cancelled`.
  const cancelled = await Promise.all(
    accepted.map(async (id, index) => {
      await sleep((index * 3_000) / SENDS)
      return cancel(id)
    }),
  )
  expect(cancelled.map(({ status, body }) => [status, body.id, body.status])).toEqual(
    accepted.map((id) => [200, id, expect.objectContaining({ state: 'cancelled' })]),
  )
  // Cancelled by the gateway: no umid, the reason says nothing was sent. By 8x8: its umid.
  const byGateway = cancelled.filter(({ body }) => body.umid === null)
  const by8x8 = cancelled.filter(({ body }) => body.umid !== null)
  for (const { body } of byGateway) {
    expect(body.status).toEqual(expect.objectContaining({ reason: HELD_REASON }))
    expect(body.deliveryAttempts).toBe(0)
  }
  for (const { body } of by8x8) expect(body.status).not.toHaveProperty('reason')

  // The queue has moved past them once a later send reached the sandbox.
  const sentinel = `${marker} after`
  expect((await sendLater(message(sentinel, SENDS))).status).toBe(202)
  const deadline = Date.now() + 60_000
  while (!(await arrived()).some((entry) => entry.text === sentinel)) {
    if (Date.now() > deadline) throw new Error('the later send never reached the sandbox')
    await sleep(100)
  }
  // What reached 8x8 is exactly what 8x8 cancelled: once each, with no receipt to come.
  const reached = (await arrived()).filter((entry) => entry.text !== sentinel)
  expect(reached.map((entry) => entry.umid).sort()).toEqual(
    by8x8.map(({ body }) => body.umid).sort(),
  )
  for (const entry of reached) expect(entry.receipts).toEqual([])
  console.log(
    `cancelled by the gateway: ${byGateway.length}, by 8x8: ${by8x8.length}; in flight: ${inFlight}`,
  )

  async function arrived() {
    return (await sandboxMessages(stack.sandboxUrl)).flatMap((entry) => {
      const text = (entry.body.content as { text?: unknown } | undefined)?.text
      return entry.kind === 'message' && typeof text === 'string' && text.startsWith(marker)
        ? [{ umid: entry.umid, text, receipts: entry.receipts }]
        : []
    })
  }
})
