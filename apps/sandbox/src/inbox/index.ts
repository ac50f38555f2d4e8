/**
 * The sandbox's pages for people, and the fragments their scripts read:
 *
 * - `GET /`: the inbox, what the sandbox received grouped by recipient as chats, each message
 *   drawn by `@chatapps/preview` with its delivery ticks and raw JSON (template messages filled
 *   in from the sandbox's registered templates); it polls
 *   `GET /__sandbox/inbox` (the chats as an HTML fragment, with an ETag) every second.
 * - `GET /preview`: paste a message's JSON, see it drawn with its validation issues (and a
 *   template filled in from the registry, with its mismatches); it POSTs
 *   to `POST /__sandbox/preview` (the preview as an HTML fragment; 400 for malformed JSON).
 *
 * Not authenticated, like every `/__sandbox/*` route: the sandbox is a local tool on loopback.
 *
 * @module
 */
import type { KnownTemplate } from '@chatapps/dsl/templates'
import { renderPreview } from '@chatapps/preview'
import { type Context, Hono } from 'hono'
import type { InboundEvent } from '../conversation/inbound'
import type { AppEnv } from '../env'
import { Store } from '../store/client'
import type { InboundRow } from '../store/conversation-table'
import { WHATSAPP_CHANNEL_ID } from '../templates/seeds'
import { type CustomerMessage, inboxHtml, inboxMessages } from './chats'
import { escapeHtml, etagOf, FRAGMENT_CSP, nonce, pageCsp } from './html'
import { inboxPage, PREVIEW_EXAMPLE, previewPage } from './page'

/** The largest JSON the preview page renders (a batch of 8x8's is at most a few hundred KiB). */
export const PREVIEW_MAX_BYTES = 256 * 1024

const HTML = 'text/html; charset=utf-8'

function html(c: Context<AppEnv>, body: string, status: 200 | 400 | 413, csp: string): Response {
  return c.body(body, status, {
    'Content-Type': HTML,
    'Content-Security-Policy': csp,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  })
}

/** What a customer's message says, in words, from its 8x8 event. */
export function customerText(event: InboundEvent): string {
  const { content } = event.payload
  if ('text' in content) return content.text
  const reply = content.interactive
  if (reply.type === 'button_reply') return `▸ ${reply.button_reply.title}`
  if (reply.type === 'list_reply') return `☰ ${reply.list_reply.title}`
  return `Flow reply: ${reply.nfmReply.responseJson}`
}

function customerMessage(row: InboundRow): CustomerMessage {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())
  return {
    umid: row.umid,
    msisdn: row.msisdn,
    timestamp: new Date(row.at).toISOString(),
    text: customerText(JSON.parse(row.event) as InboundEvent),
    readAt: iso(row.readAt),
    typingAt: iso(row.typingAt),
  }
}

/** Whether the page asks for media (`?media=1`): then they are drawn from their URLs. */
const wantsMedia = (c: Context<AppEnv>) => c.req.query('media') === '1'

async function currentChats(c: Context<AppEnv>): Promise<{ body: string; etag: string }> {
  const store = new Store(c.env)
  const [entries, inbound, failures, cancelled, templates] = await Promise.all([
    store.list(),
    store.allInbound(),
    store.failures(),
    store.cancelledUmids(),
    store.templates.known(WHATSAPP_CHANNEL_ID),
  ])
  const options = { media: wantsMedia(c), failures, now: Date.now(), templates }
  const body = inboxHtml(
    inboxMessages(entries, new Set(cancelled)),
    inbound.map(customerMessage),
    options,
  )
  return { body, etag: await etagOf(body) }
}

function previewFragment(
  text: string,
  templates: readonly KnownTemplate[],
): { status: 200 | 400 | 413; body: string } {
  if (new TextEncoder().encode(text).length > PREVIEW_MAX_BYTES) {
    return {
      status: 413,
      body: `<p class="sbx-error" role="alert">Too large: the preview takes at most ${PREVIEW_MAX_BYTES / 1024} KiB.</p>`,
    }
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    return {
      status: 400,
      body: `<p class="sbx-error" role="alert">Not valid JSON: ${escapeHtml(reason)}</p>`,
    }
  }
  const options = { showIssues: true, loadMedia: false, templates }
  return { status: 200, body: renderPreview(parsed, options) }
}

/** The inbox and preview routes (see the module comment). */
export const inbox = new Hono<AppEnv>()
  .get('/', async (c) => {
    const { body, etag } = await currentChats(c)
    const pageNonce = nonce()
    const media = wantsMedia(c)
    return html(c, inboxPage(body, etag, pageNonce, media), 200, pageCsp(pageNonce, media))
  })
  .get('/__sandbox/inbox', async (c) => {
    const { body, etag } = await currentChats(c)
    if (c.req.header('If-None-Match') === etag) {
      return c.body(null, 304, { ETag: etag, 'Cache-Control': 'no-store' })
    }
    const response = html(c, body, 200, FRAGMENT_CSP)
    response.headers.set('ETag', etag)
    return response
  })
  .get('/preview', async (c) => {
    const pageNonce = nonce()
    const templates = await new Store(c.env).templates.known(WHATSAPP_CHANNEL_ID)
    const initial = previewFragment(PREVIEW_EXAMPLE, templates).body
    return html(c, previewPage(initial, pageNonce), 200, pageCsp(pageNonce))
  })
  .post('/__sandbox/preview', async (c) => {
    const templates = await new Store(c.env).templates.known(WHATSAPP_CHANNEL_ID)
    const { status, body } = previewFragment(await c.req.text(), templates)
    return html(c, body, status, FRAGMENT_CSP)
  })
