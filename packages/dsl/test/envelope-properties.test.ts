/**
 * Property test (fast-check): for messages with the envelope's extras (fallback steps, SMS text
 * and settings, Direct Send) and per-channel limits, what `build()` accepts through its fast path
 * is exactly what `MessageSchema` accepts, with the same output; and `safeBuild()` agrees with the
 * schema on every message, valid or not.
 */
import fc from 'fast-check'
import * as v from 'valibot'
import { expect, test } from 'vitest'
import type { Kind } from '../src/builders/draft'
import { extrasOk } from '../src/builders/envelope'
import { isValidFast } from '../src/builders/fast-path'
import { assemble } from '../src/builders/wire'
import { msg } from '../src/index'
import { channelRuleIssues } from '../src/schemas/channel-rules'
import { MessageSchema } from '../src/schemas/index'

const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined })
const text = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('Hi', 'Grüße – Team', '😀') },
  fc.constantFrom(0, 16, 17, 1000, 1001, 3072, 3073).map((n) => 'x'.repeat(n)),
  fc.constantFrom('lone \ud83d'),
)
const channel = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('WhatsApp', 'SMS', 'Viber', 'RCS') },
  fc.constantFrom('whatsapp', 'Telegram'),
)
const step = fc.record({
  channel,
  after: maybe(fc.constantFrom(9, 10, 60, 86400, 86401, 60.5)),
  successStatus: maybe(fc.constantFrom('Read', 'Delivered', 'read', 'Seen')),
})
const extras = fc.record({
  steps: fc.array(step, { maxLength: 3 }),
  fallbackText: maybe(text),
  sms: maybe(
    fc.record({
      encoding: maybe(fc.constantFrom('AUTO', 'GSM7', 'UCS2', 'auto', 'ASCII')),
      source: maybe(text),
    }),
  ),
  directSend: maybe(
    fc.record({
      category: maybe(fc.constantFrom('utility', 'Utility', 'marketing')),
      ttlSeconds: maybe(fc.constantFrom(29, 30, 600, 43200, 43201)),
    }),
  ),
})
const content = fc.oneof(
  text.map((body) => msg.to('+6500000000').text(body)),
  text.map((caption) => msg.to('+6500000000').image('https://example.com/a.png', { caption })),
  fc
    .constantFrom(5, 600, 601, '5')
    .map((duration) =>
      msg.to('+6500000000').video('https://example.com/v.mp4', { duration: duration as number }),
    ),
  fc
    .constantFrom('header', 'image')
    .map((header) =>
      header === 'header'
        ? msg.to('+6500000000').buttons().header('H').body('B').reply('a', 'A')
        : msg
            .to('+6500000000')
            .buttons()
            .headerImage('https://example.com/a.png')
            .body('B')
            .reply('a', 'A'),
    ),
  fc.constant(msg.to('+6500000000').list('Pick').body('B').section('S').row('1', 'One')),
  fc.constant(
    msg.to('+6500000000').viberButton('Hi', { caption: 'Open', action: 'https://example.com' }),
  ),
)

test('the fast path with extras accepts exactly what MessageSchema accepts, with the same output', () => {
  let fastAccepted = 0
  let valid = 0
  fc.assert(
    fc.property(content, extras, (start, extra) => {
      let chain = start as ReturnType<typeof msg.to> & typeof start
      for (const { channel: name, after, successStatus } of extra.steps) {
        const options = {
          ...(after === undefined ? {} : { after }),
          ...(successStatus === undefined ? {} : { successStatus: successStatus as 'Read' }),
        }
        chain = chain.fallback(name as 'SMS', options) as typeof chain
      }
      if (extra.fallbackText !== undefined)
        chain = chain.fallbackText(extra.fallbackText) as typeof chain
      if (extra.sms !== undefined)
        chain = chain.sms(extra.sms as { source?: string }) as typeof chain
      if (extra.directSend !== undefined)
        chain = chain.directSend(extra.directSend as { ttlSeconds?: number }) as typeof chain
      const draft = (chain as unknown as { draft(): ReturnType<typeof assemble> & never }).draft()
      const kind = (draft as { kind: Kind }).kind
      const wire = assemble(draft, kind)
      const schema = v.safeParse(MessageSchema, wire)
      if (
        isValidFast(kind, wire) &&
        extrasOk(kind, wire.content) &&
        channelRuleIssues(wire).length === 0
      ) {
        fastAccepted++
        expect(schema.success).toBe(true)
        expect(JSON.stringify(wire)).toBe(JSON.stringify(schema.output))
      }
      const built = (
        chain as unknown as { safeBuild(): { success: boolean; output?: unknown } }
      ).safeBuild()
      expect(built.success).toBe(schema.success)
      if (schema.success) {
        valid++
        expect(built.output).toStrictEqual(schema.output)
      }
    }),
    { numRuns: 2000, seed: 2026 },
  )
  // The property means nothing unless both valid and fast messages were generated.
  expect(fastAccepted).toBeGreaterThan(50)
  expect(valid).toBeGreaterThan(100)
})
