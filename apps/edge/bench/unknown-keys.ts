/**
 * `pnpm bench` (issue 14 §4): does an unknown key id answer in the same time as a known key with
 * a bad signature? The built, minified gateway in Miniflare (bench/stack.ts), driven serially
 * with `dispatchFetch`, one request at a time, the two kinds interleaved in a random order per
 * pair so that machine noise falls on both alike. Requests are signed before the timed section.
 *
 * Three comparisons, each against a known key whose signature is wrong (same body, same size):
 * - `same unknown id`: one unknown key id again and again (what a prober sees after its first
 *   request: the isolate remembers the id as unknown for 5 s, no D1 query);
 * - `rotating unknown ids`: 20 unknown ids in turn (each remembered after its first look-up);
 * - `fresh unknown ids`: a new id each time, below the isolate's budget of 50 a second (each
 *   costs one D1 query: the one thing that remains different, bounded per isolate).
 *
 * Reports each kind's median and the ratio unknown ÷ bad signature; BENCH_PAIRS sets the pairs.
 * Wall time on a shared machine is noisy, so it also reports workerd's CPU time per request
 * (from /proc, steadier: it does not count waiting for a core), from blocks of 100 requests of
 * one kind, alternating, for the same unknown id against bad signatures.
 */
import { signRequest } from '@chatapps/signature'
import {
  build,
  GATEWAY,
  type MiniflareLike,
  percentile,
  type Sendable,
  SIGNERS,
  startStack,
  workerdCpuMs,
} from './stack'

const PAIRS = Number(process.env.BENCH_PAIRS ?? 2_000)
const WARMUP_PAIRS = 200
const FRESH_PAIRS = 40
const BODY = JSON.stringify({
  user: { msisdn: '+15550100' },
  type: 'text',
  content: { text: 'hi' },
})
const URL = `${GATEWAY}/v1/messages`

/** A POST signed with the ed25519 development key under `keyId`. */
async function signedAs(keyId: string): Promise<Sendable> {
  const request = new Request(URL, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': `"${crypto.randomUUID()}"` },
    body: BODY,
  })
  const signed = await signRequest(request, { ...SIGNERS.ed25519, keyId })
  return { url: URL, headers: Object.fromEntries(signed.headers) }
}

/** The known key, with a signature of the right length that does not verify. */
async function badSignature(): Promise<Sendable> {
  const request = await signedAs(SIGNERS.ed25519.keyId)
  const signature = request.headers.signature ?? ''
  // Flip one base64 character of the 64 signature bytes.
  const flipped = signature.replace(
    /^sig1=:(.)/,
    (_, c: string) => `sig1=:${c === 'A' ? 'B' : 'A'}`,
  )
  return { url: URL, headers: { ...request.headers, signature: flipped } }
}

/** One request's wall time in ms, its status checked. */
async function timed(mf: MiniflareLike, request: Sendable): Promise<number> {
  const started = performance.now()
  const response = await mf.dispatchFetch(request.url, {
    method: 'POST',
    headers: request.headers,
    body: BODY,
  })
  await response.arrayBuffer()
  const ms = performance.now() - started
  if (response.status !== 401) throw new Error(`expected 401, got ${response.status}`)
  return ms
}

interface Result {
  readonly name: string
  readonly unknown: number[]
  readonly bad: number[]
}

/** `pairs` pairs (unknown id, bad signature), each pair's order random. */
async function compare(
  mf: MiniflareLike,
  name: string,
  pairs: number,
  unknownId: (i: number) => string,
): Promise<Result> {
  const unknowns = await Promise.all(
    Array.from({ length: pairs }, (_, i) => signedAs(unknownId(i))),
  )
  const bads = await Promise.all(Array.from({ length: pairs }, () => badSignature()))
  const result: Result = { name, unknown: [], bad: [] }
  for (let i = 0; i < pairs; i++) {
    const unknown = unknowns[i] as Sendable
    const bad = bads[i] as Sendable
    if (Math.random() < 0.5) {
      result.unknown.push(await timed(mf, unknown))
      result.bad.push(await timed(mf, bad))
    } else {
      result.bad.push(await timed(mf, bad))
      result.unknown.push(await timed(mf, unknown))
    }
  }
  return result
}

/** workerd CPU ms per request, each kind in alternating blocks; null where /proc is missing. */
async function cpuPerRequest(
  mf: MiniflareLike,
  blocks: number,
  unknownId: string,
): Promise<{ unknown: number; bad: number } | null> {
  const spent = { unknown: 0, bad: 0 }
  let count = 0
  for (let block = 0; block < blocks; block++) {
    const unknowns = await Promise.all(Array.from({ length: 100 }, () => signedAs(unknownId)))
    const bads = await Promise.all(Array.from({ length: 100 }, () => badSignature()))
    const order = block % 2 === 0 ? (['unknown', 'bad'] as const) : (['bad', 'unknown'] as const)
    for (const kind of order) {
      const before = workerdCpuMs()
      for (const request of kind === 'unknown' ? unknowns : bads) await timed(mf, request)
      const after = workerdCpuMs()
      if (before === null || after === null) return null
      spent[kind] += after - before
    }
    count += 100
  }
  return { unknown: spent.unknown / count, bad: spent.bad / count }
}

function report({ name, unknown, bad }: Result): void {
  const median = (values: number[]) =>
    percentile(
      [...values].sort((a, b) => a - b),
      50,
    )
  const p90 = (values: number[]) =>
    percentile(
      [...values].sort((a, b) => a - b),
      90,
    )
  const u = median(unknown)
  const b = median(bad)
  console.log(
    `${name.padEnd(22)} unknown id median ${u.toFixed(3)} ms (p90 ${p90(unknown).toFixed(3)}), ` +
      `bad signature median ${b.toFixed(3)} ms (p90 ${p90(bad).toFixed(3)}), ` +
      `ratio ${(u / b).toFixed(3)} (${unknown.length} pairs)`,
  )
}

build()
const mf = await startStack()
let exitCode = 0
try {
  await compare(mf, 'warm-up', WARMUP_PAIRS, () => 'unknown-warm-up')
  const run = crypto.randomUUID().slice(0, 8)
  const results = [
    await compare(mf, 'same unknown id', PAIRS, () => `unknown-${run}`),
    await compare(mf, 'rotating unknown ids', PAIRS, (i) => `unknown-${run}-${i % 20}`),
  ]
  // Below the isolate's budget (50 unknown ids a second): wait for a second of its own first.
  await new Promise((resolve) => setTimeout(resolve, 1_100))
  results.push(await compare(mf, 'fresh unknown ids', FRESH_PAIRS, (i) => `fresh-${run}-${i}`))
  console.log(
    `\nunknown key id vs known key with a bad signature, 401 both, serial, interleaved ` +
      `(built gateway in Miniflare):`,
  )
  for (const result of results) report(result)
  const cpu = await cpuPerRequest(mf, Number(process.env.BENCH_CPU_BLOCKS ?? 20), `unknown-${run}`)
  console.log(
    cpu === null
      ? 'workerd CPU per request: not measurable here (no /proc)'
      : `workerd CPU per request, same unknown id ${cpu.unknown.toFixed(3)} ms, bad signature ` +
          `${cpu.bad.toFixed(3)} ms, ratio ${(cpu.unknown / cpu.bad).toFixed(3)}`,
  )
} catch (error) {
  console.error(error)
  exitCode = 1
} finally {
  await mf.dispose()
}
process.exit(exitCode)
