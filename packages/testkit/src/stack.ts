/**
 * The real gateway and the real sandbox, built by wrangler and run by Miniflare inside this Node
 * process, on loopback. `const stack = await startStack(); …; await stack.stop()`.
 *
 * - Each worker is built with `wrangler deploy --dry-run --outdir` from its own wrangler.jsonc
 *   (`apps/edge`, `apps/sandbox`), into a fresh temporary directory (removed by `stop()`), so
 *   that two suites starting stacks at once never share a build.
 * - Its Miniflare options (bindings, D1, Durable Objects, queues, service bindings, compatibility
 *   date and flags) come from wrangler's `unstable_getMiniflareWorkerOptions(configPath)`, so a
 *   binding added to a wrangler config reaches the tests without touching this file. Miniflare is
 *   resolved through wrangler (it is wrangler's dependency, not ours).
 * - The gateway's `UPSTREAM` service binding names `chatapps-sandbox`: the sandbox worker. The
 *   sandbox's receipts reach the gateway's webhook through a `WEBHOOK` service binding, never
 *   through a port someone else may be listening on.
 * - D1 is migrated from apps/edge/migrations and the development keys of signing.md are
 *   registered for `demo-subaccount` (see {@link ./keys.ts}).
 * - Only loopback: Miniflare listens on 127.0.0.1; nothing else is reachable.
 *
 * @module
 */

import { execFile } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import type { Readable } from 'node:stream'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import {
  ED25519_KEY_ID,
  ED25519_PUBLIC,
  HMAC_KEY_ID,
  HMAC_SECRET,
  LIMITED_KEY_ID,
  SUB_ACCOUNT,
} from './keys'

const run = promisify(execFile)

/** The repository's root directory, with a trailing slash. */
export const REPO_DIR = fileURLToPath(new URL('../../../', import.meta.url))

interface WorkerSpec {
  readonly name: string
  readonly configPath: string
}

const EDGE: WorkerSpec = {
  name: 'chatapps-edge',
  configPath: `${REPO_DIR}apps/edge/wrangler.jsonc`,
}
const SANDBOX: WorkerSpec = {
  name: 'chatapps-sandbox',
  configPath: `${REPO_DIR}apps/sandbox/wrangler.jsonc`,
}

/** What the kit uses of Miniflare (typed here: Miniflare is wrangler's dependency, not ours). */
interface D1 {
  exec(sql: string): Promise<unknown>
  prepare(sql: string): {
    bind(...values: unknown[]): {
      run(): Promise<unknown>
      all<T>(): Promise<{ results: T[] }>
    }
  }
}
interface MiniflareLike {
  readonly ready: Promise<URL>
  getWorker(name: string): Promise<{ scheduled(options: { cron: string }): Promise<unknown> }>
  unsafeGetDirectURL(worker: string): Promise<URL>
  getD1Database(binding: string, worker?: string): Promise<D1>
  getDurableObjectNamespace(binding: string, worker?: string): Promise<AdmissionNamespace>
  dispose(): Promise<void>
}
interface AdmissionNamespace {
  idFromName(name: string): unknown
  get(id: unknown): { stats(): Promise<AdmissionStats> }
}

/**
 * What the admission object of `keyId` served, read through a Miniflare running the gateway
 * (this kit's, or the benchmark's own).
 */
export async function admissionStatsOf(
  mf: Pick<MiniflareLike, 'getDurableObjectNamespace'>,
  keyId: string,
): Promise<AdmissionStats> {
  const namespace = await mf.getDurableObjectNamespace('ADMISSION', EDGE.name)
  // Field by field: Miniflare hands the object back as a proxy.
  const stats = await namespace.get(namespace.idFromName(keyId)).stats()
  return {
    admissions: stats.admissions,
    completions: stats.completions,
    groups: stats.groups,
  }
}

/** What a client key's admission object served since it started (`Admission.stats()`). */
export interface AdmissionStats {
  /** Calls from the gateway's requests: each admits one request, or completes one. */
  readonly admissions: number
  readonly completions: number
  /** The groups those calls were decided in: each group's writes share one storage commit. */
  readonly groups: number
}
type MiniflareClass = new (options: Record<string, unknown>) => MiniflareLike
interface WranglerApi {
  unstable_getMiniflareWorkerOptions(configPath: string): {
    workerOptions: Record<string, unknown>
  }
}

/** How {@link startStack} starts the stack; every option is optional. */
export interface StackOptions {
  /** The gateway's port on 127.0.0.1; `0` (the default) picks a free one. */
  readonly port?: number
  /** The sandbox's own port on 127.0.0.1; `0` (the default) picks a free one. */
  readonly sandboxPort?: number
  /**
   * Milliseconds between one delivery receipt and the next of a message (`RECEIPT_STEP_MS`);
   * 100 by default, so that a message is `read` about 400 ms after it was sent.
   */
  readonly receiptStepMs?: number
  /** Whether the sandbox sends delivery receipts to the gateway at all; `true` by default. */
  readonly receipts?: boolean
  /** Variables for the gateway over those of its wrangler.jsonc (timeouts, backoff, circuit). */
  readonly gatewayVars?: Readonly<Record<string, string>>
  /** Variables for the sandbox over those of its wrangler.jsonc. */
  readonly sandboxVars?: Readonly<Record<string, string>>
}

/** The running gateway and sandbox. */
export interface Stack {
  /** The gateway's origin, `http://127.0.0.1:<port>`. */
  readonly url: string
  /** The sandbox's own loopback origin (`/__sandbox/messages`, the inbox at `/`). */
  readonly sandboxUrl: string
  /** Stops workerd and removes the build. */
  stop(): Promise<void>
  /** Runs the gateway's cron trigger once (reconciliation with the sandbox's message details). */
  scheduled(): Promise<void>
  /** Runs a query on the gateway's D1 database (what tests check behind the API). */
  query<T>(sql: string, ...values: unknown[]): Promise<T[]>
  /** What the admission object of a client key served since it started. */
  admissionStats(keyId: string): Promise<AdmissionStats>
  /** How long building and starting took, in ms. */
  readonly timings: { readonly buildMs: number; readonly startMs: number }
}

const wranglerEnv = {
  ...process.env,
  WRANGLER_SEND_METRICS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  DO_NOT_TRACK: '1',
}

const fromKit = createRequire(import.meta.url)

async function build(worker: WorkerSpec, outRoot: string): Promise<string> {
  const outdir = join(outRoot, worker.name)
  const bin = join(dirname(fromKit.resolve('wrangler/package.json')), 'bin/wrangler.js')
  await run(
    process.execPath,
    [bin, 'deploy', '--dry-run', '--env=', '-c', worker.configPath, '--outdir', outdir],
    { cwd: dirname(worker.configPath), env: wranglerEnv, timeout: 120_000 },
  )
  return join(outdir, 'index.js')
}

async function loadTools(): Promise<{ Miniflare: MiniflareClass; wrangler: WranglerApi }> {
  const wranglerPath = fromKit.resolve('wrangler')
  const fromWrangler = createRequire(wranglerPath)
  const wrangler = (await import(pathToFileURL(wranglerPath).href)) as WranglerApi
  const miniflare = (await import(pathToFileURL(fromWrangler.resolve('miniflare')).href)) as {
    Miniflare: MiniflareClass
  }
  return { Miniflare: miniflare.Miniflare, wrangler }
}

/**
 * The gateway's migrations (apps/edge/migrations/*.sql, in order) as single-line statements:
 * D1's `exec` runs one statement per line.
 */
export function migrationSql(dir = `${REPO_DIR}apps/edge/migrations`): string {
  const text = readdirSync(dir)
    .filter((name) => name.endsWith('.sql'))
    .sort()
    .map((name) => readFileSync(`${dir}/${name}`, 'utf8'))
    .join('\n')
  return statementsOf(text)
    .map((statement) => statement.replace(/\s+/g, ' ').trim())
    .filter((statement) => statement.length > 0)
    .join(';\n')
}

/**
 * SQL split at its semicolons, without its `--` comments; both only outside a string literal (a
 * migration may write `'; …'`, which splitting every `;` would cut in two).
 */
function statementsOf(sql: string): string[] {
  const statements: string[] = []
  let current = ''
  let quoted = false
  for (let index = 0; index < sql.length; index++) {
    const char = sql[index]
    if (quoted) {
      current += char
      // '' inside a literal is an escaped quote: the scan stays inside it.
      if (char === "'") quoted = false
    } else if (char === "'") {
      quoted = true
      current += char
    } else if (char === '-' && sql[index + 1] === '-') {
      const end = sql.indexOf('\n', index)
      index = end === -1 ? sql.length : end - 1
    } else if (char === ';') {
      statements.push(current)
      current = ''
    } else {
      current += char
    }
  }
  statements.push(current)
  return statements
}

async function seedKeys(db: D1): Promise<void> {
  const insert = db.prepare(
    `INSERT OR REPLACE INTO client_keys (key_id, alg, secret, sub_account, allowed_routes,
      allowed_types, rate_per_second, rate_burst, status, created_at)
      VALUES (?, ?, ?, ?, NULL, NULL, ?, ?, 'active', 0)`,
  )
  // A limit high enough not to interfere, except for the key that exists to be limited.
  await insert.bind(ED25519_KEY_ID, 'ed25519', ED25519_PUBLIC, SUB_ACCOUNT, 100_000, 100_000).run()
  await insert.bind(HMAC_KEY_ID, 'hmac-sha256', HMAC_SECRET, SUB_ACCOUNT, 100_000, 100_000).run()
  await insert.bind(LIMITED_KEY_ID, 'ed25519', ED25519_PUBLIC, SUB_ACCOUNT, 2, 2).run()
}

/**
 * Builds both workers, starts them in one Miniflare on loopback, migrates the gateway's D1 and
 * registers the development keys.
 *
 * @param options Fixed ports for people, the sandbox's receipt step.
 * @returns The two origins, `stop()`, and how long it took.
 *
 * @example
 * ```ts
 * const stack = await startStack({ port: 8787 })
 * console.log(`gateway ${stack.url}, sandbox inbox ${stack.sandboxUrl}/`)
 * await stack.stop()
 * ```
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const outRoot = mkdtempSync(join(tmpdir(), 'chatapps-stack-'))
  const removeBuild = () => rmSync(outRoot, { recursive: true, force: true })
  let mf: MiniflareLike | undefined
  try {
    const t0 = performance.now()
    // One after the other: the machine has two cores and each build uses both.
    const edgeScript = await build(EDGE, outRoot)
    const sandboxScript = await build(SANDBOX, outRoot)
    const buildMs = performance.now() - t0

    const t1 = performance.now()
    const { Miniflare, wrangler } = await loadTools()
    const optionsOf = (worker: WorkerSpec, scriptPath: string): Record<string, unknown> => ({
      ...wrangler.unstable_getMiniflareWorkerOptions(worker.configPath).workerOptions,
      name: worker.name,
      modules: true,
      // Module names are paths relative to this root: the build directory, wherever it is.
      modulesRoot: dirname(scriptPath),
      scriptPath,
    })
    const sandbox = optionsOf(SANDBOX, sandboxScript)
    const receipts = options.receipts ?? true
    const edge = optionsOf(EDGE, edgeScript)
    mf = new Miniflare({
      host: '127.0.0.1',
      port: options.port ?? 0,
      handleRuntimeStdio: readRuntimeOutput,
      workers: [
        {
          ...edge,
          bindings: {
            ...(edge.bindings as Record<string, unknown> | undefined),
            // No request, queue or metric lines unless asked: Miniflare's D1 proxy waits for
            // workerd synchronously, and workerd waits for its output to be read, so thousands
            // of lines under load (the soak) stopped both.
            ...(process.env.CHATAPPS_STACK_LOGS === '1' ? {} : { LOG_LINES: 'off' }),
            ...options.gatewayVars,
          },
        },
        {
          ...sandbox,
          bindings: {
            ...(sandbox.bindings as Record<string, unknown> | undefined),
            // The host name is never resolved: the WEBHOOK service binding carries the receipts.
            WEBHOOK_URL: receipts ? 'http://gateway.stack/v1/webhooks/chatapps' : '',
            RECEIPT_STEP_MS: String(options.receiptStepMs ?? 100),
            ...options.sandboxVars,
          },
          serviceBindings: { WEBHOOK: EDGE.name },
          unsafeDirectSockets: [{ host: '127.0.0.1', port: options.sandboxPort ?? 0 }],
        },
      ],
    })
    const url = await mf.ready
    const db = await mf.getD1Database('DB', EDGE.name)
    await db.exec(migrationSql())
    await seedKeys(db)
    const sandboxUrl = (await mf.unsafeGetDirectURL(SANDBOX.name)).origin
    const startMs = performance.now() - t1
    const running = mf
    return {
      url: url.origin,
      sandboxUrl,
      timings: { buildMs, startMs },
      stop: async () => {
        await running.dispose()
        removeBuild()
      },
      scheduled: async () => {
        await (await running.getWorker(EDGE.name)).scheduled({ cron: '* * * * *' })
      },
      admissionStats: (keyId) => admissionStatsOf(running, keyId),
      query: async <T>(sql: string, ...values: unknown[]) =>
        (
          await db
            .prepare(sql)
            .bind(...values)
            .all<T>()
        ).results,
    }
  } catch (error) {
    await mf?.dispose()
    removeBuild()
    throw error
  }
}

/**
 * Reads workerd's output as fast as it comes: workerd writes its logs synchronously and stops
 * when nobody reads them. Its stdout is shown only with `CHATAPPS_STACK_LOGS=1`; warnings and
 * errors (stderr) always. Writes ignore back-pressure on purpose: a slow reader costs memory
 * here, never a stalled runtime.
 */
function readRuntimeOutput(stdout: Readable, stderr: Readable): void {
  const show = process.env.CHATAPPS_STACK_LOGS === '1'
  stdout.on('data', (chunk: Buffer) => {
    if (show) process.stdout.write(chunk)
  })
  stderr.on('data', (chunk: Buffer) => {
    process.stderr.write(chunk)
  })
}
