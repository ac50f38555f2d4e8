/**
 * 8x8's failures as the send routes answer them: rejected, unavailable, held back by the circuit
 * breaker, or an outcome that is unknown (8x8 may have taken the message, so the gateway must not
 * send it again, and neither should the caller).
 *
 * @module
 */
import { capText } from '../lib/cap-text'
import { Problem } from '../problems'
import { describeFailure, type UpstreamFailure } from '../upstream/chatapps-api'

/** 8x8's `code` (a number or a short string) and `message`, cut to a size that is stored. */
function upstreamEcho(failure: UpstreamFailure): { code: unknown; message: string } {
  const { code } = failure
  const echoed = typeof code === 'number' ? code : typeof code === 'string' ? capText(code) : null
  return { code: echoed, message: capText(failure.message) }
}

/**
 * 8x8's failure as a problem: 422 `upstream_rejected`, or 503 (504: no answer in time)
 * `upstream_unavailable`: retrying is safe. A send's ambiguous failure never comes here: the send
 * routes answer it with {@link outcomeUnknown}, final for the idempotency key. A read receipt's,
 * a typing indicator's or an upload's does (a 5xx, no answer in time, the connection lost): 8x8
 * may have done it, but doing it again harms nothing (src/routes/inbound.ts, src/routes/files.ts).
 */
export function upstreamProblem(failure: UpstreamFailure, what: string): Problem {
  if (failure.kind === 'rejected') {
    return new Problem('upstream_rejected', {
      detail: `8x8 rejected the ${what}.`,
      extra: { upstream: upstreamEcho(failure) },
    })
  }
  return new Problem('upstream_unavailable', {
    status: failure.timedOut ? 504 : 503,
    detail: failure.timedOut ? '8x8 did not answer in time.' : '8x8 is unavailable.',
    headers: { 'retry-after': String(failure.retryAfter) },
  })
}

/** 503 while the circuit breaker holds requests to 8x8 back. */
export function circuitOpen(retryAfterMs: number): Problem {
  return new Problem('upstream_unavailable', {
    detail: '8x8 is failing; the gateway holds requests back until it recovers.',
    headers: { 'retry-after': String(Math.max(1, Math.ceil(retryAfterMs / 1000))) },
  })
}

/**
 * The reason the record of such a send shows (`GET /v1/messages/{id}`), in the words of the
 * queue's: `8x8: HTTP 500 (code 1500): …; 8x8 may have taken it`.
 */
export function unknownReason(failure: UpstreamFailure): string {
  return `${describeFailure(failure)}; 8x8 may have taken it`
}

/** A message of the answer: the gateway's id and the caller's reference. */
export interface UnknownMessage {
  readonly id: string
  readonly clientMessageId: string
}

/**
 * 502 (8x8 answered, ambiguously, or the connection was lost) or 504 (no answer in time)
 * `upstream_outcome_unknown`, with the record's `id` and `Location` (a batch: every message, no
 * `Location`). The admission step (src/http/admission.ts) stores it for the idempotency key like any final answer.
 *
 * @example
 * throw outcomeUnknown(failure, [{ id, clientMessageId }], `/v1/messages/${id}`)
 */
export function outcomeUnknown(
  failure: UpstreamFailure,
  messages: readonly UnknownMessage[],
  location: string | null,
): Problem {
  const [first] = messages
  const detail = failure.timedOut
    ? '8x8 did not answer in time; it may have taken the message. It will not be sent again: follow its status.'
    : '8x8 failed after the request was sent; it may have taken the message. It will not be sent again: follow its status.'
  return new Problem('upstream_outcome_unknown', {
    status: failure.timedOut ? 504 : 502,
    detail,
    extra:
      location === null || first === undefined
        ? { messages: messages.map(({ id, clientMessageId }) => ({ id, clientMessageId })) }
        : { id: first.id, clientMessageId: first.clientMessageId },
    headers: location === null ? {} : { location },
  })
}

/**
 * The answer to one message that 8x8 did not take synchronously: the circuit's 503, the 502/504
 * of an ambiguous failure (recorded first as `unknown`, through `recordUnknown`, because 8x8 may
 * have the message: a receipt or reconciliation settles it, and it is never sent again), or the
 * problem of 8x8's refusal. One place for the messages and LINE notification routes.
 *
 * @example
 * if (!sent.ok) throw failedSend(sent, { id, clientMessageId }, recordUnknown, 'message')
 */
export function failedSend(
  failure: UpstreamFailure | { readonly kind: 'circuit_open'; readonly retryAfterMs: number },
  message: UnknownMessage,
  recordUnknown: (reason: string) => void,
  what: string,
): Problem {
  if (failure.kind === 'circuit_open') return circuitOpen(failure.retryAfterMs)
  if (failure.kind === 'ambiguous') {
    recordUnknown(unknownReason(failure))
    return outcomeUnknown(failure, [message], `/v1/messages/${message.id}`)
  }
  return upstreamProblem(failure, what)
}
