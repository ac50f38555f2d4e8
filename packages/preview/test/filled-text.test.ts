import { describe, expect, test } from 'vitest'
import { formatFilled } from '../src/parts/filled-text'

const value = (v: string) => ({ value: v, html: `<span class="cap-fill">${v}</span>` })

describe('formatFilled', () => {
  test('Should apply markers around a value and keep the value’s own HTML', () => {
    expect(formatFilled([{ text: 'Dear *' }, value('Ann'), { text: '*!' }])).toBe(
      'Dear <strong><span class="cap-fill">Ann</span></strong>!',
    )
  })

  test('Should link a URL holding a value to the filled address', () => {
    expect(formatFilled([{ text: 'See https://x.example/v/' }, value('A-7'), { text: '.' }])).toBe(
      'See <a class="cap-a" href="https://x.example/v/A-7" target="_blank" rel="noopener noreferrer nofollow">' +
        'https://x.example/v/<span class="cap-fill">A-7</span></a>.',
    )
  })

  test('Should not let a private-use character of the registered text pass for a value', () => {
    expect(formatFilled([{ text: 'a\uE000b' }, value('v')])).toBe(
      'a\uFFFDb<span class="cap-fill">v</span>',
    )
  })

  test('Should format values past the 6,400th as plain text', () => {
    const pieces = Array.from({ length: 6402 }, (_, k) => value(k < 6400 ? 'x' : '<y>'))
    const html = formatFilled(pieces)
    expect(html.endsWith('<span class="cap-fill">x</span>&lt;y&gt;&lt;y&gt;')).toBe(true)
  })
})
