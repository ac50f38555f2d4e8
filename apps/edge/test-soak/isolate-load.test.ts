import { signRequest } from '@chatapps/signature'
import { DEV_KEYS, type Stack, startStack } from '@chatapps/testkit'
import { afterAll, beforeAll, expect, it } from 'vitest'

// A steady load on one isolate, long enough to meet what breaks only after thousands of requests.
// Nothing a request waits on may belong to another request. The gateway once shared calls to a
// key's admission object between the requests of an isolate (src/objects/admission/client.ts):
// from about the 16,700th send on, every send of the isolate failed (500, 503) or hung. Requests
// that missed the key cache together awaited one D1 look-up (src/db/key-cache.ts): they hung.
// 20,000 synchronous sends of one key to one recipient, 16 at a time, through the built gateway
// in workerd with its real Durable Objects and D1, and the sandbox.

const SENDS = 20_000
const IN_FLIGHT = 16

let stack: Stack
beforeAll(async () => {
  stack = await startStack({
    // Receipts would double the load with webhooks; this test is about the sends.
    receiptStepMs: 600_000,
    gatewayVars: {
      // Every send goes to one recipient, far above Meta's pair rate (the default pacing).
      CONTACT_RATE_PER_SECOND: '1000000',
      CONTACT_BURST: '1000000',
      // A key read from D1 again every 20 ms, not every minute: many requests miss the cache at
      // once, over and over. They once awaited one shared look-up, and hung (send 3,468).
      KEY_CACHE_MS: '20',
    },
  })
})
afterAll(async () => {
  await stack?.stop()
})

it(`${SENDS.toLocaleString('en')} synchronous sends through one isolate: each answered 200 as its own, each recorded once`, async () => {
  const { hmac } = DEV_KEYS
  const marker = crypto.randomUUID()
  const body = JSON.stringify({
    user: { msisdn: '+15551234567' },
    type: 'text',
    content: { text: marker },
  })
  const statuses = new Map<number, number>()
  const ids = new Set<string>()
  let firstFailure: string | null = null
  let next = 0
  const worker = async () => {
    for (let index = next++; index < SENDS; index = next++) {
      const request = new Request(`${stack.url}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `"${marker}-${index}"` },
        body,
      })
      const response = await fetch(
        await signRequest(request, { keyId: hmac.keyId, alg: 'hmac-sha256', key: hmac.key }),
      )
      const text = await response.text()
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1)
      if (response.status === 200) ids.add((JSON.parse(text) as { id: string }).id)
      else firstFailure ??= `send ${index}: ${response.status} ${text.slice(0, 300)}`
    }
  }
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker))
  expect({ statuses: Object.fromEntries(statuses), firstFailure }).toEqual({
    statuses: { 200: SENDS },
    firstFailure: null,
  })
  expect(ids.size).toBe(SENDS)
  // Every record reaches D1 (the admission objects write them within RECORD_FLUSH_MS).
  const counted = async () =>
    (
      await stack.query<{ n: number }>(
        'SELECT COUNT(*) AS n FROM messages WHERE idempotency_key LIKE ?',
        `${marker}-%`,
      )
    )[0]?.n
  for (let tries = 0; tries < 50 && (await counted()) !== SENDS; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  expect(await counted()).toBe(SENDS)
})
