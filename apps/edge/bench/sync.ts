/**
 * `pnpm bench` (issue 4): the built, minified gateway against a bare, unsigned Hono proxy to the
 * same sandbox (bench/proxy), in one Miniflare instance, driven in-process with `dispatchFetch`
 * (never `wrangler dev`, a development proxy 25 to 40 times slower than workerd). All get the
 * DSL's seed list message, 16 requests in flight, in six rounds of 2 s after a warm-up; each round
 * runs the gateway with ed25519 keys, with hmac-sha256 keys and the proxy back to back, in a
 * rotating order. Gateway requests are signed (development keys, unique Idempotency-Key) before each round, outside the
 * timed section. Ratios, not absolutes: these machines are shared and noisy.
 *
 * The headline sends every message to one recipient: one contact object, live after the first
 * send, takes every check. A second section (first contact, three rounds against the proxy)
 * sends each message to a new recipient, so that each check starts an object: what a first
 * broadcast to a list costs.
 */
import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { admissionStatsOf } from '@chatapps/testkit'
import { seedBuilders } from '../../../packages/dsl/examples/seeds'
import {
  build,
  type MiniflareLike,
  OUT,
  PROXY_URL,
  percentile,
  type Sendable,
  SIGNERS,
  signedRequests,
  startStack,
  workerdCpuMs,
} from './stack'

/** Overridable for experiments: BENCH_CONCURRENCY=1 shows the serial latency of each path. */
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16)
const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 2_000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6)
const WARMUP_MS = 1_000

const MESSAGE = seedBuilders.list.build()
const BODY = JSON.stringify(MESSAGE)
/** Rounds of the first-contact section: each a new recipient per send, against the proxy. */
const FIRST_CONTACT_ROUNDS = Number(process.env.BENCH_FIRST_CONTACT_ROUNDS ?? 3)

interface Stats {
  requests: number
  failures: number
  elapsedMs: number
  readonly latencies: number[]
  readonly statuses: Map<number, number>
  /** CPU of workerd (null: not measurable here) and of this driver process, in ms. */
  workerdCpuMs: number | null
  driverCpuMs: number
  firstFailure?: string
}

const newStats = (): Stats => ({
  requests: 0,
  failures: 0,
  elapsedMs: 0,
  latencies: [],
  statuses: new Map(),
  workerdCpuMs: 0,
  driverCpuMs: 0,
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
  const workerdBefore = workerdCpuMs()
  const driverBefore = process.cpuUsage()
  let done = 0
  const loop = async () => {
    while (performance.now() < end) {
      const request = await next()
      const t0 = performance.now()
      const response = await mf.dispatchFetch(request.url, {
        method: 'POST',
        headers: request.headers,
        body: request.body ?? BODY,
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
  if (stats !== null) {
    stats.elapsedMs += elapsed
    const workerdAfter = workerdCpuMs()
    stats.workerdCpuMs =
      stats.workerdCpuMs === null || workerdBefore === null || workerdAfter === null
        ? null
        : stats.workerdCpuMs + (workerdAfter - workerdBefore)
    const driver = process.cpuUsage(driverBefore)
    stats.driverCpuMs += (driver.user + driver.system) / 1000
  }
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
    workerdCpu: stats.workerdCpuMs === null ? null : stats.workerdCpuMs / stats.requests,
    driverCpu: stats.driverCpuMs / stats.requests,
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

  /**
   * A signed target: requests are signed before each round, outside the timed section. With
   * `newRecipients`, each request sends the message to a number no request used before, so that
   * each send's contact check meets an object that does not exist yet.
   */
  let numbers = 0
  const sign = async (count: number, alg: keyof typeof SIGNERS, newRecipients: boolean) => {
    if (!newRecipients) return signedRequests(count, BODY, '/v1/messages', {}, alg)
    const out: Sendable[] = []
    for (let i = 0; i < count; i++) {
      numbers++
      const body = JSON.stringify({ ...MESSAGE, user: { msisdn: `+1555${1_000_000 + numbers}` } })
      const [request] = await signedRequests(1, body, '/v1/messages', {}, alg)
      if (request !== undefined) out.push({ ...request, body })
    }
    return out
  }
  const signedTarget = (name: string, alg: keyof typeof SIGNERS, newRecipients = false) => {
    let pool: Sendable[] = []
    const target = {
      name,
      stats: newStats(),
      rate: 0,
      late: 0,
      signMs: 0,
      signed: 0,
      async refill(count: number) {
        const t0 = performance.now()
        pool = await sign(count, alg, newRecipients)
        target.signMs += performance.now() - t0
        target.signed += count
      },
      async next(): Promise<Sendable> {
        const request = pool.pop()
        if (request !== undefined) return request
        target.late++
        return (await sign(1, alg, newRecipients))[0] as Sendable
      },
    }
    return target
  }
  const ed25519 = signedTarget('gateway, ed25519 keys', 'ed25519')
  const hmac = signedTarget('gateway, hmac-sha256 keys', 'hmac-sha256')
  const proxy = { name: 'bare Hono proxy (unsigned)', stats: newStats() }
  const proxyNext = async () => proxyRequest

  // Warm-up (not counted), also the first estimate of how many signed requests a round needs.
  for (const target of [ed25519, hmac]) {
    await target.refill(2_000)
    target.rate = await round(mf, WARMUP_MS, () => target.next(), null)
    target.late = 0
  }
  await round(mf, WARMUP_MS, proxyNext, null)

  // Each round runs the three targets back to back: a ratio within one round is the least
  // exposed to the machine's load changing, so the headline is the median of those.
  const rates = { ed25519: [] as number[], hmac: [] as number[], proxy: [] as number[] }
  for (let i = 0; i < ROUNDS; i++) {
    for (const target of [ed25519, hmac]) {
      await target.refill(Math.ceil((target.rate * ROUND_MS * 1.5) / 1000) + 500)
    }
    // A different order each round: none always runs first.
    const order = [
      async () => {
        ed25519.rate = await round(mf, ROUND_MS, () => ed25519.next(), ed25519.stats)
        rates.ed25519.push(ed25519.rate)
      },
      async () => {
        hmac.rate = await round(mf, ROUND_MS, () => hmac.next(), hmac.stats)
        rates.hmac.push(hmac.rate)
      },
      async () => {
        rates.proxy.push(await round(mf, ROUND_MS, proxyNext, proxy.stats))
      },
    ]
    for (let j = 0; j < order.length; j++) await order[(i + j) % order.length]?.()
  }

  // Read now: an object idle for a few seconds may be evicted, and its counts start again.
  const admissionLines: string[] = []
  for (const [label, keyId] of [
    ['ed25519 keys:    ', SIGNERS.ed25519.keyId],
    ['hmac-sha256 keys:', SIGNERS['hmac-sha256'].keyId],
  ] as const) {
    const { admissions, completions, groups } = await admissionStatsOf(mf, keyId)
    admissionLines.push(
      `admission object, ${label} ${((admissions + completions) / admissions).toFixed(2)} calls per send, ` +
        `${((admissions + completions) / groups).toFixed(2)} calls per storage commit ` +
        `(${admissions} admissions and ${completions} completions in ${groups} groups, warm-up included)`,
    )
  }

  // First contact, after the headline rounds (the objects it makes do not weigh on them): every
  // send goes to a recipient no send used before, so its contact check starts a new object; the
  // proxy alternates with it, for a ratio within each round.
  const fresh = signedTarget('gateway, ed25519, new recipient each', 'ed25519', true)
  const proxyFirst = { name: 'bare Hono proxy (same rounds)', stats: newStats() }
  const firstRates = { fresh: [] as number[], proxy: [] as number[] }
  await fresh.refill(500)
  fresh.rate = await round(mf, WARMUP_MS, () => fresh.next(), null)
  fresh.late = 0
  for (let i = 0; i < FIRST_CONTACT_ROUNDS; i++) {
    await fresh.refill(Math.ceil((fresh.rate * ROUND_MS * 1.5) / 1000) + 200)
    const pair = [
      async () => {
        fresh.rate = await round(mf, ROUND_MS, () => fresh.next(), fresh.stats)
        firstRates.fresh.push(fresh.rate)
      },
      async () => {
        firstRates.proxy.push(await round(mf, ROUND_MS, proxyNext, proxyFirst.stats))
      },
    ]
    for (let j = 0; j < pair.length; j++) await pair[(i + j) % pair.length]?.()
  }

  const rows = [ed25519, hmac, proxy, fresh, proxyFirst].map((target) =>
    summary(target.name, target.stats),
  )
  const [e, h, p, f, pf] = rows as [
    ReturnType<typeof summary>,
    ReturnType<typeof summary>,
    ReturnType<typeof summary>,
    ReturnType<typeof summary>,
    ReturnType<typeof summary>,
  ]
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`
  console.log(
    `\n${CONCURRENCY} in flight, ${ROUNDS} rotating rounds of ${ROUND_MS / 1000} s each ` +
      `(${(ROUNDS * ROUND_MS) / 1000} s per target, each round in another order), seed list message, ${BODY.length} bytes; ` +
      `then ${FIRST_CONTACT_ROUNDS} rounds of first contact against the proxy\n`,
  )
  console.log(
    'target                                  req/s     p50 ms   p99 ms   requests  non-200' +
      '  workerd CPU ms/req  driver CPU ms/req',
  )
  for (const s of rows) {
    console.log(
      `${s.name.padEnd(38)} ${s.rps.toFixed(0).padStart(6)}  ${s.p50.toFixed(2).padStart(8)} ` +
        `${s.p99.toFixed(2).padStart(8)}  ${String(s.requests).padStart(9)}  ${String(s.failures).padStart(7)}` +
        `  ${(s.workerdCpu === null ? 'n/a' : s.workerdCpu.toFixed(2)).padStart(18)}` +
        `  ${s.driverCpu.toFixed(2).padStart(17)}`,
    )
  }
  const median = (values: readonly number[]) => {
    const sorted = [...values].sort((a, b) => a - b)
    const middle = Math.floor(sorted.length / 2)
    return sorted.length % 2 === 1
      ? (sorted[middle] ?? Number.NaN)
      : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2
  }
  const roundRatios = (gateway: readonly number[], proxyRates = rates.proxy) =>
    gateway.map((rate, index) => rate / (proxyRates[index] ?? Number.NaN))
  for (const [label, gateway] of [
    ['ed25519 keys:    ', rates.ed25519],
    ['hmac-sha256 keys:', rates.hmac],
  ] as const) {
    const ratios = roundRatios(gateway)
    console.log(
      `\nratio gateway ÷ bare proxy, ${label} median of the rounds ${median(ratios).toFixed(2)} ` +
        `(rounds ${ratios.map((ratio) => ratio.toFixed(2)).join(' ')}; goal ≥ 0.70)`,
    )
  }
  const first = roundRatios(firstRates.fresh, firstRates.proxy)
  console.log(
    `\nfirst contact, ratio gateway ÷ bare proxy with a new recipient each send, ed25519 keys: ` +
      `median of the rounds ${median(first).toFixed(2)} (rounds ${first.map((ratio) => ratio.toFixed(2)).join(' ')}; ` +
      `no goal: each send starts a contact object, docs/conversations.md)`,
  )
  console.log(`\nratio of the totals, ed25519 keys:     ${(e.rps / p.rps).toFixed(2)}`)
  console.log(`ratio of the totals, hmac-sha256 keys: ${(h.rps / p.rps).toFixed(2)}`)
  // The steadiest figure on a shared machine: it does not count waiting for a core, nor the
  // time the runtime's one thread spends blocked in storage commits.
  const cpuRatio = (gateway: typeof e) =>
    gateway.workerdCpu === null || p.workerdCpu === null
      ? 'n/a'
      : (p.workerdCpu / gateway.workerdCpu).toFixed(2)
  console.log(
    `workerd CPU per request, bare proxy ÷ gateway: ed25519 keys ${cpuRatio(e)}, ` +
      `hmac-sha256 keys ${cpuRatio(h)}`,
  )
  const cpu = (row: typeof e) =>
    row.workerdCpu === null ? 'n/a' : `${row.workerdCpu.toFixed(2)} ms`
  console.log(
    `workerd CPU per request, first contact: gateway ${cpu(f)}, bare proxy ${cpu(pf)} ` +
      `(headline rounds: gateway ${cpu(e)}, bare proxy ${cpu(p)})`,
  )
  for (const line of admissionLines) console.log(line)
  for (const target of [ed25519, hmac, fresh]) {
    console.log(
      `signing, ${target.name} (outside the timed section): ${target.signed} requests in ` +
        `${target.signMs.toFixed(0)} ms` +
        (target.late > 0 ? `, ${target.late} signed inside a round (pool ran out)` : ''),
    )
  }
  console.log(`gateway bundle: ${kib(bundle.length)} minified, ${kib(gzip.length)} gzip`)
  for (const [s, target] of [
    [e, ed25519],
    [h, hmac],
    [p, proxy],
    [f, fresh],
    [pf, proxyFirst],
  ] as const) {
    if (target.stats.firstFailure !== undefined) {
      console.log(
        `${s.name}: statuses ${JSON.stringify(s.statuses)}, first: ${target.stats.firstFailure}`,
      )
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
