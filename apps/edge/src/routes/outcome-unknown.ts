/**
 * The answer to a send whose outcome at 8x8 is unknown (8x8 answered 500, or nothing came
 * before the timeout, or the connection was lost after the request was written): 8x8 may have
 * taken the message, so the gateway must not send it again, and neither should the caller.
 *
 * @module
 */
import { describeFailure } from '../delivery/consumer'
import { Problem } from '../errors'
import type { UpstreamFailure } from '../upstream'

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
 * `Location`). The signed guard stores it for the idempotency key like any final answer.
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
