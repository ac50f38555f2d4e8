/**
 * The type-check cost of long chains, measured, not guessed: the TypeScript compiler checks a
 * file of DSL chains and a file of the same messages as object literals typed with the DSL's own
 * output types, and reports the extra types, instantiations and check time per chain. Type and
 * instantiation counts are deterministic; the time is not (shared machine).
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

const src = fileURLToPath(new URL('../src/index', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'dsl-type-cost-'))
const COPIES = 100

const rows = Array.from(
  { length: 10 },
  (_, i) => `.row('r${i}', 'Row ${i}', 'Description ${i}')`,
).join('')
const chains = `import { msg } from ${JSON.stringify(src)}
${Array.from(
  { length: COPIES },
  (
    _,
    i,
  ) => `export const list${i} = msg.to('+15551234567').list('Open').header('H').body('B').footer('F').clientMessageId('c${i}').section('S')${rows}.build()
export const buttons${i} = msg.to('+15551234567').buttons().body('B').reply('a', 'A').reply('b', 'B').reply('c', 'C').build()`,
).join('\n')}
`
const literalRows = Array.from(
  { length: 10 },
  (_, i) => `{ id: 'r${i}', title: 'Row ${i}', description: 'Description ${i}' }`,
).join(', ')
const literals = `import type { ListMessage, ButtonsMessage } from ${JSON.stringify(src)}
${Array.from(
  { length: COPIES },
  (
    _,
    i,
  ) => `export const list${i}: ListMessage = { user: { msisdn: '+15551234567' }, type: 'interactive', clientMessageId: 'c${i}', content: { interactive: { type: 'list', header: { type: 'text', text: 'H' }, body: { text: 'B' }, footer: { text: 'F' }, action: { button: 'Open', sections: [{ title: 'S', rows: [${literalRows}] }] } } } }
export const buttons${i}: ButtonsMessage = { user: { msisdn: '+15551234567' }, type: 'interactive', content: { interactive: { type: 'button', body: { text: 'B' }, action: { buttons: [{ type: 'reply', reply: { id: 'a', title: 'A' } }, { type: 'reply', reply: { id: 'b', title: 'B' } }, { type: 'reply', reply: { id: 'c', title: 'C' } }] } } } }`,
).join('\n')}
`

function measure(name: string, code: string) {
  const file = join(dir, `${name}.ts`)
  writeFileSync(file, code)
  const options: ts.CompilerOptions = {
    strict: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2024.d.ts', 'lib.dom.d.ts'],
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    types: [],
  }
  const program = ts.createProgram([file], options)
  const started = performance.now()
  const errors = ts.getPreEmitDiagnostics(program)
  const ms = performance.now() - started
  if (errors.length > 0)
    throw new Error(ts.formatDiagnostics(errors, ts.createCompilerHost(options)))
  return {
    name,
    types: program.getTypeCount(),
    instantiations: program.getInstantiationCount(),
    ms,
  }
}

const base = measure('literals', literals)
const dsl = measure('chains', chains)
const chainsChecked = COPIES * 2
console.log(
  `\nType-check cost of ${chainsChecked} chains (${COPIES} lists of 10 rows, ${COPIES} sets of 3 replies)\n`,
)
console.table([
  {
    file: 'typed object literals (baseline)',
    types: base.types,
    instantiations: base.instantiations,
    'check ms': base.ms.toFixed(0),
  },
  {
    file: 'DSL chains',
    types: dsl.types,
    instantiations: dsl.instantiations,
    'check ms': dsl.ms.toFixed(0),
  },
])
console.log(
  `Per chain, over the baseline: ${((dsl.types - base.types) / chainsChecked).toFixed(1)} types, ` +
    `${((dsl.instantiations - base.instantiations) / chainsChecked).toFixed(1)} instantiations, ` +
    `${((dsl.ms - base.ms) / chainsChecked).toFixed(2)} ms; check time ratio ${(dsl.ms / base.ms).toFixed(2)}×`,
)
