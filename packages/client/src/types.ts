/**
 * The client's options and results.
 *
 * @module
 */
import type { Batch, DslResult, LineNotification, Message } from '@chatapps/dsl'
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
 * What `sendLineNotification` accepts: a `lineNotification` builder of `@chatapps/dsl`, or a
 * plain `/lon` body. Both are validated before anything is sent.
 *
 * @example
 * ```ts
 * import { lineNotification } from '@chatapps/dsl'
 * import type { LineNotificationInput } from '@chatapps/client'
 * const input: LineNotificationInput = lineNotification.to('+66812345678').title('Paid')
 * ```
 */
export type LineNotificationInput =
  | { safeBuild(): DslResult<LineNotification> }
  | LineNotification
  | Readonly<Record<string, unknown>>

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
  /**
   * A W3C Trace Context `traceparent` (`00-<trace id>-<span id>-<flags>`), sent on every attempt
   * of the call. The gateway carries it to 8x8 (queued sends too), with its own span as the
   * parent, and ignores a value that is not valid. Not covered by the signature.
   *
   * @example
   * ```ts
   * await client.send(message, { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' })
   * ```
   */
  readonly traceparent?: string
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
 * A message's state: `accepted` and `unknown` are the gateway's, `queued` to `read` 8x8's, and
 * `failed` either's (docs/delivery.md#states). Another string is a state this client does not
 * know yet.
 *
 * @example
 * ```ts
 * import type { MessageState } from '@chatapps/client'
 * const settled: readonly MessageState[] = ['delivered', 'read', 'undelivered', 'rejected', 'failed']
 * ```
 */
export type MessageState =
  | 'accepted'
  | 'unknown'
  | 'queued'
  | 'sent'
  | 'delivered'
  | 'read'
  | 'undelivered'
  | 'rejected'
  | 'failed'
  | (string & Record<never, never>)

/**
 * A message's status: the same object in every answer, record and callback about a message.
 * When the message failed (or is unknown, or waits for a retry), it says why: the gateway's
 * `reason`, or 8x8's `errorCode` and `errorMessage`.
 *
 * @example
 * ```ts
 * import type { MessageStatus } from '@chatapps/client'
 * const delivered: MessageStatus = {
 *   state: 'delivered',
 *   timestamp: '2026-11-24T09:30:02.000Z',
 *   detail: 'delivered_to_recipient',
 * }
 * const failed: MessageStatus = {
 *   state: 'failed',
 *   timestamp: '2026-11-24T09:41:00.000Z',
 *   reason: 'delivery attempts exhausted (last: 8x8: HTTP 503 (code 1503): Service unavailable)',
 * }
 * ```
 */
export interface MessageStatus {
  readonly state: MessageState
  /**
   * ISO 8601: 8x8's time of its state (a receipt's, or its answer to the send); the gateway's
   * when it set the state itself (`accepted`: its latest attempt; `unknown`, `failed`).
   */
  readonly timestamp: string
  /**
   * The channel the state is of, as 8x8's receipts name it (lower case: `whatsapp`, `sms`), when
   * a receipt that named one set it: a message 8x8 fell back on is on its later channel. Only
   * `client.get` shows it.
   */
  readonly channel?: string
  /** The gateway's words, when it set the state: why the message failed, is unknown or waits. */
  readonly reason?: string
  /** 8x8's detail: `delivered_to_recipient`, `undelivered_to_recipient`, … */
  readonly detail?: string
  /** 8x8's error code, with an error. */
  readonly errorCode?: number | string
  /** 8x8's error message, with an error. */
  readonly errorMessage?: string
}

/**
 * What every answer and callback about a message shows, with the same names and types: its ids
 * and its status. {@link MessageRecord} has these and more.
 *
 * @example
 * ```ts
 * import type { MessageSummary } from '@chatapps/client'
 * const summary: MessageSummary = {
 *   id: '5b0e2d3c-7a41-4f0e-9d2b-6c8a1e3f4b5a',
 *   clientMessageId: 'order-42-shipped',
 *   umid: '82188ee0-109f-e811-8150-020897df5459',
 *   status: { state: 'queued', timestamp: '2026-11-24T09:30:00.500Z' },
 * }
 * ```
 */
export interface MessageSummary {
  /** The gateway's id: `client.get(id)` reads its record. */
  readonly id: string
  /** Your `clientMessageId` (not necessarily unique), or the `id` when you gave none. */
  readonly clientMessageId: string
  /** 8x8's message id; `null` until 8x8 has taken the message. */
  readonly umid: string | null
  readonly status: MessageStatus
  /**
   * `closed`: sent outside the recipient's 24-hour service window under the key's `observe`
   * policy (docs/conversations.md).
   */
  readonly serviceWindow?: 'closed'
  /**
   * How a template send differs from the template 8x8 has registered, under the key's `observe`
   * policy (docs/templates.md): each issue's path, sentence, rule and the 8x8 code a real send
   * draws (`null`: 8x8 takes it, WhatsApp fails it later).
   */
  readonly templateIssues?: readonly TemplateIssue[]
  /**
   * Only on a synchronous send that took over its `Idempotency-Key` from an earlier try whose
   * claim ended without an answer (its worker stopped, or it stalled after calling 8x8): that try
   * may have reached 8x8, so the recipient may get the message twice. Stated, not known.
   */
  readonly maybeSentTwice?: MaybeSentTwice
}

/**
 * An earlier try of a send that may have reached 8x8 ({@link MessageSummary.maybeSentTwice}).
 *
 * @example
 * ```ts
 * import type { MaybeSentTwice } from '@chatapps/client'
 * const maybe: MaybeSentTwice = { earlierTryAt: '2026-12-06T09:14:03.120Z' }
 * ```
 */
export interface MaybeSentTwice {
  /** When the earlier try claimed the idempotency key (ISO 8601). */
  readonly earlierTryAt: string
}

/**
 * One mismatch between a template send and the registered template, as the gateway reports it.
 *
 * @example
 * ```ts
 * const sent = await client.send(msg.to(n).template('order_update', 'en_US').body('Jason'))
 * for (const issue of sent.templateIssues ?? []) console.warn(issue.path, issue.message)
 * ```
 */
export interface TemplateIssue {
  readonly path: string
  readonly message: string
  /** Stable: `unknown_name`, `body_count`, `not_approved`… */
  readonly rule: string
  readonly code: number | null
}

/**
 * What every successful call reports about itself.
 *
 * @example
 * ```ts
 * const sent = await client.send(message)
 * console.log(sent.meta.requests, sent.meta.idempotencyKey, sent.meta.replayed)
 * ```
 */
export interface CallMeta {
  /**
   * How many HTTP requests the call made: 1 without retries. Not to be confused with a record's
   * `deliveryAttempts`, the gateway's posts to 8x8.
   */
  readonly requests: number
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
 * if (result.kind === 'sent') console.log(result.id, result.umid, result.status.state) // …, 'queued'
 * ```
 */
export interface SentMessage extends MessageSummary {
  readonly kind: 'sent'
  /** 8x8's message id. */
  readonly umid: string
  readonly meta: CallMeta
}

/**
 * The status of a message the gateway accepted and queued: `accepted`, since when.
 *
 * @example
 * ```ts
 * import type { AcceptedStatus } from '@chatapps/client'
 * const status: AcceptedStatus = { state: 'accepted', timestamp: '2026-11-24T09:30:00.120Z' }
 * ```
 */
export interface AcceptedStatus extends MessageStatus {
  readonly state: 'accepted'
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
export interface AcceptedMessage extends MessageSummary {
  readonly kind: 'accepted'
  /** `null`: 8x8 has not taken it yet. */
  readonly umid: null
  readonly status: AcceptedStatus
  /** The `Location` of the message's record. */
  readonly location: string
  readonly meta: CallMeta
}

/**
 * One message of a batch answer: a {@link MessageSummary}. A message 8x8 rejected inside the batch
 * has `status.state` `rejected`, with 8x8's `errorCode` and `errorMessage`.
 *
 * @example
 * ```ts
 * const batch = await client.sendBatch([a, b])
 * for (const item of batch.messages) console.log(item.id, item.status.state, item.status.errorMessage)
 * ```
 */
export type BatchItem = MessageSummary

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
 * One delivery receipt of a message, as its record's history shows it.
 *
 * @example
 * ```ts
 * import type { HistoryEntry } from '@chatapps/client'
 * const entry: HistoryEntry = {
 *   state: 'delivered',
 *   detail: 'delivered_to_recipient',
 *   timestamp: '2026-11-24T09:30:02.000Z',
 *   receivedAt: '2026-11-24T09:30:02.250Z',
 * }
 * ```
 */
export interface HistoryEntry {
  readonly state: MessageState
  /** The channel the receipt is of (lower case); absent when 8x8 named none. */
  readonly channel?: string
  readonly detail?: string
  readonly errorCode?: number | string
  readonly errorMessage?: string
  /** 8x8's time of the state. */
  readonly timestamp: string
  /** When the gateway received the receipt. */
  readonly receivedAt: string
}

/**
 * The other copy of a message 8x8 took twice ({@link MessageRecord.sentTwice}).
 *
 * @example
 * ```ts
 * import type { SentTwice } from '@chatapps/client'
 * const twice: SentTwice = { umid: '5f0c2a4e-8d1b-4f7a-9c3e-2b6d8e1f0a47' }
 * ```
 */
export interface SentTwice {
  /** 8x8's umid of the other copy: the one the record does not follow. */
  readonly umid: string
}

/**
 * An earlier cancel of a message whose outcome is unknown: 8x8 failed (a 5xx), did not answer in
 * time, or the connection was lost after the cancel was sent, so 8x8 may have cancelled the
 * message, and the state the record shows (`queued`, say) may not be the whole truth. Cancelling
 * again settles it before the message's scheduled time (the record becomes `cancelled`); after
 * it, the receipts tell (`sent` or later: the cancel did not take effect). In the words of a
 * status: the outcome, the gateway's time, its reason.
 *
 * @example
 * ```ts
 * const record = await client.get(id)
 * if (record.cancel !== undefined) {
 *   // 8x8 may have cancelled it: ask again, before its scheduled time, to know.
 *   console.warn(record.status.state, record.cancel.reason)
 * }
 * ```
 */
export interface CancelUnknown {
  readonly outcome: 'unknown'
  /** ISO 8601: when the gateway recorded the first such cancel. */
  readonly timestamp: string
  /** The gateway's words: what happened, and what settles it. */
  readonly reason: string
}

/**
 * A message's record on the gateway (`GET /v1/messages/{id}`): the members of every answer
 * ({@link MessageSummary}), and its delivery attempts, batch, times and receipt history. Its
 * `status` is the highest-ranked state yet, and says why when the message failed.
 *
 * @example
 * ```ts
 * const record = await client.get(id)
 * // { id, clientMessageId: 'order-42-shipped', umid: '82188ee0-…',
 * //   status: { state: 'undelivered', timestamp: '2026-11-24T09:30:02.000Z',
 * //             detail: 'undelivered_to_recipient', errorCode: 7001, errorMessage: '…' },
 * //   deliveryAttempts: 1, batchId: null, createdAt: '…', updatedAt: '…', history: [ … ], meta }
 * if (record.status.state === 'failed') console.error(record.status.reason)
 * ```
 */
export interface MessageRecord extends MessageSummary {
  /**
   * Only while an earlier cancel's outcome is unknown and `status` is one that cancel would have
   * ended (`accepted`, `unknown`, `queued`): 8x8 may have cancelled the message.
   */
  readonly cancel?: CancelUnknown
  /**
   * Only when the gateway knows 8x8 took the message twice: an asynchronous send's earlier
   * attempt proved by its receipt while a retry was there, or a `maybeSentTwice` send's earlier
   * try proved by its receipt or late answer. The record follows one copy (an asynchronous send's
   * first, a synchronous send's the one its answer named); `sentTwice.umid` is the other, which
   * may reach the recipient as well.
   */
  readonly sentTwice?: SentTwice
  /**
   * How many times the gateway posted the message to 8x8: 1 for a synchronous send, the queue's
   * attempts for an asynchronous one (0 before its first).
   */
  readonly deliveryAttempts: number
  /** 8x8's batch id (synchronous batch) or the gateway's (asynchronous); `null` for one message. */
  readonly batchId: string | null
  /** ISO 8601. */
  readonly createdAt: string
  /** ISO 8601: the latest of the record's change and its receipts' arrival. */
  readonly updatedAt: string
  /** 8x8's receipts, ordered by state rank, then 8x8's timestamp. */
  readonly history: readonly HistoryEntry[]
  readonly meta: CallMeta
}

/**
 * What the gateway posts to a key's callback URL for each new receipt of a message it sent, and
 * for each `failed` or `unknown` the gateway sets itself on a message sent with `async: true`
 * (signed per Standard Webhooks, docs/delivery.md#client-callbacks): the message's summary, the
 * receipt's state on its status, or the gateway's state with its `reason` and `umid` null.
 *
 * @example
 * ```ts
 * import type { MessageStatusCallback } from '@chatapps/client'
 * const event = JSON.parse(verifiedBody) as MessageStatusCallback
 * if (event.type === 'message.status') console.log(event.data.id, event.data.status.state)
 * ```
 */
export interface MessageStatusCallback {
  readonly type: 'message.status'
  /** ISO 8601: when the gateway received the receipt, or set the state itself. */
  readonly timestamp: string
  /** `umid` is null when the gateway gave the message up before 8x8 took it. */
  readonly data: MessageSummary
}
