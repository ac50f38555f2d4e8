import { describe, expect, it } from 'vitest'
import { parseStrictJson } from '../src/lib/strict-json'

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
