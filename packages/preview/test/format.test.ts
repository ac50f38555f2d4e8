import { describe, expect, test } from 'vitest'
import { formatText } from '../src/index'

const A = (url: string, shown = url) =>
  `<a class="cap-a" href="${url}" target="_blank" rel="noopener noreferrer nofollow">${shown}</a>`

describe('formatText', () => {
  test.each([
    ['plain', 'plain'],
    ['*bold*', '<strong>bold</strong>'],
    ['_italic_', '<em>italic</em>'],
    ['~strike~', '<s>strike</s>'],
    ['```mono```', '<code class="cap-mono">mono</code>'],
    ['a *b* c', 'a <strong>b</strong> c'],
    ['*two words*', '<strong>two words</strong>'],
  ])('Should format %j', (input, html) => {
    expect(formatText(input)).toBe(html)
  })

  test.each([
    ['*_bold italic_*', '<strong><em>bold italic</em></strong>'],
    ['_*italic bold*_', '<em><strong>italic bold</strong></em>'],
    ['~*_all three_*~', '<s><strong><em>all three</em></strong></s>'],
    ['*bold _and italic_ inside*', '<strong>bold <em>and italic</em> inside</strong>'],
  ])('Should nest markers: %j', (input, html) => {
    expect(formatText(input)).toBe(html)
  })

  test.each([
    ['*a**b*', '<strong>a</strong><strong>b</strong>'],
    ['*a* *b*', '<strong>a</strong> <strong>b</strong>'],
    ['*a*_b_', '<strong>a</strong><em>b</em>'],
    ['(*a*)', '(<strong>a</strong>)'],
    ['*a*.', '<strong>a</strong>.'],
  ])('Should format adjacent markers: %j', (input, html) => {
    expect(formatText(input)).toBe(html)
  })

  test.each(['snake_case_name', '2*3*4', 'a~b~c', 'file_name_v2.txt', 'x*y* z', '*y*z'])(
    'Should leave markers inside words alone: %j',
    (input) => {
      expect(formatText(input)).toBe(input)
    },
  )

  test.each([
    ['* not bold*', '* not bold*'],
    ['*not bold *', '*not bold *'],
    ['**', '**'],
    ['*', '*'],
    ['*unclosed', '*unclosed'],
    ['*across\nlines*', '*across\nlines*'],
    ['__', '__'],
  ])('Should not format %j', (input, html) => {
    expect(formatText(input)).toBe(html)
  })

  test('Should not format or link anything inside monospace, which may span lines', () => {
    expect(formatText('```*not bold* _x_ https://a.example\nline 2```')).toBe(
      '<code class="cap-mono">*not bold* _x_ https://a.example\nline 2</code>',
    )
    expect(formatText('before ```code``` *after*')).toBe(
      'before <code class="cap-mono">code</code> <strong>after</strong>',
    )
    expect(formatText('``` ``` and ```')).toBe('<code class="cap-mono"> </code> and ```')
    expect(formatText('``````')).toBe('``````')
  })

  test('Should keep line breaks as they are', () => {
    expect(formatText('a\n\n*b*\nc')).toBe('a\n\n<strong>b</strong>\nc')
  })

  test('Should link http and https URLs, without trailing punctuation', () => {
    expect(formatText('See https://8x8.com/x?a=1&b=2.')).toBe(
      `See ${A('https://8x8.com/x?a=1&amp;b=2', 'https://8x8.com/x?a=1&amp;b=2')}.`,
    )
    expect(formatText('(http://example.com/a_b_c)')).toBe(`(${A('http://example.com/a_b_c')})`)
    expect(formatText('https://en.wikipedia.org/wiki/Foo_(bar)')).toBe(
      A('https://en.wikipedia.org/wiki/Foo_(bar)'),
    )
  })

  test('Should not format the inside of a URL, and may format around one', () => {
    expect(formatText('https://example.com/*a*/_b_/c')).toBe(A('https://example.com/*a*/_b_/c'))
    expect(formatText('_https://example.com/x_')).toBe(`<em>${A('https://example.com/x')}</em>`)
    expect(formatText('*https://example.com/x*')).toBe(
      `<strong>${A('https://example.com/x')}</strong>`,
    )
  })

  test('Should not link other schemes, or a URL glued to a word', () => {
    expect(formatText('javascript:alert(1)')).toBe('javascript:alert(1)')
    expect(formatText('ftp://example.com data:text/html,x')).toBe(
      'ftp://example.com data:text/html,x',
    )
    expect(formatText('xhttps://example.com')).toBe('xhttps://example.com')
  })

  test('Should escape HTML in and around formatting', () => {
    expect(formatText('*<b>* & "q" \'s\'')).toBe(
      '<strong>&lt;b&gt;</strong> &amp; &quot;q&quot; &#39;s&#39;',
    )
    expect(formatText('```<script>```')).toBe('<code class="cap-mono">&lt;script&gt;</code>')
  })

  test('Should treat emoji and non-Latin letters as they are', () => {
    expect(formatText('👋*hi*👋')).toBe('👋<strong>hi</strong>👋')
    expect(formatText('_日本語_ и*слово*')).toBe('<em>日本語</em> и*слово*')
  })

  test('Should stay linear on text full of markers that never close', () => {
    // A quadratic scan takes many seconds here; the linear one takes milliseconds.
    const text = '*a _b ~c '.repeat(10_000)
    const start = performance.now()
    expect(formatText(text)).toBe(text)
    expect(performance.now() - start).toBeLessThan(3000)
  })
})
