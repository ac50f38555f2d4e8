import { beforeEach, describe, expect, it } from 'vitest'
import { PREVIEW_MAX_BYTES } from '../src/inbox'
import { INBOX_LIMIT } from '../src/inbox/chats'
import { tickState } from '../src/inbox/ticks'
import type { ReceiptView } from '../src/store/types'
import {
  batchPath,
  call,
  clear,
  clearRecorder,
  messagesPath,
  post,
  settledReceipts,
  TEXT,
} from './helpers'

const HTML = 'text/html; charset=utf-8'
const HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)">'

beforeEach(async () => {
  await clear()
  await clearRecorder()
})

async function send(body: unknown): Promise<string> {
  const response = await post(messagesPath(), body)
  expect(response.status).toBe(200)
  return ((await response.json()) as { umid: string }).umid
}

const text = (msisdn: string, words: string) => ({
  user: { msisdn },
  type: 'text',
  content: { text: words },
})

/** The nonce of a page's CSP, checked to be the only way a script or style may run. */
function nonceOf(response: Response): string {
  const csp = response.headers.get('Content-Security-Policy') ?? ''
  expect(csp).toContain("default-src 'none'")
  expect(csp).toContain("frame-ancestors 'none'")
  expect(csp).not.toContain('unsafe-inline')
  expect(csp).not.toContain('unsafe-eval')
  const match = /script-src 'nonce-([A-Za-z0-9+/]{22}==)'/.exec(csp)
  expect(match).not.toBeNull()
  const nonce = match?.[1] ?? ''
  expect(csp).toContain(`style-src 'nonce-${nonce}'`)
  return nonce
}

/** Each `<li class="sbx-msg">`'s umid and state, in page order. */
function messagesIn(html: string): { umid: string; state: string }[] {
  return [...html.matchAll(/<li class="sbx-msg" data-umid="([^"]*)" data-state="([^"]*)"/g)].map(
    (m) => ({ umid: m[1] ?? '', state: m[2] ?? '' }),
  )
}

/** Each chat's recipient, in page order (as it appears in the attribute, escaped). */
function chatsIn(html: string): string[] {
  return [...html.matchAll(/<section class="sbx-chat" [^>]*data-recipient="([^"]*)"/g)].map(
    (m) => m[1] ?? '',
  )
}

describe('GET / (the inbox)', () => {
  it('answers an HTML page whose one script and style carry the CSP nonce', async () => {
    const response = await call('/')
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Type')).toBe(HTML)
    expect(response.headers.get('Cache-Control')).toBe('no-store')
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff')
    const nonce = nonceOf(response)
    const html = await response.text()
    expect(html.startsWith('<!doctype html>')).toBe(true)
    expect(html.match(/<script/g)).toHaveLength(1)
    expect(html).toContain(`<script nonce="${nonce}">`)
    expect(html).toContain(`<style nonce="${nonce}">`)
    expect(html).toContain('No messages yet.')
    // A fresh nonce for every page.
    expect(nonceOf(await call('/'))).not.toBe(nonce)
  })

  it('groups messages by recipient, the chat with the latest message first', async () => {
    const a1 = await send(text('+15551230001', 'first to A'))
    const b1 = await send(text('+15551239999', 'first to B'))
    const a2 = await send(text('+15551230001', 'second to A'))
    const html = await (await call('/')).text()
    expect(chatsIn(html)).toStrictEqual(['+15551230001', '+15551239999'])
    expect(messagesIn(html).map((m) => m.umid)).toStrictEqual([a1, a2, b1])
    expect(html).toContain('<span class="sbx-count">2 messages</span>')
    expect(html).toContain('<span class="sbx-count">1 message</span>')
    expect(html).toContain('first to A')
    // The raw JSON, on demand.
    expect(html).toContain(
      '<details class="sbx-raw"><summary>JSON</summary><pre>{\n  &quot;user&quot;',
    )
  })

  it('escapes hostile strings in messages, raw JSON and recipients', async () => {
    await send({ ...text('+15551234567', HOSTILE), clientMessageId: '"><b>x</b>' })
    // A rejected batch message keeps its invalid msisdn: the chat's title must escape it.
    const batch = await post(batchPath(), { messages: [text(HOSTILE, 'hi')] })
    expect(batch.status).toBe(200)
    const html = await (await call('/')).text()
    expect(html.match(/<script/g)).toHaveLength(1)
    expect(html).not.toContain('<img src=x')
    expect(html).not.toContain('<b>x</b>')
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(chatsIn(html)).toContain(
      '&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=&quot;alert(2)&quot;&gt;',
    )
    expect(html).toMatch(/<span class="sbx-recipient">&lt;script&gt;alert\(1\)/)
  })

  it('shows the ticks of the receipts the sandbox sent, per recipient', async () => {
    const read = await send(text('+15551234567', 'read'))
    const delivered = await send(text('+15551230001', 'delivered, never read'))
    const undelivered = await send(text('+15551230000', 'absent subscriber'))
    const batch = await post(batchPath(), { messages: [text('123', 'bad msisdn')] })
    expect(batch.status).toBe(200)
    await settledReceipts()
    const html = await (await call('/')).text()
    const states = Object.fromEntries(messagesIn(html).map((m) => [m.umid, m.state]))
    expect(states[read]).toBe('read')
    expect(states[delivered]).toBe('delivered')
    expect(states[undelivered]).toBe('undelivered')
    expect(Object.values(states).filter((state) => state === 'rejected')).toHaveLength(1)
    expect(html).toContain(
      '<span class="sbx-ticks sbx-read" role="img" aria-label="read" title="read">✓✓</span>',
    )
    expect(html).toContain(
      '<span class="sbx-ticks sbx-delivered" role="img" aria-label="delivered"',
    )
    expect(html).toContain('<span class="sbx-ticks sbx-undelivered" role="img"')
    expect(html).toContain(
      'title="queued: delivered to the webhook, sent: delivered to the webhook',
    )
  })

  it('draws the latest 200 messages at most, and says so', async () => {
    // Rejected batch messages: recorded, but no receipts to wait for.
    const messages = Array.from({ length: INBOX_LIMIT + 1 }, (_, i) => text('1', `m${i}`))
    expect((await post(batchPath(), { messages })).status).toBe(200)
    const html = await (await call('/')).text()
    expect(messagesIn(html)).toHaveLength(INBOX_LIMIT)
    expect(html).toContain(`Showing the latest ${INBOX_LIMIT} of ${INBOX_LIMIT + 1} messages`)
    expect(html).not.toContain('&quot;m0&quot;')
    expect(html).toContain(`&quot;m${INBOX_LIMIT}&quot;`)
  })
})

describe('GET /__sandbox/inbox (the fragment the inbox polls)', () => {
  it('answers the chats with an ETag, and 304 while nothing changed', async () => {
    await send(TEXT)
    await settledReceipts()
    const response = await call('/__sandbox/inbox')
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Type')).toBe(HTML)
    expect(response.headers.get('Content-Security-Policy')).toBe(
      "default-src 'none'; frame-ancestors 'none'",
    )
    const etag = response.headers.get('ETag') ?? ''
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/)
    const html = await response.text()
    expect(html.startsWith('<section class="sbx-chat"')).toBe(true)
    expect(html).not.toContain('<script')
    // The page embeds the same fragment and its ETag for the first poll.
    const page = await (await call('/')).text()
    expect(page).toContain(
      `<div id="sbx-chats" data-etag="${etag.replaceAll('"', '&quot;')}">${html}</div>`,
    )
    const again = await call('/__sandbox/inbox', { headers: { 'If-None-Match': etag } })
    expect(again.status).toBe(304)
    expect(await again.text()).toBe('')
    await send(TEXT)
    const changed = await call('/__sandbox/inbox', { headers: { 'If-None-Match': etag } })
    expect(changed.status).toBe(200)
    expect(changed.headers.get('ETag')).not.toBe(etag)
  })
})

describe('tickState', () => {
  const receipt = (state: string, sent: boolean): ReceiptView => ({
    umid: 'u',
    state,
    duplicate: false,
    sentAt: sent ? '2026-11-24T00:00:00.000Z' : null,
    attempts: sent ? 1 : 0,
    delivered: sent,
    dropped: false,
    pending: !sent,
  })

  it('is the furthest state whose receipt was sent', () => {
    expect(tickState([], false)).toBe('queued')
    expect(tickState([receipt('queued', false)], false)).toBe('queued')
    expect(tickState([receipt('queued', true), receipt('sent', true)], false)).toBe('sent')
    const four = ['queued', 'sent', 'delivered', 'read']
    expect(
      tickState(
        four.map((s, i) => receipt(s, i < 3)),
        false,
      ),
    ).toBe('delivered')
    expect(
      tickState(
        four.map((s) => receipt(s, true)),
        false,
      ),
    ).toBe('read')
    // Reordered receipts do not move the ticks back.
    expect(tickState([receipt('read', true), receipt('sent', true)], false)).toBe('read')
  })

  it('marks undelivered and rejected messages', () => {
    expect(tickState([receipt('sent', true), receipt('undelivered', true)], false)).toBe(
      'undelivered',
    )
    expect(tickState([receipt('undelivered', false)], false)).toBe('queued')
    expect(tickState([], true)).toBe('rejected')
  })
})

describe('the preview page', () => {
  it('GET /preview answers the page with a textarea and the example drawn', async () => {
    const response = await call('/preview')
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Type')).toBe(HTML)
    const nonce = nonceOf(response)
    const html = await response.text()
    expect(html.match(/<script/g)).toHaveLength(1)
    expect(html).toContain(`<script nonce="${nonce}">`)
    expect(html).toContain(
      '<textarea id="sbx-json" name="json" spellcheck="false">{\n  &quot;user&quot;',
    )
    expect(html).toContain('<article class="cap-preview"')
  })

  const preview = (body: string) =>
    call('/__sandbox/preview', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
    })

  it('POST /__sandbox/preview draws a valid message', async () => {
    const response = await preview(JSON.stringify(text('+15551234567', '*Hi* there')))
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Type')).toBe(HTML)
    expect(response.headers.get('Content-Security-Policy')).toBe(
      "default-src 'none'; frame-ancestors 'none'",
    )
    const html = await response.text()
    expect(html).toMatch(/^<article class="cap-preview" aria-label="Message preview: text">/)
    expect(html).toContain('<strong>Hi</strong> there')
    expect(html).not.toContain('cap-issues')
  })

  it('lists and highlights every issue of an invalid message, escaped', async () => {
    const body = { user: { msisdn: 'nope' }, type: 'text', content: { text: '' }, x: HOSTILE }
    const response = await preview(JSON.stringify(body))
    expect(response.status).toBe(200)
    const html = await response.text()
    expect(html).toContain('cap-has-issues')
    expect(html).toContain('<section class="cap-issues" aria-label="Validation issues">')
    expect(html).toContain('data-cap-path="content.text"')
    expect(html).toContain('<code class="cap-path">user.msisdn</code>')
    expect(html).not.toContain('<script')
  })

  it('answers 400 with a clear, escaped message for malformed JSON', async () => {
    const response = await preview(`${HOSTILE}{`)
    expect(response.status).toBe(400)
    expect(response.headers.get('Content-Type')).toBe(HTML)
    const html = await response.text()
    expect(html).toMatch(/^<p class="sbx-error" role="alert">Not valid JSON: /)
    expect(html).not.toContain('<script')
    expect(html).not.toContain('<img')
  })

  it('answers 413 for JSON larger than it draws', async () => {
    const response = await preview(JSON.stringify({ text: 'x'.repeat(PREVIEW_MAX_BYTES) }))
    expect(response.status).toBe(413)
    expect(await response.text()).toContain('Too large')
  })
})
