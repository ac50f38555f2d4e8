/**
 * `pnpm bench` (issue 4): the built, minified gateway against a bare, unsigned proxy to the same
 * sandbox, in one Miniflare instance, driven in-process with `dispatchFetch` (never `wrangler dev`,
 * see TOOLCHAIN.md pitfall 7). Both get the DSL's seed list message, 16 requests in flight,
 * alternating 2 s rounds (8 s each after a warm-up). Gateway requests are signed (ed25519
 * development key, unique Idempotency-Key) before each round, outside the timed section.
 * Ratios, not absolutes: these machines are shared and noisy.
 */
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { gzipSync } from 'node:zlib'
import { signRequest } from '@chatapps/signature'
import { seedBuilders } from '../../../packages/dsl/examples/seeds'

const EDGE = fileURLToPath(new URL('..', import.meta.url))
const OUT = `${EDGE}.wrangler/bench`
const SANDBOX_SCRIPT = `${EDGE}.wrangler/sandbox/index.js`
const COMPATIBILITY_DATE = '2026-05-03'
const API_KEY = 'sandbox-demo-key'
const KEY_ID = 'test-key-ed25519'
/** RFC 9421 B.1.4 (signing.md): the public development key pair. */
const ED25519_PUBLIC = 'MCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs='
const ED25519_PRIVATE = 'MC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF'

/** Overridable for experiments: BENCH_CONCURRENCY=1 shows the serial latency of each path. */
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16)
const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 2_000)
const ROUNDS = 4
const WARMUP_MS = 1_000

const BODY = JSON.stringify(seedBuilders.list.build())
const GATEWAY_URL = 'http://gateway.bench/v1/messages'
const PROXY_URL = 'http://proxy.bench/v1/messages'

/** The baseline: forwards the body untouched to the sandbox with the bearer key. */
const PROXY_SCRIPT = `export default {
  async fetch(request, env) {
    if (request.method !== 'POST' || new URL(request.url).pathname !== '/v1/messages') {
      return new Response('not found', { status: 404 })
    }
    return env.UPSTREAM.fetch('http://127.0.0.1:8788/api/v1/subaccounts/demo-subaccount/messages', {
      method: 'POST',
      headers: {
        authorization: 'Bearer ' + env.CHATAPPS_API_KEY,
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body: request.body,
    })
  },
}
`

interface Sendable {
  readonly url: string
  readonly headers: Record<string, string>
}

interface MfResponse {
  readonly status: number
  arrayBuffer(): Promise<ArrayBuffer>
  text(): Promise<string>
}

interface D1 {
  exec(sql: string): Promise<unknown>
  prepare(sql: string): { bind(...values: unknown[]): { run(): Promise<unknown> } }
}

interface MiniflareLike {
  readonly ready: Promise<URL>
  dispatchFetch(
    url: string,
    init: { method: string; headers: Record<string, string>; body: string },
  ): Promise<MfResponse>
  getD1Database(binding: string, worker?: string): Promise<D1>
  dispose(): Promise<void>
}

type MiniflareClass = new (options: Record<string, unknown>) => MiniflareLike

/** Miniflare is a dependency of wrangler, not of this package: resolve it through wrangler. */
async function loadMiniflare(): Promise<MiniflareClass> {
  const fromEdge = createRequire(`${EDGE}package.json`)
  const fromWrangler = createRequire(fromEdge.resolve('wrangler/package.json'))
  const module = (await import(pathToFileURL(fromWrangler.resolve('miniflare')).href)) as {
    Miniflare: MiniflareClass
  }
  return module.Miniflare
}

function build(): void {
  execFileSync(
    `${EDGE}node_modules/.bin/wrangler`,
    ['deploy', '--dry-run', '--env=', '--outdir', OUT, '--minify'],
    {
      cwd: EDGE,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
    },
  )
}

/** migrations/*.sql as single-line statements (D1's exec runs one statement per line). */
function migrationSql(): string {
  const dir = `${EDGE}migrations`
  return readdirSync(dir)
    .filter((name) => name.endsWith('.sql'))
    .sort()
    .map((name) => readFileSync(`${dir}/${name}`, 'utf8'))
    .join('\n')
    .replace(/--.*$/gm, '')
    .split(';')
    .map((statement) => statement.replace(/\s+/g, ' ').trim())
    .filter((statement) => statement.length > 0)
    .join(';\n')
}

async function signedBatch(count: number): Promise<Sendable[]> {
  const out: Sendable[] = []
  for (let i = 0; i < count; i++) {
    const request = new Request(GATEWAY_URL, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': `"${crypto.randomUUID()}"`,
      },
      body: BODY,
    })
    const signed = await signRequest(request, { keyId: KEY_ID, alg: 'ed25519', key: signKey })
    out.push({ url: GATEWAY_URL, headers: Object.fromEntries(signed.headers) })
  }
  return out
}

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

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
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

const signKey = await crypto.subtle.importKey(
  'pkcs8',
  Buffer.from(ED25519_PRIVATE, 'base64'),
  { name: 'Ed25519' },
  false,
  ['sign'],
)

console.log('building the gateway (wrangler deploy --dry-run --minify)…')
build()
const bundle = readFileSync(`${OUT}/index.js`)
const gzip = gzipSync(bundle)

const Miniflare = await loadMiniflare()
const mf = new Miniflare({
  workers: [
    {
      name: 'chatapps-edge',
      modules: true,
      scriptPath: `${OUT}/index.js`,
      compatibilityDate: COMPATIBILITY_DATE,
      routes: ['gateway.bench/*'],
      bindings: {
        ENVIRONMENT: 'local',
        CHATAPPS_BASE_URL: 'http://127.0.0.1:8788',
        CHATAPPS_API_KEY: API_KEY,
      },
      d1Databases: { DB: 'chatapps-edge-bench' },
      durableObjects: { ADMISSION: { className: 'Admission', useSQLite: true } },
      serviceBindings: { UPSTREAM: 'chatapps-sandbox' },
    },
    {
      name: 'bare-proxy',
      modules: true,
      script: PROXY_SCRIPT,
      compatibilityDate: COMPATIBILITY_DATE,
      routes: ['proxy.bench/*'],
      bindings: { CHATAPPS_API_KEY: API_KEY },
      serviceBindings: { UPSTREAM: 'chatapps-sandbox' },
    },
    {
      name: 'chatapps-sandbox',
      modules: true,
      scriptPath: SANDBOX_SCRIPT,
      compatibilityDate: COMPATIBILITY_DATE,
      bindings: { SANDBOX_API_KEY: API_KEY },
      durableObjects: { SANDBOX_STORE: { className: 'SandboxStore', useSQLite: true } },
    },
  ],
})

let exitCode = 0
try {
  await mf.ready
  const db = await mf.getD1Database('DB', 'chatapps-edge')
  await db.exec(migrationSql())
  await db
    .prepare(
      `INSERT OR REPLACE INTO client_keys (key_id, alg, secret, sub_account, allowed_routes,
        allowed_types, rate_per_second, rate_burst, status, created_at)
        VALUES (?, 'ed25519', ?, 'demo-subaccount', NULL, NULL, 1000000, 1000000, 'active', 0)`,
    )
    .bind(KEY_ID, ED25519_PUBLIC)
    .run()

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
