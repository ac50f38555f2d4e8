/**
 * Writes the pictures of docs/messages.md's RCS section (docs/images/rcs-*.png): each example of
 * docs/scripts/message-examples.ts drawn by the preview in Debian's Chromium, loopback only, with
 * a drawn stand-in for every example.com image (the layout is the point, not the photo).
 *
 *   pnpm --filter @chatapps/sandbox exec tsx test-browser/rcs-pictures.ts
 */
import { fileURLToPath } from 'node:url'
import { renderPreviewDocument } from '@chatapps/preview'
import { launchBrowser } from '@chatapps/testkit/chromium'
import { extraBuilders } from '../../../docs/scripts/message-examples'

const names = ['rich_card', 'carousel', 'suggestions']
const outDir = fileURLToPath(new URL('../../../docs/images/', import.meta.url))
const browser = await launchBrowser()
const page = await browser.context.newPage()
// A stand-in picture for every example.com image, so that the pictures show a card's layout.
const svg = (hue: number) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="360"><rect width="640" height="360" fill="hsl(${hue} 45% 62%)"/><circle cx="470" cy="120" r="60" fill="hsl(${hue} 60% 85%)"/><path d="M0 360 L220 150 L380 300 L470 220 L640 360 Z" fill="hsl(${hue} 40% 40%)"/></svg>`
// Its colour comes from the URL, so that each picture is the same from run to run.
const hueOf = (url: string) =>
  [...url].reduce((hash, char) => (hash * 31 + char.charCodeAt(0)) % 360, 7)
await page.route('https://example.com/**', (route) =>
  route.fulfill({ contentType: 'image/svg+xml', body: svg(hueOf(route.request().url())) }),
)
for (const name of names) {
  const message = (extraBuilders as Record<string, { build(): unknown }>)[name]?.build()
  const html = renderPreviewDocument(message, {
    now: new Date('2026-11-24T09:30:00Z'),
    title: name,
  })
  await page.setContent(html)
  await page.waitForLoadState('networkidle')
  await page
    .locator('article.cap-preview')
    .screenshot({ path: `${outDir}rcs-${name.replace('_', '-')}.png`, animations: 'disabled' })
  console.log(name)
}
await browser.close()
