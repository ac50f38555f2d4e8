/**
 * Draws the pictures of docs/messages.md's WhatsApp requests and whole templates
 * (`images/wa-<name>.png`), of its LINE Official Notification and of its Viber rich message
 * (`images/<name>.png`): each example's `@chatapps/preview` rendering, screenshotted by
 * Debian's Chromium through playwright-core (the sandbox's copy), fetching nothing (media as
 * placeholders), at a fixed time.
 *
 *   pnpm exec tsx docs/scripts/message-pictures.ts
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { msg } from '../../packages/dsl/src/index'
import { renderPreviewDocument } from '../../packages/preview/src/index'
import { lineNotificationExample } from './line-examples'
import { templateTexts, whatsAppBuilders } from './whatsapp-examples'

/** The other pictures: the same chains as docs/messages.md shows. */
const others: Readonly<Record<string, { build(): unknown }>> = {
  'line-notification': lineNotificationExample,
  'viber-buttons': msg
    .to('+6500000000')
    .viberButton(
      'Your ticket is confirmed. To view your e-ticket, tap the button below.',
      { caption: 'View E-ticket', action: 'https://example.com/e-ticket/SKY1234' },
      { image: 'https://example.com/skyway.jpg' },
    )
    .fallback('Viber'),
}

const require = createRequire(new URL('../../apps/sandbox/package.json', import.meta.url))
/** The little of playwright-core used here (it is the sandbox's dependency, not the docs'). */
interface Page {
  route(url: string, handler: (route: { abort(): Promise<void> }) => Promise<void>): Promise<void>
  setContent(html: string): Promise<void>
  locator(selector: string): {
    screenshot(options: { path: string; animations: 'disabled' }): Promise<unknown>
  }
}
interface Context {
  newPage(): Promise<Page>
  close(): Promise<void>
}
// Resolved from the sandbox, which depends on it (a name the dependency rules need not follow).
const PLAYWRIGHT = 'playwright-core'
const { chromium } = require(PLAYWRIGHT) as {
  chromium: { launchPersistentContext(dir: string, options: object): Promise<Context> }
}

const images = fileURLToPath(new URL('../images/', import.meta.url))
const profile = mkdtempSync(join(tmpdir(), 'chatapps-pictures-'))
const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
  viewport: { width: 420, height: 900 },
  deviceScaleFactor: 1,
  locale: 'en-US',
  timezoneId: 'UTC',
  colorScheme: 'light',
})
try {
  const page = await context.newPage()
  await page.route('**/*', (route) => route.abort())
  for (const [name, builder] of Object.entries(whatsAppBuilders)) {
    const html = renderPreviewDocument(builder.build(), {
      now: new Date('2026-11-24T09:30:00Z'),
      loadMedia: false,
      templates: templateTexts,
    })
    await page.setContent(html)
    const path = join(images, `wa-${name}.png`)
    await page.locator('article.cap-preview').screenshot({ path, animations: 'disabled' })
    console.log(path)
  }
  for (const [name, builder] of Object.entries(others)) {
    const html = renderPreviewDocument(builder.build(), {
      now: new Date('2026-11-24T09:30:00Z'),
      loadMedia: false,
    })
    await page.setContent(html)
    const path = join(images, `${name}.png`)
    await page.locator('article.cap-preview').screenshot({ path, animations: 'disabled' })
    console.log(path)
  }
} finally {
  await context.close()
  rmSync(profile, { recursive: true, force: true })
}
