/**
 * `pnpm bench`, asynchronous path (issue 5): signed sends with `Prefer: respond-async` through
 * the built gateway in Miniflare, its real queue consumer, and the sandbox. Reports how many
 * sends per second the gateway accepts (202), and the time from each 202 to the moment the
 * sandbox received the message (p50, p99), once with no faults and once with the sandbox
 * failing 20 % of sends (429, 500, 503, slow, timeouts, some after accepting).
 */
import { seedBuilders } from '../../../packages/dsl/examples/seeds'
import {
  build,
  drain,
  type MiniflareLike,
  percentile,
  SANDBOX,
  signedRequests,
  startStack,
} from './stack'

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16)
const MESSAGES = Number(process.env.BENCH_ASYNC_MESSAGES ?? 600)
const SETTLE_TIMEOUT_MS = 180_000

const BODY = JSON.stringify(seedBuilders.list.build())
const FAULTS = {
  send: {
    rate: 0.2,
    kinds: ['429', '500', '503', '500_accepted', 'slow', 'timeout', 'timeout_accepted'],
    seed: 42,
  },
}

interface Arrival {
  readonly kind: string
  readonly receivedAt: string
  readonly body: { readonly clientMessageId?: string }
}

interface PhaseResult {
  readonly name: string
  readonly acceptedPerSecond: number
  readonly p50: number
  readonly p99: number
  readonly delivered: number
  readonly states: Record<string, number>
  readonly twice: number
  readonly settleMs: number
}

async function sandbox(mf: MiniflareLike, method: string, path: string, body?: unknown) {
  const response = await mf.dispatchFetch(`${SANDBOX}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  if (response.status >= 300) throw new Error(`${method} ${path}: ${await response.text()}`)
  return response
}

async function phase(mf: MiniflareLike, name: string, faults: unknown): Promise<PhaseResult> {
  const db = await mf.getD1Database('DB', 'chatapps-edge')
  await sandbox(mf, 'DELETE', '/__sandbox/messages')
  if (faults === null) await sandbox(mf, 'DELETE', '/__sandbox/faults')
  else await sandbox(mf, 'POST', '/__sandbox/faults', faults)

  const pool = await signedRequests(MESSAGES, BODY, '/v1/messages', { prefer: 'respond-async' })
  const acceptedAt = new Map<string, number>()
  const ids: string[] = []
  const start = performance.now()
  await drain(mf, pool, BODY, CONCURRENCY, async (response) => {
    if (response.status !== 202) throw new Error(`${response.status} ${await response.text()}`)
    const body = (await response.json()) as { id: string }
    // 8x8 (the sandbox) gets the gateway's id as clientMessageId.
    acceptedAt.set(body.id, Date.now())
    ids.push(body.id)
  })
  const acceptMs = performance.now() - start

  // Wait until the queue has settled every message (bounded).
  const settleStart = performance.now()
  for (;;) {
    const row = await db
      .prepare(
        "SELECT COUNT(*) AS n FROM messages WHERE status = 'accepted' AND id IN (SELECT value FROM json_each(?))",
      )
      .bind(JSON.stringify(ids))
      .first<{ n: number }>()
    if (row?.n === 0) break
    if (performance.now() - settleStart > SETTLE_TIMEOUT_MS) {
      throw new Error(`${name}: ${row?.n} messages still waiting after ${SETTLE_TIMEOUT_MS} ms`)
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  const settleMs = performance.now() - settleStart

  const states: Record<string, number> = {}
  for (const id of ids) {
    const row = await db
      .prepare('SELECT status FROM messages WHERE id = ?')
      .bind(id)
      .first<{ status: string }>()
    const state = row?.status ?? 'missing'
    states[state] = (states[state] ?? 0) + 1
  }

  const arrivals = (await (await sandbox(mf, 'GET', '/__sandbox/messages')).json()) as {
    messages: Arrival[]
  }
  const first = new Map<string, number>()
  let twice = 0
  for (const arrival of arrivals.messages) {
    const id = arrival.body.clientMessageId
    if (arrival.kind !== 'message' || id === undefined || !acceptedAt.has(id)) continue
    if (first.has(id)) twice++
    else first.set(id, Date.parse(arrival.receivedAt))
  }
  const latencies = [...first]
    .map(([id, at]) => at - (acceptedAt.get(id) ?? at))
    .sort((a, b) => a - b)
  return {
    name,
    acceptedPerSecond: (MESSAGES / acceptMs) * 1000,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    delivered: first.size,
    states,
    twice,
    settleMs,
  }
}

console.log('building the gateway (wrangler deploy --dry-run --minify)…')
build()
const mf = await startStack()
let exitCode = 0
try {
  // Warm-up: compile, open the Durable Objects and the queue.
  await phase(mf, 'warm-up', null)
  const results = [await phase(mf, 'no faults', null), await phase(mf, '20 % faults', FAULTS)]
  console.log(
    `\n${MESSAGES} signed sends with Prefer: respond-async, ${CONCURRENCY} in flight; the queue ` +
      'batches up to 100 messages or 1 s\n',
  )
  console.log(
    'sandbox            accepted/s  accept→8x8 p50 ms  p99 ms  reached 8x8  twice  settled in s  final states',
  )
  for (const r of results) {
    console.log(
      `${r.name.padEnd(18)} ${r.acceptedPerSecond.toFixed(0).padStart(10)}  ${r.p50.toFixed(0).padStart(17)}  ` +
        `${r.p99.toFixed(0).padStart(6)}  ${String(r.delivered).padStart(11)}  ${String(r.twice).padStart(5)}  ` +
        `${(r.settleMs / 1000).toFixed(1).padStart(12)}  ${JSON.stringify(r.states)}`,
    )
  }
} catch (error) {
  console.error(error)
  exitCode = 1
} finally {
  await mf.dispose()
}
process.exit(exitCode)
