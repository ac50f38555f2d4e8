import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { signRequest } from '@chatapps/signature'
import {
  DEV_KEYS,
  type SandboxEntry,
  type Stack,
  sandboxMessages,
  startStack,
} from '@chatapps/testkit'
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest'

// Issue 14 §1: callers reuse a clientMessageId (an order id for several messages), 8x8 does not
// require it to be unique, and its receipts come fast. A receipt must move only the record of the
// message 8x8 sent with that umid. The real gateway and sandbox (@chatapps/testkit), receipts
// every 20 ms, callbacks to a loopback server of this process.

const CALLBACK_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const SETTLE_MS = 60_000
const STATES = ['queued', 'sent', 'delivered', 'read']

interface Callback {
  readonly type: string
  readonly data: {
    readonly id: string
    readonly clientMessageId: string
    readonly umid: string
    readonly status: { readonly state: string }
  }
}

let stack: Stack
let server: Server
const callbacks: { keyId: string; body: Callback }[] = []

beforeAll(async () => {
  stack = await startStack({ receiptStepMs: 20, gatewayVars: { RECORD_FLUSH_MS: '100' } })
  server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const keyId = decodeURIComponent((request.url ?? '/').slice(1))
      callbacks.push({ keyId, body: JSON.parse(Buffer.concat(chunks).toString()) as Callback })
      response.writeHead(204).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  for (const { keyId } of [DEV_KEYS.ed25519, DEV_KEYS.hmac]) {
    await stack.query(
      'UPDATE client_keys SET callback_url = ?, callback_secret = ? WHERE key_id = ?',
      `http://127.0.0.1:${port}/${encodeURIComponent(keyId)}`,
      CALLBACK_SECRET,
      keyId,
    )
  }
})
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve))
  await stack?.stop()
})
beforeEach(async () => {
  const cleared = await fetch(`${stack.sandboxUrl}/__sandbox/faults`, { method: 'DELETE' })
  await cleared.arrayBuffer()
})

type DevKey = keyof typeof DEV_KEYS

async function signedRequest(
  keyName: DevKey,
  path: string,
  init: RequestInit = {},
): Promise<Request> {
  const { keyId, key } = DEV_KEYS[keyName]
  const alg = keyName === 'hmac' ? 'hmac-sha256' : 'ed25519'
  return signRequest(new Request(`${stack.url}${path}`, init), { keyId, alg, key })
}

async function post(
  keyName: DevKey,
  path: string,
  body: unknown,
  async: boolean,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const request = await signedRequest(keyName, path, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'idempotency-key': `"${crypto.randomUUID()}"`,
      // Signed with the request: a Prefer the signature does not cover is refused.
      ...(async ? { prefer: 'respond-async' } : {}),
    },
    body: JSON.stringify(body),
  })
  const response = await fetch(request)
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

interface Shown {
  id: string
  clientMessageId: string
  umid: string | null
  status: { state: string; timestamp: string }
  history: { state: string }[]
}

/** Waits (bounded) until the message shows `read`, and returns what the API shows. */
async function readWhenRead(keyName: DevKey, id: string): Promise<Shown> {
  const deadline = Date.now() + SETTLE_MS
  for (;;) {
    const response = await fetch(await signedRequest(keyName, `/v1/messages/${id}`))
    const shown = (await response.json()) as Shown
    if ((shown.status.state === 'read' && shown.history.length === 4) || Date.now() > deadline) {
      return shown
    }
    await sleep(200)
  }
}

/** Each message that reached the sandbox with `marker` in its text, alone or in a batch. */
async function arrivals(
  marker: string,
): Promise<{ umid: string | undefined; clientMessageId: unknown }[]> {
  return (await sandboxMessages(stack.sandboxUrl)).flatMap((entry: SandboxEntry) => {
    if (entry.kind === 'message') {
      return entry.raw.includes(marker)
        ? [{ umid: entry.umid, clientMessageId: entry.body.clientMessageId }]
        : []
    }
    const messages = (entry.body.messages ?? []) as Record<string, unknown>[]
    return messages.flatMap((message, index) =>
      JSON.stringify(message).includes(marker)
        ? [{ umid: entry.umids?.[index], clientMessageId: message.clientMessageId }]
        : [],
    )
  })
}

/** The callbacks of one message once all four came (bounded), ordered by state rank. */
async function callbacksOf(id: string): Promise<{ keyId: string; body: Callback }[]> {
  const deadline = Date.now() + SETTLE_MS
  for (;;) {
    const mine = callbacks.filter((callback) => callback.body.data.id === id)
    if (mine.length >= 4 || Date.now() > deadline) {
      return mine.sort(
        (a, b) =>
          STATES.indexOf(a.body.data.status.state) - STATES.indexOf(b.body.data.status.state),
      )
    }
    await sleep(200)
  }
}

/** One message of its own: reached 8x8 once, its own umid, history and callbacks. */
async function expectOwn(keyName: DevKey, id: string, marker: string, reference: string) {
  const shown = await readWhenRead(keyName, id)
  const reached = await arrivals(marker)
  expect(reached).toHaveLength(1)
  const [entry] = reached
  const umid = entry?.umid
  expect(typeof umid).toBe('string')
  expect({
    id: shown.id,
    clientMessageId: shown.clientMessageId,
    umid: shown.umid,
    status: shown.status.state,
    history: shown.history.map((h) => h.state),
  }).toEqual({ id, clientMessageId: reference, umid, status: 'read', history: STATES })
  // 8x8 got the gateway's own id as clientMessageId; the caller's reference stays the caller's.
  expect(entry?.clientMessageId).toBe(id)
  const own = await callbacksOf(id)
  expect(own.map(({ keyId, body }) => [keyId, body.type, body.data])).toEqual(
    STATES.map((state) => [
      DEV_KEYS[keyName].keyId,
      'message.status',
      expect.objectContaining({
        id,
        clientMessageId: reference,
        umid,
        status: expect.objectContaining({ state }),
      }),
    ]),
  )
  return umid
}

function text(marker: string) {
  return { user: { msisdn: '+15551234567' }, type: 'text', content: { text: marker } }
}

/** Waits until the sandbox has seen `n` send requests since its fault plan was set. */
async function sandboxRequests(n: number): Promise<void> {
  const deadline = Date.now() + SETTLE_MS
  for (;;) {
    const faults = (await (await fetch(`${stack.sandboxUrl}/__sandbox/faults`)).json()) as {
      requests: number
    }
    if (faults.requests >= n || Date.now() > deadline) return
    await sleep(50)
  }
}

const variants: { name: string; yKey: DevKey; holdBack: boolean }[] = [
  { name: 'same key', yKey: 'ed25519', holdBack: false },
  { name: 'another key of the same sub-account', yKey: 'hmac', holdBack: false },
  { name: 'X held back by a 429', yKey: 'ed25519', holdBack: true },
]

for (const variant of variants) {
  it(`X async and Y sync with one clientMessageId (${variant.name}): each is sent once and settles on its own receipts`, async () => {
    const reference = `order-${crypto.randomUUID().slice(0, 8)}`
    const xMarker = `X ${crypto.randomUUID()}`
    const yMarker = `Y ${crypto.randomUUID()}`
    if (variant.holdBack) {
      const plan = await fetch(`${stack.sandboxUrl}/__sandbox/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ send: { sequence: [{ status: 429, retryAfter: 1 }] } }),
      })
      expect(plan.status).toBe(200)
    }
    const x = await post(
      'ed25519',
      '/v1/messages',
      { ...text(xMarker), clientMessageId: reference },
      true,
    )
    expect(x.status).toBe(202)
    // X's first attempt took the 429: Y goes while X waits for its retry.
    if (variant.holdBack) await sandboxRequests(1)
    const y = await post(
      variant.yKey,
      '/v1/messages',
      { ...text(yMarker), clientMessageId: reference },
      false,
    )
    expect(y.status).toBe(200)
    expect(y.body.clientMessageId).toBe(reference)
    expect(x.body.clientMessageId).toBe(reference)

    const yUmid = await expectOwn(variant.yKey, String(y.body.id), yMarker, reference)
    const xUmid = await expectOwn('ed25519', String(x.body.id), xMarker, reference)
    expect(xUmid).not.toBe(yUmid)
    expect(y.body.umid).toBe(yUmid)
  })
}

it('two batches sharing clientMessageIds, one async and one sync: each message is sent once and settles on its own receipts', async () => {
  const references = [
    `order-${crypto.randomUUID().slice(0, 8)}`,
    `order-${crypto.randomUUID().slice(0, 8)}`,
  ]
  const markers = (name: string) =>
    references.map((_, index) => `${name}${index} ${crypto.randomUUID()}`)
  const xMarkers = markers('X')
  const yMarkers = markers('Y')
  const batchOf = (texts: string[]) => ({
    messages: texts.map((marker, index) => ({
      ...text(marker),
      clientMessageId: references[index],
    })),
  })
  const x = await post('ed25519', '/v1/messages/batch', batchOf(xMarkers), true)
  expect(x.status).toBe(202)
  const y = await post('hmac', '/v1/messages/batch', batchOf(yMarkers), false)
  expect(y.status).toBe(200)
  const idsOf = (answer: { body: Record<string, unknown> }) =>
    (answer.body.messages as { id: string; clientMessageId: string }[]).map((m) => [
      m.id,
      m.clientMessageId,
    ])
  expect(idsOf(x).map(([, reference]) => reference)).toEqual(references)
  expect(idsOf(y).map(([, reference]) => reference)).toEqual(references)

  const umids = new Set<string | undefined>()
  for (const [index, [id = '']] of idsOf(y).entries()) {
    umids.add(await expectOwn('hmac', id, yMarkers[index] ?? '', references[index] ?? ''))
  }
  for (const [index, [id = '']] of idsOf(x).entries()) {
    umids.add(await expectOwn('ed25519', id, xMarkers[index] ?? '', references[index] ?? ''))
  }
  expect(umids.size).toBe(4)
})
