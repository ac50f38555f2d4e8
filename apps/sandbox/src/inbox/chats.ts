/**
 * What the sandbox received, as chats: one per recipient, each message drawn by
 * `@chatapps/preview` with its ticks, time and raw JSON.
 *
 * @module
 */
import { type JsonValue, safeParseMessage } from '@chatapps/dsl'
import { renderPreview } from '@chatapps/preview'
import type { ReceiptView, ReceivedEntry } from '../store/types'
import { escapeHtml } from './html'
import { receiptsSummary, type TickState, tickState, ticksHtml } from './ticks'

/** One message of the inbox. */
export interface InboxMessage {
  readonly umid: string
  readonly receivedAt: string
  /** The message as received (a batch's message merged over its template). */
  readonly body: JsonValue
  readonly state: TickState
  readonly receipts: readonly ReceiptView[]
}

/** The messages to one recipient, oldest first. */
export interface Chat {
  readonly recipient: string
  readonly messages: readonly InboxMessage[]
}

type JsonObject = { readonly [key: string]: JsonValue }

const isObject = (value: JsonValue | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Who a message goes to: the msisdn, else another user id, else the user as JSON. */
export function recipientOf(body: JsonValue): string {
  const user = isObject(body) ? body.user : undefined
  if (!isObject(user)) return '(no recipient)'
  for (const key of ['msisdn', 'channelUserId', 'lineUserId', 'userId']) {
    const value = user[key]
    if (typeof value === 'string' && value !== '') return value
  }
  return JSON.stringify(user)
}

/** Each message of the received requests, a batch's merged over its template as 8x8 does. */
export function inboxMessages(entries: readonly ReceivedEntry[]): InboxMessage[] {
  return entries.flatMap((entry): InboxMessage[] => {
    const receiptsOf = (umid: string) => entry.receipts.filter((r) => r.umid === umid)
    if (entry.kind === 'message') {
      const receipts = receiptsOf(entry.umid)
      const state = tickState(receipts, false)
      return [{ umid: entry.umid, receivedAt: entry.receivedAt, body: entry.body, state, receipts }]
    }
    const body = isObject(entry.body) ? entry.body : {}
    const items = Array.isArray(body.messages) ? body.messages : []
    const template = isObject(body.template) ? body.template : undefined
    return entry.umids.map((umid, index) => {
      const item = items[index] ?? null
      const merged = template !== undefined && isObject(item) ? { ...template, ...item } : item
      const receipts = receiptsOf(umid)
      // The sandbox rejects exactly the messages the DSL rejects (see routes/batch.ts).
      const rejected = !safeParseMessage(merged).success
      const state = tickState(receipts, rejected)
      return { umid, receivedAt: entry.receivedAt, body: merged, state, receipts }
    })
  })
}

/** The messages grouped by recipient; the chat with the latest message first. */
export function groupChats(messages: readonly InboxMessage[]): Chat[] {
  const chats = new Map<string, { messages: InboxMessage[]; last: number }>()
  messages.forEach((message, index) => {
    const recipient = recipientOf(message.body)
    const chat = chats.get(recipient) ?? { messages: [], last: 0 }
    chat.messages.push(message)
    chat.last = index
    chats.set(recipient, chat)
  })
  return [...chats]
    .sort(([, a], [, b]) => b.last - a.last)
    .map(([recipient, chat]) => ({ recipient, messages: chat.messages }))
}

function timeOf(iso: string): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : date.toISOString().slice(11, 19)
}

function messageHtml(message: InboxMessage): string {
  const summary = receiptsSummary(message.receipts)
  const kind =
    isObject(message.body) && typeof message.body.type === 'string' ? message.body.type : ''
  return (
    `<li class="sbx-msg" data-umid="${escapeHtml(message.umid)}" data-state="${message.state}" data-type="${escapeHtml(kind)}">` +
    // The recipient is the chat's title: the preview's "To …" line is hidden by the page's CSS.
    renderPreview(message.body, { loadMedia: false, headingLevel: 4 }) +
    `<p class="sbx-meta"${summary === '' ? '' : ` title="${escapeHtml(summary)}"`}>` +
    `<time class="sbx-time" datetime="${escapeHtml(message.receivedAt)}">${escapeHtml(timeOf(message.receivedAt))}</time> ` +
    `${ticksHtml(message.state)}</p>` +
    `<details class="sbx-raw"><summary>JSON</summary><pre>${escapeHtml(JSON.stringify(message.body, null, 2))}</pre>` +
    `<p class="sbx-umid">umid <code>${escapeHtml(message.umid)}</code></p></details>` +
    '</li>'
  )
}

/** How many messages the inbox draws at most (the latest), so that a page stays quick to poll. */
export const INBOX_LIMIT = 200

/**
 * The inbox as HTML, what `GET /` shows and `GET /__sandbox/inbox` returns: the latest
 * {@link INBOX_LIMIT} messages grouped in chats, and a note when older ones are left out.
 */
export function inboxHtml(messages: readonly InboxMessage[]): string {
  const shown = messages.slice(-INBOX_LIMIT)
  const note =
    shown.length < messages.length
      ? `<p class="sbx-empty">Showing the latest ${shown.length} of ${messages.length} messages (all of them: <code>GET /__sandbox/messages</code>).</p>`
      : ''
  return note + chatsHtml(groupChats(shown))
}

/** The chats as HTML. */
export function chatsHtml(chats: readonly Chat[]): string {
  if (chats.length === 0) {
    return '<p class="sbx-empty">No messages yet. Send one to <code>POST /api/v1/subaccounts/{subAccountId}/messages</code> (or through the gateway) and it appears here.</p>'
  }
  return chats
    .map((chat, index) => {
      const count = chat.messages.length
      return (
        `<section class="sbx-chat" aria-labelledby="sbx-chat-${index}" data-recipient="${escapeHtml(chat.recipient)}">` +
        `<h2 class="sbx-chat-title" id="sbx-chat-${index}"><span class="sbx-avatar" aria-hidden="true">☺</span>` +
        `<span class="sbx-recipient">${escapeHtml(chat.recipient)}</span>` +
        `<span class="sbx-count">${count} ${count === 1 ? 'message' : 'messages'}</span></h2>` +
        `<ol class="sbx-msgs">${chat.messages.map(messageHtml).join('')}</ol></section>`
      )
    })
    .join('')
}
