/**
 * What both benchmarks share: the built, minified gateway, the sandbox and a bare proxy in one
 * Miniflare instance (never `wrangler dev`, TOOLCHAIN.md pitfall 7), a migrated D1 with the
 * ed25519 development key, and signing outside the timed sections.
 */
import { execFileSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { signRequest } from '@chatapps/signature'
import { migrationSql } from '@chatapps/testkit'

const EDGE = fileURLToPath(new URL('..', import.meta.url))
export const OUT = `${EDGE}.wrangler/bench`
const SANDBOX_SCRIPT = `${EDGE}.wrangler/sandbox/index.js`
const COMPATIBILITY_DATE = '2026-05-03'
const API_KEY = 'sandbox-demo-key'
const KEY_ID = 'test-key-ed25519'
/** RFC 9421 B.1.4 (signing.md): the public development key pair. */
const ED25519_PUBLIC = 'MCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs='
const ED25519_PRIVATE = 'MC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF'

export const GATEWAY = 'http://gateway.bench'
export const PROXY_URL = 'http://proxy.bench/v1/messages'
export const SANDBOX = 'http://sandbox.bench'

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

/** A request ready to dispatch. */
export interface Sendable {
  readonly url: string
  readonly headers: Record<string, string>
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

/** `wrangler deploy --dry-run --minify` of the gateway into {@link OUT}. */
export function build(): void {
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

const signKey = await crypto.subtle.importKey(
  'pkcs8',
  Buffer.from(ED25519_PRIVATE, 'base64'),
  { name: 'Ed25519' },
  false,
  ['sign'],
)

/** `count` signed POSTs of `body` to a gateway path, each with its own Idempotency-Key. */
export async function signedRequests(
  count: number,
  body: string,
  path = '/v1/messages',
  extra: Record<string, string> = {},
): Promise<Sendable[]> {
  const url = `${GATEWAY}${path}`
  const out: Sendable[] = []
  for (let i = 0; i < count; i++) {
    const request = new Request(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': `"${crypto.randomUUID()}"`,
      },
      body,
    })
    const signed = await signRequest(request, { keyId: KEY_ID, alg: 'ed25519', key: signKey })
    out.push({ url, headers: { ...Object.fromEntries(signed.headers), ...extra } })
  }
  return out
}

/** Starts the three workers; the gateway's queue consumers run as in production. */
export async function startStack(): Promise<MiniflareLike> {
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
          UPSTREAM_TIMEOUT_MS: '2000',
          DELIVERY_BACKOFF_CAP_S: '4',
          CIRCUIT_OPEN_MS: '1000',
        },
        d1Databases: { DB: 'chatapps-edge-bench' },
        durableObjects: {
          ADMISSION: { className: 'Admission', useSQLite: true },
          CIRCUIT: { className: 'Circuit', useSQLite: true },
        },
        queueProducers: { DELIVERY: 'chatapps-delivery', DELIVERY_DLQ: 'chatapps-delivery-dlq' },
        queueConsumers: {
          // As wrangler.jsonc.
          'chatapps-delivery': {
            maxBatchSize: 100,
            maxBatchTimeout: 1,
            maxRetries: 100,
            deadLetterQueue: 'chatapps-delivery-dlq',
          },
          'chatapps-delivery-dlq': { maxBatchSize: 25, maxBatchTimeout: 1 },
        },
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
        routes: ['sandbox.bench/*'],
        bindings: { SANDBOX_API_KEY: API_KEY, TIMEOUT_HANG_MS: '3000' },
        durableObjects: { SANDBOX_STORE: { className: 'SandboxStore', useSQLite: true } },
      },
    ],
  })
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
  return mf
}

/** Percentile of sorted numbers. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
}
