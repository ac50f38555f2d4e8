/**
 * `pnpm bench:profile`: where the gateway's time goes. Starts the benchmark's stack with the
 * gateway's V8 inspector open on loopback, sends signed requests as `pnpm bench` does, records a
 * CPU profile of the gateway's isolate (its Durable Objects included) and prints the functions
 * with the most time of their own. The build is not minified, so names and lines are readable;
 * the profile is written to `.wrangler/bench/gateway.cpuprofile` (open it in Chrome DevTools).
 *
 * BENCH_ALG=hmac-sha256 signs with the HMAC development key instead of ed25519.
 */
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { seedBuilders } from '../../../packages/dsl/examples/seeds'
import { drain, fromWrangler, OUT, type SIGNERS, signedRequests, startStack } from './stack'

const INSPECTOR_PORT = 9229
const REQUESTS = 2_000
const CONCURRENCY = 16
const ALG = (process.env.BENCH_ALG ?? 'ed25519') as keyof typeof SIGNERS
const BODY = JSON.stringify(seedBuilders.list.build())

interface ProfileNode {
  readonly id: number
  readonly callFrame: {
    readonly functionName: string
    readonly url: string
    readonly lineNumber: number
  }
}
interface Profile {
  readonly nodes: readonly ProfileNode[]
  readonly samples: readonly number[]
}
interface Socket {
  on(event: 'open', listener: () => void): void
  on(event: 'message', listener: (data: Buffer) => void): void
  send(data: string): void
  close(): void
}

const edge = fileURLToPath(new URL('..', import.meta.url))
execFileSync(
  `${edge}node_modules/.bin/wrangler`,
  ['deploy', '--dry-run', '--env=', '--outdir', OUT],
  {
    cwd: edge,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
  },
)
// The bare proxy is not profiled, but the stack starts it: build it as `pnpm bench` does.
execFileSync(
  `${edge}node_modules/.bin/wrangler`,
  [
    'deploy',
    '--dry-run',
    '-c',
    'bench/proxy/wrangler.jsonc',
    '--outdir',
    `${edge}.wrangler/bench-proxy`,
  ],
  { cwd: edge, stdio: ['ignore', 'ignore', 'inherit'] },
)
const mf = await startStack(INSPECTOR_PORT)

// Miniflare's own WebSocket client (Node 20 has none built in).
const WebSocket = createRequire(fromWrangler().resolve('miniflare'))('ws') as new (
  url: string,
) => Socket
const socket = new WebSocket(`ws://127.0.0.1:${INSPECTOR_PORT}/chatapps-edge`)
await new Promise<void>((resolve) => socket.on('open', resolve))
let nextId = 0
const pending = new Map<number, (result: unknown) => void>()
socket.on('message', (data) => {
  const message = JSON.parse(data.toString()) as { id?: number; result?: unknown }
  if (message.id !== undefined) pending.get(message.id)?.(message.result)
})
const call = (method: string, params: Record<string, unknown> = {}) =>
  new Promise<unknown>((resolve) => {
    const id = ++nextId
    pending.set(id, resolve)
    socket.send(JSON.stringify({ id, method, params }))
  })

async function drive(count: number): Promise<number> {
  const requests = await signedRequests(count, BODY, '/v1/messages', {}, ALG)
  const start = performance.now()
  await drain(mf, requests, BODY, CONCURRENCY, async (response) => {
    await response.arrayBuffer()
  })
  return (count / (performance.now() - start)) * 1000
}

try {
  await drive(300) // warm-up
  await call('Profiler.enable')
  await call('Profiler.setSamplingInterval', { interval: 100 })
  await call('Profiler.start')
  const rate = await drive(REQUESTS)
  const { profile } = (await call('Profiler.stop')) as { profile: Profile }
  writeFileSync(`${OUT}/gateway.cpuprofile`, JSON.stringify(profile))

  const nodes = new Map(profile.nodes.map((node) => [node.id, node]))
  const own = new Map<string, number>()
  for (const id of profile.samples) {
    const frame = nodes.get(id)?.callFrame
    if (frame === undefined) continue
    const file = frame.url.split('/').at(-1) ?? ''
    const name = `${frame.functionName || '(anonymous)'} ${file}${file === '' ? '' : `:${frame.lineNumber + 1}`}`
    own.set(name, (own.get(name) ?? 0) + 1)
  }
  const total = profile.samples.length
  console.log(
    `\n${REQUESTS} signed (${ALG}) sends, ${CONCURRENCY} in flight: ${rate.toFixed(0)} req/s while profiling`,
  )
  console.log('own time  function (file:line of the unminified build; (program) is native)')
  for (const [name, samples] of [...own].sort((a, b) => b[1] - a[1]).slice(0, 30)) {
    console.log(`${((samples / total) * 100).toFixed(1).padStart(7)} %  ${name}`)
  }
  console.log(`\nprofile: ${OUT}/gateway.cpuprofile`)
} finally {
  socket.close()
  await mf.dispose()
}
process.exit(0)
