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

// Template sends: chains typed from a pulled declaration of the registered templates (the type
// tests' own, written by `chatapps templates pull` from the sandbox's seeds), the same chains
// without it, and the same messages as typed object literals.
const declaration = fileURLToPath(new URL('../test-types/registered/templates.ts', import.meta.url))
const image = `{ type: 'image', url: 'https://shop.example/box.jpg' }`
const templateChains = `import { msg } from ${JSON.stringify(src)}
${Array.from(
  { length: COPIES },
  (
    _,
    i,
  ) => `export const order${i} = msg.to('+15551234567').template('order_update', 'en_US').header(${image}).body('Jason', 'ORD-${i}').urlButton(0, 'ORD-${i}').quickReply(1, 'stop').clientMessageId('c${i}').build()
export const reminder${i} = msg.to('+15551234567').template('appointment_reminder', 'en_US').header('12 December').body('Ada', 'Dr. Lee', '10:30').quickReply(0, 'yes').build()`,
).join('\n')}
`
const text = (value: string) => `{ type: 'text', text: '${value}' }`
const templateLiterals = `import type { TemplateMessage } from ${JSON.stringify(src)}
${Array.from(
  { length: COPIES },
  (
    _,
    i,
  ) => `export const order${i}: TemplateMessage = { user: { msisdn: '+15551234567' }, type: 'template', clientMessageId: 'c${i}', content: { template: { name: 'order_update', language: 'en_US', components: [{ type: 'header', parameters: [${image}] }, { type: 'body', parameters: [${text('Jason')}, ${text(`ORD-${i}`)}] }, { type: 'button', subType: 'Url', index: 0, parameters: [${text(`ORD-${i}`)}] }, { type: 'button', subType: 'QuickReply', index: 1, parameters: [{ type: 'payload', payload: 'stop' }] }] } } }
export const reminder${i}: TemplateMessage = { user: { msisdn: '+15551234567' }, type: 'template', content: { template: { name: 'appointment_reminder', language: 'en_US', components: [{ type: 'header', parameters: [${text('12 December')}] }, { type: 'body', parameters: [${text('Ada')}, ${text('Dr. Lee')}, ${text('10:30')}] }, { type: 'button', subType: 'QuickReply', index: 0, parameters: [{ type: 'payload', payload: 'yes' }] }] } } }`,
).join('\n')}
`

function measure(name: string, code: string, extra: readonly string[] = []) {
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
  const program = ts.createProgram([file, ...extra], options)
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

const templateBase = measure('template-literals', templateLiterals)
const untyped = measure('template-chains', templateChains)
const typed = measure('registered-template-chains', templateChains, [declaration])
console.log(
  `\nType-check cost of ${chainsChecked} template chains (${COPIES} image-header templates with 2 body parameters and 2 buttons, ${COPIES} text-header templates with 3 body parameters and a button)\n`,
)
console.table(
  [
    ['typed object literals (baseline)', templateBase],
    ['DSL chains, no declaration', untyped],
    ['DSL chains typed from the pulled declaration', typed],
  ].map(([file, result]) => {
    const { types, instantiations, ms } = result as typeof templateBase
    return { file, types, instantiations, 'check ms': ms.toFixed(0) }
  }),
)
console.log(
  `With the declaration, per chain over the baseline: ${((typed.types - templateBase.types) / chainsChecked).toFixed(1)} types, ` +
    `${((typed.instantiations - templateBase.instantiations) / chainsChecked).toFixed(1)} instantiations; ` +
    `check time ratio ${(typed.ms / templateBase.ms).toFixed(2)}× (without it: ${(untyped.ms / templateBase.ms).toFixed(2)}×)`,
)
