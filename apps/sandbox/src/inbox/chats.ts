/**
 * What the sandbox received, as chats: one per recipient, each message drawn by
 * `@chatapps/preview` with its ticks, time and raw JSON.
 *
 * @module
 */
import { type JsonValue, safeParseMessage } from '@chatapps/dsl'
import type { KnownTemplate } from '@chatapps/dsl/templates'
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

/**
 * Each message of the received requests, a batch's merged over its template as 8x8 does;
 * `cancelled` holds the umids of scheduled messages cancelled before their time.
 */
export function inboxMessages(
  entries: readonly ReceivedEntry[],
  cancelled: ReadonlySet<string> = new Set(),
): InboxMessage[] {
  return entries.flatMap((entry): InboxMessage[] => {
    const receiptsOf = (umid: string) => entry.receipts.filter((r) => r.umid === umid)
    if (entry.kind === 'message') {
      const receipts = receiptsOf(entry.umid)
      const state = tickState(receipts, false, cancelled.has(entry.umid))
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
      const state = tickState(receipts, rejected, cancelled.has(umid))
      return { umid, receivedAt: entry.receivedAt, body: merged, state, receipts }
    })
  })
}

/** A message the customer sent (`POST /__sandbox/inbound`), as the inbox draws it. */
export interface CustomerMessage {
  readonly umid: string
  readonly msisdn: string
  /** When the customer wrote (ISO). */
  readonly timestamp: string
  /** What it says, in words (a reply names the button or row tapped). */
  readonly text: string
  /** When the business marked it read, or `null` (then grey ticks). */
  readonly readAt: string | null
  /** When the business last showed typing on it, or `null`. */
  readonly typingAt: string | null
}

/** A WhatsApp rule's failure of a business message: its receipt's error. */
export interface Failure {
  readonly errorCode: number
  readonly errorMessage: string
}

/** One entry of a chat: a business message or a customer message. */
export type ChatEntry =
  | { readonly kind: 'business'; readonly at: string; readonly message: InboxMessage }
  | { readonly kind: 'customer'; readonly at: string; readonly message: CustomerMessage }

/** One conversation: the entries with one user, oldest first. */
export interface Conversation {
  readonly recipient: string
  readonly entries: readonly ChatEntry[]
  /** The latest entry's time (ISO). */
  readonly last: string
  /** Whether the business shows typing now (within 25 s, and no message of its since). */
  readonly typing: boolean
}

/** How long WhatsApp shows the typing indicator at most (or until the business answers). */
export const TYPING_SHOWN_MS = 25_000

/** The entries of every user: business and customer messages, by time; latest chat first. */
export function conversations(entries: readonly ChatEntry[], now: number): Conversation[] {
  const byUser = new Map<string, ChatEntry[]>()
  for (const entry of entries) {
    const user = entry.kind === 'business' ? recipientOf(entry.message.body) : entry.message.msisdn
    byUser.set(user, [...(byUser.get(user) ?? []), entry])
  }
  return [...byUser]
    .map(([recipient, list]) => {
      const sorted = [...list].sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
      const last = sorted.at(-1)?.at ?? ''
      const typingAt = Math.max(
        0,
        ...sorted.map((e) =>
          e.kind === 'customer' ? Date.parse(e.message.typingAt ?? '') || 0 : 0,
        ),
      )
      const answered = sorted.some((e) => e.kind === 'business' && Date.parse(e.at) >= typingAt)
      const typing = typingAt > 0 && now - typingAt < TYPING_SHOWN_MS && !answered
      return { recipient, entries: sorted, last, typing }
    })
    .sort((a, b) => Date.parse(b.last) - Date.parse(a.last))
}

function timeOf(iso: string): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : date.toISOString().slice(11, 19)
}

function failureHtml(failure: Failure | undefined): string {
  if (failure === undefined) return ''
  return ` <span class="sbx-failure" data-error-code="${failure.errorCode}">${failure.errorCode}: ${escapeHtml(failure.errorMessage)}</span>`
}

function messageHtml(message: InboxMessage, options: ChatOptions): string {
  const summary = receiptsSummary(message.receipts)
  const failure = message.state === 'undelivered' ? options.failures.get(message.umid) : undefined
  const kind =
    isObject(message.body) && typeof message.body.type === 'string' ? message.body.type : ''
  return (
    `<li class="sbx-msg" data-umid="${escapeHtml(message.umid)}" data-state="${message.state}" data-type="${escapeHtml(kind)}">` +
    // The recipient is the chat's title: the preview's "To …" line is hidden by the page's CSS.
    // A template message is drawn filled in, as the customer reads it, from the registry.
    renderPreview(message.body, {
      loadMedia: options.media,
      headingLevel: 4,
      templates: options.templates,
    }) +
    `<p class="sbx-meta"${summary === '' ? '' : ` title="${escapeHtml(summary)}"`}>` +
    `<time class="sbx-time" datetime="${escapeHtml(message.receivedAt)}">${escapeHtml(timeOf(message.receivedAt))}</time> ` +
    `${ticksHtml(message.state)}${failureHtml(failure)}</p>` +
    `<details class="sbx-raw"><summary>JSON</summary><pre>${escapeHtml(JSON.stringify(message.body, null, 2))}</pre>` +
    `<p class="sbx-umid">umid <code>${escapeHtml(message.umid)}</code></p></details>` +
    '</li>'
  )
}

/** How many messages the inbox draws at most (the latest), so that a page stays quick to poll. */
export const INBOX_LIMIT = 200

/** How the chats are drawn. */
export interface ChatOptions {
  /** Draw media (images, videos…) from their URLs rather than as placeholders. */
  readonly media: boolean
  /** The failures of business messages WhatsApp's rules failed, by umid. */
  readonly failures: ReadonlyMap<string, Failure>
  /** The time typing indicators are judged at (epoch ms). */
  readonly now: number
  /** The registered WhatsApp templates, which template messages are filled in from. */
  readonly templates: readonly KnownTemplate[]
}

/**
 * The inbox as HTML, what `GET /` shows and `GET /__sandbox/inbox` returns: the latest
 * {@link INBOX_LIMIT} messages (the business's and the customers') in chats, and a note when
 * older ones are left out.
 */
export function inboxHtml(
  messages: readonly InboxMessage[],
  customers: readonly CustomerMessage[] = [],
  options: ChatOptions = { media: false, failures: new Map(), now: Date.now(), templates: [] },
): string {
  const entries: ChatEntry[] = [
    ...messages.map(
      (message): ChatEntry => ({ kind: 'business', at: message.receivedAt, message }),
    ),
    ...customers.map(
      (message): ChatEntry => ({ kind: 'customer', at: message.timestamp, message }),
    ),
  ]
  // Arrival order for business messages, the customer's timestamp for theirs.
  const ordered = entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => Date.parse(a.entry.at) - Date.parse(b.entry.at) || a.index - b.index)
    .map(({ entry }) => entry)
  const shown = ordered.slice(-INBOX_LIMIT)
  const note =
    shown.length < ordered.length
      ? `<p class="sbx-empty">Showing the latest ${shown.length} of ${ordered.length} messages (all of them: <code>GET /__sandbox/messages</code>).</p>`
      : ''
  return chatsHtml(conversations(shown, options.now), options) + note
}

function customerHtml(message: CustomerMessage): string {
  const read = message.readAt !== null
  const label = read ? 'read by the business' : 'delivered to the business'
  return (
    `<li class="sbx-in" data-umid="${escapeHtml(message.umid)}" data-read="${read}">` +
    `<p class="sbx-bubble">${escapeHtml(message.text)}</p>` +
    `<p class="sbx-meta"><time class="sbx-time" datetime="${escapeHtml(message.timestamp)}">${escapeHtml(timeOf(message.timestamp))}</time> ` +
    `<span class="sbx-ticks ${read ? 'sbx-read' : 'sbx-delivered'}" role="img" aria-label="${label}" title="${label}">✓✓</span></p>` +
    '</li>'
  )
}

/** The chats as HTML: one section per user, the latest first. */
export function chatsHtml(chats: readonly Conversation[], options: ChatOptions): string {
  if (chats.length === 0) {
    return '<p class="sbx-empty">No messages yet. Send one to <code>POST /api/v1/subaccounts/{subAccountId}/messages</code> (or through the gateway), or write as a customer below, and it appears here.</p>'
  }
  return chats
    .map((chat, index) => {
      const count = chat.entries.length
      const entries = chat.entries
        .map((entry) =>
          entry.kind === 'business'
            ? messageHtml(entry.message, options)
            : customerHtml(entry.message),
        )
        .join('')
      const typing = chat.typing
        ? '<p class="sbx-typing" role="status">The business is typing…</p>'
        : ''
      return (
        `<section class="sbx-chat" aria-labelledby="sbx-chat-${index}" data-recipient="${escapeHtml(chat.recipient)}" data-last="${escapeHtml(chat.last)}">` +
        `<h2 class="sbx-chat-title" id="sbx-chat-${index}"><span class="sbx-avatar" aria-hidden="true">☺</span>` +
        `<span class="sbx-recipient">${escapeHtml(chat.recipient)}</span>` +
        `<span class="sbx-count">${count} ${count === 1 ? 'message' : 'messages'}</span></h2>` +
        `<ol class="sbx-msgs">${entries}</ol>${typing}</section>`
      )
    })
    .join('')
}
