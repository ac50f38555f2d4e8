/**
 * `pnpm bench:compare [ref]`: the gateway as it is in the working tree against the gateway of a
 * git ref (default `HEAD`: what the uncommitted changes cost), in one Miniflare, with the bare
 * proxy as the third target. Each round sends the same number of signed (ed25519) requests to
 * each target in turn, in a rotating order, so that both builds meet the same machine: on two
 * shared cores the load moves more between runs than most changes do, and only a paired
 * comparison sees a change of a few percent.
 *
 * The ref's gateway is built from a throw-away worktree (its own dependencies, installed from
 * the pnpm store when it can be) into `.wrangler/bench-base/<sha>`, kept for the next run. Its
 * D1 is migrated with its own migrations. Everything runs in-process on loopback and stops by
 * itself.
 *
 * `BENCH_COMPARE_ROUNDS` (8) rounds of `BENCH_COMPARE_REQUESTS` (1,000) requests per target,
 * 16 in flight.
 */
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { seedBuilders } from '../../../packages/dsl/examples/seeds'
import {
  build,
  drain,
  type MiniflareLike,
  type OtherGateway,
  OUT,
  PROXY_URL,
  percentile,
  type Sendable,
  signedRequests,
  startStack,
  workerdCpuMs,
} from './stack'

const EDGE = fileURLToPath(new URL('..', import.meta.url))
const CONCURRENCY = 16
const ROUNDS = Number(process.env.BENCH_COMPARE_ROUNDS ?? 8)
const REQUESTS = Number(process.env.BENCH_COMPARE_REQUESTS ?? 1000)
const BODY = JSON.stringify(seedBuilders.list.build())
const ref = process.argv[2] ?? process.env.BENCH_COMPARE_REF ?? 'HEAD'

const git = (args: string[], cwd = EDGE) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim()

/** Builds the gateway of `sha` (once per sha) and says where it is. */
function buildRef(sha: string): OtherGateway {
  const out = `${EDGE}.wrangler/bench-base/${sha}`
  const base: OtherGateway = {
    name: 'chatapps-edge-base',
    scriptPath: `${out}/index.js`,
    host: 'base.bench',
    migrations: `${out}/migrations`,
    contacts: false,
  }
  if (!existsSync(base.scriptPath)) {
    const tree = mkdtempSync(join(tmpdir(), 'chatapps-compare-'))
    rmSync(tree, { recursive: true })
    git(['worktree', 'add', '--detach', tree, sha])
    try {
      const install = (offline: boolean) =>
        execFileSync('pnpm', ['install', '--frozen-lockfile', ...(offline ? ['--offline'] : [])], {
          cwd: tree,
          stdio: ['ignore', 'ignore', 'inherit'],
        })
      try {
        install(true)
      } catch {
        install(false)
      }
      mkdirSync(out, { recursive: true })
      execFileSync(
        `${tree}/apps/edge/node_modules/.bin/wrangler`,
        ['deploy', '--dry-run', '--minify', '--env=', '--outdir', out],
        {
          cwd: `${tree}/apps/edge`,
          stdio: ['ignore', 'ignore', 'inherit'],
          env: {
            ...process.env,
            WRANGLER_SEND_METRICS: 'false',
            CLOUDFLARE_CF_FETCH_ENABLED: 'false',
          },
        },
      )
      cpSync(`${tree}/apps/edge/migrations`, base.migrations, { recursive: true })
    } finally {
      git(['worktree', 'remove', '--force', tree])
    }
  }
  // A build from before issue 17 has no contact object to bind.
  const exports = [...readFileSync(base.scriptPath, 'utf8').matchAll(/export\s*\{([^}]*)\}/g)]
  return { ...base, contacts: /\bas Contact\b/.test(exports.at(-1)?.[1] ?? '') }
}

/** One round of `pool` (emptied): requests per second and workerd CPU per request. */
async function round(mf: MiniflareLike, pool: Sendable[]) {
  const count = pool.length
  const cpu = workerdCpuMs()
  const start = performance.now()
  await drain(mf, pool, BODY, CONCURRENCY, async (response) => {
    if (response.status !== 200) throw new Error(`${response.status} ${await response.text()}`)
    await response.arrayBuffer()
  })
  const elapsed = performance.now() - start
  const after = workerdCpuMs()
  return {
    rps: (count / elapsed) * 1000,
    cpu: cpu === null || after === null ? Number.NaN : (after - cpu) / count,
  }
}

const median = (values: readonly number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  )

const sha = git(['rev-parse', '--verify', `${ref}^{commit}`])
console.log(`building the working tree's gateway, and ${ref} (${sha.slice(0, 12)})…`)
build()
const base = buildRef(sha)
const mf = await startStack(undefined, [base])
try {
  const targets = [
    { name: 'working tree', pool: () => signedRequests(REQUESTS, BODY) },
    {
      name: `${ref} (${sha.slice(0, 12)})`,
      pool: () =>
        signedRequests(REQUESTS, BODY, '/v1/messages', {}, 'ed25519', `http://${base.host}`),
    },
    {
      name: 'bare proxy',
      pool: async (): Promise<Sendable[]> =>
        Array.from({ length: REQUESTS }, () => ({
          url: PROXY_URL,
          headers: { 'content-type': 'application/json' },
        })),
    },
  ]
  // Warm-up, not counted.
  for (const target of targets) await round(mf, await target.pool())
  const results = targets.map(() => ({ rps: [] as number[], cpu: [] as number[] }))
  for (let i = 0; i < ROUNDS; i++) {
    for (let j = 0; j < targets.length; j++) {
      const index = (i + j) % targets.length
      const target = targets[index]
      const result = results[index]
      if (target === undefined || result === undefined) continue
      // Signed before the round, outside the timed section.
      const measured = await round(mf, await target.pool())
      result.rps.push(measured.rps)
      result.cpu.push(measured.cpu)
    }
  }
  const [head, old, proxy] = results
  if (head === undefined || old === undefined || proxy === undefined) throw new Error('no results')
  const ratio = (a: readonly number[], b: readonly number[]) => a.map((x, k) => x / (b[k] ?? 1))
  console.log(
    `\n${ROUNDS} rounds of ${REQUESTS} requests per target, ${CONCURRENCY} in flight, rotating order; medians of the rounds\n`,
  )
  console.log(
    'target'.padEnd(34) +
      'req/s'.padStart(8) +
      'workerd CPU ms/req'.padStart(20) +
      'CPU ÷ ref'.padStart(11) +
      'req/s ÷ proxy'.padStart(15),
  )
  targets.forEach((target, index) => {
    const result = results[index]
    if (result === undefined) return
    console.log(
      target.name.padEnd(34) +
        median(result.rps).toFixed(0).padStart(8) +
        median(result.cpu).toFixed(2).padStart(20) +
        median(ratio(result.cpu, old.cpu)).toFixed(3).padStart(11) +
        median(ratio(result.rps, proxy.rps)).toFixed(3).padStart(15),
    )
  })
  const rounds = (values: readonly number[]) => values.map((v) => v.toFixed(3)).join(' ')
  console.log(`\nCPU, working tree ÷ ${ref}, each round: ${rounds(ratio(head.cpu, old.cpu))}`)
  console.log(`req/s, working tree ÷ proxy, each round: ${rounds(ratio(head.rps, proxy.rps))}`)
  console.log(`req/s, ${ref} ÷ proxy, each round:       ${rounds(ratio(old.rps, proxy.rps))}`)
  console.log(`(builds: ${OUT}/index.js and ${base.scriptPath})`)
} finally {
  await mf.dispose()
}
