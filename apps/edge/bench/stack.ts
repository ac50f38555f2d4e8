/**
 * What both benchmarks share: the built, minified gateway, the sandbox and a bare proxy in one
 * Miniflare instance (never `wrangler dev`: a development proxy, 25 to 40 times slower than
 * workerd itself), a migrated D1 with the ed25519 development key, and signing outside the timed
 * sections.
 */
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Readable } from 'node:stream'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { signRequest } from '@chatapps/signature'
import { type admissionStatsOf, migrationSql } from '@chatapps/testkit'

const EDGE = fileURLToPath(new URL('..', import.meta.url))
export const OUT = `${EDGE}.wrangler/bench`
const PROXY_OUT = `${EDGE}.wrangler/bench-proxy`
const SANDBOX_SCRIPT = `${EDGE}.wrangler/sandbox/index.js`
const COMPATIBILITY_DATE = '2026-05-03'
const API_KEY = 'sandbox-demo-key'
/** RFC 9421 B.1.4 (signing.md): the public development key pair. */
const ED25519_PUBLIC = 'MCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs='
const ED25519_PRIVATE = 'MC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF'

export const GATEWAY = 'http://gateway.bench'
export const PROXY_URL = 'http://proxy.bench/v1/messages'
export const SANDBOX = 'http://sandbox.bench'

/** A request ready to dispatch. */
export interface Sendable {
  readonly url: string
  readonly headers: Record<string, string>
  /** The body it was signed with, when it is not the benchmark's one message. */
  readonly body?: string
}

export interface MfResponse {
  readonly status: number
  arrayBuffer(): Promise<ArrayBuffer>
  text(): Promise<string>
  json(): Promise<unknown>
}

interface D1 {
  exec(sql: string): Promise<unknown>
  prepare(sql: string): {
    bind(...values: unknown[]): { run(): Promise<unknown>; first<T>(): Promise<T | null> }
  }
}

export interface MiniflareLike {
  readonly ready: Promise<URL>
  dispatchFetch(
    url: string,
    init?: { method: string; headers?: Record<string, string>; body?: string },
  ): Promise<MfResponse>
  getD1Database(binding: string, worker?: string): Promise<D1>
  getDurableObjectNamespace: Parameters<typeof admissionStatsOf>[0]['getDurableObjectNamespace']
  dispose(): Promise<void>
}

type MiniflareClass = new (options: Record<string, unknown>) => MiniflareLike

/** Miniflare is a dependency of wrangler, not of this package: resolve it through wrangler. */
async function loadMiniflare(): Promise<MiniflareClass> {
  const module = (await import(pathToFileURL(fromWrangler().resolve('miniflare')).href)) as {
    Miniflare: MiniflareClass
  }
  return module.Miniflare
}

/** Resolves packages as wrangler does: Miniflare and its own dependencies are not ours. */
export function fromWrangler(): NodeRequire {
  const fromEdge = createRequire(`${EDGE}package.json`)
  return createRequire(fromEdge.resolve('wrangler/package.json'))
}

/** `wrangler deploy --dry-run --minify` of the gateway into {@link OUT}, and of the bare proxy. */
export function build(): void {
  const wrangler = (args: string[]) =>
    execFileSync(
      `${EDGE}node_modules/.bin/wrangler`,
      ['deploy', '--dry-run', '--minify', ...args],
      {
        cwd: EDGE,
        stdio: ['ignore', 'ignore', 'inherit'],
        env: {
          ...process.env,
          WRANGLER_SEND_METRICS: 'false',
          CLOUDFLARE_CF_FETCH_ENABLED: 'false',
        },
      },
    )
  wrangler(['--env=', '--outdir', OUT])
  wrangler(['-c', 'bench/proxy/wrangler.jsonc', '--outdir', PROXY_OUT])
}

const signKey = await crypto.subtle.importKey(
  'pkcs8',
  Buffer.from(ED25519_PRIVATE, 'base64'),
  { name: 'Ed25519' },
  false,
  ['sign'],
)

/** The development keys of signing.md, as the benchmarks sign with them. */
export const SIGNERS = {
  ed25519: { keyId: 'test-key-ed25519', alg: 'ed25519', key: signKey },
  'hmac-sha256': {
    keyId: 'test-shared-secret',
    alg: 'hmac-sha256',
    key: 'uzvJfB4u3N0Jy4T7NZ75MDVcr8zSTInedJtkgcu46YW4XByzNJjxBdtjUkdJPBtbmHhIDi6pcl8jsasjlTMtDQ==',
  },
} as const

/**
 * `count` signed POSTs of `body` to a gateway path (of the gateway at `origin`), each with its own
 * Idempotency-Key; `extra` headers (`Prefer`) are signed with them.
 */
export async function signedRequests(
  count: number,
  body: string,
  path = '/v1/messages',
  extra: Record<string, string> = {},
  alg: keyof typeof SIGNERS = 'ed25519',
  origin: string = GATEWAY,
): Promise<Sendable[]> {
  const url = `${origin}${path}`
  const out: Sendable[] = []
  for (let i = 0; i < count; i++) {
    const request = new Request(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': `"${crypto.randomUUID()}"`,
        ...extra,
      },
      body,
    })
    const signed = await signRequest(request, SIGNERS[alg])
    out.push({ url, headers: Object.fromEntries(signed.headers) })
  }
  return out
}

/**
 * Another gateway build beside the current one (`bench/compare.ts`): its bundle (under this
 * package, where workerd may read it), the host it answers on, and its own migrations, D1,
 * objects and queues.
 */
export interface OtherGateway {
  /** Worker name, also the suffix of its D1 and queues. */
  readonly name: string
  readonly scriptPath: string
  /** Requests to `http://<host>/…` reach it. */
  readonly host: string
  readonly migrations: string
  /** Whether the build has the contact object (issue 17 on). */
  readonly contacts: boolean
}

/** A gateway worker as wrangler.jsonc deploys it, for the benchmark. */
function gatewayWorker(
  worker: { readonly name: string; readonly scriptPath: string; readonly host: string },
  suffix: string,
  contacts: boolean,
  inspect: boolean,
) {
  const delivery = `chatapps-delivery${suffix}`
  const deadLetters = `chatapps-delivery-dlq${suffix}`
  return {
    name: worker.name,
    modules: true,
    scriptPath: worker.scriptPath,
    compatibilityDate: COMPATIBILITY_DATE,
    routes: [`${worker.host}/*`],
    unsafeInspectorProxy: inspect,
    bindings: {
      ENVIRONMENT: 'local',
      CHATAPPS_BASE_URL: 'http://127.0.0.1:8788',
      CHATAPPS_API_KEY: API_KEY,
      UPSTREAM_TIMEOUT_MS: '2000',
      DELIVERY_BACKOFF_CAP_S: '4',
      CIRCUIT_OPEN_MS: '1000',
      // Every request goes to one recipient: the contact check runs on each send (one call
      // to one live Durable Object) with a pace the bench never reaches.
      CONTACT_RATE_PER_SECOND: '1000000',
      CONTACT_BURST: '1000000',
    },
    d1Databases: { DB: `chatapps-edge-bench${suffix}` },
    // As staging and production (wrangler.jsonc): metrics are Analytics Engine data points,
    // not the log lines a gateway without the binding writes instead.
    analyticsEngineDatasets: {
      METRICS: { dataset: `chatapps_edge_bench${suffix.replace(/\W/g, '_')}` },
    },
    durableObjects: {
      ADMISSION: { className: 'Admission', useSQLite: true },
      CIRCUIT: { className: 'Circuit', useSQLite: true },
      ...(contacts ? { CONTACT: { className: 'Contact', useSQLite: true } } : {}),
    },
    queueProducers: { DELIVERY: delivery, DELIVERY_DLQ: deadLetters },
    queueConsumers: {
      // As wrangler.jsonc.
      [delivery]: {
        maxBatchSize: 100,
        maxBatchTimeout: 1,
        maxRetries: 100,
        deadLetterQueue: deadLetters,
      },
      [deadLetters]: { maxBatchSize: 25, maxBatchTimeout: 1 },
    },
    serviceBindings: { UPSTREAM: 'chatapps-sandbox' },
  }
}

/**
 * Starts the gateway, the bare proxy and the sandbox (and `others`, other gateway builds); the
 * gateways' queue consumers run as in production.
 */
export async function startStack(
  inspectorPort?: number,
  others: readonly OtherGateway[] = [],
): Promise<MiniflareLike> {
  const Miniflare = await loadMiniflare()
  const mf = new Miniflare({
    ...(inspectorPort === undefined ? {} : { inspectorPort }),
    // The gateway's log lines (one per request) go where production sends them, nowhere near the
    // driver: printing them through Node would charge the load generator, on the same two cores,
    // for a terminal production does not have. workerd still writes each line; errors are shown.
    handleRuntimeStdio(stdout: Readable, stderr: Readable) {
      stdout.resume()
      stderr.pipe(process.stderr)
    },
    workers: [
      gatewayWorker(
        { name: 'chatapps-edge', scriptPath: `${OUT}/index.js`, host: 'gateway.bench' },
        '',
        true,
        inspectorPort !== undefined,
      ),
      ...others.map((other) => gatewayWorker(other, `-${other.name}`, other.contacts, false)),
      {
        name: 'bare-proxy',
        modules: true,
        scriptPath: `${PROXY_OUT}/index.js`,
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
        routes: ['sandbox.bench/*'],
        bindings: { SANDBOX_API_KEY: API_KEY, TIMEOUT_HANG_MS: '3000' },
        durableObjects: { SANDBOX_STORE: { className: 'SandboxStore', useSQLite: true } },
      },
    ],
  })
  await mf.ready
  await seedKeys(await mf.getD1Database('DB', 'chatapps-edge'), migrationSql())
  for (const other of others) {
    await seedKeys(await mf.getD1Database('DB', other.name), migrationSql(other.migrations))
  }
  return mf
}

/** Migrates a gateway's D1 and registers the development keys, with limits the bench never meets. */
async function seedKeys(db: D1, migrations: string): Promise<void> {
  await db.exec(migrations)
  const insert = db.prepare(
    `INSERT OR REPLACE INTO client_keys (key_id, alg, secret, sub_account, allowed_routes,
      allowed_types, rate_per_second, rate_burst, status, created_at)
      VALUES (?, ?, ?, 'demo-subaccount', NULL, NULL, 1000000, 1000000, 'active', 0)`,
  )
  await insert.bind(SIGNERS.ed25519.keyId, 'ed25519', ED25519_PUBLIC).run()
  const hmac = SIGNERS['hmac-sha256']
  await insert.bind(hmac.keyId, hmac.alg, hmac.key).run()
}

/**
 * Sends every request of `pool` (emptying it) as a POST of `body`, `concurrency` at a time, and
 * hands each answer to `answered`.
 */
export async function drain(
  mf: MiniflareLike,
  pool: Sendable[],
  body: string,
  concurrency: number,
  answered: (response: MfResponse) => Promise<void>,
): Promise<void> {
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let request = pool.pop(); request !== undefined; request = pool.pop()) {
        await answered(
          await mf.dispatchFetch(request.url, { method: 'POST', headers: request.headers, body }),
        )
      }
    }),
  )
}

/** Linux's clock ticks per second (`getconf CLK_TCK`), the unit of /proc/<pid>/stat times. */
const CLOCK_TICKS = 100
let workerdPid: string | undefined

/**
 * CPU time (user + system, in ms) used so far by the workerd process Miniflare started for this
 * process, or null where /proc is not there. Time per request is steadier than requests per
 * second on a shared machine: it does not count waiting for a core.
 */
export function workerdCpuMs(): number | null {
  const read = (pid: string) => {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // After "pid (comm) ": state, ppid, …; utime and stime are the 14th and 15th fields.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return { comm: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), fields }
  }
  try {
    if (workerdPid === undefined) {
      workerdPid = readdirSync('/proc').find((entry) => {
        if (!/^\d+$/.test(entry)) return false
        const { comm, fields } = read(entry)
        return comm === 'workerd' && Number(fields[1]) === process.pid
      })
    }
    if (workerdPid === undefined) return null
    const { fields } = read(workerdPid)
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS
  } catch {
    return null
  }
}

/** Percentile of sorted numbers. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
}
