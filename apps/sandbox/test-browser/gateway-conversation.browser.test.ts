/**
 * A conversation in the sandbox inbox with the gateway in the loop, in Chromium: the customer
 * writes in the reply box, the business answers THROUGH THE GATEWAY (signed, as
 * `pnpm demo:conversation` does) within the window and the answer appears in the inbox, the
 * customer sends STOP in the reply box, and the next marketing send through the gateway is
 * refused with 422 recipient_opted_out: nothing reaches the sandbox, nothing new appears.
 */
import { copyFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { signRequest } from '@chatapps/signature'
import {
  ED25519_KEY_ID,
  ED25519_PRIVATE,
  REPO_DIR,
  type Stack,
  sandboxMessages,
  startStack,
} from '@chatapps/testkit'
import { type Browser, launchBrowser } from '@chatapps/testkit/chromium'
import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const SCREENSHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url))
const DOCS_IMAGES = join(REPO_DIR, 'docs/images')
// A fixed number (a fresh stack each run): the picture is the same from run to run.
const CUSTOMER = '+15550104050'

let stack: Stack
let browser: Browser
let page: Page
const cspViolations: string[] = []

beforeAll(async () => {
  // Long enough that the page sees a message before it is read (it polls every second).
  stack = await startStack({ receiptStepMs: 1000 })
  browser = await launchBrowser()
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
})

// biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator, not a DOM node.
const seen = (locator: Locator): Promise<string> => locator.innerText()

/** A request to the gateway, signed with the ed25519 development key (signing.md). */
async function signedFetch(path: string, body?: unknown): Promise<Response> {
  const request = new Request(`${stack.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': `"${crypto.randomUUID()}"` },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const key = { keyId: ED25519_KEY_ID, alg: 'ed25519', key: ED25519_PRIVATE } as const
  return fetch(await signRequest(request, key))
}

/** A send through the gateway (`POST /v1/messages`): its status, window header and body. */
async function sendThroughGateway(message: Record<string, unknown>) {
  const response = await signedFetch('/v1/messages', message)
  return {
    status: response.status,
    serviceWindowHeader: response.headers.get('chatapps-service-window'),
    body: (await response.json()) as Record<string, unknown>,
  }
}

interface Contact {
  readonly serviceWindow: { open: boolean }
  readonly consent: { state: string; history: { state: string; by: string; reason: string }[] }
  readonly lastInboundAt: string | null
}

/** `GET /v1/contacts/{customer}` until `done` holds: the sandbox posts the webhook just after. */
async function contactWhen(done: (contact: Contact) => boolean): Promise<Contact> {
  const until = Date.now() + 15_000
  for (;;) {
    const response = await signedFetch(`/v1/contacts/${encodeURIComponent(CUSTOMER)}`)
    expect(response.status).toBe(200)
    const contact = (await response.json()) as Contact
    if (done(contact) || Date.now() > until) return contact
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** A WhatsApp-only text (so that the gateway weighs the window), as the demo sends. */
const whatsAppText = (text: string) => ({
  user: { msisdn: CUSTOMER },
  type: 'text',
  content: { text },
  channels: [{ channel: 'WhatsApp' }],
})

/** A marketing template on WhatsApp (`summer_sale`, named so in the sandbox's rules). */
const marketingTemplate = () => ({
  user: { msisdn: CUSTOMER },
  type: 'template',
  content: { template: { name: 'summer_sale', language: 'en' } },
  channels: [{ channel: 'WhatsApp' }],
})

/** What reached the sandbox for the customer: each message's type, oldest first. */
async function sandboxTypes(): Promise<(string | undefined)[]> {
  return (await sandboxMessages(stack.sandboxUrl))
    .map((entry) => entry.body as { user?: { msisdn?: string }; type?: string })
    .filter((body) => body.user?.msisdn === CUSTOMER)
    .map((body) => body.type)
}

/** The customer writes `text` in the inbox's reply box. */
async function customerTypes(text: string): Promise<void> {
  await page.locator('#sbx-text').fill(text)
  await page.getByRole('button', { name: 'Send' }).click()
  await page.locator('li.sbx-in').filter({ hasText: text }).waitFor({ timeout: 15_000 })
}

describe('a conversation in the inbox, the business answering through the gateway', () => {
  it('window, an answer through the gateway, STOP in the reply box, a refused marketing send', async () => {
    // WhatsApp's rules on, as the network would play them: the answer must be inside the window.
    const rules = await fetch(`${stack.sandboxUrl}/__sandbox/rules`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ window: true, optOut: true, marketingTemplates: ['summer_sale'] }),
    })
    expect(rules.status).toBe(200)
    try {
      await page.setViewportSize({ width: 1000, height: 900 })
      await page.goto(`${stack.sandboxUrl}/`)

      // The customer writes in the reply box; the gateway hears it and opens the window.
      await page.locator('#sbx-from').fill(CUSTOMER)
      await customerTypes('Hi! Is my order ready?')
      expect(await seen(page.locator('#sbx-list button[aria-current="true"] span'))).toBe(CUSTOMER)
      const opened = await contactWhen((c) => c.lastInboundAt !== null)
      expect(opened.serviceWindow.open).toBe(true)
      expect(opened.consent.state).toBe('subscribed')

      // The business answers through the gateway, signed, inside the window.
      const answer = await sendThroughGateway(
        whatsAppText('Yes, it ships today. Reply STOP to opt out.'),
      )
      expect(answer.status).toBe(200)
      expect(answer.serviceWindowHeader).toBeNull()
      expect(answer.body).not.toHaveProperty('serviceWindow')
      const umid = answer.body.umid
      expect(typeof umid).toBe('string')
      const answered = page.locator(`li.sbx-msg[data-umid="${String(umid)}"]`)
      await answered.waitFor({ timeout: 15_000 })
      expect(await seen(answered)).toContain('Yes, it ships today. Reply STOP to opt out.')
      // Delivered and read: the sandbox's window rule let it through.
      await answered.and(page.locator('[data-state="read"]')).waitFor({ timeout: 15_000 })
      expect(await seen(answered.locator('.sbx-ticks'))).toBe('✓✓')

      // The customer sends STOP in the reply box; the gateway records the opt-out.
      await customerTypes('STOP')
      const stopped = await contactWhen((c) => c.consent.state !== 'subscribed')
      expect(stopped.consent.state).toBe('opted_out')
      expect(stopped.consent.history.map(({ state, by, reason }) => [state, by, reason])).toEqual([
        ['opted_out', 'user', 'STOP'],
      ])

      // The next marketing send through the gateway is refused; nothing is sent.
      const business = page.locator('li.sbx-msg')
      expect(await business.count()).toBe(1)
      const refused = await sendThroughGateway(marketingTemplate())
      expect(refused.status).toBe(422)
      expect(refused.body).toStrictEqual({
        type: '/problems/recipient_opted_out',
        title: 'Recipient opted out',
        status: 422,
        detail: 'The recipient is opted out (user: STOP); nothing was sent.',
        code: 'recipient_opted_out',
        recipient: CUSTOMER,
      })
      // Three polls of the inbox later, still only the answer; the sandbox got only the text.
      await page.waitForTimeout(3_000)
      expect(await business.count()).toBe(1)
      expect(await page.locator('li.sbx-in').count()).toBe(2)
      expect(await sandboxTypes()).toStrictEqual(['text'])

      const path = join(SCREENSHOTS, 'inbox-gateway-conversation.png')
      await page.locator('main').screenshot({
        path,
        animations: 'disabled',
        mask: [page.locator('.sbx-time')],
        maskColor: '#efeae2',
      })
      copyFileSync(path, join(DOCS_IMAGES, 'inbox-gateway-conversation.png'))
    } finally {
      await fetch(`${stack.sandboxUrl}/__sandbox/rules`, { method: 'DELETE' })
    }
  })

  it('fetched nothing but loopback, and the CSP refused nothing', () => {
    expect(browser.blocked.filter((url) => !url.startsWith('data:'))).toStrictEqual([])
    expect(cspViolations).toStrictEqual([])
  })
})
