import type { KnownTemplate } from '@chatapps/dsl/templates'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { formatText, renderPreview, renderPreviewDocument } from '../src/index'
import { attr, byTag, document, type Element, elements, fragment, type Node, text } from './helpers'
import { HOSTILE, hostileMessages, hostileTemplates } from './hostile'

// Every tag and attribute the renderer writes. Anything else in the output came from a message.
const TAGS = new Set(
  'a article audio bdi button code details dd div dl dt em h2 h3 h4 h5 h6 img li mark ol p pre s section span strong summary time ul video'.split(
    ' ',
  ),
)
const ATTRIBUTES = new Set(
  'alt aria-hidden aria-label class controls data-cap-id data-cap-path datetime decoding dir href loading poster preload referrerpolicy rel role src target title type'.split(
    ' ',
  ),
)
const URL_ATTRIBUTES = new Set(['href', 'src', 'poster'])
// What escapeHtml turns into U+FFFD.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to match them.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|\p{Cs}/gu
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u

/** Checks one rendered fragment against everything a message must not be able to do. */
function assertSafe(html: string): void {
  expect(html).not.toMatch(/<script/i)
  // Every `<` opens or closes one of the renderer's own tags.
  for (const match of html.matchAll(/<(\/?)([^\s>/]*)/g)) {
    expect(TAGS.has(match[2] ?? ''), `unexpected tag <${match[1]}${match[2]}`).toBe(true)
  }
  // No tag has an on… attribute (text may say "onerror=", escaped, outside tags).
  for (const tag of html.match(/<[^>]*>/g) ?? []) {
    // Attribute values are quoted and escaped: what is left are the names.
    expect(tag.replace(/"[^"]*"/g, '""')).not.toMatch(/\son[a-z]*\s*=/i)
  }
  const root = fragment(html)
  for (const element of elements(root)) {
    expect(TAGS.has(element.tagName), element.tagName).toBe(true)
    for (const { name, value } of element.attrs) {
      expect(ATTRIBUTES.has(name), `unexpected attribute ${name}`).toBe(true)
      if (URL_ATTRIBUTES.has(name)) expect(value).toMatch(/^https?:\/\//)
    }
  }
  assertBidiIsolated(root)
}

/** Bidi controls from a message only appear inside an element that isolates them. */
function assertBidiIsolated(root: Node): void {
  const walk = (node: Node, isolated: boolean) => {
    if (node.nodeName === '#text' && 'value' in node && BIDI.test(node.value)) {
      expect(
        isolated,
        `bidi control outside an isolated element: ${JSON.stringify(node.value)}`,
      ).toBe(true)
    }
    if (!('childNodes' in node)) return
    const here = isolated || ('attrs' in node && attr(node as Element, 'dir') !== undefined)
    for (const child of node.childNodes) walk(child, here)
  }
  walk(root, false)
}

describe('hostile strings in every field', () => {
  test.each(HOSTILE.map((s) => [JSON.stringify(s), s] as const))(
    'Should keep %s as text everywhere',
    (_, s) => {
      for (const message of hostileMessages(s)) assertSafe(renderPreview(message))
    },
  )

  test.each(HOSTILE.map((s) => [JSON.stringify(s), s] as const))(
    'Should keep %s as text in a filled-in template, as a value and in the registered texts',
    (_, s) => {
      for (const [message, templates] of hostileTemplates(s)) {
        assertSafe(renderPreview(message, { templates }))
      }
    },
  )

  test('Should show a hostile value exactly, as text, where its placeholder was', () => {
    for (const s of HOSTILE.slice(0, 4)) {
      const [[message, templates]] = hostileTemplates(s) as [[unknown, readonly KnownTemplate[]]]
      const root = fragment(renderPreview(message, { templates }))
      // The header's value, the body's {{1}} (twice: once inside a link) and the card's.
      const values = byTag(root, 'span').filter((e) => attr(e, 'class') === 'cap-fill')
      expect(values.map(text)).toEqual([s, s, s, s])
    }
  })

  test('Should show hostile text exactly, as text', () => {
    for (const s of HOSTILE.slice(0, 4)) {
      const root = fragment(
        renderPreview({ user: { msisdn: '+1' }, type: 'text', content: { text: s } }),
      )
      const p = byTag(root, 'p').find((e) => attr(e, 'class')?.startsWith('cap-text'))
      expect(text(p as Element)).toBe(s)
    }
  })

  test('Should not link javascript: and other schemes, and show them as text', () => {
    const html = renderPreview({
      user: { msisdn: '+1' },
      type: 'interactive',
      content: {
        interactive: {
          type: 'cta_url',
          body: { text: 'x' },
          action: { parameters: { display_text: 'Go', url: 'javascript:alert(1)' } },
        },
      },
    })
    const root = fragment(html)
    expect(byTag(root, 'a')).toHaveLength(0)
    expect(text(root)).toContain('Not an http(s) URL, not linked: javascript:alert(1)')
  })

  test('Should make invisible characters in ids and URLs visible', () => {
    const root = fragment(
      renderPreview({
        user: { msisdn: '+1\u202E234' },
        type: 'text',
        content: { text: 'hi' },
      }),
    )
    expect(text(byTag(root, 'code')[0] as Element)).toBe('+1<U+202E>234')
  })

  test('Should show a right-to-left override in a file name, so gnp.exe is not read as exe.png', () => {
    const root = fragment(
      renderPreview({
        user: { msisdn: '+1' },
        type: 'file',
        content: { url: 'https://example.com/invoice\u202Egnp.exe' },
      }),
    )
    const name = byTag(root, 'span').find((e) => attr(e, 'class') === 'cap-doc-name')
    expect(text(name as Element)).toBe('invoice<U+202E>gnp.exe')
  })

  test('Should keep the document whole: one style element, the title escaped, no script', () => {
    const s = '</style><script>alert(1)</script></title><title>x'
    const html = renderPreviewDocument(
      { user: { msisdn: '+1' }, type: 'text', content: { text: s } },
      { title: s, locale: '"><script>' },
    )
    const doc = document(html)
    expect(byTag(doc, 'script')).toHaveLength(0)
    expect(byTag(doc, 'style')).toHaveLength(1)
    expect(text(byTag(doc, 'style')[0] as Element)).not.toContain('script')
    expect(byTag(doc, 'title').map(text)).toEqual([s])
    expect(attr(byTag(doc, 'html')[0] as Element, 'lang')).toBe('en')
  })
})

describe('property: arbitrary strings never become markup', () => {
  const piece = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.constantFrom(
      ...HOSTILE,
      '<',
      '>',
      '"',
      "'",
      '&',
      '*',
      '_',
      '~',
      '```',
      'https://a.b/',
      '\n',
    ),
  )
  const hostile = fc.array(piece, { maxLength: 8 }).map((parts) => parts.join(''))

  test('Should never produce <script, an on… attribute or an unescaped < in any message kind', () => {
    fc.assert(
      fc.property(hostile, (s) => {
        for (const message of hostileMessages(s)) assertSafe(renderPreview(message))
      }),
      { numRuns: 100 },
    )
    // 5 s alone; a CI machine running every suite at once has taken 80 s.
  }, 240_000)

  test('Should format any text into HTML whose text is the input, less the markers', () => {
    fc.assert(
      fc.property(hostile, (s) => {
        const html = formatText(s)
        assertSafe(`<p dir="auto">${html}</p>`)
        const shown = text(fragment(`<p>${html}</p>`))
        // Formatting only removes markers; all other characters come through.
        const strip = (t: string) => t.replace(/[*_~`]/g, '').replace(CONTROL, '\uFFFD')
        expect(strip(shown).replace(/\r\n?/g, '\n')).toBe(strip(s).replace(/\r\n?/g, '\n'))
      }),
      { numRuns: 300 },
    )
  }, 240_000)
})
