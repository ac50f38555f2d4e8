import { DELIVERY_STATE_RANKS } from '@chatapps/dsl'
import { signRequest } from '@chatapps/signature'
import { DEV_KEYS, type Stack, sandboxMessages, startStack } from '@chatapps/testkit'
import { afterAll, beforeAll, expect, it } from 'vitest'

/**
 * States after which nothing more is expected: the final ones (ranked with `delivered` or above)
 * and `unknown`, which only a receipt settles. The soak waits for these.
 */
const FINAL_STATES: ReadonlySet<string> = new Set(
  Object.entries(DELIVERY_STATE_RANKS)
    .filter(([state, rank]) => rank >= DELIVERY_STATE_RANKS.delivered || state === 'unknown')
    .map(([state]) => state),
)

/** 2,000 in CI; SOAK_MESSAGES overrides it for a quicker look. */
const MESSAGES = Number(process.env.SOAK_MESSAGES ?? 2_000)
const BATCH = 100
const SETTLE_MS = 300_000

/** 20 % of sends fail in every way the sandbox knows; receipts are dropped, doubled, reordered. */
const FAULTS = {
  send: {
    rate: 0.2,
    kinds: ['429', '500', '503', '500_accepted', 'slow', 'timeout', 'timeout_accepted'],
    seed: 2026,
    delayMs: 300,
    retryAfter: 1,
  },
  receipts: { drop: 0.05, duplicate: 0.1, reorder: 0.05, seed: 11 },
}

interface Row {
  id: string
  status: string
  reason: string | null
  umid: string | null
  ambiguous_attempts: number
  attempts: number
}

interface Arrival {
  kind: string
  body: { clientMessageId?: string }
}

let stack: Stack
beforeAll(async () => {
  stack = await startStack({
    receiptStepMs: 50,
    gatewayVars: {
      UPSTREAM_TIMEOUT_MS: '1000',
      DELIVERY_BACKOFF_BASE_S: '1',
      DELIVERY_BACKOFF_CAP_S: '4',
      CIRCUIT_OPEN_MS: '1000',
      RECONCILE_AFTER_MS: '1000',
      // An ambiguous send waits this long for a receipt of its id before it is sent again.
      AMBIGUOUS_RETRY_AFTER_MS: '3000',
      // The soak sends hundreds of messages to one recipient: Meta's pair rate (the default
      // pacing per recipient, docs/conversations.md) would refuse them. test/contacts.test.ts
      // tests pacing.
      CONTACT_RATE_PER_SECOND: '100000',
      CONTACT_BURST: '100000',
    },
    sandboxVars: { WEBHOOK_RETRY_DELAYS_MS: '200,500,1000,2000', TIMEOUT_HANG_MS: '1500' },
  })
})
afterAll(async () => {
  await stack?.stop()
})

const { hmac } = DEV_KEYS

async function signed(path: string, init: RequestInit = {}): Promise<Request> {
  const request = new Request(`${stack.url}${path}`, init)
  return signRequest(request, { keyId: hmac.keyId, alg: 'hmac-sha256', key: hmac.key })
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Runs a call to the stack as a client does: a connection closed under us (undici's "other side
 * closed" on a reused keep-alive socket, which the loaded machine sees now and then, also on
 * Miniflare's own D1 and cron calls) is tried again. A send is signed afresh with the same
 * idempotency key, which makes it safe.
 */
async function again<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call()
    } catch (error) {
      if (!(error instanceof TypeError) || attempt >= 4) throw error
      await sleep(100 * attempt)
    }
  }
}

/** A request made by `make`, sent with {@link again}. */
const fetchAgain = (make: () => Promise<Request>) => again(async () => fetch(await make()))

/** Messages by the state they show: the record's, or a higher-ranked receipt's. */
async function progress(): Promise<Record<string, number>> {
  const rows = await again(() =>
    stack.query<{ shown: string; n: number }>(
      `SELECT shown, COUNT(*) AS n FROM (
       SELECT CASE WHEN IFNULL(r.state_rank, -1) > m.status_rank THEN r.state ELSE m.status END
         AS shown
       FROM messages m LEFT JOIN receipts r ON r.umid = m.umid AND r.state_rank = (
         SELECT MAX(state_rank) FROM receipts x WHERE x.umid = m.umid)
       WHERE m.idempotency_key LIKE 'soak-%')
     GROUP BY shown`,
    ),
  )
  return Object.fromEntries(rows.map((row) => [row.shown, row.n]))
}

it('concurrent sends of one key are each answered as their own, each with its own two calls to the admission object', async () => {
  // Each request calls its key's object itself, in its own context (src/objects/admission/client.ts).
  const { ed25519 } = DEV_KEYS
  const marker = crypto.randomUUID()
  const sendOne = async (index: number) => {
    const request = new Request(`${stack.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `"${marker}-${index}"` },
      body: JSON.stringify({
        user: { msisdn: '+15551234567' },
        type: 'text',
        content: { text: `${marker} ${index}` },
      }),
    })
    const response = await fetch(
      await signRequest(request, { keyId: ed25519.keyId, alg: 'ed25519', key: ed25519.key }),
    )
    return {
      status: response.status,
      replayed: response.headers.get('idempotency-replayed'),
      body: await response.text(),
    }
  }
  const before = await stack.admissionStats(ed25519.keyId)
  const answers = await Promise.all(Array.from({ length: 32 }, (_, index) => sendOne(index)))
  expect(answers.map(({ status, replayed }) => [status, replayed])).toEqual(
    Array(32).fill([200, null]),
  )
  expect(new Set(answers.map(({ body }) => (JSON.parse(body) as { id: string }).id)).size).toBe(32)
  const after = await stack.admissionStats(ed25519.keyId)
  // Its admission, then its completion, each its own call: no request waits on another's.
  expect(after.admissions - before.admissions).toBe(32)
  expect(after.completions - before.completions).toBe(32)

  // Retries, concurrent too: each gets its own first answer back, byte for byte; nothing is sent again.
  const retries = await Promise.all([3, 7, 11, 19, 31].map(sendOne))
  expect(retries).toEqual(
    [3, 7, 11, 19, 31].map((index) => ({ ...answers[index], replayed: 'true' })),
  )
  const received = (await sandboxMessages(stack.sandboxUrl)).filter((entry) =>
    entry.raw.includes(marker),
  )
  expect(received).toHaveLength(32)
})

it('2,000 messages sent asynchronously with 20 % faults: none lost, every one settled, none sent twice', async () => {
  const plan = await fetch(`${stack.sandboxUrl}/__sandbox/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(FAULTS),
  })
  expect(plan.status).toBe(200)

  // Send: signed batches of 100 with Prefer: respond-async; the queue delivers each message.
  const started = Date.now()
  for (let b = 0; b * BATCH < MESSAGES; b++) {
    const messages = Array.from({ length: Math.min(BATCH, MESSAGES - b * BATCH) }, (_, j) => {
      const i = b * BATCH + j
      return {
        user: { msisdn: `+1555${String(1_000_000 + i).slice(1)}9` },
        type: 'text',
        content: { text: `soak ${i}` },
      }
    })
    const response = await fetchAgain(() =>
      signed('/v1/messages/batch', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': `"soak-${b}"`,
          prefer: 'respond-async',
        },
        body: JSON.stringify({ messages }),
      }),
    )
    expect(response.status).toBe(202)
    await response.arrayBuffer()
  }
  const acceptedIn = Date.now() - started

  // Wait (bounded) until every message shows a final state, or nothing moves any more.
  const deadline = Date.now() + SETTLE_MS
  let last = ''
  let still = 0
  for (;;) {
    const counts = await progress()
    const settled = Object.entries(counts)
      .filter(([state]) => FINAL_STATES.has(state))
      .reduce((sum, [, n]) => sum + n, 0)
    if (settled === MESSAGES || Date.now() > deadline) break
    const now = JSON.stringify(counts)
    still = now === last ? still + 1 : 0
    last = now
    // Nothing queued any more and no change for 10 s: what remains waits for dropped receipts.
    if ((counts.accepted ?? 0) === 0 && still >= 5) break
    await sleep(2_000)
  }
  // What the dropped receipts left open, 8x8's message details settle (the cron trigger).
  const beforeReconcile = await progress()
  await sleep(1_100)
  await again(() => stack.scheduled())
  const settledIn = Date.now() - started

  // Every message: its record, the state the API shows, and what reached the sandbox.
  const rows = await again(() =>
    stack.query<Row>(
      `SELECT id, status, reason, umid, ambiguous_attempts, attempts
     FROM messages WHERE idempotency_key LIKE 'soak-%'`,
    ),
  )
  expect(rows).toHaveLength(MESSAGES)
  const shown = new Map<string, { status: { state: string; reason?: string } }>()
  for (let i = 0; i < rows.length; i += 50) {
    await Promise.all(
      rows.slice(i, i + 50).map(async (row) => {
        const response = await fetchAgain(() => signed(`/v1/messages/${row.id}`))
        expect(response.status).toBe(200)
        shown.set(row.id, (await response.json()) as { status: { state: string; reason?: string } })
      }),
    )
  }
  const arrivals = (await (
    await again(() => fetch(`${stack.sandboxUrl}/__sandbox/messages`))
  ).json()) as {
    messages: Arrival[]
  }
  const reached = new Map<string, Arrival[]>()
  for (const arrival of arrivals.messages) {
    const id = arrival.body.clientMessageId
    if (arrival.kind !== 'message' || id === undefined) continue
    reached.set(id, [...(reached.get(id) ?? []), arrival])
  }

  const histogram: Record<string, number> = {}
  const problems: string[] = []
  for (const row of rows) {
    const message = shown.get(row.id)?.status
    if (message === undefined) throw new Error(`no answer for ${row.id}`)
    const { state } = message
    histogram[state] = (histogram[state] ?? 0) + 1
    // 8x8's clientMessageId is the gateway's id.
    const arrived = reached.get(row.id) ?? []
    if (state === 'failed' || state === 'unknown') {
      // The record's status says why, without reading its history.
      if (message.reason === undefined) problems.push(`${row.id}: ${state} without a reason`)
      continue
    }
    // Anything else reached 8x8 at least once.
    if (arrived.length === 0) problems.push(`${row.id}: ${state}, never reached 8x8`)
    if (FINAL_STATES.has(state)) continue
    problems.push(`${row.id}: still ${state}`)
  }
  // Duplicates: messages that reached 8x8 more than once. With the sandbox's receipts flowing, an
  // ambiguous send waits for a receipt of its id before it is sent again: none may arrive twice.
  const ids = new Set(rows.map((row) => row.id))
  const twice = [...reached].filter(([id, list]) => ids.has(id) && list.length > 1)
  const ambiguous = rows.filter((row) => row.ambiguous_attempts > 0).length
  const faults = (await (
    await again(() => fetch(`${stack.sandboxUrl}/__sandbox/faults`))
  ).json()) as {
    injected: Record<string, number>
    requests: number
  }
  console.log(
    [
      `soak: ${MESSAGES} messages accepted in ${(acceptedIn / 1000).toFixed(1)} s, settled in ${(settledIn / 1000).toFixed(1)} s`,
      `sandbox: ${faults.requests} send requests, injected ${JSON.stringify(faults.injected)}`,
      `final states: ${JSON.stringify(histogram)}`,
      `duplicates (reached 8x8 more than once): ${twice.length}, of ${ambiguous} messages with an ambiguous answer`,
      `before reconciling with 8x8's message details: ${JSON.stringify(beforeReconcile)}`,
    ].join('\n'),
  )
  expect(problems).toEqual([])
  expect(twice.map(([id, list]) => `${id} reached 8x8 ${list.length} times`)).toEqual([])
})

it('400 synchronous sends with 20 % faults, retried as @chatapps/client does: none sent twice, every unknown outcome settled by its own receipts', async () => {
  // The async test's fault plan still runs (its seeded draws go on). A client retries 409, 429
  // and 503 with the same idempotency key, and stops at upstream_outcome_unknown (502/504).
  const SYNC = 400
  const run = crypto.randomUUID().slice(0, 8)
  const outcomes: Record<string, number> = {}
  const ids = new Map<number, string>()
  const sendOne = async (index: number) => {
    const body = JSON.stringify({
      user: { msisdn: '+15551234567' },
      type: 'text',
      content: { text: `sync ${run} ${index}` },
      clientMessageId: `order-${index % 7}`,
    })
    for (let attempt = 1; attempt <= 8; attempt++) {
      const response = await fetchAgain(() =>
        signed('/v1/messages', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': `"${run}-${index}"` },
          body,
        }),
      )
      const answer = (await response.json()) as { id?: string; code?: string }
      const retryable = [409, 429, 503].includes(response.status)
      if (!retryable || attempt === 8) {
        const outcome = `${response.status} ${answer.code ?? 'ok'}`
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1
        if (answer.id !== undefined) ids.set(index, answer.id)
        return
      }
      await sleep(Number(response.headers.get('retry-after') ?? '1') * 200)
    }
  }
  for (let start = 0; start < SYNC; start += 20) {
    await Promise.all(Array.from({ length: 20 }, (_, j) => sendOne(start + j)))
  }

  const arrivals = (await (
    await again(() => fetch(`${stack.sandboxUrl}/__sandbox/messages`))
  ).json()) as {
    messages: (Arrival & { raw: string })[]
  }
  const reached = new Map<string, number>()
  for (const arrival of arrivals.messages) {
    const id = arrival.body.clientMessageId
    if (arrival.kind === 'message' && id !== undefined && arrival.raw.includes(`sync ${run} `)) {
      reached.set(id, (reached.get(id) ?? 0) + 1)
    }
  }
  const duplicates = [...reached].filter(([, n]) => n > 1)

  // An unknown outcome that 8x8 did take settles from its own receipts (bounded wait).
  const unknownIds = [...ids.values()].filter((id) => reached.has(id))
  const deadline = Date.now() + 60_000
  let unsettled: string[] = []
  for (;;) {
    const shown = await Promise.all(
      unknownIds.map(async (id) => {
        const response = await fetchAgain(() => signed(`/v1/messages/${id}`))
        return [
          id,
          ((await response.json()) as { status: { state: string } }).status.state,
        ] as const
      }),
    )
    unsettled = shown.filter(([, status]) => status === 'unknown').map(([id]) => id)
    if (unsettled.length === 0 || Date.now() > deadline) break
    await sleep(1_000)
  }
  console.log(
    [
      `sync soak: ${SYNC} sends, final answers ${JSON.stringify(outcomes)}`,
      `sync duplicates (reached 8x8 more than once): ${duplicates.length}`,
    ].join('\n'),
  )
  expect(duplicates).toEqual([])
  expect(unsettled).toEqual([])
  // Every message was answered for good: sent, or unknown with its id (never "try again").
  expect(Object.keys(outcomes).sort()).toEqual(
    Object.keys(outcomes)
      .filter((outcome) =>
        /^(200 ok|502 upstream_outcome_unknown|504 upstream_outcome_unknown)$/.test(outcome),
      )
      .sort(),
  )
})
