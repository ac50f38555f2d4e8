/**
 * `pnpm bench` (phases): where the time of building the seed list message goes. Each phase runs
 * alone on inputs prepared beforehand (a chain already made, a draft already replayed, a wire
 * object already assembled), in several interleaved rounds; the table gives the median time of
 * each phase as a share of the floor (an object literal + JSON.stringify) measured in the same
 * rounds, and the spread over the rounds. Ratios, not absolutes: these machines are shared.
 */
import { Bench } from 'tinybench'
import type { Chain } from '../src/builders/chain'
import { isValidFast } from '../src/builders/fast-path'
import { assemble } from '../src/builders/wire'
import { chain, literal } from './seed-list'

const ROUNDS = Number(process.env.ROUNDS ?? 5)
const built = chain() as unknown as Chain
const draft = built.draft()
const wire = assemble(draft, 'list')
const output = built.build()
const plain = literal()
const unfrozen = JSON.parse(JSON.stringify(output))
const freeze = Object.freeze
/** The 17 objects and arrays of the wire object, made the way wire.ts makes them. */
const seventeen = (seal: <T>(value: T) => T) => {
  let made = 0
  for (let i = 0; i < 12; i++) made += seal({ id: i, title: 'T' }).title.length
  for (let i = 0; i < 5; i++) made += seal([i, i]).length
  return made
}
const same = <T>(value: T) => value
let sink = 0

const phases: Record<string, () => void> = {
  'floor: object literal + JSON.stringify': () => {
    sink += JSON.stringify(literal()).length
  },
  'object literal alone': () => {
    sink += literal().type.length
  },
  'JSON.stringify of the literal': () => {
    sink += JSON.stringify(plain).length
  },
  '1. the chain: 12 builder calls': () => {
    sink += chain() === undefined ? 0 : 1
  },
  '2. replaying the chain into a draft': () => {
    sink += built.draft().sections.length
  },
  '3. assembling the frozen wire object': () => {
    sink += assemble(draft, 'list') === wire ? 0 : 1
  },
  '4. the fast path (every rule)': () => {
    sink += isValidFast('list', wire) ? 1 : 0
  },
  '5. JSON.stringify of the frozen output': () => {
    sink += JSON.stringify(output).length
  },
  '   of 3: 17 fresh objects, unfrozen': () => {
    sink += seventeen(same)
  },
  '   of 3: 17 fresh objects, each frozen': () => {
    sink += seventeen(freeze)
  },
  '   of 5: JSON.stringify of an unfrozen copy': () => {
    sink += JSON.stringify(unfrozen).length
  },
  'build() of a made chain (2 + 3 + 4)': () => {
    sink += built.build() === undefined ? 0 : 1
  },
  'all: chain + build() + JSON.stringify': () => {
    sink += JSON.stringify(chain().build()).length
  },
}

const samples = new Map<string, number[]>(Object.keys(phases).map((name) => [name, []]))
for (let round = 0; round < ROUNDS; round++) {
  const bench = new Bench({ time: 300, warmupTime: 100 })
  for (const [name, run] of Object.entries(phases)) bench.add(name, run)
  await bench.run()
  const ns = (i: number) => {
    const result = bench.tasks[i]?.result
    return result && 'throughput' in result ? 1e9 / result.throughput.mean : Number.NaN
  }
  const floor = ns(0)
  bench.tasks.forEach((task, i) => {
    samples.get(task.name)?.push(ns(i) / floor)
  })
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0
console.log(
  `\nWhere the time of the seed list message goes (${ROUNDS} rounds; time ÷ the floor's time in the same round)\n`,
)
console.table(
  [...samples].map(([phase, ratios]) => ({
    phase,
    'median × floor': median(ratios).toFixed(3),
    spread: `${Math.min(...ratios).toFixed(3)}–${Math.max(...ratios).toFixed(3)}`,
  })),
)
void sink
