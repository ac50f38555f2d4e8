import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { msg } from '@chatapps/dsl'
import { type Browser, launchBrowser as launchChromium } from '@chatapps/testkit/chromium'
import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { renderPreviewDocument } from '../src/index'
import { known } from '../test/registered'

// The pictures of docs/messages.md's "Template" section.
const DOCS_IMAGES = fileURLToPath(new URL('../../../docs/images/', import.meta.url))
const PARCEL = 'https://example.com/parcel.png'
// The header image, answered by the page's route: nothing leaves the machine.
const PARCEL_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="800" height="400" viewBox="0 0 800 400">' +
  '<rect width="800" height="400" fill="#dfeee9"/>' +
  '<path d="M260 150 400 90 540 150 540 300 400 360 260 300Z" fill="#c8955b"/>' +
  '<path d="M260 150 400 210 540 150 400 90Z" fill="#e0b27a"/>' +
  '<path d="M400 210 400 360" stroke="#9c6b37" stroke-width="6"/>' +
  '<path d="M330 120 470 180 470 230" stroke="#f4e3c8" stroke-width="22" fill="none"/></svg>'

const to = msg.to('+15551234567')
const filled = to
  .template('order_update', 'en_US')
  .header({ type: 'image', url: PARCEL })
  .body('Jason', 'ORD-42')
  .urlButton(0, 'ORD-42')
  .build()
const misfit = to
  .template('order_update', 'en_US')
  .header({ type: 'image', url: PARCEL })
  .body('Jason')
  .build()

let browser: Browser
let page: Page

beforeAll(async () => {
  browser = await launchChromium()
  page = await browser.context.newPage()
  await page.route(PARCEL, (route) =>
    route.fulfill({ status: 200, contentType: 'image/svg+xml', body: PARCEL_SVG }),
  )
})

afterAll(async () => {
  await browser?.close()
})

async function show(message: unknown): Promise<void> {
  await page.setContent(
    renderPreviewDocument(message, {
      templates: known,
      now: new Date('2026-11-24T09:30:00Z'),
      title: 'order_update, filled in',
    }),
  )
  // The header image has loaded (or failed) before anything is measured or pictured.
  await page.locator('img.cap-media').evaluate((img: HTMLImageElement) => img.decode())
}

/** What the page shows of an element, as laid out (hidden text left out). */
// biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator, not a DOM node.
const seen = (locator: Locator): Promise<string> => locator.innerText()

/** A PNG's width and height, from its IHDR chunk. */
function pngSize(path: string): [number, number] {
  const png = readFileSync(path)
  return [png.readUInt32BE(16), png.readUInt32BE(20)]
}

describe('a filled-in template in Chromium', () => {
  test('Should show order_update as Jason reads it, and picture it for the docs', async () => {
    await show(filled)
    const preview = page.locator('article.cap-preview')
    expect(await preview.getAttribute('aria-label')).toBe('Message preview: template')
    await expect
      .poll(() => page.getByText('Hi Jason, your order ORD-42 has shipped').isVisible())
      .toBe(true)
    expect(await seen(page.locator('.cap-bubble .cap-text'))).toBe(
      'Hi Jason, your order ORD-42 has shipped',
    )
    expect(await seen(page.locator('.cap-footer'))).toBe('Shop Example')
    const image = page.locator('img.cap-media')
    expect(await image.getAttribute('alt')).toBe('Header image')
    expect(await image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(800)
    const track = page.getByRole('link', { name: /^Track order/ })
    expect(await track.getAttribute('href')).toBe('https://shop.example/track/ORD-42')
    expect(await seen(track.locator('.cap-btn-detail'))).toBe('https://shop.example/track/ORD-42')
    expect(await page.getByRole('button', { name: 'Talk to us' }).isVisible()).toBe(true)
    expect(await page.locator('.cap-misfit').count()).toBe(0)
    expect(await page.locator('.cap-issues').count()).toBe(0)
    // The link is drawn, not followed; the image came from the route.
    expect(browser.blocked).toStrictEqual([])

    const path = `${DOCS_IMAGES}template-filled.png`
    await preview.screenshot({ path, animations: 'disabled' })
    const box = await preview.boundingBox()
    expect(pngSize(path)).toStrictEqual([Math.round(box?.width ?? 0), Math.round(box?.height ?? 0)])
  })

  test('Should mark the missing value and the missing button suffix where the customer would see them', async () => {
    await show(misfit)
    const preview = page.locator('article.cap-preview')
    expect(await preview.getAttribute('aria-label')).toBe(
      'Message preview: template, does not fit its template',
    )
    const mark = page.locator('mark.cap-misfit')
    expect(await mark.isVisible()).toBe(true)
    // Not by colour alone: a sign, the placeholder, and the sentence on hover and for readers.
    expect(await seen(mark.locator('.cap-misfit-icon'))).toBe('⚠')
    expect(await seen(mark.locator('.cap-missing'))).toBe('{{2}}')
    const sentence = 'The body of order_update (en_US) takes 2 parameters; 1 given.'
    expect(await mark.getAttribute('title')).toBe(sentence)
    expect(await mark.locator('.cap-sr').textContent()).toBe(` (does not fit: ${sentence})`)
    const outline = await mark.evaluate((e) => getComputedStyle(e).outlineStyle)
    expect(outline).toBe('dashed')
    const button = page.locator('a.cap-btn.cap-misfit')
    expect(await button.getAttribute('title')).toBe(
      'Button 0 (URL "Track order") of order_update (en_US) needs its URL suffix: the send has no component for it.',
    )
    const issues = page.getByRole('region', { name: 'Template issues' })
    expect(await seen(issues.locator('.cap-issues-title'))).toBe(
      'Does not fit order_update (en_US): 2 issues',
    )
    expect(await issues.locator('li').allInnerTexts()).toStrictEqual([
      `content.template.components.1.parameters ${sentence} 8x8 error 3041`,
      'content.template.components Button 0 (URL "Track order") of order_update (en_US) needs its URL suffix: the send has no component for it. 8x8 error 3049',
    ])
    await preview.screenshot({ path: `${DOCS_IMAGES}template-misfit.png`, animations: 'disabled' })
  })
})
