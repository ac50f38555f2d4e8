/**
 * What the send routes share after admission: the strict JSON read, the `invalid_message`
 * problem, the key's message-type permission and the mapping of 8x8's failures.
 *
 * @module
 */
import type { DslIssueCount, DslIssues, ValidationOptions } from '@chatapps/dsl'
import { Problem } from '../errors'
import { parseStrictJson } from '../json'
import { type ClientKey, type MessageStatus, messageStatus } from '../store'
import type { UpstreamFailure } from '../upstream'

/** Parses a verified body strictly: 400 `malformed_json` otherwise. */
export function readBody(bytes: Uint8Array): unknown {
  const parsed = parseStrictJson(bytes)
  if (!parsed.ok) throw new Problem('malformed_json', { detail: parsed.reason })
  return parsed.value
}

/**
 * How the send routes validate: at most 100 issues (docs/gateway-contract.md), so that validating a 256 KiB
 * body stops early and its 422 stays small enough to be stored for replay.
 */
export const VALIDATION: ValidationOptions = { maxIssues: 100 }

/** The longest path or message an issue or an echo of 8x8 carries, in UTF-16 code units. */
export const MAX_ECHOED_TEXT = 500

/**
 * Cuts a text the caller (a long key, echoed in a path and a message) or 8x8 chose to at most
 * {@link MAX_ECHOED_TEXT}, so that an answer's size has a bound whatever the input.
 */
export function capText(text: string): string {
  if (text.length <= MAX_ECHOED_TEXT) return text
  let end = MAX_ECHOED_TEXT - 1
  // Never split a surrogate pair: the answer must stay well-formed UTF-8.
  const last = text.charCodeAt(end - 1)
  if (last >= 0xd800 && last <= 0xdbff) end--
  return `${text.slice(0, end)}…`
}

/**
 * 422 `invalid_message` with every issue up to the first 100; past that, `truncated: true` and
 * `issuesTotal`, the issues found before validation stopped (a lower bound of the total).
 *
 * @param what `message` or `batch`, for the detail.
 * @param failed The issues of a validation run with {@link VALIDATION}, and their count.
 */
export function invalidMessage(
  what: string,
  failed: DslIssueCount & { readonly issues: DslIssues },
): Problem {
  const issues = failed.issues.map((issue) => ({
    path: capText(issue.path),
    message: capText(issue.message),
  }))
  if (!failed.truncated) {
    return new Problem('invalid_message', {
      detail: `The ${what} has ${issues.length} issue(s).`,
      extra: { issues },
    })
  }
  return new Problem('invalid_message', {
    detail: `The ${what} has at least ${failed.issuesTotal} issues; the first ${issues.length} are listed.`,
    extra: { issues, truncated: true, issuesTotal: failed.issuesTotal },
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

/** 8x8's `code` (a number or a short string) and `message`, cut to a size that is stored. */
function upstreamEcho(failure: UpstreamFailure): { code: unknown; message: string } {
  const { code } = failure
  const echoed = typeof code === 'number' ? code : typeof code === 'string' ? capText(code) : null
  return { code: echoed, message: capText(failure.message) }
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

/** The status of a message recorded for asynchronous delivery (the 202's). */
export function acceptedStatus(createdAt: number): MessageStatus {
  return messageStatus({ state: 'accepted', timestamp: new Date(createdAt).toISOString() })
}
