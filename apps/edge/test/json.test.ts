import { describe, expect, it } from 'vitest'
import { parseSlowly, parseStrictJson } from '../src/lib/strict-json'

const encode = (text: string) => new TextEncoder().encode(text)

describe('parseStrictJson', () => {
  it.each([
    '{}',
    '[]',
    ' {"a" : [1, -2.5e3, 0, true, false, null, "x"] , "b":{"c":{}}}\n',
    '"\\u00e9\\n\\t\\"\\\\\\/\\b\\f\\r"',
    '"\\ud83d\\ude00 😀 日本"',
    '0.1',
    '-0',
    '[1e308]',
  ])('reads %s exactly as JSON.parse does', (text) => {
    expect(parseStrictJson(encode(text))).toEqual({ ok: true, value: JSON.parse(text) })
  })

  it.each([
    ['', 'JSON'],
    ['{"a":1,}', 'JSON'],
    ['[1 2]', 'JSON'],
    ['01', 'JSON'],
    ['NaN', 'JSON'],
    ['"a\u0001"', 'JSON'],
    ["{'a':1}", 'JSON'],
    ['{"a":1}x', 'JSON'],
    ['{"a":1,"a":2}', 'duplicate'],
    ['{"b":{"a":1,"a":1}}', 'duplicate'],
    ['{"\\u005f_proto__":{}}', '__proto__'],
    ['"\\udc00"', 'surrogate'],
    ['"\\ud800x"', 'surrogate'],
    ['-1e400', 'range'],
    [`${'['.repeat(100)}${']'.repeat(100)}`, 'deep'],
  ])('refuses %s', (text, reason) => {
    const result = parseStrictJson(encode(text))
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.reason).toContain(reason)
  })

  it('refuses bytes that are not UTF-8', () => {
    expect(parseStrictJson(new Uint8Array([0x22, 0xc3, 0x28, 0x22]))).toEqual({
      ok: false,
      reason: 'The body is not valid UTF-8.',
    })
  })
})

describe('parseStrictJson, its fast path against the strict parser alone', () => {
  const same = (text: string) =>
    expect(parseStrictJson(encode(text)), text).toEqual(parseSlowly(text))

  it.each([
    '["a", ":"]',
    '{"a":"\\"", "b": ":"}',
    '{"a":"x\\":y","a\\"":1}',
    '{"a":"\\\\","b":"\\\\\\":"}',
    '[{"a":1,"a":2}]',
    '{"a\\"":1,"a\\"":2}',
    '{"a":1,"b":{"a":1}}',
    '{"a" \n:1, "a"\t: 2}',
    '{"":1,"":2}',
    '{"é":1,"\\u00e9":2}',
    '{"a":[{"b":{"c":"\\ud800"}}]}',
    '{"k\\ud800":1}',
    '[1e309]',
    '{"__proto__":1}',
    '{"a":{"__proto__":[]}}',
    `${'['.repeat(64)}0${']'.repeat(64)}`,
    `${'['.repeat(65)}0${']'.repeat(65)}`,
    `${'{"a":'.repeat(64)}0${'}'.repeat(64)}`,
    `${'{"a":'.repeat(65)}0${'}'.repeat(65)}`,
  ])('agrees on %s', same)

  it('agrees on thousands of damaged bodies', () => {
    // Deterministic: the same damage each run, so a disagreement names its body.
    let seed = 17
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed % n
    }
    const pieces = [
      '"',
      ':',
      ',',
      '{',
      '}',
      '[',
      ']',
      '\\',
      'a',
      '"a"',
      '"a":1',
      '1e400',
      '\\u0000',
    ]
    const base =
      '{"user":{"msisdn":"+15551234567"},"type":"text","content":{"text":"a \\"b\\": c"},"list":[1,2,{"k":"v"}]}'
    for (let i = 0; i < 3_000; i++) {
      let text = base
      for (let edits = 1 + random(3); edits > 0; edits--) {
        const at = random(text.length + 1)
        const cut = random(3)
        text = text.slice(0, at) + (pieces[random(pieces.length)] ?? '') + text.slice(at + cut)
      }
      same(text)
    }
  })
})
