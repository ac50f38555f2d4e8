/**
 * `pnpm bench` (issue 4): the built, minified gateway against a bare, unsigned proxy to the same
 * sandbox, in one Miniflare instance, driven in-process with `dispatchFetch` (never `wrangler dev`,
 * see TOOLCHAIN.md pitfall 7). Both get the DSL's seed list message, 16 requests in flight,
 * alternating 2 s rounds (8 s each after a warm-up). Gateway requests are signed (ed25519
 * development key, unique Idempotency-Key) before each round, outside the timed section.
 * Ratios, not absolutes: these machines are shared and noisy.
 */
import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { seedBuilders } from '../../../packages/dsl/examples/seeds'
import {
  build,
  type MiniflareLike,
  OUT,
  PROXY_URL,
  percentile,
  type Sendable,
  signedRequests,
  startStack,
} from './stack'

/** Overridable for experiments: BENCH_CONCURRENCY=1 shows the serial latency of each path. */
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16)
const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 2_000)
const ROUNDS = 4
const WARMUP_MS = 1_000

const BODY = JSON.stringify(seedBuilders.list.build())
const signedBatch = (count: number) => signedRequests(count, BODY)

interface Stats {
  requests: number
  failures: number
  elapsedMs: number
  readonly latencies: number[]
  readonly statuses: Map<number, number>
  firstFailure?: string
}

const newStats = (): Stats => ({
  requests: 0,
  failures: 0,
  elapsedMs: 0,
  latencies: [],
  statuses: new Map(),
})

/** CONCURRENCY loops sending for `ms`; `next` supplies each request (null: none left). */
async function round(
  mf: MiniflareLike,
  ms: number,
  next: () => Promise<Sendable>,
  stats: Stats | null,
): Promise<number> {
  const start = performance.now()
  const end = start + ms
  let done = 0
  const loop = async () => {
    while (performance.now() < end) {
      const request = await next()
      const t0 = performance.now()
      const response = await mf.dispatchFetch(request.url, {
        method: 'POST',
        headers: request.headers,
        body: BODY,
      })
      const ok = response.status === 200
      const text = await response.text()
      const latency = performance.now() - t0
      done++
      if (stats === null) continue
      stats.requests++
      stats.latencies.push(latency)
      stats.statuses.set(response.status, (stats.statuses.get(response.status) ?? 0) + 1)
      if (!ok) {
        stats.failures++
        stats.firstFailure ??= `${response.status} ${text.slice(0, 300)}`
      }
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, loop))
  const elapsed = performance.now() - start
  if (stats !== null) stats.elapsedMs += elapsed
  return (done / elapsed) * 1000
}

function summary(name: string, stats: Stats) {
  const sorted = [...stats.latencies].sort((a, b) => a - b)
  const rps = (stats.requests / stats.elapsedMs) * 1000
  return {
    name,
    rps,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    requests: stats.requests,
    failures: stats.failures,
    statuses: Object.fromEntries(stats.statuses),
  }
}

console.log('building the gateway (wrangler deploy --dry-run --minify)…')
build()
const bundle = readFileSync(`${OUT}/index.js`)
const gzip = gzipSync(bundle)
const mf = await startStack()

let exitCode = 0
try {
  const proxyRequest: Sendable = {
    url: PROXY_URL,
    headers: { 'content-type': 'application/json' },
  }
  const proxyNext = async () => proxyRequest
  let pool: Sendable[] = []
  let signedLate = 0
  const gatewayNext = async () => {
    const request = pool.pop()
    if (request !== undefined) return request
    signedLate++
    return (await signedBatch(1))[0] as Sendable
  }

  // Warm-up (not counted), also the first estimate of how many signed requests a round needs.
  let gatewayRate = 0
  pool = await signedBatch(2_000)
  gatewayRate = await round(mf, WARMUP_MS, gatewayNext, null)
  await round(mf, WARMUP_MS, proxyNext, null)
  signedLate = 0

  const gateway = newStats()
  const proxy = newStats()
  let signMs = 0
  let signed = 0
  for (let i = 0; i < ROUNDS; i++) {
    const count = Math.ceil((gatewayRate * ROUND_MS * 1.5) / 1000) + 500
    const t0 = performance.now()
    pool = await signedBatch(count)
    signMs += performance.now() - t0
    signed += count
    // Alternate which one goes first.
    if (i % 2 === 0) {
      gatewayRate = await round(mf, ROUND_MS, gatewayNext, gateway)
      await round(mf, ROUND_MS, proxyNext, proxy)
    } else {
      await round(mf, ROUND_MS, proxyNext, proxy)
      gatewayRate = await round(mf, ROUND_MS, gatewayNext, gateway)
    }
  }

  const g = summary('gateway (signed, admitted, validated)', gateway)
  const p = summary('bare proxy (unsigned)', proxy)
  const ratio = g.rps / p.rps
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`
  console.log(
    `\n${CONCURRENCY} in flight, ${ROUNDS} alternating rounds of ${ROUND_MS / 1000} s each ` +
      `(${(ROUNDS * ROUND_MS) / 1000} s per target), seed list message, ${BODY.length} bytes\n`,
  )
  console.log(
    'target                                  req/s     p50 ms   p99 ms   requests  non-200',
  )
  for (const s of [g, p]) {
    console.log(
      `${s.name.padEnd(38)} ${s.rps.toFixed(0).padStart(6)}  ${s.p50.toFixed(2).padStart(8)} ` +
        `${s.p99.toFixed(2).padStart(8)}  ${String(s.requests).padStart(9)}  ${String(s.failures).padStart(7)}`,
    )
  }
  console.log(`\nratio gateway ÷ bare proxy: ${ratio.toFixed(2)} (goal ≥ 0.70)`)
  console.log(
    `signing (outside the timed section): ${signed} requests in ${signMs.toFixed(0)} ms ` +
      `(${((signMs * 1000) / signed).toFixed(0)} µs each)` +
      (signedLate > 0 ? `, ${signedLate} signed inside a round (pool ran out)` : ''),
  )
  console.log(`gateway bundle: ${kib(bundle.length)} minified, ${kib(gzip.length)} gzip`)
  for (const s of [g, p]) {
    const stats = s === g ? gateway : proxy
    if (stats.firstFailure !== undefined) {
      console.log(`${s.name}: statuses ${JSON.stringify(s.statuses)}, first: ${stats.firstFailure}`)
      exitCode = 1
    }
  }
} catch (error) {
  console.error(error)
  exitCode = 1
} finally {
  await mf.dispose()
}
process.exit(exitCode)
