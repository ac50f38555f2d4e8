/**
 * `pnpm bench`: the speed of building the seed list message, against a plain object literal
 * measured in the same run (the floor), valibot on that literal, and whatsapp-api-js 6.3.0's
 * message classes; then the bundle size (bench/size.ts). The tasks run in several interleaved
 * rounds; each round's ratios are to that round's floor, and the table gives the median and the
 * spread over the rounds. Ratios, not absolutes: these machines are shared and noisy.
 */
import { Bench } from 'tinybench'
import * as v from 'valibot'
import { MessageSchema } from '../src/schemas/index'
import { dsl, literal, whatsappApiJs } from './seed-list'
import { sizes } from './size'

const ROUNDS = Number(process.env.ROUNDS ?? 7)

// The same message each way, or the comparison means nothing.
const expected = JSON.stringify(literal())
if (JSON.stringify(dsl()) !== expected) throw new Error('the DSL does not build the literal')
if (JSON.stringify(v.parse(MessageSchema, literal())) !== expected)
  throw new Error('valibot differs')
// whatsapp-api-js orders the keys of `interactive` its own way: compare with the keys sorted.
const sorted = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(sorted)
    : typeof value === 'object' && value !== null
      ? Object.fromEntries(
          Object.entries(value)
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .map(([key, item]) => [key, sorted(item)]),
        )
      : value
if (
  JSON.stringify(sorted(JSON.parse(JSON.stringify(whatsappApiJs())))) !==
  JSON.stringify(sorted(literal()))
)
  throw new Error('whatsapp-api-js builds another message')

let sink = 0
const tasks: Record<string, () => void> = {
  'object literal + JSON.stringify (floor)': () => {
    sink += JSON.stringify(literal()).length
  },
  'object literal + valibot parse + JSON.stringify': () => {
    sink += JSON.stringify(v.parse(MessageSchema, literal())).length
  },
  '@chatapps/dsl chain + build (every rule, frozen) + JSON.stringify': () => {
    sink += JSON.stringify(dsl()).length
  },
  'whatsapp-api-js 6.3.0 classes + JSON.stringify': () => {
    sink += JSON.stringify(whatsappApiJs()).length
  },
}
const names = Object.keys(tasks)
const ratios = new Map<string, number[]>(names.map((name) => [name, []]))
const dslToWajs: number[] = []
for (let round = 0; round < ROUNDS; round++) {
  const bench = new Bench({ time: 400, warmupTime: 100 })
  // A different order each round, so that no task always runs first (or after the same one).
  for (let i = 0; i < names.length; i++) {
    const name = names[(i + round) % names.length] as string
    bench.add(name, tasks[name] as () => void)
  }
  await bench.run()
  const hz = (name: string) => {
    const result = bench.getTask(name)?.result
    return result && 'throughput' in result ? result.throughput.mean : Number.NaN
  }
  const floor = hz(names[0] as string)
  for (const name of names) ratios.get(name)?.push(hz(name) / floor)
  dslToWajs.push(hz(names[2] as string) / hz(names[3] as string))
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0
const spread = (values: number[]) =>
  `${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)}`
console.log(
  `\nBuilding the seed list message (${ROUNDS} rounds; ratio = ops/s ÷ the floor's ops/s in the same round; higher is better)\n`,
)
console.table(
  names.map((name) => ({
    task: name,
    'ratio to literal (median)': median(ratios.get(name) ?? []).toFixed(3),
    spread: spread(ratios.get(name) ?? []),
  })),
)
console.log(
  `@chatapps/dsl ÷ whatsapp-api-js: ${median(dslToWajs).toFixed(2)}× (spread ${spread(dslToWajs)}; goal: ≥ 1.00); ` +
    `@chatapps/dsl ÷ literal goal: ≥ 0.85`,
)
void sink

await sizes()
