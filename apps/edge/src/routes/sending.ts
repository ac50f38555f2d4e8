/**
 * What the send routes share after admission: the strict JSON read, the `invalid_message`
 * problem, the key's message-type permission and the mapping of 8x8's failures.
 *
 * @module
 */
import type { DslIssue } from '@chatapps/dsl'
import { Problem } from '../errors'
import { parseStrictJson } from '../json'
import type { ClientKey } from '../store'
import type { UpstreamFailure } from '../upstream'

/** Parses a verified body strictly: 400 `malformed_json` otherwise. */
export function readBody(bytes: Uint8Array): unknown {
  const parsed = parseStrictJson(bytes)
  if (!parsed.ok) throw new Problem('malformed_json', { detail: parsed.reason })
  return parsed.value
}

/**
 * 422 `invalid_message` with every issue.
 *
 * @param what `message` or `batch`, for the detail.
 */
export function invalidMessage(what: string, issues: readonly DslIssue[]): Problem {
  return new Problem('invalid_message', {
    detail: `The ${what} has ${issues.length} issue(s).`,
    extra: { issues: issues.map((issue) => ({ path: issue.path, message: issue.message })) },
  })
}

/**
 * 403 `forbidden` when the key may not send this message type.
 *
 * @param where Appended to the detail (` (messages.3)` in a batch).
 */
export function checkType(key: ClientKey, type: string, where = ''): void {
  if (key.allowedTypes !== null && !key.allowedTypes.includes(type)) {
    throw new Problem('forbidden', { detail: `This key may not send ${type} messages${where}.` })
  }
}

/**
 * 8x8's failure as a problem: 422 `upstream_rejected`, or 503 `upstream_unavailable` (8x8 did not
 * take the message: retrying is safe). An ambiguous failure never comes here: the routes answer it
 * with `outcomeUnknown` (./outcome-unknown.ts), final for the idempotency key.
 */
export function upstreamProblem(failure: UpstreamFailure, what: string): Problem {
  if (failure.kind === 'rejected') {
    return new Problem('upstream_rejected', {
      detail: `8x8 rejected the ${what}.`,
      extra: { upstream: { code: failure.code, message: failure.message } },
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
