/**
 * The real gateway and the real sandbox, built by wrangler and run by Miniflare inside this Node
 * process, on loopback. Reusable: `const stack = await startStack(); …; await stack.stop()`.
 *
 * - Each worker is built with `wrangler deploy --dry-run --outdir` from its own wrangler.jsonc
 *   (`apps/edge`, `apps/sandbox`), into `packages/client/.wrangler/e2e/<name>`.
 * - Its Miniflare options (bindings, D1, Durable Objects, queues, service bindings, compatibility
 *   date and flags) come from wrangler's `unstable_getMiniflareWorkerOptions(configPath)`, so a
 *   binding added to a wrangler config reaches the tests without touching this file. Miniflare is
 *   resolved through wrangler (it is wrangler's dependency, not ours).
 * - The gateway's `UPSTREAM` service binding names `chatapps-sandbox`: the sandbox worker.
 * - D1 is migrated from apps/edge/migrations and the two development keys of signing.md are
 *   registered for `demo-subaccount`, with a rate limit high enough not to interfere; the ed25519
 *   key again as `e2e-limited-ed25519`, limited to 2 requests a second, for the retry tests.
 * - Only loopback: Miniflare listens on 127.0.0.1 on a free port; nothing else is reachable.
 */
import { execFile } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { promisify } from 'node:util'

const run = promisify(execFile)

export const CLIENT_DIR = fileURLToPath(new URL('..', import.meta.url))
const REPO = fileURLToPath(new URL('../../..', import.meta.url))
const OUT = `${CLIENT_DIR}.wrangler/e2e`

/** RFC 9421 B.1.4 (signing.md): the public development key pair, `test-key-ed25519`. */
export const ED25519_KEY_ID = 'test-key-ed25519'
export const ED25519_PUBLIC = 'MCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs='
export const ED25519_PRIVATE = 'MC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF'
/** The ed25519 development key pair again, registered with a low rate limit (2/s, burst 2). */
export const LIMITED_KEY_ID = 'e2e-limited-ed25519'
/** RFC 9421 B.1.5 (signing.md): `test-shared-secret`. */
export const HMAC_KEY_ID = 'test-shared-secret'
export const HMAC_SECRET =
  'uzvJfB4u3N0Jy4T7NZ75MDVcr8zSTInedJtkgcu46YW4XByzNJjxBdtjUkdJPBtbmHhIDi6pcl8jsasjlTMtDQ=='

interface WorkerSpec {
  readonly name: string
  readonly configPath: string
}

const EDGE: WorkerSpec = {
  name: 'chatapps-edge',
  configPath: `${REPO}apps/edge/wrangler.jsonc`,
}
const SANDBOX: WorkerSpec = {
  name: 'chatapps-sandbox',
  configPath: `${REPO}apps/sandbox/wrangler.jsonc`,
}

/** What the tests use of Miniflare (typed here: Miniflare is not our dependency). */
interface D1 {
  exec(sql: string): Promise<unknown>
  prepare(sql: string): { bind(...values: unknown[]): { run(): Promise<unknown> } }
}
interface MiniflareLike {
  readonly ready: Promise<URL>
  unsafeGetDirectURL(worker: string): Promise<URL>
  getD1Database(binding: string, worker?: string): Promise<D1>
  dispose(): Promise<void>
}
type MiniflareClass = new (options: Record<string, unknown>) => MiniflareLike
interface WranglerApi {
  unstable_getMiniflareWorkerOptions(configPath: string): {
    workerOptions: Record<string, unknown>
  }
}

/** An entry of the sandbox's `GET /__sandbox/messages`. */
export interface SandboxEntry {
  readonly kind: 'message' | 'batch'
  readonly umid?: string
  readonly umids?: readonly string[]
  readonly subAccountId: string
  readonly body: Record<string, unknown>
  readonly raw: string
}

/** The running gateway and sandbox. */
export interface Stack {
  /** The gateway's origin, `http://127.0.0.1:<port>`. */
  readonly url: string
  /** The sandbox's own loopback origin (for `/__sandbox/messages`). */
  readonly sandboxUrl: string
  /** Stops workerd. */
  stop(): Promise<void>
  /** How long building and starting took, in ms. */
  readonly timings: { readonly buildMs: number; readonly startMs: number }
}

const wranglerEnv = {
  ...process.env,
  WRANGLER_SEND_METRICS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  DO_NOT_TRACK: '1',
}

async function build(worker: WorkerSpec): Promise<string> {
  const outdir = `${OUT}/${worker.name}`
  await run(
    `${CLIENT_DIR}node_modules/.bin/wrangler`,
    ['deploy', '--dry-run', '--env=', '-c', worker.configPath, '--outdir', outdir],
    { cwd: CLIENT_DIR, env: wranglerEnv, timeout: 120_000 },
  )
  return `${outdir}/index.js`
}

async function loadTools(): Promise<{ Miniflare: MiniflareClass; wrangler: WranglerApi }> {
  const fromClient = createRequire(`${CLIENT_DIR}package.json`)
  const wranglerPath = fromClient.resolve('wrangler')
  const fromWrangler = createRequire(wranglerPath)
  const wrangler = (await import(pathToFileURL(wranglerPath).href)) as WranglerApi
  const miniflare = (await import(pathToFileURL(fromWrangler.resolve('miniflare')).href)) as {
    Miniflare: MiniflareClass
  }
  return { Miniflare: miniflare.Miniflare, wrangler }
}

/** migrations/*.sql as single-line statements (D1's exec runs one statement per line). */
function migrationSql(): string {
  const dir = `${REPO}apps/edge/migrations`
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

/** Builds both workers, starts them in one Miniflare on loopback, migrates and seeds D1. */
export async function startStack(): Promise<Stack> {
  const t0 = performance.now()
  const [edgeScript, sandboxScript] = [await build(EDGE), await build(SANDBOX)]
  const buildMs = performance.now() - t0

  const t1 = performance.now()
  const { Miniflare, wrangler } = await loadTools()
  const optionsOf = (worker: WorkerSpec, scriptPath: string) => ({
    ...wrangler.unstable_getMiniflareWorkerOptions(worker.configPath).workerOptions,
    name: worker.name,
    modules: true,
    scriptPath,
  })
  const mf = new Miniflare({
    host: '127.0.0.1',
    port: 0,
    workers: [
      optionsOf(EDGE, edgeScript),
      // Its own loopback socket, so tests and people can read `/__sandbox/messages`; its receipts
      // go to this gateway's webhook through a service binding (never to a port someone else
      // may be listening on).
      (() => {
        const options: Record<string, unknown> = optionsOf(SANDBOX, sandboxScript)
        return {
          ...options,
          bindings: {
            ...(options.bindings as Record<string, unknown> | undefined),
            WEBHOOK_URL: 'http://gateway.e2e/v1/webhooks/chatapps',
            RECEIPT_STEP_MS: '100',
          },
          serviceBindings: { WEBHOOK: EDGE.name },
          unsafeDirectSockets: [{ host: '127.0.0.1', port: 0 }],
        }
      })(),
    ],
  })
  try {
    const url = await mf.ready
    const db = await mf.getD1Database('DB', EDGE.name)
    await db.exec(migrationSql())
    const insert = db.prepare(
      `INSERT OR REPLACE INTO client_keys (key_id, alg, secret, sub_account, allowed_routes,
        allowed_types, rate_per_second, rate_burst, status, created_at)
        VALUES (?, ?, ?, 'demo-subaccount', NULL, NULL, ?, ?, 'active', 0)`,
    )
    await insert.bind(ED25519_KEY_ID, 'ed25519', ED25519_PUBLIC, 100_000, 100_000).run()
    await insert.bind(HMAC_KEY_ID, 'hmac-sha256', HMAC_SECRET, 100_000, 100_000).run()
    await insert.bind(LIMITED_KEY_ID, 'ed25519', ED25519_PUBLIC, 2, 2).run()
    const sandboxUrl = (await mf.unsafeGetDirectURL(SANDBOX.name)).origin
    const startMs = performance.now() - t1
    return { url: url.origin, sandboxUrl, timings: { buildMs, startMs }, stop: () => mf.dispose() }
  } catch (error) {
    await mf.dispose()
    throw error
  }
}

/** What the sandbox at `sandboxUrl` received, oldest first. */
export async function sandboxMessages(sandboxUrl: string): Promise<SandboxEntry[]> {
  const response = await fetch(`${sandboxUrl}/__sandbox/messages`)
  const json = (await response.json()) as { messages: SandboxEntry[] }
  return json.messages
}

/** Makes the sandbox at `sandboxUrl` forget what it received. */
export async function clearSandbox(sandboxUrl: string): Promise<void> {
  await fetch(`${sandboxUrl}/__sandbox/messages`, { method: 'DELETE' })
}
