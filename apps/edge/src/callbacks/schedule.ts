/**
 * When a callback is posted again: Standard Webhooks' (Svix's) schedule, about a day in all, so
 * that a client endpoint down for hours still gets its events (docs/delivery.md, Retries).
 *
 * @module
 */

/**
 * The delay in seconds after each failed attempt (after the 1st: 5 s, the 2nd: 5 min, …, the
 * 7th: 10 h). Queues delay a retry by at most 12 h (43,200 s).
 */
export const CALLBACK_RETRY_DELAYS_S: readonly number[] = [
  5, 300, 1_800, 7_200, 18_000, 36_000, 36_000,
]

/** Posts of one callback before it is given up: the first and one per delay. */
export const CALLBACK_ATTEMPTS: number = CALLBACK_RETRY_DELAYS_S.length + 1

/** Each delay is spread over ±20 %, so that callbacks failed together do not return together. */
const JITTER = 0.2

/** Queues' longest `delaySeconds`. */
const MAX_DELAY_S = 43_200

/**
 * The delay before the attempt after attempt `attempt` (1 for the first): the schedule's,
 * jittered by ±20 %, in whole seconds, at least 1. An attempt past the schedule waits its last.
 *
 * @param random In [0, 1); injectable for tests (0.5 gives the schedule's value exactly).
 * @example
 * message.retry({ delaySeconds: callbackRetrySeconds(message.attempts) }) // 4 to 6 after the 1st
 */
export function callbackRetrySeconds(attempt: number, random: () => number = Math.random): number {
  const index = Math.min(Math.max(attempt, 1), CALLBACK_RETRY_DELAYS_S.length) - 1
  const base = CALLBACK_RETRY_DELAYS_S[index] ?? MAX_DELAY_S
  const jittered = Math.round(base * (1 - JITTER + 2 * JITTER * random()))
  return Math.min(MAX_DELAY_S, Math.max(1, jittered))
}
