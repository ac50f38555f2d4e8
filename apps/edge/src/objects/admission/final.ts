/**
 * Which answers are final for an idempotency key (stored and replayed for 24 h) and which are
 * transient (the claim is released, so that the client's retry proceeds). One rule, one place.
 *
 * @module
 */

/** The problem code of an answer whose 8x8 outcome is unknown: final though it is a 5xx. */
const OUTCOME_UNKNOWN = '"code":"upstream_outcome_unknown"'

/** The problem code of an upload whose bytes did not match their signed digest: transient. */
const DIGEST_MISMATCH = '"code":"digest_mismatch"'

/**
 * Whether an answer is final: 2xx, a 4xx that would repeat (not 429), and
 * `upstream_outcome_unknown` (502/504), since retrying it could send the message twice.
 *
 * @param body The answer's body as text (a problem's `code` is read from it).
 * @example
 * isFinalAnswer(502, '{"type":"/problems/upstream_outcome_unknown",…,"code":"upstream_outcome_unknown"}') // true
 * isFinalAnswer(503, '{…"code":"upstream_unavailable"}') // false
 */
export function isFinalAnswer(status: number, body: string): boolean {
  if (status >= 200 && status < 300) return true
  // An upload whose streamed bytes did not match their signed digest (POST /v1/files): the
  // bytes were damaged, not the request, so its retry with the same key proceeds.
  if (body.includes(DIGEST_MISMATCH)) return false
  if (status >= 400 && status < 500) return status !== 429
  return (status === 502 || status === 504) && body.includes(OUTCOME_UNKNOWN)
}
