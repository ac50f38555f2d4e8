/**
 * The client's options and results.
 *
 * @module
 */
import type { Batch, DslResult, Message } from '@chatapps/dsl'
import type { SignatureAlgorithm } from '@chatapps/signature'

/**
 * Anything with the DSL's `safeBuild()`: every `msg.to(…)…` chain.
 *
 * @example
 * ```ts
 * import { msg } from '@chatapps/dsl'
 * import type { MessageBuilderLike } from '@chatapps/client'
 * const builder: MessageBuilderLike = msg.to('+15551234567').text('Hi')
 * ```
 */
export interface MessageBuilderLike {
  safeBuild(): DslResult<Message>
}

/**
 * What `send` accepts: a DSL builder, or a plain message (8x8's wire JSON, for example parsed from
 * a file). Both are validated before anything is sent.
 *
 * @example
 * ```ts
 * import type { MessageInput } from '@chatapps/client'
 * const input: MessageInput = { user: { msisdn: '+15551234567' }, type: 'text', content: { text: 'Hi' } }
 * ```
 */
export type MessageInput = MessageBuilderLike | Message | Readonly<Record<string, unknown>>

/**
 * A `fetch` the client can call: the global one, or one for tests and proxies. It gets the signed
 * request, and the attempt's abort signal (timeout or the caller's) in `init`.
 *
 * @example
 * ```ts
 * import type { FetchLike } from '@chatapps/client'
 * const logged: FetchLike = async (request, init) => {
 *   console.log(request.method, request.url)
 *   return fetch(request, init)
 * }
 * ```
 */
export type FetchLike = (
  request: Request,
  init?: { readonly signal?: AbortSignal },
) => Promise<Response>

/**
 * Options of {@link createClient}.
 *
 * @example
 * ```ts
 * import type { ClientOptions } from '@chatapps/client'
 * const options: ClientOptions = {
 *   baseUrl: 'https://edge.example.com',
 *   keyId: 'acme-prod-1',
 *   key: process.env.CHATAPPS_KEY ?? '',
 * }
 * ```
 */
export interface ClientOptions {
  /** The gateway's origin, such as `https://edge.example.com` (a path prefix is kept). */
  readonly baseUrl: string | URL
  /** The key id the gateway knows your key by. */
  readonly keyId: string
  /**
   * Your signing key: base64 PKCS#8 (ed25519) or the base64 raw secret (hmac-sha256), or a
   * CryptoKey. Text is imported once, on the first call.
   */
  readonly key: string | CryptoKey
  /** The key's algorithm. Defaults to `ed25519`. */
  readonly alg?: SignatureAlgorithm
  /** The fetch to use. Defaults to `globalThis.fetch`. */
  readonly fetch?: FetchLike
  /** How long one attempt may take, answer included, in ms. Defaults to 30,000. */
  readonly timeoutMs?: number
  /** How many times a call is retried after its first attempt. Defaults to 3. */
  readonly retries?: number
  /** Backoff tuning and test hooks; see {@link RetryOptions}. */
  readonly retry?: RetryOptions
}

/**
 * How retries wait: exponential backoff with full jitter (`random() × min(maxDelayMs,
 * baseDelayMs × 2^(retry − 1))`), or exactly `Retry-After` when the gateway sends it.
 *
 * @example
 * ```ts
 * import { createClient, type RetryOptions } from '@chatapps/client'
 * // In a test: no waiting, and a record of every delay.
 * const delays: number[] = []
 * const retry: RetryOptions = { sleep: async (ms) => void delays.push(ms), random: () => 1 }
 * ```
 */
export interface RetryOptions {
  /** The first backoff's cap, in ms. Defaults to 250. */
  readonly baseDelayMs?: number
  /** The largest backoff, in ms. Defaults to 10,000. */
  readonly maxDelayMs?: number
  /** A `Retry-After` longer than this (ms) is not waited for: the error is thrown. Defaults to 60,000. */
  readonly maxRetryAfterMs?: number
  /** Waits `ms`, or rejects when `signal` aborts. Defaults to a timer. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  /** A number in [0, 1) for the jitter. Defaults to `Math.random`. */
  readonly random?: () => number
}

/**
 * Options of one call.
 *
 * @example
 * ```ts
 * import type { SendOptions } from '@chatapps/client'
 * const options: SendOptions = { idempotencyKey: 'order-1234-confirmation', signal: AbortSignal.timeout(10_000) }
 * ```
 */
export interface SendOptions {
  /**
   * The call's idempotency key (1 to 255 printable ASCII characters). Defaults to a random UUID.
   * Every retry of the call reuses it; give your own to make a later re-run of the same logical
   * send safe too (the gateway replays its first answer for 24 hours).
   */
  readonly idempotencyKey?: string
  /** Aborts the call, its retries and their waits. */
  readonly signal?: AbortSignal
}

/**
 * Options of `send`: {@link SendOptions}, and `async` to let the gateway queue the message.
 *
 * @example
 * ```ts
 * import type { SendMessageOptions } from '@chatapps/client'
 * const options: SendMessageOptions = { async: true }
 * ```
 */
export interface SendMessageOptions extends SendOptions {
  /**
   * Sends `Prefer: respond-async`: the gateway answers 202 at once with the message's id and
   * queues the delivery. A gateway may ignore the preference and answer synchronously, so the
   * result is either kind.
   */
  readonly async?: boolean
}

/**
 * Options of `sendBatch`.
 *
 * @example
 * ```ts
 * import type { SendBatchOptions } from '@chatapps/client'
 * const options: SendBatchOptions = { clientBatchId: 'campaign-42' }
 * ```
 */
export interface SendBatchOptions extends SendOptions {
  /** Your reference for the batch (at most 100 characters). */
  readonly clientBatchId?: string
  /** Fields every message shares, merged under each message by 8x8. */
  readonly template?: Batch['template']
}

/**
 * A message state and when it was reached.
 *
 * @example
 * ```ts
 * import type { MessageStatus } from '@chatapps/client'
 * const status: MessageStatus = { state: 'queued', timestamp: '2026-11-24T20:00:00.000Z' }
 * ```
 */
export interface MessageStatus {
  readonly state: string
  readonly timestamp?: string
  readonly [member: string]: unknown
}

/**
 * What every successful call reports about itself.
 *
 * @example
 * ```ts
 * const sent = await client.send(message)
 * console.log(sent.meta.attempts, sent.meta.idempotencyKey, sent.meta.replayed)
 * ```
 */
export interface CallMeta {
  /** How many requests the call made (1 without retries). */
  readonly attempts: number
  /** The call's idempotency key (`undefined` for a GET). */
  readonly idempotencyKey: string | undefined
  /** Whether the gateway replayed an earlier answer (`Idempotency-Replayed: true`). */
  readonly replayed: boolean
  /** The HTTP status of the answer. */
  readonly status: number
}

/**
 * A message the gateway sent to 8x8 before answering (200).
 *
 * @example
 * ```ts
 * const result = await client.send(message)
 * if (result.kind === 'sent') console.log(result.id, result.umid, result.status.state)
 * ```
 */
export interface SentMessage {
  readonly kind: 'sent'
  /** The gateway's id: `client.get(id)` reads its record. */
  readonly id: string
  /** 8x8's message id. */
  readonly umid: string
  /** Your `clientMessageId`, or the one the gateway assigned. */
  readonly clientMessageId: string
  readonly status: MessageStatus
  readonly meta: CallMeta
}

/**
 * A message the gateway accepted and queued (202, after `async: true`).
 *
 * @example
 * ```ts
 * const result = await client.send(message, { async: true })
 * if (result.kind === 'accepted') console.log(result.location) // '/v1/messages/<id>'
 * ```
 */
export interface AcceptedMessage {
  readonly kind: 'accepted'
  /** The gateway's id: `client.get(id)` follows the message. */
  readonly id: string
  readonly status: MessageStatus & { readonly state: 'accepted' }
  /** The `Location` of the message's record. */
  readonly location: string
  readonly meta: CallMeta
}

/**
 * One message of a batch answer.
 *
 * @example
 * ```ts
 * const batch = await client.sendBatch([a, b])
 * for (const item of batch.messages) console.log(item.id, item.status.state)
 * ```
 */
export interface BatchItem {
  readonly id: string
  readonly clientMessageId: string
  readonly umid?: string
  readonly status: MessageStatus
  readonly [member: string]: unknown
}

/**
 * The answer to `sendBatch`.
 *
 * @example
 * ```ts
 * const batch = await client.sendBatch(messages, { clientBatchId: 'campaign-42' })
 * console.log(batch.batchId, batch.acceptedCount, batch.rejectedCount)
 * ```
 */
export interface BatchResult {
  readonly batchId: string
  readonly clientBatchId?: string
  readonly acceptedCount: number
  readonly rejectedCount: number
  readonly messages: readonly BatchItem[]
  readonly meta: CallMeta
}

/**
 * A message's record on the gateway (`GET /v1/messages/{id}`).
 *
 * @example
 * ```ts
 * const record = await client.get(id)
 * console.log(record.status, record.umid)
 * ```
 */
export interface MessageRecord {
  readonly id: string
  readonly clientMessageId: string
  readonly umid: string | null
  /** The latest state (`sent`, `queued`, `delivered`, `read`, …). */
  readonly status: string
  readonly createdAt: string
  /** The gateway may add members (a status history, batch ids). */
  readonly [member: string]: unknown
  readonly meta: CallMeta
}
