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

/** A signed POST of `body` with its own Idempotency-Key; `async`: with Prefer: respond-async. */
async function post(path: string, body: unknown, async: boolean): Promise<Response> {
  return fetch(
    await signed(path, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': `"${crypto.randomUUID()}"`,
        ...(async ? { prefer: 'respond-async' } : {}),
      },
      body: JSON.stringify(body),
    }),
  )
}

/** An asynchronous send; each to a recipient of its own, so that none waits for its pace. */
function sendLater(body: Record<string, unknown>): Promise<Response> {
  return post('/v1/messages', body, true)
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

  await expectReachedOnly(
    marker,
    by8x8.map(({ body }) => body.umid),
    SENDS,
  )
  console.log(
    `cancelled by the gateway: ${byGateway.length}, by 8x8: ${by8x8.length}; in flight: ${inFlight}`,
  )
})

it('an asynchronous batch of 40, cancelled whole once the queue began to deliver it: every message cancelled, nothing left at 8x8', async () => {
  const marker = `batch-cancel-race ${crypto.randomUUID()}`
  const response = await sendScheduledBatch(marker, SENDS, SENDS + 1, true)
  expect(response.status).toBe(202)
  const { batchId, messages } = (await response.json()) as {
    batchId: string
    messages: { id: string }[]
  }
  // Cancelled once the queue has begun to deliver it: some messages at 8x8, some maybe not yet.
  const begun = Date.now() + 30_000
  while ((await arrived(marker)).length === 0) {
    if (Date.now() > begun) throw new Error('the queue never delivered the batch')
    await sleep(20)
  }
  // DELETE until every message is cancelled: a message being sent is cancelled by a later one.
  let answer: { batchId: string; cancelledCount: number; messages: Member[] } | undefined
  let counted = 0
  let asked = 0
  for (; asked < 30; asked++) {
    const deleted = await cancelBatch(batchId)
    expect(deleted.status).toBe(200)
    answer = deleted.body
    counted += answer.cancelledCount
    if (answer.messages.every((member) => member.status === 'cancelled')) break
    await sleep(500)
  }
  expect(answer?.batchId).toBe(batchId)
  expect(answer?.messages.map((member) => [member.id, member.status])).toEqual(
    messages.map(({ id }) => [id, 'cancelled']),
  )
  // Each message counted once, over every DELETE: none cancelled twice, none missed.
  expect(counted).toBe(SENDS)
  const by8x8 = (answer?.messages ?? []).filter((member) => member.umid !== null)
  // At least the one seen at the sandbox: cancelled there, by its umid.
  expect(by8x8.length).toBeGreaterThan(0)

  await expectReachedOnly(
    marker,
    by8x8.map((member) => member.umid),
    3 * SENDS,
  )
  console.log(
    `batch: cancelled by the gateway ${SENDS - by8x8.length}, by 8x8 ${by8x8.length}; rounds of DELETE ${asked + 1}`,
  )
})

interface Member {
  readonly id: string
  readonly umid: string | null
  readonly status: string
}

it('a synchronous scheduled batch of 20, cancelled whole and message by message at once: every message cancelled, none left at 8x8', async () => {
  const marker = `sync-batch-cancel-race ${crypto.randomUUID()}`
  const size = 20
  const response = await sendScheduledBatch(marker, size, 4 * SENDS, false)
  expect(response.status).toBe(200)
  const sent = (await response.json()) as { batchId: string; messages: Member[] }
  // The batch and each of its messages, all at once; a 409 with Retry-After is asked again.
  const [batch, ...each] = await Promise.all([
    cancelBatch(sent.batchId),
    ...sent.messages.map((member) => cancel(member.id)),
  ])
  expect(batch?.status).toBe(200)
  expect(batch?.body.messages).toEqual(
    sent.messages.map(({ id, umid }) => ({ id, umid, status: 'cancelled' })),
  )
  expect(each.map(({ status, body }) => [status, body.id, body.status])).toEqual(
    sent.messages.map(({ id }) => [200, id, expect.objectContaining({ state: 'cancelled' })]),
  )
  // 8x8 took the batch once, and holds none of it scheduled: no receipt comes for any.
  const batches = (await sandboxMessages(stack.sandboxUrl)).filter((entry) => {
    const [first] = (entry.body.messages ?? []) as { content?: { text?: string } }[]
    return entry.kind === 'batch' && first?.content?.text?.startsWith(marker) === true
  })
  expect(batches.map((entry) => [...(entry.umids ?? [])].sort())).toEqual([
    sent.messages.map((member) => member.umid).sort(),
  ])
  expect(batches[0]?.receipts).toEqual([])
  console.log(
    `sync batch: ${batch?.body.cancelledCount} cancelled through the batch, the rest one by one`,
  )
})

/**
 * A batch of `size` texts of `marker`, scheduled an hour ahead, each to a recipient of its own
 * (from index `first`); `async`: sent with `Prefer: respond-async`.
 */
function sendScheduledBatch(
  marker: string,
  size: number,
  first: number,
  async: boolean,
): Promise<Response> {
  const messages = Array.from({ length: size }, (_, index) =>
    message(`${marker} ${index}`, first + index),
  )
  const scheduled = new Date(Date.now() + 60 * 60 * 1000).toISOString()
  return post('/v1/messages/batch', { messages, template: { scheduled } }, async)
}

/** DELETE a batch until the answer is final: a 409 with Retry-After is asked again. */
async function cancelBatch(batchId: string): Promise<{
  status: number
  body: { batchId: string; cancelledCount: number; messages: Member[] }
}> {
  for (let tries = 0; tries < 30; tries++) {
    const response = await fetch(await signed(`/v1/batches/${batchId}`, { method: 'DELETE' }))
    const retryAfter = response.headers.get('retry-after')
    if (response.status !== 409 || retryAfter === null) {
      return { status: response.status, body: await response.json() }
    }
    await response.body?.cancel()
    await sleep(Number(retryAfter) * 1000)
  }
  throw new Error(`batch ${batchId}: still not final after 30 tries`)
}

/**
 * Once the queue has moved past the messages of `marker` (a later send, to recipient `index`,
 * reached the sandbox): what reached 8x8 is exactly what 8x8 cancelled (`cancelledUmids`), once
 * each, with no receipt to come.
 */
async function expectReachedOnly(
  marker: string,
  cancelledUmids: readonly unknown[],
  index: number,
): Promise<void> {
  const sentinel = `${marker} after`
  expect((await sendLater(message(sentinel, index))).status).toBe(202)
  const deadline = Date.now() + 60_000
  while (!(await arrived(marker)).some((entry) => entry.text === sentinel)) {
    if (Date.now() > deadline) throw new Error('the later send never reached the sandbox')
    await sleep(100)
  }
  const reached = (await arrived(marker)).filter((entry) => entry.text !== sentinel)
  expect(reached.map((entry) => entry.umid).sort()).toEqual([...cancelledUmids].sort())
  for (const entry of reached) expect(entry.receipts).toEqual([])
}

/** The messages the sandbox received whose text starts with `marker`. */
async function arrived(marker: string) {
  return (await sandboxMessages(stack.sandboxUrl)).flatMap((entry) => {
    const text = (entry.body.content as { text?: unknown } | undefined)?.text
    return entry.kind === 'message' && typeof text === 'string' && text.startsWith(marker)
      ? [{ umid: entry.umid, text, receipts: entry.receipts }]
      : []
  })
}
