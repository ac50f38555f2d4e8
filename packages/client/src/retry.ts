/**
 * When a failed attempt is retried, and how long to wait first.
 *
 * @module
 */
import type { RetryOptions } from './types'

/** @internal The retry settings with every default filled in. */
export interface RetryPolicy {
  readonly retries: number
  readonly baseDelayMs: number
  readonly maxDelayMs: number
  readonly maxRetryAfterMs: number
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>
  readonly random: () => number
}

/** @internal */
export const DEFAULT_RETRIES = 3

/** @internal */
export function retryPolicy(retries: number | undefined, options: RetryOptions = {}): RetryPolicy {
  const count = retries ?? DEFAULT_RETRIES
  if (!Number.isInteger(count) || count < 0) throw new TypeError('retries is an integer >= 0')
  return {
    retries: count,
    baseDelayMs: options.baseDelayMs ?? 250,
    maxDelayMs: options.maxDelayMs ?? 10_000,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 60_000,
    sleep: options.sleep ?? sleep,
    random: options.random ?? Math.random,
  }
}

/**
 * Whether an answer may be retried with the same idempotency key: 409 while the first request
 * is still running, 429, and the gateway's or 8x8's transient failures (502, 503, 504). Every
 * other status, among them the 4xx that would repeat (400, 401, 403, 404, 413, 415, 422), is final,
 * and so is `upstream_outcome_unknown` (502/504: 8x8 may have the message).
 *
 * @internal
 */
export function isRetryableStatus(status: number, code: string | undefined): boolean {
  if (code === 'upstream_outcome_unknown') return false
  if (status === 409) return code === undefined || code === 'idempotency_key_in_flight'
  return status === 429 || status === 502 || status === 503 || status === 504
}

/**
 * Full-jitter exponential backoff before retry number `retry` (1-based).
 *
 * @internal
 */
export function backoffDelay(policy: RetryPolicy, retry: number): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1))
  return Math.floor(policy.random() * cap)
}

/**
 * `Retry-After` in seconds: delay-seconds, or an HTTP-date relative to `now`.
 *
 * @internal
 */
export function parseRetryAfter(
  value: string | null,
  now: number = Date.now(),
): number | undefined {
  if (value === null) return undefined
  const text = value.trim()
  if (/^\d+$/.test(text)) return Number(text)
  const date = Date.parse(text)
  if (Number.isNaN(date)) return undefined
  return Math.max(0, Math.ceil((date - now) / 1000))
}

/** Waits `ms`, or rejects with the signal's reason when it aborts. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason)
      return
    }
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
