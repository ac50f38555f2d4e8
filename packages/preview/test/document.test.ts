import { describe, expect, test } from 'vitest'
import { previewStyles, renderPreview, renderPreviewDocument } from '../src/index'
import { PALETTE } from '../src/styles'
import { attr, byTag, document, type Element, seed, text } from './helpers'

describe('renderPreviewDocument', () => {
  const html = renderPreviewDocument(seed('buttons'), { now: new Date('2026-11-24T09:30:00Z') })
  const doc = document(html)
  const one = (tag: string) => {
    const found = byTag(doc, tag)
    expect(found).toHaveLength(1)
    return found[0] as Element
  }

  test('Should be a whole document with charset, lang, viewport, title and the CSS inline', () => {
    expect(
      html.startsWith('<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">'),
    ).toBe(true)
    expect(text(one('title'))).toBe('Message preview: reply buttons')
    expect(text(one('h1'))).toBe('Message preview: reply buttons')
    expect(text(one('style'))).toContain(previewStyles)
    expect(byTag(doc, 'link')).toHaveLength(0)
    expect(byTag(doc, 'script')).toHaveLength(0)
    expect(one('main')).toBeDefined()
  })

  test('Should forbid scripts and every fetch but media in its Content-Security-Policy', () => {
    const csp = byTag(doc, 'meta').find((m) => attr(m, 'http-equiv') === 'Content-Security-Policy')
    expect(attr(csp as Element, 'content')).toBe(
      "default-src 'none'; img-src http: https:; media-src http: https:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'",
    )
  })

  test('Should contain the fragment as renderPreview makes it', () => {
    const fragmentHtml = renderPreview(seed('buttons'), { now: new Date('2026-11-24T09:30:00Z') })
    expect(html).toContain(
      `<main>\n<h1>Message preview: reply buttons</h1>\n${fragmentHtml}\n</main>`,
    )
  })

  test('Should use the given title and a canonical locale', () => {
    const other = document(renderPreviewDocument(seed('text'), { title: 'Hello', locale: 'pt-br' }))
    expect(text(byTag(other, 'title')[0] as Element)).toBe('Hello')
    expect(attr(byTag(other, 'html')[0] as Element, 'lang')).toBe('pt-BR')
  })
})

describe('previewStyles', () => {
  test('Should load nothing from outside and style only cap- classes', () => {
    expect(previewStyles).not.toMatch(/url\(|@import|@font-face|expression\(|<\/?style/i)
    const selectors = previewStyles
      .replace(/@media[^{]*\{/g, '')
      .match(/(^|\})[^{}@]+\{/g)
      ?.map((s) => s.replace(/^\}|\{$/g, '').trim())
      .filter(Boolean)
    expect(selectors?.length).toBeGreaterThan(20)
    for (const list of selectors ?? []) {
      for (const selector of list.split(',')) expect(selector).toMatch(/\.cap-/)
    }
  })

  test('Should show a visible focus ring on everything focusable', () => {
    expect(previewStyles).toContain(
      '.cap-btn:focus-visible,.cap-a:focus-visible,.cap-summary:focus-visible{outline:3px solid var(--cap-focus)',
    )
  })

  // WCAG 2.2 relative luminance and contrast ratio.
  const luminance = (hex: string) => {
    const [r, g, b] = [1, 3, 5].map((i) => {
      const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
    }) as [number, number, number]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b
  }
  const contrast = (a: string, b: string) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number]
    return (hi + 0.05) / (lo + 0.05)
  }

  test.each([
    ['text on bubble', PALETTE.text, PALETTE.bubble, 4.5],
    ['text on chat', PALETTE.text, PALETTE.chat, 4.5],
    ['muted on bubble', PALETTE.muted, PALETTE.bubble, 4.5],
    ['muted on chat', PALETTE.muted, PALETTE.chat, 4.5],
    ['muted on code', PALETTE.muted, PALETTE.code, 4.5],
    ['link on bubble', PALETTE.link, PALETTE.bubble, 4.5],
    ['link on code', PALETTE.link, PALETTE.code, 4.5],
    ['action on bubble', PALETTE.action, PALETTE.bubble, 4.5],
    ['white on action (badge)', '#ffffff', PALETTE.action, 4.5],
    ['white on invalid (file icon)', '#ffffff', PALETTE.invalid, 4.5],
    ['invalid on invalid background', PALETTE.invalid, PALETTE.invalidBg, 4.5],
    ['text on invalid background', PALETTE.text, PALETTE.invalidBg, 4.5],
    ['muted on invalid background', PALETTE.muted, PALETTE.invalidBg, 4.5],
    ['action on invalid background', PALETTE.action, PALETTE.invalidBg, 4.5],
    ['link on invalid background', PALETTE.link, PALETTE.invalidBg, 4.5],
    ['focus ring on chat', PALETTE.focus, PALETTE.chat, 3],
    ['focus ring on bubble', PALETTE.focus, PALETTE.bubble, 3],
  ])('Should have enough contrast: %s', (_, fg, bg, min) => {
    expect(contrast(fg, bg)).toBeGreaterThanOrEqual(min)
  })
})
