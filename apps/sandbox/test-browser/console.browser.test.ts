/**
 * The operator's console (`/console` on the gateway) in Chromium, against the real gateway and
 * sandbox: sign in with the admin token, search for a failed message, read its delivery
 * attempts, replay it as a dead letter and see it delivered, revoke a key and see the next
 * request with it refused. Screenshots go to docs/images/console-*.png (docs/operations.md).
 */
import { copyFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { signRequest } from '@chatapps/signature'
import {
  ED25519_KEY_ID,
  ED25519_PRIVATE,
  LIMITED_KEY_ID,
  REPO_DIR,
  type Stack,
  startStack,
} from '@chatapps/testkit'
import { type Browser, launchBrowser } from '@chatapps/testkit/chromium'
import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const SCREENSHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url))
const DOCS_IMAGES = join(REPO_DIR, 'docs/images')
/** wrangler.jsonc's local admin token (public; production refuses it). */
const ADMIN_TOKEN = 'local-admin-token-not-secret'
const CUSTOMER = '+15550107070'

let stack: Stack
let browser: Browser
let page: Page
const cspViolations: string[] = []

beforeAll(async () => {
  // Two attempts, a second apart, then the dead-letter queue: a failed message in seconds.
  stack = await startStack({
    gatewayVars: {
      DELIVERY_MAX_ATTEMPTS: '2',
      DELIVERY_BACKOFF_BASE_S: '1',
      DELIVERY_BACKOFF_CAP_S: '1',
    },
  })
  browser = await launchBrowser()
  page = await browser.context.newPage()
  page.on('console', (message) => {
    if (/Content.Security.Policy/i.test(message.text())) cspViolations.push(message.text())
  })
  await page.setViewportSize({ width: 1280, height: 900 })
  mkdirSync(SCREENSHOTS, { recursive: true })
  mkdirSync(DOCS_IMAGES, { recursive: true })
})

afterAll(async () => {
  await browser?.close()
  await stack?.stop()
})

// biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator, not a DOM node.
const seen = (locator: Locator): Promise<string> => locator.innerText()

/** A signed request to the gateway with an ed25519 key (the development key by default). */
async function signedFetch(
  path: string,
  body: unknown,
  options: { prefer?: string; keyId?: string } = {},
): Promise<Response> {
  const request = new Request(`${stack.url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'idempotency-key': `"${crypto.randomUUID()}"`,
      ...(options.prefer === undefined ? {} : { prefer: options.prefer }),
    },
    body: JSON.stringify(body),
  })
  const key = { keyId: options.keyId ?? ED25519_KEY_ID, alg: 'ed25519', key: ED25519_PRIVATE }
  return fetch(await signRequest(request, key as Parameters<typeof signRequest>[1]))
}

/** Waits until a D1 query about the message holds. */
async function until(id: string, done: (row: { status: string; umid: string | null }) => boolean) {
  const deadline = Date.now() + 30_000
  for (;;) {
    const [row] = await stack.query<{ status: string; umid: string | null }>(
      'SELECT status, umid FROM messages WHERE id = ?',
      id,
    )
    if (row !== undefined && done(row)) return row
    if (Date.now() > deadline) throw new Error(`message ${id}: ${JSON.stringify(row)}`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

async function shot(name: string): Promise<void> {
  const path = join(SCREENSHOTS, `${name}.png`)
  await page.locator('body').screenshot({ path, animations: 'disabled' })
  copyFileSync(path, join(DOCS_IMAGES, `${name}.png`))
}

describe('the operator console', () => {
  it('finds a failed message, shows its attempts, replays it until delivered, revokes a key', async () => {
    // Signing in: the console sends a browser without a session to its login form.
    await page.goto(`${stack.url}/console/messages`)
    expect(new URL(page.url()).pathname).toBe('/console/login')
    await page.getByLabel('Admin token').fill(ADMIN_TOKEN)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL(`${stack.url}/console/messages`)

    // 8x8 (the sandbox) answers 503 twice: both attempts fail, the message is dead-lettered.
    const faults = await fetch(`${stack.sandboxUrl}/__sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ send: { sequence: [{ status: 503 }, { status: 503 }] } }),
    })
    expect(faults.status).toBe(200)
    const text = `Your order 4711 ships today ${crypto.randomUUID().slice(0, 8)}`
    const accepted = await signedFetch(
      '/v1/messages',
      {
        user: { msisdn: CUSTOMER },
        type: 'text',
        content: { text },
        clientMessageId: 'order-4711',
      },
      { prefer: 'respond-async' },
    )
    expect(accepted.status).toBe(202)
    const { id } = (await accepted.json()) as { id: string }
    await until(id, (row) => row.status === 'failed')

    // Search by recipient: the failed message.
    await page.getByLabel('Recipient').fill(CUSTOMER)
    await page.getByRole('button', { name: 'Search' }).click()
    const rows = page.locator('tbody tr')
    expect(await rows.count()).toBe(1)
    expect(await seen(rows.first().locator('td.state-failed'))).toBe('failed')
    expect(await seen(rows.first())).toContain('order-4711')
    await shot('console-messages')

    // Its page: the request as sent and both attempts, refused with 503.
    await rows.first().getByRole('link').click()
    await page.waitForURL(`${stack.url}/console/messages/${id}`)
    const attempts = page.locator('h2:has-text("Delivery attempts") + table tbody tr')
    expect(await attempts.count()).toBe(2)
    for (const attempt of await attempts.all()) {
      expect(await seen(attempt.locator('td').nth(2))).toBe('retryable')
      expect(await seen(attempt.locator('td').nth(3))).toBe('503')
    }
    expect(await seen(page.locator('pre'))).toContain(text)
    expect(await seen(page.locator('dd.state-failed'))).toBe('failed')
    await shot('console-message-failed')

    // Replay: back into the delivery queue; 8x8 now takes it.
    await page.getByRole('button', { name: 'Replay this dead letter' }).click()
    await page.waitForURL(/\/console\/dead-letters\?done=/)
    expect(await seen(page.getByRole('status'))).toBe(
      'Replayed: the chosen dead letters are back in the delivery queue.',
    )
    await shot('console-dead-letters')
    const delivered = await until(id, (row) => row.umid !== null)
    expect(delivered.umid).toMatch(/^[0-9a-f-]{36}$/)
    await page.goto(`${stack.url}/console/messages/${id}`)
    expect(await attempts.count()).toBe(3)
    expect(await seen(attempts.nth(2).locator('td').nth(2))).toBe('sent')
    expect(await seen(page.locator('h2:has-text("Replays") + ul li'))).toContain('by admin-token')
    await shot('console-message-replayed')

    // A key revoked from the console refuses the next request.
    const message = { user: { msisdn: CUSTOMER }, type: 'text', content: { text: 'hello' } }
    expect((await signedFetch('/v1/messages', message, { keyId: LIMITED_KEY_ID })).status).toBe(200)
    await page.goto(`${stack.url}/console/keys`)
    await page.getByRole('button', { name: `Revoke ${LIMITED_KEY_ID}` }).click()
    await page.waitForURL(/\/console\/keys\?done=/)
    expect(await seen(page.getByRole('status'))).toBe('Revoked the key.')
    const refused = await signedFetch('/v1/messages', message, { keyId: LIMITED_KEY_ID })
    expect(refused.status).toBe(401)
    await shot('console-keys')

    // A refusal of the gateway's own (an invalid message) reaches D1 with its key's admission
    // object's next write (RECORD_FLUSH_MS, 100 ms): read the page until it is there. The page
    // refreshes itself, which may abort a navigation of ours: that read counts as not yet.
    expect((await signedFetch('/v1/messages', { type: 'text' })).status).toBe(422)
    await expect
      .poll(
        async () => {
          try {
            await page.goto(`${stack.url}/console/live`)
            return await seen(page.locator('h2:has-text("Refusals by code") + p + table'))
          } catch {
            return ''
          }
        },
        { timeout: 15_000, interval: 250 },
      )
      .toContain('invalid_message')
    expect(
      await seen(page.locator('h2:has-text("refusals of delivery attempts") + table')),
    ).toContain('503')
    await shot('console-live')

    expect(cspViolations).toEqual([])
    expect(browser.blocked).toEqual([])
  })
})
