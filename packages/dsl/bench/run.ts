/**
 * `pnpm bench`: the speed of building the seed list message, against a plain object literal
 * measured in the same run (the floor), valibot on that literal, and whatsapp-api-js 6.3.0's
 * message classes; then the bundle size of two small entry points. Ratios, not absolutes: these
 * machines are shared and noisy.
 */
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'
import { Bench } from 'tinybench'
import * as v from 'valibot'
import {
  ActionList,
  Body,
  Footer,
  Header,
  Interactive,
  ListSection,
  Row,
} from 'whatsapp-api-js/messages'
import { msg } from '../src/index'
import { MessageSchema } from '../src/schemas/index'

const BODY =
  'Looking for personalized assistance? Our Customer Success team has the following slots available. Tap to select a time.'

function literal() {
  return {
    user: { msisdn: '+15551234567' },
    type: 'interactive',
    content: {
      interactive: {
        type: 'list',
        header: { type: 'text', text: '8x8 Customer Success personalized sessions' },
        body: { text: BODY },
        footer: { text: 'For urgent inquiries, email cpaas-sales@8×8.com' },
        action: {
          button: 'Book Slot',
          sections: [
            {
              title: 'Oct 9, 2024',
              rows: [
                { id: 'slot-1', title: 'Monday, Oct 9', description: '9:00 AM - 10:00 AM' },
                { id: 'slot-2', title: 'Monday, Oct 9', description: '11:00 AM - 12:00 PM' },
              ],
            },
            {
              title: 'Oct 10, 2024',
              rows: [
                { id: 'slot-3', title: 'Tuesday, Oct 10', description: '2:00 PM - 3:00 PM' },
                { id: 'slot-4', title: 'Tuesday, Oct 10', description: '4:00 PM - 5:00 PM' },
              ],
            },
          ],
        },
      },
    },
  }
}

function dsl() {
  return msg
    .to('+15551234567')
    .list('Book Slot')
    .header('8x8 Customer Success personalized sessions')
    .body(BODY)
    .footer('For urgent inquiries, email cpaas-sales@8×8.com')
    .section('Oct 9, 2024')
    .row('slot-1', 'Monday, Oct 9', '9:00 AM - 10:00 AM')
    .row('slot-2', 'Monday, Oct 9', '11:00 AM - 12:00 PM')
    .section('Oct 10, 2024')
    .row('slot-3', 'Tuesday, Oct 10', '2:00 PM - 3:00 PM')
    .row('slot-4', 'Tuesday, Oct 10', '4:00 PM - 5:00 PM')
    .build()
}

function whatsappApiJs() {
  const interactive = new Interactive(
    new ActionList(
      'Book Slot',
      new ListSection(
        'Oct 9, 2024',
        new Row('slot-1', 'Monday, Oct 9', '9:00 AM - 10:00 AM'),
        new Row('slot-2', 'Monday, Oct 9', '11:00 AM - 12:00 PM'),
      ),
      new ListSection(
        'Oct 10, 2024',
        new Row('slot-3', 'Tuesday, Oct 10', '2:00 PM - 3:00 PM'),
        new Row('slot-4', 'Tuesday, Oct 10', '4:00 PM - 5:00 PM'),
      ),
    ),
    new Body(BODY),
    new Header('8x8 Customer Success personalized sessions'),
    new Footer('For urgent inquiries, email cpaas-sales@8×8.com'),
  )
  return { user: { msisdn: '+15551234567' }, type: 'interactive', content: { interactive } }
}

// The same message each way, or the comparison means nothing.
const expected = JSON.stringify(literal())
if (JSON.stringify(dsl()) !== expected) throw new Error('the DSL does not build the literal')
if (JSON.stringify(v.parse(MessageSchema, literal())) !== expected)
  throw new Error('valibot differs')

let sink = 0
const bench = new Bench({ time: 1500, warmupTime: 300 })
bench
  .add('object literal + JSON.stringify (floor)', () => {
    sink += JSON.stringify(literal()).length
  })
  .add('object literal + valibot parse + JSON.stringify', () => {
    sink += JSON.stringify(v.parse(MessageSchema, literal())).length
  })
  .add('@chatapps/dsl chain + build (every rule) + JSON.stringify', () => {
    sink += JSON.stringify(dsl()).length
  })
  .add('whatsapp-api-js 6.3.0 classes + JSON.stringify', () => {
    sink += JSON.stringify(whatsappApiJs()).length
  })

await bench.run()

const floor = bench.tasks[0]?.result
const hz = (task: (typeof bench.tasks)[number]) =>
  task.result && 'throughput' in task.result ? task.result.throughput.mean : Number.NaN
const floorHz = bench.tasks[0] ? hz(bench.tasks[0]) : Number.NaN
console.log('\nBuilding the seed list message (higher ops/s is better; ratio = ops/s ÷ floor)\n')
console.table(
  bench.tasks.map((task) => ({
    task: task.name,
    'ops/s': Math.round(hz(task)).toLocaleString('en-US'),
    'ratio to literal': (hz(task) / floorHz).toFixed(3),
  })),
)
const dslHz = bench.tasks[2] ? hz(bench.tasks[2]) : Number.NaN
const wajsHz = bench.tasks[3] ? hz(bench.tasks[3]) : Number.NaN
console.log(`@chatapps/dsl ÷ whatsapp-api-js: ${(dslHz / wajsHz).toFixed(2)}× (goal: ≥ 1.00)`)
void floor
void sink

// Bundle size: minified + gzip, as a user's bundler would ship it.
const source = fileURLToPath(new URL('../src/index.ts', import.meta.url))
async function size(name: string, code: string) {
  const result = await build({
    stdin: { contents: code, resolveDir: process.cwd(), loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
    alias: { '@chatapps/dsl': source },
  })
  const bytes = result.outputFiles[0]?.contents ?? new Uint8Array()
  return { entry: name, minified: bytes.length, 'min+gzip': gzipSync(bytes).length }
}
const sizes = [
  await size(
    'import { msg } + one text message',
    "import { msg } from '@chatapps/dsl'; console.log(msg.to('+15551234567').text('Hi').build())",
  ),
  await size(
    'import { msg } + the list message',
    `import { msg } from '@chatapps/dsl'; console.log(msg.to('+15551234567').list('Book').body('B').section('S').row('a','A').build())`,
  ),
  await size(
    'import { explainError } alone (the error-code table)',
    "import { explainError } from '@chatapps/dsl'; console.log(explainError(1022, 'receipt'))",
  ),
  await size(
    'everything (parseMessage, parseBatch, parseEvent, msg, explainError)',
    "export * from '@chatapps/dsl'",
  ),
]
console.log(
  '\nBundle size (esbuild, minified; gzip level 9 of the bundle; goal: whole DSL < 8 KiB gzip)\n',
)
console.table(sizes.map((s) => ({ ...s, 'min+gzip KiB': (s['min+gzip'] / 1024).toFixed(2) })))
