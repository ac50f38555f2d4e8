/**
 * A strict JSON reader for untrusted bodies: UTF-8 only (fatal decoding), RFC 8259 grammar, and it
 * refuses what `JSON.parse` lets through: duplicate keys, `__proto__` keys, lone surrogates
 * (escaped or not) and numbers that overflow to infinity.
 *
 * Fast path: the runtime's `JSON.parse` (native, and the same grammar), then a walk of what it
 * made for the rest, and a count of the keys written against the keys kept (a duplicate is kept
 * once). Anything it does not accept goes to the parser below, whose answer, and whose message
 * with its offset, is the one given: the fast path only ever agrees with it, sooner.
 *
 * @module
 */

export type JsonResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly reason: string }

class JsonError extends Error {}

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
}
const MAX_DEPTH = 64

/** Decodes and parses a body; never throws. */
export function parseStrictJson(bytes: Uint8Array): JsonResult {
  let text: string
  try {
    text = decoder.decode(bytes)
  } catch {
    return { ok: false, reason: 'The body is not valid UTF-8.' }
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return parseSlowly(text)
  }
  const kept = { keys: 0 }
  return isStrict(value, 0, kept) && kept.keys === keysWritten(text)
    ? { ok: true, value }
    : parseSlowly(text)
}

/** Every string of a JSON text, a key when a colon follows it (the text is valid JSON). */
const STRING = /"(?:[^"\\]|\\.)*"(\s*:)?/g

/** How many keys a valid JSON text writes: each string followed by a colon. */
function keysWritten(text: string): number {
  let keys = 0
  // Every match is a whole string (the optional colon never fails a match), so the scan never
  // starts inside one.
  for (const match of text.matchAll(STRING)) if (match[1] !== undefined) keys++
  return keys
}

/**
 * What `JSON.parse` made holds nothing the strict parser refuses: no value deeper than it allows,
 * no `__proto__` key, no lone surrogate, no infinite number. Counts the keys kept into `kept`.
 */
function isStrict(value: unknown, depth: number, kept: { keys: number }): boolean {
  if (depth > MAX_DEPTH) return false
  if (typeof value === 'string') return value.isWellFormed()
  if (typeof value === 'number') return Number.isFinite(value)
  if (typeof value !== 'object' || value === null) return true
  if (Array.isArray(value)) {
    for (const item of value) if (!isStrict(item, depth + 1, kept)) return false
    return true
  }
  if (Object.hasOwn(value, '__proto__')) return false
  for (const key of Object.keys(value)) {
    kept.keys++
    if (!key.isWellFormed()) return false
    if (!isStrict((value as Record<string, unknown>)[key], depth + 1, kept)) return false
  }
  return true
}

/**
 * The strict parser alone: the answer, and the reason with its offset, for whatever the fast path
 * left. Exported as the reference the fast path must always agree with (tests).
 */
export function parseSlowly(text: string): JsonResult {
  try {
    const parser = new Parser(text)
    parser.ws()
    const value = parser.value(0)
    parser.ws()
    if (parser.pos !== text.length) parser.fail('unexpected data after the JSON value')
    return { ok: true, value }
  } catch (error) {
    if (error instanceof JsonError) return { ok: false, reason: error.message }
    throw error
  }
}

class Parser {
  pos = 0
  constructor(private readonly text: string) {}

  fail(what: string): never {
    throw new JsonError(`The body is not valid JSON: ${what} at offset ${this.pos}.`)
  }

  ws(): void {
    while (this.pos < this.text.length) {
      const c = this.text.charCodeAt(this.pos)
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return
      this.pos++
    }
  }

  value(depth: number): unknown {
    if (depth > MAX_DEPTH) this.fail('nesting too deep')
    const c = this.text[this.pos]
    if (c === '{') return this.object(depth)
    if (c === '[') return this.array(depth)
    if (c === '"') return this.string()
    if (this.text.startsWith('true', this.pos)) return this.literal(4, true)
    if (this.text.startsWith('false', this.pos)) return this.literal(5, false)
    if (this.text.startsWith('null', this.pos)) return this.literal(4, null)
    return this.number()
  }

  private literal<T>(length: number, value: T): T {
    this.pos += length
    return value
  }

  private number(): number {
    NUMBER.lastIndex = this.pos
    const match = NUMBER.exec(this.text)
    if (match === null) this.fail('unexpected character')
    this.pos += match[0].length
    const value = Number(match[0])
    if (!Number.isFinite(value)) this.fail('a number out of range')
    return value
  }

  private string(): string {
    this.pos++
    let out = ''
    for (;;) {
      const c = this.text.charCodeAt(this.pos)
      if (Number.isNaN(c)) this.fail('an unterminated string')
      if (c === 0x22) {
        this.pos++
        break
      }
      if (c < 0x20) this.fail('a control character in a string')
      if (c === 0x5c) {
        const e = this.text[this.pos + 1] ?? ''
        if (e === 'u') {
          const hex = this.text.slice(this.pos + 2, this.pos + 6)
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('a bad \\u escape')
          out += String.fromCharCode(Number.parseInt(hex, 16))
          this.pos += 6
        } else {
          const s = ESCAPES[e]
          if (s === undefined) this.fail('a bad escape')
          out += s
          this.pos += 2
        }
        continue
      }
      out += this.text[this.pos]
      this.pos++
    }
    if (!out.isWellFormed()) this.fail('a lone surrogate in a string')
    return out
  }

  private object(depth: number): Record<string, unknown> {
    this.pos++
    const out: Record<string, unknown> = {}
    const keys = new Set<string>()
    this.ws()
    if (this.text[this.pos] === '}') {
      this.pos++
      return out
    }
    for (;;) {
      this.ws()
      if (this.text[this.pos] !== '"') this.fail('expected a key')
      const key = this.string()
      if (key === '__proto__') this.fail('a "__proto__" key')
      if (keys.has(key)) this.fail(`a duplicate key ${JSON.stringify(key)}`)
      keys.add(key)
      this.ws()
      if (this.text[this.pos] !== ':') this.fail("expected ':'")
      this.pos++
      this.ws()
      out[key] = this.value(depth + 1)
      this.ws()
      const c = this.text[this.pos]
      this.pos++
      if (c === '}') return out
      if (c !== ',') this.fail("expected ',' or '}'")
    }
  }

  private array(depth: number): unknown[] {
    this.pos++
    const out: unknown[] = []
    this.ws()
    if (this.text[this.pos] === ']') {
      this.pos++
      return out
    }
    for (;;) {
      this.ws()
      out.push(this.value(depth + 1))
      this.ws()
      const c = this.text[this.pos]
      this.pos++
      if (c === ']') return out
      if (c !== ',') this.fail("expected ',' or ']'")
    }
  }
}
