/**
 * Full-jitter exponential backoff, in whole seconds (Queues' unit), for delivery and callbacks.
 *
 * @module
 */

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
 * @example
 * message.retry({ delaySeconds: backoffSeconds(message.attempts, 0, config.delivery) })
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
