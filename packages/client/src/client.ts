/**
 * `createClient`: the gateway's routes as typed calls.
 *
 * @module
 */
import { ChatappsError, isRecord } from './errors'
import { resolveBatch, resolveMessage } from './messages'
import { retryPolicy } from './retry'
import { type CallAnswer, call, keyLoader, type TransportSettings } from './transport'
import type {
  AcceptedMessage,
  BatchItem,
  BatchResult,
  ClientOptions,
  HistoryEntry,
  MessageInput,
  MessageRecord,
  MessageState,
  MessageStatus,
  MessageSummary,
  SendBatchOptions,
  SendMessageOptions,
  SendOptions,
  SentMessage,
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
   * Reads a message's record (`GET /v1/messages/{id}`).
   *
   * @param id The gateway's id, from `send`.
   * @param options An abort signal.
   * @returns The record.
   * @throws {ChatappsError} `not_found` for an unknown id or another client's message.
   */
  get(id: string, options?: Pick<SendOptions, 'signal'>): Promise<MessageRecord>
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
      })
      return batchResult(answer)
    },
    async get(id, getOptions = {}) {
      if (typeof id !== 'string' || id.length === 0) throw new TypeError('id is required')
      const answer = await call(settings, {
        method: 'GET',
        path: `/v1/messages/${encodeURIComponent(id)}`,
        signal: getOptions.signal,
      })
      const json = record(answer)
      return {
        ...summaryOf(json, 'unknown'),
        deliveryAttempts: typeof json.deliveryAttempts === 'number' ? json.deliveryAttempts : 0,
        batchId: typeof json.batchId === 'string' ? json.batchId : null,
        createdAt: text(json.createdAt),
        updatedAt: text(json.updatedAt),
        history: (Array.isArray(json.history) ? json.history : []).filter(isRecord).map(entryOf),
        meta: answer.meta,
      }
    },
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
    ...(typeof reason === 'string' ? { reason } : {}),
    ...errorMembers(value),
  }
}

function summaryOf(json: Record<string, unknown>, fallback: MessageState): MessageSummary {
  return {
    id: text(json.id),
    clientMessageId: text(json.clientMessageId),
    umid: typeof json.umid === 'string' ? json.umid : null,
    status: statusOf(json.status, fallback),
  }
}

function entryOf(entry: Record<string, unknown>): HistoryEntry {
  return {
    state: text(entry.state),
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
