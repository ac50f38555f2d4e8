/**
 * Property-based tests (fast-check):
 * - the fast path of build() accepts exactly what the schemas accept, with the same output;
 * - anything the builder accepts survives JSON.stringify → parseMessage unchanged;
 * - on arbitrary JSON, the parse functions return or throw only DslValidationError.
 */
import fc from 'fast-check'
import * as v from 'valibot'
import { describe, expect, test } from 'vitest'
import type { Chain } from '../src/builders/chain'
import { SCHEMAS } from '../src/builders/compile'
import type { Kind } from '../src/builders/draft'
import { isValidFast } from '../src/builders/fast-path'
import { assemble } from '../src/builders/wire'
import {
  isDslValidationError,
  msg,
  parseBatch,
  parseEvent,
  parseMessage,
  type Recipient,
} from '../src/index'
import { MessageSchema } from '../src/schemas/index'
import { seeds } from './seeds'

/** Mostly valid values (so that many messages pass), sometimes invalid ones (so that many fail). */
const mostly = <T>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 24, arbitrary: good }, { weight: 1, arbitrary: bad })

/** Strings around every limit that matters, in ASCII, astral and broken Unicode. */
const lengths = [
  0, 1, 20, 21, 24, 25, 30, 31, 50, 51, 60, 61, 72, 73, 200, 201, 256, 257, 1024, 1025,
]
const word = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 ]{0,10}[A-Za-z0-9]$/)
const text = mostly(
  fc.oneof(
    { weight: 6, arbitrary: word },
    { weight: 1, arbitrary: fc.constantFrom('😀', '😀😀😀', 'x'.repeat(20), '😀'.repeat(20)) },
  ),
  fc.oneof(
    fc.constantFrom(...lengths).map((n) => 'x'.repeat(n)),
    fc.constantFrom(...lengths).map((n) => '😀'.repeat(n)),
    fc.string({ unit: 'binary', maxLength: 8 }),
    fc.constantFrom('', ' padded ', 'lone \ud83d', '\udc00'),
  ),
)
const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined })
const url = mostly(
  fc.constantFrom('https://example.com/a.png', 'http://example.com/v.mp4?x=1'),
  fc.oneof(fc.webUrl(), fc.constantFrom('ftp://example.com/a', '/relative', 'not a url', '')),
)
const degrees = (limit: number) =>
  mostly(
    fc.double({ min: -limit, max: limit, noNaN: true }),
    fc.oneof(
      fc.double(),
      fc.constantFrom(limit + 0.5, -limit - 1, Number.NaN, Number.POSITIVE_INFINITY),
    ),
  )
/** Canonical enum spellings, and others that only the schemas canonicalise (or refuse). */
const channel = mostly(
  fc.constantFrom('WhatsApp', 'SMS', 'RCS', 'Viber'),
  fc.constantFrom('whatsapp', 'sms', 'Telegram'),
)
const recipient: fc.Arbitrary<Recipient> = mostly<Recipient>(
  fc.oneof(
    fc.constantFrom('+15551234567', '+6512345678'),
    fc.constant({ msisdn: '91234567', country: 'SG' }),
    fc.constant({ channelUserId: 'US.13491208655302741918' }),
    fc.constant({ lineUserId: `U${'a1'.repeat(16)}` }),
  ),
  fc.oneof(
    fc.constantFrom('0912345678', '+0123', ''),
    fc.constant({ msisdn: 'abc', country: 'SGP' }),
    fc.constant({ channelUserId: 'us.1' }),
    fc.constant({ lineUserId: 'U123' }),
  ),
)
const ids = (n: number) =>
  mostly(
    fc.constant(Array.from({ length: n }, (_, i) => `id-${i}`)),
    fc.array(text, { minLength: n, maxLength: n }),
  )
const count = (max: number) =>
  mostly(fc.integer({ min: 1, max }), fc.integer({ min: 0, max: max + 20 }))
const sections = (maxSections: number, maxEntries: number) =>
  count(maxSections).chain((n) =>
    fc.tuple(
      fc.array(mostly(word, fc.oneof(text, fc.constant(undefined))), {
        minLength: n,
        maxLength: n,
      }),
      fc.array(count(maxEntries), { minLength: n, maxLength: n }),
    ),
  )

type AnyBuilder = Chain & { safeBuild(): ReturnType<Chain['safeBuild']> }

/** A random chain of any kind, with random envelope options. */
const builder: fc.Arbitrary<AnyBuilder> = fc
  .record({
    to: recipient,
    clientMessageId: maybe(text),
    channels: maybe(
      fc.array(
        fc.record(
          {
            channel,
            fallbackAfter: maybe(
              mostly(fc.constantFrom(10, 60, 86400), fc.constantFrom(5, 86401, 1.5)),
            ),
          },
          { requiredKeys: ['channel'] },
        ),
        { maxLength: 3 },
      ),
    ),
    expiry: maybe(
      fc.oneof(
        fc.date({ noInvalidDate: false }),
        fc.constantFrom('2026-01-01T00:00:00Z', 'tomorrow'),
      ),
    ),
    replyTo: maybe(mostly(fc.uuid(), fc.constant('not-a-umid'))),
    dlrCallbackUrl: maybe(url),
    kind: fc.constantFrom<Kind>(
      'text',
      'image',
      'video',
      'audio',
      'file',
      'location',
      'list',
      'buttons',
      'cta_url',
      'flow',
      'product',
      'product_list',
      'template',
    ),
    a: text,
    b: text,
    c: maybe(text),
    d: maybe(text),
    url,
    latitude: degrees(90),
    longitude: degrees(180),
    sections: sections(4, 4),
    rowIds: ids(40),
    descriptions: fc.array(maybe(text), { minLength: 40, maxLength: 40 }),
    replies: count(3).chain((n) => fc.tuple(ids(n), ids(n))),
    items: sections(4, 10),
    header: fc.constantFrom('none', 'text', 'image', 'video', 'document'),
  })
  .map((spec) => {
    let start = msg.to(spec.to)
    if (spec.clientMessageId !== undefined) start = start.clientMessageId(spec.clientMessageId)
    if (spec.channels !== undefined) start = start.channels(spec.channels as never)
    if (spec.expiry !== undefined) start = start.expiry(spec.expiry)
    if (spec.replyTo !== undefined) start = start.replyTo(spec.replyTo)
    if (spec.dlrCallbackUrl !== undefined) start = start.dlrCallbackUrl(spec.dlrCallbackUrl)
    const withParts = <T extends { body(t: string): T; footer(t: string): T }>(b: T) => {
      let next = b
      if (spec.c !== undefined) next = next.body(spec.c)
      if (spec.d !== undefined) next = next.footer(spec.d)
      return next
    }
    const withHeader = <
      T extends {
        header(t: string): T
        headerImage(u: string): T
        headerVideo(u: string): T
        headerDocument(u: string, f?: string): T
      },
    >(
      b: T,
    ) =>
      spec.header === 'text'
        ? b.header(spec.a)
        : spec.header === 'image'
          ? b.headerImage(spec.url)
          : spec.header === 'video'
            ? b.headerVideo(spec.url)
            : spec.header === 'document'
              ? b.headerDocument(spec.url, spec.d)
              : b
    switch (spec.kind) {
      case 'text':
        return start.text(spec.a) as never
      case 'image':
      case 'video':
      case 'file':
        return start[spec.kind](spec.url, spec.c === undefined ? {} : { caption: spec.c }) as never
      case 'audio':
        return start.audio(spec.url) as never
      case 'location':
        return start.location({
          latitude: spec.latitude,
          longitude: spec.longitude,
          ...(spec.c === undefined ? {} : { name: spec.c }),
        }) as never
      case 'list': {
        let list = withParts(start.list(spec.a))
        if (spec.header === 'text') list = list.header(spec.b)
        let next = 0
        const [titles, sizes] = spec.sections
        titles.forEach((title, s) => {
          const rows = Array.from({ length: sizes[s] ?? 0 }, () => {
            const i = next++ % 40
            const description = spec.descriptions[i]
            const id = spec.rowIds[i] ?? 'id'
            return description === undefined
              ? { id, title: spec.b }
              : { id, title: spec.b, description }
          })
          list = list.section(title).rows(rows)
        })
        return list as never
      }
      case 'buttons': {
        const [replyIds, titles] = spec.replies
        return withHeader(
          withParts(start.buttons()).replies(
            replyIds.map((id, i) => ({ id, title: titles[i] ?? 'T' })),
          ),
        ) as never
      }
      case 'cta_url':
        return withHeader(withParts(start.ctaUrl(spec.a, spec.url))) as never
      case 'flow':
        return withHeader(withParts(start.flow(spec.b, spec.a))) as never
      case 'product':
        return withParts(start.product(spec.a, spec.b)) as never
      case 'product_list': {
        let list = withParts(start.productList(spec.a))
        if (spec.header === 'text') list = list.header(spec.b)
        const [titles, sizes] = spec.items
        titles.forEach((title, s) => {
          list = list
            .section(title as string)
            .items(Array.from({ length: sizes[s] ?? 0 }, (_, i) => `sku-${s}-${i}`))
        })
        return list as never
      }
      case 'template':
        return start.template(spec.a, spec.c ?? 'en').body(spec.b) as never
      default:
        throw new Error(`no generator for ${spec.kind}`)
    }
  })

/** Whether the wire has only canonical values (other spellings and -0 are the schemas' to fix). */
function isCanonical(wire: Record<string, unknown>): boolean {
  const location = (wire.content as { location?: { latitude?: unknown; longitude?: unknown } })
    .location
  return (
    !JSON.stringify(wire.channels ?? []).match(/"(whatsapp|sms|Telegram)"/) &&
    !Object.is(location?.latitude, -0) &&
    !Object.is(location?.longitude, -0)
  )
}

describe('the fast path of build()', () => {
  test('accepts exactly what the schemas accept, with the same output', () => {
    let fastAccepted = 0
    fc.assert(
      fc.property(builder, (chain) => {
        const draft = chain.draft()
        const kind = draft.kind as Kind
        const wire = assemble(draft, kind)
        const fast = isValidFast(kind, wire)
        const schema = v.safeParse(SCHEMAS[kind] ?? MessageSchema, wire)
        if (fast) {
          fastAccepted++
          expect(schema.success).toBe(true)
          expect(wire).toStrictEqual(schema.output)
        } else if (isCanonical(wire) && kind !== 'template') {
          expect(schema.success).toBe(false)
        }
        // build() also checks the rules that span envelope and content (per-channel limits),
        // which are MessageSchema's: it agrees with MessageSchema.
        const full = v.safeParse(MessageSchema, wire)
        const built = chain.safeBuild()
        expect(built.success).toBe(full.success)
        if (full.success) expect(built.output).toStrictEqual(full.output)
      }),
      { numRuns: 3000 },
    )
    // The property means nothing if the generator never produced a valid message.
    expect(fastAccepted).toBeGreaterThan(300)
  })
})

describe('round trip', () => {
  test('anything the builder accepts survives JSON.stringify → parseMessage unchanged', () => {
    let valid = 0
    fc.assert(
      fc.property(builder, (chain) => {
        const result = chain.safeBuild()
        if (!result.success) return
        valid++
        expect(parseMessage(JSON.parse(JSON.stringify(result.output)))).toStrictEqual(result.output)
      }),
      { numRuns: 2000 },
    )
    expect(valid).toBeGreaterThan(200)
  })
})

/** Runs a parse function and reports what escaped it, if anything other than its own error. */
function escapes(parse: (json: unknown) => unknown, json: unknown): unknown {
  try {
    parse(json)
    return undefined
  } catch (error) {
    return isDslValidationError(error) ? undefined : error
  }
}

/** A seed with one value somewhere inside it replaced by arbitrary JSON. */
const mutatedSeed = fc
  .tuple(fc.constantFrom(...seeds.map((seed) => seed.payload)), fc.nat(), fc.jsonValue())
  .map(([payload, pick, replacement]) => {
    const copy = structuredClone(payload) as Record<string, unknown>
    const slots: [Record<string, unknown>, string][] = []
    const walk = (node: unknown) => {
      if (typeof node !== 'object' || node === null) return
      for (const key of Object.keys(node)) {
        slots.push([node as Record<string, unknown>, key])
        walk((node as Record<string, unknown>)[key])
      }
    }
    walk(copy)
    const [parent, key] = slots[pick % slots.length] as [Record<string, unknown>, string]
    parent[key] = replacement
    return copy
  })

describe('parsing arbitrary JSON', () => {
  const inputs = fc.oneof(
    fc.jsonValue(),
    mutatedSeed,
    fc.record({ messages: fc.array(mutatedSeed, { maxLength: 3 }) }),
  )

  test.each([
    ['parseMessage', parseMessage],
    ['parseBatch', parseBatch],
    ['parseEvent', parseEvent],
  ])('%s returns or throws only DslValidationError', (_, parse) => {
    fc.assert(
      fc.property(inputs, (json) => {
        expect(escapes(parse, json)).toBeUndefined()
      }),
      { numRuns: 1500 },
    )
  })

  test('every issue it reports has a path made of the input keys', () => {
    fc.assert(
      fc.property(mutatedSeed, (json) => {
        try {
          parseMessage(json)
        } catch (error) {
          if (!isDslValidationError(error)) throw error
          expect(error.issues.length).toBeGreaterThan(0)
          for (const issue of error.issues) expect(typeof issue.path).toBe('string')
        }
      }),
      { numRuns: 500 },
    )
  })
})
