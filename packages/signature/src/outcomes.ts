/**
 * The outcome table of the chatapps-v1 profile: every status and machine-readable `code` a
 * gateway answers with, and the subset that {@link verifyRequest} itself returns.
 *
 * @module
 */

/**
 * One row of the outcome table: the HTTP status and a short, stable, human-readable title for
 * an RFC 9457 problem+json body.
 *
 * @example
 * ```ts
 * import type { Outcome } from '@chatapps/signature'
 * const row: Outcome = { status: 401, title: 'Signature invalid' }
 * ```
 */
export interface Outcome {
  readonly status: number
  readonly title: string
}

/**
 * Every outcome of the profile by `code`, so a gateway builds its problem+json from one table.
 * Rows marked "gateway" are never returned by {@link verifyRequest}: they need state (nonce and
 * idempotency stores, rate limits, permissions) that this package deliberately does not hold.
 *
 * @example
 * ```ts
 * import { OUTCOMES } from '@chatapps/signature'
 * const { status, title } = OUTCOMES.signature_expired // 401, 'Signature expired'
 * ```
 */
export const OUTCOMES = Object.freeze({
  signature_missing: { status: 401, title: 'Signature missing' },
  signature_malformed: { status: 401, title: 'Signature malformed' },
  signature_insufficient_coverage: { status: 401, title: 'Signature does not cover enough' },
  signature_expired: { status: 401, title: 'Signature expired' },
  signature_invalid: { status: 401, title: 'Signature invalid' },
  digest_mismatch: { status: 401, title: 'Content digest mismatch' },
  idempotency_key_invalid: { status: 400, title: 'Idempotency key missing or invalid' },
  payload_too_large: { status: 413, title: 'Payload too large' },
  /** gateway: the nonce was seen before for this key id. */
  signature_replayed: { status: 401, title: 'Signature replayed' },
  /** gateway: the same idempotency key came with a different payload. */
  idempotency_key_reused: { status: 422, title: 'Idempotency key reused' },
  /** gateway: the first request with this idempotency key is still running (with Retry-After). */
  idempotency_key_in_flight: { status: 409, title: 'Idempotency key in flight' },
  /** gateway: the replay and idempotency store cannot be reached (with Retry-After). */
  unavailable: { status: 503, title: 'Service unavailable' },
  /** gateway: the key is valid but not allowed this route or message type. */
  forbidden: { status: 403, title: 'Forbidden' },
  /** gateway: over the key's rate limit (with Retry-After). */
  rate_limited: { status: 429, title: 'Rate limited' },
} as const satisfies Record<string, Outcome>)

/**
 * Every `code` of the outcome table.
 *
 * @example
 * ```ts
 * import type { OutcomeCode } from '@chatapps/signature'
 * const code: OutcomeCode = 'rate_limited'
 * ```
 */
export type OutcomeCode = keyof typeof OUTCOMES

/**
 * The codes {@link verifyRequest} can return.
 *
 * @example
 * ```ts
 * import type { VerifyFailureCode } from '@chatapps/signature'
 * const code: VerifyFailureCode = 'digest_mismatch'
 * ```
 */
export type VerifyFailureCode =
  | 'signature_missing'
  | 'signature_malformed'
  | 'signature_insufficient_coverage'
  | 'signature_expired'
  | 'signature_invalid'
  | 'digest_mismatch'
  | 'idempotency_key_invalid'
  | 'payload_too_large'

/**
 * A failed verification: the status and code to answer with, straight from {@link OUTCOMES}.
 *
 * @example
 * ```ts
 * import type { VerifyFailure } from '@chatapps/signature'
 * const failure: VerifyFailure = { ok: false, status: 401, code: 'signature_invalid' }
 * ```
 */
export interface VerifyFailure {
  readonly ok: false
  readonly status: (typeof OUTCOMES)[VerifyFailureCode]['status']
  readonly code: VerifyFailureCode
}

/** @internal Builds the failure result for a code from the table. */
export function fail(code: VerifyFailureCode): VerifyFailure {
  return { ok: false, status: OUTCOMES[code].status, code }
}
