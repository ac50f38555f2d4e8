import { copyFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createClient } from '@chatapps/client'
import {
  clearSandbox,
  ED25519_KEY_ID,
  ED25519_PRIVATE,
  REPO_DIR,
  type Stack,
  SUB_ACCOUNT,
  startStack,
} from '@chatapps/testkit'
import { type Browser, launchBrowser } from '@chatapps/testkit/chromium'
import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type SeedName, seedBuilders } from '../../../packages/dsl/examples/seeds'

const SCREENSHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url))
const DOCS_IMAGES = join(REPO_DIR, 'docs/images')
// Long enough that the page sees a message before it is read (it polls every second).
const STEP_MS = 1000

let stack: Stack
let browser: Browser
let page: Page
/** The sandbox's umid of each seed, as the gateway answered it. */
const umids = new Map<SeedName, string>()
const cspViolations: string[] = []
const timings: Record<string, number> = {}

async function timed<T>(name: string, work: () => Promise<T>): Promise<T> {
  const t0 = performance.now()
  try {
    return await work()
  } finally {
    timings[name] = Math.round(performance.now() - t0)
  }
}

beforeAll(async () => {
  stack = await timed('stack', () => startStack({ receiptStepMs: STEP_MS }))
  browser = await timed('chromium', () => launchBrowser())
  page = await browser.context.newPage()
  page.on('console', (message) => {
    if (/Content.Security.Policy/i.test(message.text())) cspViolations.push(message.text())
  })
  mkdirSync(SCREENSHOTS, { recursive: true })
  mkdirSync(DOCS_IMAGES, { recursive: true })
})

afterAll(async () => {
  await browser?.close()
  await stack?.stop()
  console.log(`browser suite timings (ms): ${JSON.stringify(timings)}`)
})

const client = () =>
  createClient({ baseUrl: stack.url, keyId: ED25519_KEY_ID, key: ED25519_PRIVATE })

/** The text a person sees in an element: layout-aware, which is the point here. */
// biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator, not a DOM node.
const seen = (locator: Locator): Promise<string> => locator.innerText()

/** A seed's message in the inbox. */
const seed = (name: SeedName): Locator => {
  const umid = umids.get(name)
  if (umid === undefined) throw new Error(`seed ${name} was not sent`)
  return page.locator(`li.sbx-msg[data-umid="${umid}"]`)
}

async function waitForState(message: Locator, state: string, timeout = 15_000): Promise<void> {
  await message.and(page.locator(`[data-state="${state}"]`)).waitFor({ timeout })
}

/** Sets (POST) or removes (DELETE) the sandbox's fault plan. */
async function sandboxFaults(method: 'POST' | 'DELETE', plan?: unknown): Promise<void> {
  const response = await fetch(`${stack.sandboxUrl}/__sandbox/faults`, {
    method,
    ...(plan === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(plan) }),
  })
  expect(response.status).toBe(method === 'POST' ? 200 : 204)
}

/** Writes an element's PNG to screenshots/ and, for the docs' pictures, to docs/images/. */
async function screenshot(locator: Locator, file: string, docs = true): Promise<void> {
  const path = join(SCREENSHOTS, file)
  // No `caret` or `style` option: Playwright would inject a <style> the page's CSP refuses.
  await locator.screenshot({
    path,
    animations: 'disabled',
    mask: [locator.page().locator('.sbx-time')],
    maskColor: '#efeae2',
  })
  if (docs) copyFileSync(path, join(DOCS_IMAGES, file))
}

describe('the sandbox inbox in Chromium', () => {
  it('shows each of the twelve seeds sent through the gateway, drawn by the preview', async () => {
    await clearSandbox(stack.sandboxUrl)
    await timed('send', async () => {
      for (const name of Object.keys(seedBuilders) as SeedName[]) {
        const result = await client().send(seedBuilders[name])
        expect(result.kind, name).toBe('sent')
        umids.set(name, result.umid ?? '')
      }
    })
    await page.goto(`${stack.sandboxUrl}/`)
    expect(await page.title()).toBe('Sandbox inbox')
    const chat = page.locator('section.sbx-chat')
    expect(await chat.count()).toBe(1)
    expect(await seen(chat.locator('.sbx-recipient'))).toBe('+15551234567')
    await page.locator('li.sbx-msg').nth(11).waitFor()
    expect(await page.locator('li.sbx-msg').count()).toBe(12)

    const textOf = async (name: SeedName) => (await seen(seed(name))).replace(/\s+/g, ' ')
    expect(await textOf('text')).toContain('Welcome to 8x8 Inc.! We are the leading global')
    expect(await textOf('image')).toContain('Welcome to the world of 8x8 ChatApps APIs!')
    expect(await textOf('video')).toContain('This is the video file')
    expect(await textOf('document')).toContain('Attached is our latest 8x8 brochure')
    expect(await textOf('document')).toContain('sample.pdf')
    expect(await seen(seed('location').locator('.cap-loc-name'))).toBe('8x8 Singapore Office')
    expect(await textOf('location')).toContain('1 George St')

    const replies = seed('buttons')
      .getByRole('group', { name: 'Reply buttons' })
      .getByRole('button')
    const labels = (await replies.allInnerTexts()).map((label) => label.replace(/\s+/g, ''))
    expect(labels).toStrictEqual(['↩contact-us', '↩faq', '↩office'])

    expect(await seed('flow').getByRole('button', { name: 'Schedule now' }).count()).toBe(1)
    expect(await textOf('product')).toContain('PRODUCT_SKU_123')

    for (const name of ['cta_url_image_header', 'cta_url_text_header'] as const) {
      const link = seed(name).getByRole('link', { name: /Click for more/ })
      expect(await link.getAttribute('href'), name).toMatch(/^https:\/\/developers\.facebook\.com/)
    }
    expect(await textOf('cta_url_text_header')).toContain('Welcome to 8x8! We are the leading')

    // The list's button is a <summary>: its rows show once it is opened.
    const list = seed('list')
    const summary = list.locator('summary.cap-summary')
    expect((await seen(summary)).replace(/\s+/g, '')).toBe('☰BookSlot')
    const rows = list.locator('.cap-row-title')
    expect(await rows.first().isVisible()).toBe(false)
    await summary.click()
    await rows.first().waitFor({ state: 'visible' })
    expect(await rows.allInnerTexts()).toStrictEqual([
      'Monday, Oct 9',
      'Monday, Oct 9',
      'Tuesday, Oct 10',
      'Tuesday, Oct 10',
    ])
    expect(await seen(list.locator('.cap-row-desc').first())).toBe('9:00 AM - 10:00 AM')
    expect(await list.locator('.cap-section-title').allInnerTexts()).toStrictEqual([
      'Oct 9, 2024',
      'Oct 10, 2024',
    ])

    const products = seed('product_list')
    await products.locator('summary.cap-summary').click()
    expect(await products.locator('.cap-section-title').allInnerTexts()).toStrictEqual([
      'Best Sellers',
      'New Arrivals',
    ])
    expect(await products.locator('.cap-product-row').count()).toBe(4)
  })

  it('writes a screenshot of each seed and of the inbox', async () => {
    // Sheets closed: every picture shows the message as it first appears.
    await page.goto(`${stack.sandboxUrl}/`)
    await page.locator('li.sbx-msg').nth(11).waitFor()
    // Every seed read (blue ticks): the inbox stops changing, so no poll swaps an element out
    // from under a screenshot.
    for (const name of umids.keys()) await waitForState(seed(name), 'read')
    await timed('screenshots', async () => {
      for (const name of Object.keys(seedBuilders) as SeedName[]) {
        await screenshot(seed(name).locator('article.cap-preview'), `seed-${name}.png`)
      }
      // The top of the inbox, the times painted over in the chat's colour: the picture is the
      // same from run to run.
      await page.evaluate(() => window.scrollTo(0, 0))
      const path = join(SCREENSHOTS, 'inbox.png')
      await page.screenshot({
        path,
        animations: 'disabled',
        mask: [page.locator('.sbx-time')],
        maskColor: '#efeae2',
      })
      copyFileSync(path, join(DOCS_IMAGES, 'inbox.png'))
    })
  })

  it('moves the ticks live as receipts arrive, keeping open sheets open', async () => {
    await page.goto(`${stack.sandboxUrl}/`)
    const list = seed('list')
    await list.locator('summary.cap-summary').click()

    // Its receipts start 8 s after the send (the sandbox's late receipts), a step apart: the page,
    // which polls every second, shows it queued first however busy the machine, then each receipt.
    // The plan applies when a message is taken, so it goes as soon as this one is.
    await sandboxFaults('POST', { receipts: { delayMs: 8_000 } })
    const result = await client()
      .send(seedBuilders.text)
      .finally(() => sandboxFaults('DELETE'))
    const message = page.locator(`li.sbx-msg[data-umid="${result.umid}"]`)
    await message.waitFor({ timeout: 8_000 })
    expect(await message.getAttribute('data-state')).toBe('queued')
    await waitForState(message, 'read', 30_000)
    const ticks = message.locator('.sbx-ticks')
    expect(await seen(ticks)).toBe('✓✓')
    expect(await ticks.getAttribute('aria-label')).toBe('read')
    // The read ticks are blue, the others are not.
    expect(await ticks.evaluate((el) => getComputedStyle(el).color)).toBe('rgb(2, 126, 181)')
    // The sheet the person opened survived every refresh.
    expect(
      await list.locator('details.cap-sheet').evaluate((el) => (el as HTMLDetailsElement).open),
    ).toBe(true)
    expect(await seen(page.locator('#sbx-live'))).toBe('live')
  })

  it('the preview page lists and highlights the issues of a pasted message', async () => {
    await page.goto(`${stack.sandboxUrl}/preview`)
    await page.locator('#sbx-out article.cap-preview').waitFor()
    const invalid = {
      user: { msisdn: '12' },
      type: 'interactive',
      content: {
        interactive: {
          type: 'button',
          body: { text: '' },
          action: { buttons: [{ type: 'reply', reply: { id: 'a', title: '<b>x</b>' } }] },
        },
      },
    }
    await page.locator('#sbx-json').fill(JSON.stringify(invalid, null, 2))
    await page.getByRole('button', { name: 'Preview' }).click()
    const issues = page.locator('#sbx-out .cap-issues')
    await issues.waitFor()
    expect(await issues.locator('.cap-issue').count()).toBeGreaterThanOrEqual(2)
    expect(await issues.locator('.cap-path').allInnerTexts()).toContain('user.msisdn')
    const highlighted = page.locator('#sbx-out .cap-invalid')
    expect(await highlighted.count()).toBeGreaterThanOrEqual(1)
    const colour = await highlighted
      .first()
      .evaluate(
        (el) => `${getComputedStyle(el).outlineStyle} ${getComputedStyle(el).backgroundColor}`,
      )
    expect(colour).not.toBe('none rgba(0, 0, 0, 0)')
    // The hostile title is text, not markup.
    expect(await page.locator('#sbx-out b').count()).toBe(0)
    await screenshot(page.locator('#sbx-out'), 'preview-issues.png', false)

    await page.locator('#sbx-json').fill('{"user": ')
    await page.getByRole('button', { name: 'Preview' }).click()
    await page.locator('#sbx-out .sbx-error').waitFor()
    expect(await seen(page.locator('#sbx-out .sbx-error'))).toMatch(/^Not valid JSON: /)
  })

  it('holds a conversation: the customer writes, the business answers, STOP, then a 1051', async () => {
    await clearSandbox(stack.sandboxUrl)
    const rules = await fetch(`${stack.sandboxUrl}/__sandbox/rules`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ window: true, optOut: true, marketingTemplates: ['summer_sale'] }),
    })
    expect(rules.status).toBe(200)
    const api = `${stack.sandboxUrl}/api/v1/subaccounts/${SUB_ACCOUNT}`
    const business = async (path: string, body: unknown) => {
      const response = await fetch(`${api}${path}`, {
        method: 'POST',
        headers: { Authorization: 'Bearer sandbox-demo-key', 'Content-Type': 'application/json' },
        body: body === null ? '' : JSON.stringify(body),
      })
      expect(response.status, path).toBe(200)
      const text = await response.text()
      return text === '' ? {} : (JSON.parse(text) as { umid?: string })
    }
    const customer = '+15550102030'
    try {
      await page.setViewportSize({ width: 1000, height: 900 })
      await page.goto(`${stack.sandboxUrl}/`)
      // The customer writes through the reply box.
      await page.locator('#sbx-from').fill(customer)
      await page.locator('#sbx-text').fill('Hi! Is my order ready?')
      await page.getByRole('button', { name: 'Send' }).click()
      const mine = page.locator('li.sbx-in').filter({ hasText: 'Is my order ready?' })
      await mine.waitFor({ timeout: 15_000 })
      expect(await mine.getAttribute('data-read')).toBe('false')
      expect(await seen(page.locator('#sbx-list button[aria-current="true"] span'))).toBe(customer)

      // The business reads it (blue ticks on the customer's side) and answers within the window.
      const inbound = (await (await fetch(`${stack.sandboxUrl}/__sandbox/inbound`)).json()) as {
        messages: { umid: string }[]
      }
      const umid = inbound.messages[0]?.umid ?? ''
      await business(`/messages/${umid}/read`, null)
      await page
        .locator(`li.sbx-in[data-umid="${umid}"][data-read="true"]`)
        .waitFor({ timeout: 15_000 })
      const blue = page.locator(`li.sbx-in[data-umid="${umid}"] .sbx-ticks`)
      expect(await blue.evaluate((el) => getComputedStyle(el).color)).toBe('rgb(2, 126, 181)')
      const answer = await business('/messages', {
        user: { msisdn: customer },
        type: 'text',
        content: { text: 'Yes, it ships today.' },
      })
      const answered = page.locator(`li.sbx-msg[data-umid="${answer.umid}"]`)
      await waitForState(answered, 'read')

      // The customer opts out; a marketing template then fails with 1051, shown in the chat.
      await page.locator('#sbx-text').fill('STOP')
      await page.getByRole('button', { name: 'Send' }).click()
      await page.locator('li.sbx-in').filter({ hasText: 'STOP' }).waitFor({ timeout: 15_000 })
      const promo = await business('/messages', {
        user: { msisdn: customer },
        type: 'template',
        content: { template: { name: 'summer_sale', language: 'en' } },
      })
      const failed = page.locator(`li.sbx-msg[data-umid="${promo.umid}"]`)
      await waitForState(failed, 'undelivered')
      expect(await seen(failed.locator('.sbx-failure'))).toBe(
        '1051: Unable to deliver the marketing message: the user opted out of marketing',
      )
      // The filter hides chats whose number does not match.
      await page.locator('#sbx-filter').fill('+4400')
      expect(await page.locator('#sbx-list li').count()).toBe(0)
      await page.locator('#sbx-filter').fill('0102')
      expect(await page.locator('#sbx-list li').count()).toBe(1)
      await screenshot(page.locator('main'), 'inbox-conversation.png')
    } finally {
      await fetch(`${stack.sandboxUrl}/__sandbox/rules`, { method: 'DELETE' })
      await page.setViewportSize({ width: 420, height: 900 })
    }
  })

  it('fetched nothing but loopback, and the CSP refused nothing', () => {
    expect(browser.blocked.filter((url) => !url.startsWith('data:'))).toStrictEqual([])
    expect(cspViolations).toStrictEqual([])
  })
})
