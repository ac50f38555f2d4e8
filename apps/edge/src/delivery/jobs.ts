/**
 * What travels on the delivery queues: a reference to a message record, never the message
 * itself (D1 holds it, so a job stays small and the record stays the one source of truth).
 *
 * @module
 */

/** One message to deliver. */
export interface DeliveryJob {
  /** The gateway's message id (D1 `messages.id`). */
  readonly id: string
  /** 8x8 sub-account: picks the circuit breaker before the record is read. */
  readonly subAccount: string
}

/** Full-jitter exponential backoff, in whole seconds (Queues' unit), never below `retryAfter`. */
export interface BackoffSettings {
  readonly backoffBaseSeconds: number
  readonly backoffCapSeconds: number
}

/**
 * The delay before attempt `attempt + 1`: uniform in [1, min(cap, base · 2^(attempt-1))] ("full
 * jitter"), raised to 8x8's `Retry-After` when it asked for more.
 *
 * @param random In [0, 1); injectable for tests.
 */
export function backoffSeconds(
  attempt: number,
  retryAfter: number,
  settings: BackoffSettings,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(
    settings.backoffCapSeconds,
    settings.backoffBaseSeconds * 2 ** Math.max(0, attempt - 1),
  )
  const jittered = Math.max(1, Math.ceil(random() * ceiling))
  return Math.max(jittered, retryAfter)
}
