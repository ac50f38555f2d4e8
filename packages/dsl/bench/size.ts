/**
 * `pnpm bench` (size): the bundle size of the DSL as a user's bundler ships it (esbuild, minified,
 * gzip level 9), for a few entry points, and what each part of the whole DSL costs. A part's cost
 * is marginal: the gzip size of the whole bundle less that of the same bundle without the part's
 * code (read from the source map), so that a part is charged what it adds, not what it would weigh
 * alone. Sizes are deterministic.
 */
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

const source = fileURLToPath(new URL('../src/index.ts', import.meta.url))
const gzip = (code: string | Uint8Array) => gzipSync(code, { level: 9 }).length
const kib = (bytes: number) => (bytes / 1024).toFixed(2)

async function bundle(code: string) {
  const result = await build({
    stdin: { contents: code, resolveDir: process.cwd(), loader: 'ts', sourcefile: 'entry.ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
    sourcemap: 'external',
    outfile: 'out.js',
    alias: { '@chatapps/dsl': source },
  })
  const js = result.outputFiles.find((file) => file.path.endsWith('.js'))
  const map = result.outputFiles.find((file) => file.path.endsWith('.map'))
  if (js === undefined || map === undefined) throw new Error('esbuild wrote no bundle')
  return { code: js.text, map: JSON.parse(map.text) as { sources: string[]; mappings: string } }
}

/** The parts of the DSL, by the path of their source. */
const PARTS: readonly (readonly [part: string, test: RegExp])[] = [
  ['valibot itself', /node_modules\/valibot\//],
  ['error-code table (explainError)', /src\/error-codes\//],
  ['events (parseEvent, delivery states)', /src\/(schemas\/events|delivery-states)/],
  ['builders: fast path', /src\/builders\/fast-path/],
  ['builders: chains, replay, wire', /src\/builders\/|src\/internal\/(copy|type-error)/],
  ['schemas (messages, batch) and parse', /src\/(schemas|parse)\//],
  ['limits', /src\/limits/],
  ['validation, issues, budget', /src\/(internal|errors)/],
]

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/** The source of each character of the (one-line-per-segment) bundle, from the source map. */
function sourceOfEachChar(code: string, mappings: string): Int32Array {
  const owner = new Int32Array(code.length).fill(-1)
  const lineStarts = [0]
  for (let i = 0; i < code.length; i++) if (code[i] === '\n') lineStarts.push(i + 1)
  let sourceIndex = 0
  mappings.split(';').forEach((line, lineNumber) => {
    let column = 0
    const segments: [number, number][] = []
    for (const segment of line.split(',')) {
      if (segment === '') continue
      const values: number[] = []
      let value = 0
      let shift = 0
      for (const char of segment) {
        const digit = BASE64.indexOf(char)
        value += (digit & 31) << shift
        if (digit & 32) shift += 5
        else {
          values.push(value & 1 ? -(value >> 1) : value >> 1)
          value = 0
          shift = 0
        }
      }
      column += values[0] ?? 0
      if (values.length > 1) sourceIndex += values[1] ?? 0
      segments.push([column, values.length > 1 ? sourceIndex : -1])
    }
    const start = lineStarts[lineNumber] ?? code.length
    const end = (lineStarts[lineNumber + 1] ?? code.length + 1) - 1
    segments.forEach(([from, owned], i) => {
      const to = i + 1 < segments.length ? (segments[i + 1]?.[0] ?? 0) : end - start
      owner.fill(owned, start + from, start + to)
    })
  })
  return owner
}

export async function sizes() {
  const entries = [
    [
      'import { msg } + one text message',
      "import { msg } from '@chatapps/dsl'; console.log(msg.to('+15551234567').text('Hi').build())",
    ],
    [
      'import { msg } + the list message',
      `import { msg } from '@chatapps/dsl'; console.log(msg.to('+15551234567').list('Book').body('B').section('S').row('a','A').build())`,
    ],
    [
      'import { explainError } alone',
      "import { explainError } from '@chatapps/dsl'; console.log(explainError(1022, 'receipt'))",
    ],
    ['everything: the whole DSL', "export * from '@chatapps/dsl'"],
  ] as const
  const table = []
  for (const [entry, code] of entries) {
    const { code: js } = await bundle(code)
    table.push({ entry, minified: js.length, 'min+gzip KiB': kib(gzip(js)) })
  }
  console.log('\nBundle size (esbuild, minified, gzip level 9; goal: the whole DSL ≤ 16 KiB)\n')
  console.table(table)

  const whole = await bundle("export * from '@chatapps/dsl'")
  const owner = sourceOfEachChar(whole.code, whole.map.mappings)
  const total = gzip(whole.code)
  const partOf = whole.map.sources.map(
    (path) => PARTS.find(([, test]) => test.test(path))?.[0] ?? 'other (glue, entry)',
  )
  const rows = [...PARTS.map(([part]) => part), 'other (glue, entry)'].map((part) => {
    let kept = ''
    let minified = 0
    for (let i = 0; i < whole.code.length; i++) {
      const index = owner[i] ?? -1
      if (index >= 0 && partOf[index] === part) minified++
      else kept += whole.code[i]
    }
    return { part, minified, 'adds (min+gzip KiB)': kib(total - gzip(kept)) }
  })
  console.log(`\nWhat each part of the whole DSL costs (of ${kib(total)} KiB min+gzip)\n`)
  console.table(rows)
}

if (import.meta.url === `file://${process.argv[1]}`) await sizes()
