/**
 * The one error the client throws for a failed call, carrying the gateway's problem+json members
 * (RFC 9457), and its type guard.
 *
 * @module
 */
import { type ErrorExplanation, explainError } from '@chatapps/dsl'
import type { OutcomeCode } from '@chatapps/signature'
import type { GatewayProblemCode } from './gateway-problem-codes'

/**
 * One problem with a message and where it is: the gateway's `issues` entries, or the DSL's issues
 * (which add `expected` and `received`) when the message was refused locally.
 *
 * @example
 * ```ts
 * import type { ChatappsIssue } from '@chatapps/client'
 * const issue: ChatappsIssue = { path: 'content.text', message: 'Invalid length: Expected <=4096' }
 * ```
 */
export interface ChatappsIssue {
  /** Dot-separated keys and indexes from the message's root (`messages.3.content.text` in a batch). */
  readonly path: string
  /** What is wrong, in a sentence. */
  readonly message: string
  /** What was expected, when the DSL knows it (local validation only). */
  readonly expected?: string | null
  /** What was received, in the same short form (local validation only). */
  readonly received?: string
}

/**
 * The client's own codes, for failures without a usable answer: `network_error`, `timeout`,
 * `aborted` (no answer) and `invalid_response` (an answer that is not a problem+json the client
 * can read).
 *
 * @example
 * ```ts
 * import type { ClientFailureCode } from '@chatapps/client'
 * const noAnswer: ClientFailureCode[] = ['network_error', 'timeout', 'aborted']
 * ```
 */
export type ClientFailureCode = 'network_error' | 'timeout' | 'aborted' | 'invalid_response'

/**
 * The `code` of a {@link ChatappsError}: the gateway's problem codes (docs/errors.md), derived
 * from the tables that define them (the signature profile's `OutcomeCode` and the gateway's own
 * {@link GatewayProblemCode}), and the client's own for failures without an answer. Open-ended:
 * a newer gateway may add codes.
 *
 * @example
 * ```ts
 * import type { ChatappsErrorCode } from '@chatapps/client'
 * const retryLater: ChatappsErrorCode[] = ['rate_limited', 'upstream_unavailable']
 * ```
 */
export type ChatappsErrorCode = OutcomeCode | GatewayProblemCode | ClientFailureCode | (string & {})

/**
 * Where a {@link ChatappsError} comes from: `local` (refused before any request, nothing was
 * sent), `gateway` (a problem+json answer) or `network` (no answer: network error, timeout,
 * abort).
 *
 * @example
 * ```ts
 * import { isChatappsError } from '@chatapps/client'
 * const nothingSent = (error: unknown) => isChatappsError(error) && error.source === 'local'
 * ```
 */
export type ChatappsErrorSource = 'local' | 'gateway' | 'network'

/**
 * 8x8's own error, when it rejected the message (`upstream_rejected`).
 *
 * @example
 * ```ts
 * import type { UpstreamError } from '@chatapps/client'
 * const upstream: UpstreamError = { code: 1002, message: 'Invalid MSISDN format' }
 * ```
 */
export interface UpstreamError {
  readonly code: number | string
  readonly message: string
}

/**
 * What a {@link ChatappsError} is made from.
 *
 * @example
 * ```ts
 * import { ChatappsError, type ChatappsErrorInit } from '@chatapps/client'
 * const init: ChatappsErrorInit = { source: 'network', status: 0, code: 'timeout', title: 'Timeout' }
 * const error = new ChatappsError(init)
 * ```
 */
export interface ChatappsErrorInit {
  readonly source: ChatappsErrorSource
  readonly status: number
  readonly code: ChatappsErrorCode
  readonly title: string
  readonly detail?: string
  readonly type?: string
  readonly issues?: readonly ChatappsIssue[]
  readonly upstream?: UpstreamError
  readonly retryAfter?: number
  /** How many HTTP requests the call made (0 for a local failure). */
  readonly requests?: number
  readonly idempotencyKey?: string
  /** The gateway's ids of the messages whose outcome is unknown (`upstream_outcome_unknown`). */
  readonly messageIds?: readonly string[]
  readonly cause?: unknown
}

const ERROR_NAME = 'ChatappsError'

/**
 * A call that failed: the gateway's problem+json members, or the client's own reason when there
 * was no answer. Local validation failures are `source: 'local'`, `status: 422`,
 * `code: 'invalid_message'`, with the DSL's issues, and no request was made.
 *
 * @example
 * ```ts
 * import { isChatappsError } from '@chatapps/client'
 * try {
 *   await client.send(message)
 * } catch (error) {
 *   if (isChatappsError(error) && error.code === 'invalid_message') {
 *     for (const issue of error.issues) console.error(issue.path, issue.message)
 *   }
 * }
 * ```
 */
export class ChatappsError extends Error {
  override readonly name = ERROR_NAME
  /** `local`, `gateway` or `network`. */
  readonly source: ChatappsErrorSource
  /** The HTTP status; `0` when there was no answer. */
  readonly status: number
  /** The machine-readable code. */
  readonly code: ChatappsErrorCode
  /** The problem's title. */
  readonly title: string
  /** The problem's detail ('' when none was given). */
  readonly detail: string
  /** The problem's `type` URI reference, when the gateway gave one. */
  readonly type: string | undefined
  /** Every issue with the message (empty unless the code is `invalid_message`). */
  readonly issues: readonly ChatappsIssue[]
  /** 8x8's own code and message (`upstream_rejected`). */
  readonly upstream: UpstreamError | undefined
  /**
   * What 8x8's code means and what to do about it (`@chatapps/dsl`'s `explainError`), when
   * there is {@link upstream}: `action` is `fix_message`, `refresh_template`, `back_off`, ….
   */
  readonly upstreamExplanation: ErrorExplanation | undefined
  /** Seconds to wait before trying again (`Retry-After`), when the gateway said so. */
  readonly retryAfter: number | undefined
  /** How many HTTP requests the call made (0 for a local failure). */
  readonly requests: number
  /** The idempotency key of the call, to retry it later without a duplicate. */
  readonly idempotencyKey: string | undefined

  /** @param init The members; see {@link ChatappsErrorInit}. */
  constructor(init: ChatappsErrorInit) {
    super(
      init.detail ? `${init.code}: ${init.detail}` : `${init.code}: ${init.title}`,
      init.cause === undefined ? undefined : { cause: init.cause },
    )
    this.source = init.source
    this.status = init.status
    this.code = init.code
    this.title = init.title
    this.detail = init.detail ?? ''
    this.type = init.type
    this.issues = init.issues ?? []
    this.upstream = init.upstream
    this.upstreamExplanation =
      init.upstream === undefined ? undefined : explainError(init.upstream.code, 'api')
    this.retryAfter = init.retryAfter
    this.requests = init.requests ?? 0
    this.idempotencyKey = init.idempotencyKey
  }
}

/**
 * Tells whether a value is a {@link ChatappsError}, also when it comes from another copy of this
 * package.
 *
 * @param error The value to test, typically a caught error.
 * @returns Whether it is a ChatappsError.
 * @example
 * ```ts
 * import { isChatappsError } from '@chatapps/client'
 * const result = await client.send(message).catch((error) => {
 *   if (isChatappsError(error) && error.retryAfter !== undefined) scheduleLater(error.retryAfter)
 *   throw error
 * })
 * ```
 */
export function isChatappsError(error: unknown): error is ChatappsError {
  return (
    error instanceof ChatappsError ||
    (error instanceof Error &&
      error.name === ERROR_NAME &&
      typeof (error as { code?: unknown }).code === 'string' &&
      typeof (error as { status?: unknown }).status === 'number')
  )
}

/**
 * 8x8's outcome of a send is unknown (`upstream_outcome_unknown`, 502 or 504): 8x8 answered 500,
 * or nothing came in time, after the gateway had sent the message. 8x8 may have it, so neither
 * the gateway nor the client sends it again, and retrying it yourself could send it twice: follow
 * `messageId` with `client.get(id)` (or callbacks) until a receipt settles its status. A retry
 * with the same idempotency key gets this same answer back.
 *
 * @example
 * ```ts
 * import { isOutcomeUnknownError } from '@chatapps/client'
 * try {
 *   await client.send(message)
 * } catch (error) {
 *   if (isOutcomeUnknownError(error)) {
 *     // Do not resend: look the message up later.
 *     queueStatusCheck(error.messageId)
 *   } else throw error
 * }
 * ```
 */
export class ChatappsOutcomeUnknownError extends ChatappsError {
  /** Tells this error apart from the others without `instanceof`. */
  readonly kind = 'outcome_unknown'
  /** The gateway's id of the message (the first of a batch's). */
  readonly messageId: string
  /** Every message of the call whose outcome is unknown (one for `send`). */
  readonly messageIds: readonly string[]

  /** @param init The members; `messageIds` names the messages. */
  constructor(init: ChatappsErrorInit) {
    super(init)
    this.messageIds = init.messageIds ?? []
    this.messageId = this.messageIds[0] ?? ''
  }
}

/**
 * Tells whether a value is a {@link ChatappsOutcomeUnknownError}, also from another copy of this
 * package.
 *
 * @param error The value to test, typically a caught error.
 * @returns Whether 8x8's outcome of the call is unknown (never retry it blindly).
 * @example
 * ```ts
 * import { isOutcomeUnknownError } from '@chatapps/client'
 * const record = await client.send(message).catch(async (error) =>
 *   isOutcomeUnknownError(error) ? client.get(error.messageId) : Promise.reject(error),
 * )
 * ```
 */
export function isOutcomeUnknownError(error: unknown): error is ChatappsOutcomeUnknownError {
  return (
    isChatappsError(error) &&
    error.code === 'upstream_outcome_unknown' &&
    (error as { kind?: unknown }).kind === 'outcome_unknown'
  )
}

/** @internal The error for a failed call: its own class when 8x8's outcome is unknown. */
export function chatappsError(init: ChatappsErrorInit): ChatappsError {
  return init.code === 'upstream_outcome_unknown'
    ? new ChatappsOutcomeUnknownError(init)
    : new ChatappsError(init)
}

/** @internal Reads a problem+json body into the error's members. */
export function problemInit(
  status: number,
  body: unknown,
  extra: { retryAfter: number | undefined; requests: number; idempotencyKey: string | undefined },
): ChatappsErrorInit {
  const problem = isRecord(body) ? body : {}
  const text = (value: unknown): string | undefined =>
    typeof value === 'string' ? value : undefined
  const code = text(problem.code) ?? (status >= 500 ? 'unavailable' : 'invalid_response')
  const upstream = isRecord(problem.upstream)
    ? {
        code:
          typeof problem.upstream.code === 'number'
            ? problem.upstream.code
            : String(problem.upstream.code),
        message: String(problem.upstream.message ?? ''),
      }
    : undefined
  const issues = Array.isArray(problem.issues)
    ? problem.issues.filter(isRecord).map((issue) => ({
        path: String(issue.path ?? ''),
        message: String(issue.message ?? ''),
      }))
    : []
  const detail = text(problem.detail)
  const type = text(problem.type)
  // `id` for a single message, `messages: [{ id }]` for a batch (upstream_outcome_unknown).
  const messageIds = [
    ...(typeof problem.id === 'string' ? [problem.id] : []),
    ...(Array.isArray(problem.messages)
      ? problem.messages.filter(isRecord).flatMap((m) => (typeof m.id === 'string' ? [m.id] : []))
      : []),
  ]
  return {
    source: 'gateway',
    status,
    code,
    title: text(problem.title) ?? `HTTP ${status}`,
    issues,
    requests: extra.requests,
    ...(detail === undefined ? {} : { detail }),
    ...(type === undefined ? {} : { type }),
    ...(upstream === undefined ? {} : { upstream }),
    ...(extra.retryAfter === undefined ? {} : { retryAfter: extra.retryAfter }),
    ...(extra.idempotencyKey === undefined ? {} : { idempotencyKey: extra.idempotencyKey }),
    ...(messageIds.length === 0 ? {} : { messageIds }),
  }
}

/** @internal */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
