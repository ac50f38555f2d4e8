/**
 * The README's first command, `pnpm start` (scripts/dev.mjs), then `pnpm demo` against it, as a
 * newcomer runs them: both servers come up under `wrangler dev`, the twelve reference messages go
 * through the gateway to the sandbox, and Ctrl-C stops everything. On free loopback ports, with
 * its own local state and dev registry, so that a developer's own `pnpm start` is left alone.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, expect, test } from 'vitest'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const state = mkdtempSync(join(tmpdir(), 'chatapps-start-'))
let server: ChildProcess | undefined

/** A port nothing listens on now (and the one after it, for `consecutive`). */
async function freePort(consecutive = 1): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const probe = createServer()
      probe.once('error', reject)
      probe.listen(0, '127.0.0.1', () => {
        const address = probe.address()
        probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
      })
    })
    if (port > 0 && port + consecutive <= 65_535 && (await allFree(port + 1, consecutive - 1))) {
      return port
    }
  }
}

async function allFree(from: number, count: number): Promise<boolean> {
  for (let port = from; port < from + count; port++) {
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer()
      probe.once('error', () => resolve(false))
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)))
    })
    if (!free) return false
  }
  return true
}

/** Resolves once `url` answers 2xx, or rejects after `ms`. */
async function up(url: string, ms: number): Promise<void> {
  const until = Date.now() + ms
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  throw new Error(`${url} did not answer within ${ms} ms`)
}

/** Resolves once nothing listens on `port` any more, or rejects after `ms`. */
async function down(port: number, ms: number): Promise<void> {
  const until = Date.now() + ms
  while (Date.now() < until) {
    if (await allFree(port, 1)) return
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`port ${port} still listens after ${ms} ms`)
}

afterAll(async () => {
  // Only what this test started. Should it have failed before its Ctrl-C, send that first:
  // dev.mjs then stops its servers (each in a group of its own); a kill would orphan them.
  const pid = server?.pid
  if (
    server !== undefined &&
    pid !== undefined &&
    server.exitCode === null &&
    server.signalCode === null
  ) {
    const exited = new Promise((resolve) => server?.once('exit', resolve))
    try {
      process.kill(-pid, 'SIGINT')
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 20_000))])
      process.kill(-pid, 'SIGKILL')
    } catch {}
  }
  rmSync(state, { recursive: true, force: true })
}, 60_000)

test('pnpm start serves the gateway and the sandbox; pnpm demo sends the twelve messages; Ctrl-C stops both', async () => {
  const gatewayPort = await freePort()
  const sandboxPort = await freePort()
  const inspectorPort = await freePort(2)
  const env = {
    ...process.env,
    CHATAPPS_GATEWAY_PORT: String(gatewayPort),
    CHATAPPS_SANDBOX_PORT: String(sandboxPort),
    CHATAPPS_INSPECTOR_PORT: String(inspectorPort),
    CHATAPPS_PERSIST_TO: join(state, 'state'),
    WRANGLER_REGISTRY_PATH: join(state, 'registry'),
  }
  const started = spawn('pnpm', ['--silent', 'start'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  server = started
  let output = ''
  for (const stream of [started.stdout, started.stderr]) {
    stream?.on('data', (chunk) => {
      output += String(chunk)
    })
  }
  const gateway = `http://127.0.0.1:${gatewayPort}`
  const sandbox = `http://127.0.0.1:${sandboxPort}`
  await up(`${gateway}/health`, 240_000)
  await up(`${sandbox}/health`, 60_000)
  await up(`${gateway}/health`, 60_000)
  expect(output).toContain('Preparing the local D1 database')
  await expect.poll(() => output, { timeout: 30_000 }).toContain('chatapps is running on loopback')
  expect(output).toContain(`gateway  ${gateway}`)
  expect(output).toContain(`sandbox  ${sandbox}`)

  const demo = await promisify(execFile)('pnpm', ['--silent', 'demo'], {
    cwd: ROOT,
    env: { ...env, GATEWAY_URL: gateway, SANDBOX_URL: sandbox },
    timeout: 180_000,
  })
  const sent = demo.stdout.split('\n').filter((line) => /^\d{3} /.test(line))
  expect(sent).toHaveLength(12)
  expect(sent.filter((line) => line.startsWith('200 '))).toHaveLength(12)
  const inbox = (await (await fetch(`${sandbox}/__sandbox/messages`)).json()) as {
    messages: unknown[]
  }
  expect(inbox.messages).toHaveLength(12)

  // Ctrl-C, as a terminal sends it to the foreground group: dev.mjs stops both servers (each in
  // a group of its own, workerd with it) and exits; pnpm, which does not handle it, ends by it.
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    started.once('exit', (code, signal) => resolve({ code, signal })),
  )
  process.kill(-(started.pid ?? 0), 'SIGINT')
  expect([
    { code: 0, signal: null },
    { code: null, signal: 'SIGINT' },
  ]).toContainEqual(await exited)
  await down(gatewayPort, 30_000)
  await down(sandboxPort, 30_000)
}, 600_000)
