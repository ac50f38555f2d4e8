/**
 * `createClient`: the gateway's routes as typed calls.
 *
 * @module
 */

import { streamContentDigest } from '@chatapps/signature'
import type {
  BatchCancelled,
  ConsentChange,
  Contact,
  InboundRead,
  TypingShown,
  Uploaded,
  UploadOptions,
} from './conversation-types'
import { ChatappsError, isRecord } from './errors'
import { resolveLineNotification } from './line-notifications'
import { resolveBatch, resolveMessage } from './messages'
import { retryPolicy } from './retry'
import { type TemplatesAnswer, type TemplatesOptions, templatesAnswer } from './templates/answer'
import { type CallAnswer, call, keyLoader, type TransportSettings } from './transport'
import type {
  AcceptedMessage,
  BatchItem,
  BatchResult,
  CancelUnknown,
  ClientOptions,
  HistoryEntry,
  LineNotificationInput,
  MaybeSentTwice,
  MessageInput,
  MessageRecord,
  MessageState,
  MessageStatus,
  MessageSummary,
  SendBatchOptions,
  SendMessageOptions,
  SendOptions,
  SentMessage,
  SentTwice,
  TemplateIssue,
} from './types'

/**
 * A client of the chatapps edge gateway. Every call validates locally first, signs each attempt
 * (chatapps-v1: RFC 9421 + `Content-Digest`), and retries transient failures with the same
 * idempotency key.
 *
 * @example
 * ```ts
 * import { msg } from '@chatapps/dsl'
 * import { createClient } from '@chatapps/client'
 *
 * const client = createClient({ baseUrl: 'https://edge.example.com', keyId: 'acme-prod-1', key })
 * const sent = await client.send(msg.to('+15551234567').text('Hello!'))
 * const record = await client.get(sent.id)
 * ```
 */
export interface Client {
  /**
   * Sends one message (`POST /v1/messages`) and waits for 8x8's answer.
   *
   * @param message A DSL builder or a plain message; validated before anything is sent.
   * @param options The idempotency key, an abort signal, and `async`.
   * @returns The sent message; with `async: true`, the accepted one (or the sent one, when the
   * gateway answers synchronously anyway).
   * @throws {ChatappsError} `source: 'local'` with the DSL's issues when the message is invalid
   * (nothing is sent); otherwise the gateway's problem, or `network_error` / `timeout` / `aborted`.
   */
  send(
    message: MessageInput,
    options: SendMessageOptions & { readonly async: true },
  ): Promise<AcceptedMessage | SentMessage>
  send(
    message: MessageInput,
    options?: SendMessageOptions & { readonly async?: false },
  ): Promise<SentMessage>
  send(message: MessageInput, options?: SendMessageOptions): Promise<AcceptedMessage | SentMessage>
  /**
   * Sends 1 to 1,000 messages in one request (`POST /v1/messages/batch`).
   *
   * @param messages Builders or plain messages; the whole batch is validated first.
   * @param options The idempotency key, an abort signal, `clientBatchId` and `template`.
   * @returns 8x8's batch answer, each message with the gateway's id.
   * @throws {ChatappsError} As {@link Client.send}; issue paths start with `messages.<index>`.
   */
  sendBatch(messages: readonly MessageInput[], options?: SendBatchOptions): Promise<BatchResult>
  /**
   * Sends one LINE Official Notification (`POST /v1/line-notifications`, 8x8's `/lon`): signed,
   * idempotent and retried like `send`; its record is read with `get`.
   *
   * @param notification A `lineNotification` builder or a plain `/lon` body; validated first.
   * @param options The idempotency key, an abort signal, and `async`.
   * @returns The sent notification; with `async: true`, the accepted one.
   * @throws {ChatappsError} As {@link Client.send}.
   * @example
   * ```ts
   * import { lineNotification } from '@chatapps/dsl'
   * const sent = await client.sendLineNotification(
   *   lineNotification.to('+66812345678').title('Order shipped').item('Order', '#1234'),
   * )
   * ```
   */
  sendLineNotification(
    notification: LineNotificationInput,
    options?: SendMessageOptions,
  ): Promise<AcceptedMessage | SentMessage>
  /**
   * Reads a message's record (`GET /v1/messages/{id}`).
   *
   * @param id The gateway's id, from `send`.
   * @param options An abort signal.
   * @returns The record.
   * @throws {ChatappsError} `not_found` for an unknown id or another client's message.
   */
  get(id: string, options?: Pick<SendOptions, 'signal'>): Promise<MessageRecord>

  // Issue 17: the conversation calls.
  /**
   * Marks an inbound message read at 8x8 (`POST /v1/inbound/{umid}/read`): WhatsApp shows blue
   * ticks.
   *
   * @param umid The inbound message's umid (from the inbound callback).
   * @param options The idempotency key and an abort signal.
   * @throws {ChatappsError} `not_found` when the gateway did not receive that message on the key's
   * sub-account.
   * @example
   * ```ts
   * await client.markRead(inbound.umid)
   * ```
   */
  markRead(umid: string, options?: SendOptions): Promise<InboundRead>
  /**
   * Shows the typing indicator to the customer of an inbound message
   * (`POST /v1/inbound/{umid}/typing`), on its channel (WhatsApp or RCS), within 2 hours of it.
   *
   * @throws {ChatappsError} `inbound_too_old` after the 2 hours; `typing_unsupported` for a
   * message on another channel (Viber, LINE, SMS, …: 8x8 shows no indicator there); `not_found`
   * as for markRead.
   * @example
   * ```ts
   * await client.typing(inbound.umid)
   * ```
   */
  typing(umid: string, options?: SendOptions): Promise<TypingShown>
  /**
   * Cancels a scheduled message, or one the gateway still holds for delivery (sent with
   * `async: true`, not yet posted to 8x8: it is then never sent), `DELETE /v1/messages/{id}`;
   * its record, now `cancelled`. A cancelled message is answered again as it is.
   *
   * 8x8 failing after the cancel was sent (a 5xx, no answer in time, the connection lost) may
   * have cancelled it: the client asks again itself (503 and 504 are retried), and the gateway,
   * which remembers that cancel, answers the record `cancelled` when 8x8 then holds nothing under
   * it before its scheduled time. Until something settles it, the record (`get`) says so in
   * `cancel` ({@link CancelUnknown}).
   *
   * @param id The gateway's id, from `send`.
   * @param options An abort signal.
   * @returns The record, `status.state` `cancelled`.
   * @throws {ChatappsError} `not_cancellable` (409): with `retryAfter` while an attempt to send it,
   * or another request cancelling it, is in flight (ask again then); without (asking again at once
   * never helps): 8x8 holds nothing scheduled (sent already, never scheduled), the message is past
   * cancelling (`delivered`, `read`, `rejected`, `failed`, `undelivered`: `detail` names the
   * state), 8x8 may have it under a umid the gateway does not know yet (cancel it once a receipt
   * gives it one), or an earlier cancel's outcome is unknown and its scheduled time has passed
   * (it was cancelled then or sent: its receipts tell, read them with `get`).
   * `upstream_unavailable` (503, 504) once the retries are spent: 8x8 failed, and may have
   * cancelled it (`detail` says so); asking again is safe. `not_found` for an unknown id.
   * @example
   * ```ts
   * const sent = await client.send(msg.to('+15551234567').text('Tomorrow!').scheduled(tomorrow))
   * try {
   *   const record = await client.cancel(sent.id) // record.status.state === 'cancelled'
   * } catch (error) {
   *   if (!isChatappsError(error)) throw error
   *   if (error.code === 'not_cancellable' && error.retryAfter === undefined) {
   *     console.log(error.detail) // final: 'Nothing to cancel: the message is delivered.'
   *   } else if (error.code === 'not_cancellable' || error.code === 'upstream_unavailable') {
   *     // in flight, or 8x8 failed (it may have cancelled it): asking again is safe
   *   }
   * }
   * ```
   */
  cancel(id: string, options?: Pick<SendOptions, 'signal'>): Promise<MessageRecord>
  /**
   * Cancels a scheduled batch (`DELETE /v1/batches/{batchId}`): sent synchronously, 8x8's batch;
   * sent with `async: true`, what the gateway still holds and, one by one, what reached 8x8.
   * `cancelledCount` counts what this call cancelled (0 for a batch cancelled before), and
   * `messages` has each message's state. As for {@link Client.cancel}, a cancel 8x8 failed after
   * it was sent is remembered, and asked again before the messages' scheduled time, answered as
   * cancelled; a message whose earlier cancel's outcome stays unknown has its `cancel`.
   *
   * @param batchId The batch's id, from `sendBatch`.
   * @param options An abort signal.
   * @returns How many were cancelled, and each message's state.
   * @throws {ChatappsError} `not_cancellable` (409) when nothing was cancelled: with `retryAfter`
   * while a message of it is being sent or cancelled by another request (ask again then);
   * without (asking again at once never helps): 8x8 holds nothing of the batch scheduled (sent,
   * never scheduled, or past cancelling), 8x8 may have messages of it under umids the gateway
   * does not know yet (cancel each once a receipt gives it one), or an earlier cancel's outcome
   * is unknown and their scheduled time has passed (their receipts tell). `upstream_unavailable`
   * (503, 504) once the retries are spent: 8x8 failed, part way or after the cancel was sent
   * (what was cancelled is kept, and 8x8 may have cancelled more: `detail` says so); asking again
   * is safe and goes on with the rest. `upstream_rejected` when 8x8 refused a message and
   * nothing was cancelled. `not_found` for an unknown batch.
   * @example
   * ```ts
   * try {
   *   const { cancelledCount, messages } = await client.cancelBatch(batch.batchId)
   *   const left = messages.filter((message) => message.status !== 'cancelled')
   * } catch (error) {
   *   if (!isChatappsError(error) || error.code !== 'not_cancellable') throw error
   *   // Without retryAfter, final: nothing of the batch is left to cancel (detail says why).
   *   if (error.retryAfter === undefined) console.log(error.detail)
   * }
   * ```
   */
  cancelBatch(batchId: string, options?: Pick<SendOptions, 'signal'>): Promise<BatchCancelled>
  /**
   * Uploads a file to 8x8's media hosting (`POST /v1/files`, at most 100,000,000 bytes with the
   * form) and answers the URL a message's media takes. A Blob is streamed, never held whole: it
   * is read once to digest it and once per attempt to send it (Node: `fs.openAsBlob(path)`; a
   * browser: the `File` of an input). The gateway streams it on to 8x8.
   *
   * @param file The file's bytes, or a Blob.
   * @param options Its `fileName`, `contentType`, an idempotency key and a signal.
   * @example
   * ```ts
   * import { openAsBlob } from 'node:fs'
   *
   * const file = await openAsBlob('photo.jpg')
   * const { url } = await client.upload(file, { fileName: 'photo.jpg', contentType: 'image/jpeg' })
   * ```
   */
  upload(file: Uint8Array | Blob, options: UploadOptions): Promise<Uploaded>
  /**
   * What the gateway knows of a recipient of the key's sub-account
   * (`GET /v1/contacts/{recipient}`): service window, consent, pacing, last inbound and outbound.
   *
   * @param recipient An msisdn (`+15551234567`) or a channel user id.
   * @example
   * ```ts
   * const { serviceWindow } = await client.contact('+15551234567')
   * ```
   */
  contact(recipient: string, options?: Pick<SendOptions, 'signal'>): Promise<Contact>
  /**
   * The WhatsApp templates 8x8 has registered on the key's sub-account's channels, as the
   * gateway last synced them (`GET /v1/templates`): status, category, quality, components and
   * what a send of each must carry. `templateDeclarations(answer)` turns them into the
   * declaration that types `msg.to(n).template(name, language)`.
   *
   * @param options `name` and `language` narrow the list; an abort signal.
   * @example
   * ```ts
   * const { templates, syncedAt } = await client.templates({ name: 'order_update' })
   * ```
   */
  templates(options?: TemplatesOptions): Promise<TemplatesAnswer>
}

/**
 * Creates a client of the chatapps edge gateway. It uses only `fetch` and WebCrypto, so it runs
 * in Node 20+, workerd, browsers, Deno and Bun.
 *
 * @param options The gateway's base URL, your key id and key, and optional `alg` (default
 * `ed25519`), `fetch`, `timeoutMs` (per attempt, default 30 s), `retries` (default 3) and `retry`.
 * @returns The client.
 * @throws TypeError for options it cannot work with (no key id, a bad URL). A text key is
 * imported on the first call, which rejects with a TypeError when it is not a key of `alg`; so
 * does a call whose `idempotencyKey` is not 1 to 255 printable ASCII characters.
 * @example
 * ```ts
 * import { createClient, isChatappsError } from '@chatapps/client'
 * import { msg } from '@chatapps/dsl'
 *
 * const client = createClient({
 *   baseUrl: 'https://edge.example.com',
 *   keyId: 'acme-prod-1',
 *   key: process.env.CHATAPPS_KEY ?? '', // PKCS#8 base64, from `chatapps keygen`
 * })
 * try {
 *   const sent = await client.send(msg.to('+15551234567').text('Your order has shipped.'))
 *   console.log(sent.id, sent.umid)
 * } catch (error) {
 *   if (isChatappsError(error)) console.error(error.code, error.detail, error.issues)
 * }
 * ```
 */
export function createClient(options: ClientOptions): Client {
  const settings = settingsOf(options)
  return {
    send: (async (message: MessageInput, sendOptions: SendMessageOptions = {}) => {
      const body = JSON.stringify(resolveMessage(message))
      const answer = await call(settings, {
        method: 'POST',
        path: '/v1/messages',
        body,
        idempotencyKey: sendOptions.idempotencyKey ?? crypto.randomUUID(),
        signal: sendOptions.signal,
        traceparent: sendOptions.traceparent,
        ...(sendOptions.async === true ? { prefer: 'respond-async' } : {}),
      })
      return answer.status === 202 ? accepted(answer) : sent(answer)
    }) as Client['send'],
    async sendBatch(messages, batchOptions = {}) {
      const body = JSON.stringify(resolveBatch(messages, batchOptions))
      const answer = await call(settings, {
        method: 'POST',
        path: '/v1/messages/batch',
        body,
        idempotencyKey: batchOptions.idempotencyKey ?? crypto.randomUUID(),
        signal: batchOptions.signal,
        traceparent: batchOptions.traceparent,
      })
      return batchResult(answer)
    },
    async sendLineNotification(notification, sendOptions = {}) {
      const answer = await call(settings, {
        method: 'POST',
        path: '/v1/line-notifications',
        body: JSON.stringify(resolveLineNotification(notification)),
        idempotencyKey: sendOptions.idempotencyKey ?? crypto.randomUUID(),
        signal: sendOptions.signal,
        ...(sendOptions.async === true ? { prefer: 'respond-async' } : {}),
      })
      return answer.status === 202 ? accepted(answer) : sent(answer)
    },
    async get(id, getOptions = {}) {
      if (typeof id !== 'string' || id.length === 0) throw new TypeError('id is required')
      const answer = await call(settings, {
        method: 'GET',
        path: `/v1/messages/${encodeURIComponent(id)}`,
        signal: getOptions.signal,
      })
      return messageRecord(answer)
    },
    ...conversationCalls(settings),
    async templates(templatesOptions = {}) {
      const query = new URLSearchParams()
      if (templatesOptions.name !== undefined) query.set('name', templatesOptions.name)
      if (templatesOptions.language !== undefined) query.set('language', templatesOptions.language)
      const answer = await call(settings, {
        method: 'GET',
        path: '/v1/templates',
        query,
        signal: templatesOptions.signal,
      })
      return templatesAnswer(record(answer), answer.meta)
    },
  }
}

function messageRecord(answer: CallAnswer): MessageRecord {
  const json = record(answer)
  return {
    ...summaryOf(json, 'unknown'),
    ...cancelOf(json.cancel),
    ...sentTwiceOf(json.sentTwice),
    deliveryAttempts: typeof json.deliveryAttempts === 'number' ? json.deliveryAttempts : 0,
    batchId: typeof json.batchId === 'string' ? json.batchId : null,
    createdAt: text(json.createdAt),
    updatedAt: text(json.updatedAt),
    history: (Array.isArray(json.history) ? json.history : []).filter(isRecord).map(entryOf),
    meta: answer.meta,
  }
}

function settingsOf(options: ClientOptions): TransportSettings {
  if (typeof options.keyId !== 'string' || options.keyId.length === 0) {
    throw new TypeError('keyId is required')
  }
  if (options.key === undefined || options.key === '') throw new TypeError('key is required')
  const alg = options.alg ?? 'ed25519'
  if (alg !== 'ed25519' && alg !== 'hmac-sha256') {
    throw new TypeError('alg is ed25519 or hmac-sha256')
  }
  let baseUrl: URL
  try {
    baseUrl = new URL(options.baseUrl)
  } catch {
    throw new TypeError(`baseUrl is not a URL: ${String(options.baseUrl)}`)
  }
  const timeoutMs = options.timeoutMs ?? 30_000
  if (!(timeoutMs > 0)) throw new TypeError('timeoutMs is a positive number')
  const fetchImpl = options.fetch ?? ((request, init) => globalThis.fetch(request, init))
  return {
    baseUrl,
    keyId: options.keyId,
    alg,
    key: keyLoader(alg, options.key),
    fetch: fetchImpl,
    timeoutMs,
    policy: retryPolicy(options.retries, options.retry),
  }
}

function record(answer: CallAnswer): Record<string, unknown> {
  if (isRecord(answer.json)) return answer.json
  throw new ChatappsError({
    source: 'gateway',
    status: answer.status,
    code: 'invalid_response',
    title: 'Invalid response',
    detail: 'The gateway answered with JSON that is not an object.',
    requests: answer.meta.requests,
    ...(answer.meta.idempotencyKey === undefined
      ? {}
      : { idempotencyKey: answer.meta.idempotencyKey }),
  })
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '')

/** 8x8's and the gateway's optional members of a status or a receipt, when well typed. */
function errorMembers(value: Record<string, unknown>) {
  const { detail, errorCode, errorMessage } = value
  return {
    ...(typeof detail === 'string' ? { detail } : {}),
    ...(typeof errorCode === 'number' || typeof errorCode === 'string' ? { errorCode } : {}),
    ...(typeof errorMessage === 'string' ? { errorMessage } : {}),
  }
}

/** The gateway's status object, its members in their documented order. */
function statusOf(value: unknown, fallback: MessageState): MessageStatus {
  if (!isRecord(value)) return { state: fallback, timestamp: '' }
  const { state, timestamp, reason } = value
  return {
    state: typeof state === 'string' ? state : fallback,
    timestamp: text(timestamp),
    ...channelOf(value),
    ...(typeof reason === 'string' ? { reason } : {}),
    ...errorMembers(value),
  }
}

/** The gateway's `templateIssues`, each read defensively; `undefined` when it gave none. */
function templateIssuesOf(value: unknown): TemplateIssue[] | undefined {
  if (!Array.isArray(value)) return undefined
  return value.filter(isRecord).map((issue) => ({
    path: text(issue.path),
    message: text(issue.message),
    rule: text(issue.rule),
    code: typeof issue.code === 'number' ? issue.code : null,
  }))
}

function summaryOf(json: Record<string, unknown>, fallback: MessageState): MessageSummary {
  const templateIssues = templateIssuesOf(json.templateIssues)
  return {
    id: text(json.id),
    clientMessageId: text(json.clientMessageId),
    umid: typeof json.umid === 'string' ? json.umid : null,
    status: statusOf(json.status, fallback),
    ...(json.serviceWindow === 'closed' ? { serviceWindow: 'closed' as const } : {}),
    ...(templateIssues === undefined ? {} : { templateIssues }),
    ...maybeSentTwiceOf(json.maybeSentTwice),
  }
}

/** An answer's `maybeSentTwice` (an earlier try may have sent it), when the gateway gave one. */
function maybeSentTwiceOf(value: unknown): { maybeSentTwice?: MaybeSentTwice } {
  if (!isRecord(value) || typeof value.earlierTryAt !== 'string') return {}
  return { maybeSentTwice: { earlierTryAt: value.earlierTryAt } }
}

/** A record's `cancel` (an earlier cancel with no known outcome), when the gateway gave one. */
function cancelOf(value: unknown): { cancel?: CancelUnknown } {
  if (!isRecord(value) || value.outcome !== 'unknown') return {}
  return {
    cancel: { outcome: 'unknown', timestamp: text(value.timestamp), reason: text(value.reason) },
  }
}

/** A record's `sentTwice` (8x8 took the message twice), when the gateway gave one. */
function sentTwiceOf(value: unknown): { sentTwice?: SentTwice } {
  if (!isRecord(value) || typeof value.umid !== 'string') return {}
  return { sentTwice: { umid: value.umid } }
}

/** The channel a status or receipt is of, when the gateway named one. */
function channelOf(value: Record<string, unknown>): { channel?: string } {
  return typeof value.channel === 'string' ? { channel: value.channel } : {}
}

function entryOf(entry: Record<string, unknown>): HistoryEntry {
  return {
    state: text(entry.state),
    ...channelOf(entry),
    ...errorMembers(entry),
    timestamp: text(entry.timestamp),
    receivedAt: text(entry.receivedAt),
  }
}

function sent(answer: CallAnswer): SentMessage {
  const json = record(answer)
  return { kind: 'sent', ...summaryOf(json, 'sent'), umid: text(json.umid), meta: answer.meta }
}

function accepted(answer: CallAnswer): AcceptedMessage {
  const json = record(answer)
  const summary = summaryOf(json, 'accepted')
  return {
    kind: 'accepted',
    ...summary,
    umid: null,
    status: { ...summary.status, state: 'accepted' },
    location: answer.headers.get('location') ?? `/v1/messages/${encodeURIComponent(summary.id)}`,
    meta: answer.meta,
  }
}

function batchResult(answer: CallAnswer): BatchResult {
  const json = record(answer)
  const items: BatchItem[] = (Array.isArray(json.messages) ? json.messages : [])
    .filter(isRecord)
    .map((item) => summaryOf(item, 'sent'))
  return {
    batchId: text(json.batchId),
    ...(typeof json.clientBatchId === 'string' ? { clientBatchId: json.clientBatchId } : {}),
    acceptedCount: typeof json.acceptedCount === 'number' ? json.acceptedCount : items.length,
    rejectedCount: typeof json.rejectedCount === 'number' ? json.rejectedCount : 0,
    messages: items,
    meta: answer.meta,
  }
}

// Issue 17: the conversation calls.

function required(name: string, value: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new TypeError(`${name} is required`)
  return encodeURIComponent(value)
}

const isoOrNull = (value: unknown): string | null => (typeof value === 'string' ? value : null)
const num = (value: unknown): number => (typeof value === 'number' ? value : 0)

/** A list of consent changes as the gateway answers it (the facts, the history). */
function consentChanges(value: unknown): ConsentChange[] {
  return (Array.isArray(value) ? value : []).filter(isRecord).map((entry) => ({
    state: text(entry.state),
    by: text(entry.by),
    reason: text(entry.reason),
    at: isoOrNull(entry.at),
  }))
}

/**
 * A multipart form with the file in field `file`, as a Blob made of the file's own Blob between
 * the form's head and tail: nothing is copied, so a file opened with `fs.openAsBlob` (or a
 * browser's `File`) is read from disk as the request goes, once to digest it and once per
 * attempt to send it. Its `Content-Digest` is computed as it streams, one chunk at a time.
 */
async function multipart(
  file: Uint8Array | Blob,
  options: UploadOptions,
): Promise<{ body: Blob; type: string; digest: string }> {
  if (typeof options.fileName !== 'string' || options.fileName.length === 0) {
    throw new TypeError('fileName is required')
  }
  const type = options.contentType ?? 'application/octet-stream'
  const boundary = `chatapps-${crypto.randomUUID()}`
  // The HTML standard's escaping of a form's file name: quote, CR and LF percent-encoded.
  const name = options.fileName.replace(/["\r\n]/g, (c) => encodeURIComponent(c))
  const head =
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n` +
    `Content-Type: ${type.replace(/[\r\n]/g, '')}\r\n\r\n`
  const part = file instanceof Blob ? file : new Uint8Array(file)
  const body = new Blob([head, part, `\r\n--${boundary}--\r\n`])
  return {
    body,
    type: `multipart/form-data; boundary=${boundary}`,
    digest: await streamContentDigest(body.stream()),
  }
}

function conversationCalls(
  settings: TransportSettings,
): Pick<Client, 'markRead' | 'typing' | 'cancel' | 'cancelBatch' | 'upload' | 'contact'> {
  // Read and typing take no body: signed as a POST of the empty body.
  const inbound = async (umid: string, action: string, options: SendOptions) =>
    call(settings, {
      method: 'POST',
      path: `/v1/inbound/${required('umid', umid)}/${action}`,
      body: '',
      idempotencyKey: options.idempotencyKey ?? crypto.randomUUID(),
      signal: options.signal,
    })
  return {
    async markRead(umid, options = {}) {
      const answer = await inbound(umid, 'read', options)
      return { umid: text(record(answer).umid), read: true, meta: answer.meta }
    },
    async typing(umid, options = {}) {
      const answer = await inbound(umid, 'typing', options)
      const json = record(answer)
      return { umid: text(json.umid), typingUntil: text(json.typingUntil), meta: answer.meta }
    },
    async cancel(id, options = {}) {
      const path = `/v1/messages/${required('id', id)}`
      return messageRecord(await call(settings, { method: 'DELETE', path, signal: options.signal }))
    },
    async cancelBatch(batchId, options = {}) {
      const path = `/v1/batches/${required('batchId', batchId)}`
      const answer = await call(settings, { method: 'DELETE', path, signal: options.signal })
      const json = record(answer)
      return {
        batchId: text(json.batchId),
        cancelledCount: num(json.cancelledCount),
        messages: (Array.isArray(json.messages) ? json.messages : [])
          .filter(isRecord)
          .map((item) => ({
            id: text(item.id),
            umid: isoOrNull(item.umid),
            status: text(item.status),
            ...cancelOf(item.cancel),
          })),
        meta: answer.meta,
      }
    },
    async upload(file, options) {
      const { body, type, digest } = await multipart(file, options)
      const answer = await call(settings, {
        method: 'POST',
        path: '/v1/files',
        body,
        contentType: type,
        contentDigest: digest,
        idempotencyKey: options.idempotencyKey ?? crypto.randomUUID(),
        signal: options.signal,
      })
      const json = record(answer)
      return {
        fileName: text(json.fileName),
        token: text(json.token),
        url: text(json.url),
        meta: answer.meta,
      }
    },
    async contact(recipient, options = {}) {
      const path = `/v1/contacts/${required('recipient', recipient)}`
      const answer = await call(settings, { method: 'GET', path, signal: options.signal })
      const json = record(answer)
      const window = isRecord(json.serviceWindow) ? json.serviceWindow : {}
      const consent = isRecord(json.consent) ? json.consent : {}
      const pacing = isRecord(json.pacing) ? json.pacing : {}
      return {
        recipient: text(json.recipient),
        serviceWindow: {
          open: window.open === true,
          openUntil: isoOrNull(window.openUntil),
          closedAt: isoOrNull(window.closedAt),
        },
        consent: {
          state: text(consent.state),
          facts: consentChanges(consent.facts),
          history: consentChanges(consent.history),
        },
        pacing: {
          ratePerSecond: num(pacing.ratePerSecond),
          burst: num(pacing.burst),
          tokens: num(pacing.tokens),
          heldUntil: isoOrNull(pacing.heldUntil),
        },
        lastInboundAt: isoOrNull(json.lastInboundAt),
        lastOutboundAt: isoOrNull(json.lastOutboundAt),
        sameAs: typeof json.sameAs === 'string' ? json.sameAs : null,
        aliases: (Array.isArray(json.aliases) ? json.aliases : []).filter(
          (alias): alias is string => typeof alias === 'string',
        ),
        meta: answer.meta,
      }
    },
  }
}
