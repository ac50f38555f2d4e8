/**
 * `pnpm bench` (third part): validating the worst 256 KiB bodies with `{ maxIssues: 100 }`, as the
 * gateway does, against valid bodies of the same size measured in the same run (the baselines).
 * Each body is parsed once; the timings are of validation alone. Ratios, not absolutes: these
 * machines are shared and noisy.
 */
import { Bench } from 'tinybench'
import { safeParseBatch, safeParseMessage } from '../src/index'
import { listOf as list } from '../test/fixtures/list-of-rows'

const MAX_BODY = 256 * 1024
const BOUND = { maxIssues: 100 }
const user = { msisdn: '+15551234567' }

/** The largest count of `item(i)` whose body, made by `wrap`, stays within 256 KiB. */
function fill<T>(wrap: (items: T[]) => unknown, item: (index: number) => T): unknown {
  const items: T[] = []
  // Counted as it grows (an item and its comma); checked once whole at the end.
  let size = JSON.stringify(wrap([])).length - 1
  for (;;) {
    const next = item(items.length)
    size += JSON.stringify(next).length + 1
    if (size > MAX_BODY) break
    items.push(next)
  }
  const body = JSON.stringify(wrap(items))
  if (body.length > MAX_BODY) throw new Error(`${body.length} bytes: over 256 KiB`)
  return JSON.parse(body)
}

const flow = (data: Record<string, unknown>) => ({
  user,
  type: 'interactive',
  content: {
    interactive: {
      type: 'flow',
      body: { text: 'Go' },
      action: { parameters: { flowId: 'f', flowCta: 'Open', flowActionPayload: { data } } },
    },
  },
})
/** 62 objects deep, the most the gateway's JSON reader lets through (64 levels in all). */
const deep = (depth: number): unknown => (depth === 0 ? 1 : { a: deep(depth - 1) })

// 1,000 messages of 260 bytes: the largest valid batch.
const text = (i: number) => ({
  user,
  type: 'text',
  content: { text: `${String(i).padStart(4, '0')} ${'Hello '.repeat(32)}` },
})
const bad = () => ({ user: {}, type: 'text', content: { text: '' }, a: 1, b: 2, c: 3, d: 4 })

const cases: { name: string; body: unknown; run: (body: unknown) => unknown }[] = [
  {
    name: 'baseline: valid batch, text messages',
    body: fill((messages) => ({ messages }), text),
    run: (body) => safeParseBatch(body, BOUND),
  },
  {
    name: 'baseline: valid flow, flat data',
    body: fill(
      (items) => flow({ items }),
      (i) => ({ [`k${i}`]: `value ${i}` }),
    ),
    run: (body) => safeParseMessage(body, BOUND),
  },
  {
    name: 'worst: list, 256 KiB of empty rows',
    body: fill(list, () => ({})),
    run: (body) => safeParseMessage(body, BOUND),
  },
  {
    name: 'worst: batch, every message 6 issues',
    body: fill((messages) => ({ messages }), bad),
    run: (body) => safeParseBatch(body, BOUND),
  },
  {
    name: 'worst: batch with a template, every message invalid',
    body: fill(
      (messages) => ({ template: { type: 'text' }, messages }),
      () => ({ user, content: { text: '' } }),
    ),
    run: (body) => safeParseBatch(body, BOUND),
  },
  {
    name: 'worst: list, thousands of repeated row ids',
    body: fill(list, () => ({ id: 'same', title: 'Row' })),
    run: (body) => safeParseMessage(body, BOUND),
  },
  {
    name: 'worst: flow data nested 62 deep (valid)',
    body: fill(
      (items) => flow({ items }),
      () => deep(62),
    ),
    run: (body) => safeParseMessage(body, BOUND),
  },
]

const bench = new Bench({ time: 1000, warmupTime: 200, iterations: 5 })
for (const { name, body, run } of cases) bench.add(name, () => run(body))
await bench.run()

const ms = (task: (typeof bench.tasks)[number]) =>
  task.result && 'latency' in task.result ? task.result.latency.mean : Number.NaN
const baseline = Math.max(...bench.tasks.slice(0, 2).map(ms))
console.log(
  '\nValidating a 256 KiB body with { maxIssues: 100 } (mean ms per body; ratio to the slower baseline)\n',
)
console.table(
  bench.tasks.map((task, index) => {
    const body = cases[index]?.body
    const result = cases[index]?.run(body) as { success: boolean; issues?: unknown[] }
    return {
      body: task.name,
      bytes: JSON.stringify(body).length,
      issues: result.success ? 0 : (result.issues?.length ?? 0),
      'mean ms': ms(task).toFixed(2),
      'ratio to baseline': (ms(task) / baseline).toFixed(2),
    }
  }),
)

// The same empty rows without a bound, once: what the gateway did before (160,000 issues).
const rows = cases[2]?.body
const started = performance.now()
const unbounded = safeParseMessage(rows)
const elapsed = performance.now() - started
console.log(
  `\nWithout a bound, the empty rows: ${elapsed.toFixed(0)} ms, ${unbounded.issues?.length ?? 0} issues (÷ baseline ${(elapsed / baseline).toFixed(0)}×)`,
)
