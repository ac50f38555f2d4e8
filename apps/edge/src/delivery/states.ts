/**
 * The states a message goes through, and their order. A state only ever replaces one of lower
 * rank, so receipts that arrive late, twice or out of order never move a message backwards.
 *
 * ```
 * accepted ─▶ (unknown) ─▶ queued ─▶ sent ─▶ delivered ─▶ read
 *     │                       │        └──▶ undelivered
 *     └──▶ failed             └──▶ rejected / failed
 * ```
 *
 * - `accepted`: the gateway holds it (asynchronous send), 8x8 has not taken it yet.
 * - `unknown`: 8x8 failed ambiguously (500, timeout) too often; a receipt will settle it.
 * - `queued` … `read`, `undelivered`, `rejected`: 8x8's states (docs/8x8-facts.md#message-states).
 * - `failed`: refused for good (8x8's 4xx, the gateway's credentials, retries exhausted) or
 *   reported failed by 8x8.
 *
 * @module
 */

const RANKS: Readonly<Record<string, number>> = {
  accepted: 0,
  unknown: 1,
  queued: 2,
  sent: 3,
  delivered: 4,
  undelivered: 4,
  rejected: 4,
  failed: 4,
  read: 5,
}

/** A state's rank; a state the gateway does not know ranks with `queued`. */
export function rankOf(state: string): number {
  return RANKS[state] ?? RANKS.queued ?? 2
}

/** States after which nothing more is expected (the soak test waits for these). */
export const FINAL_STATES: ReadonlySet<string> = new Set([
  'delivered',
  'read',
  'undelivered',
  'rejected',
  'failed',
  'unknown',
])

/** The `state` of a `status` object 8x8 answered with (lower case), or `fallback`. */
export function stateOf(status: unknown, fallback: string): string {
  return typeof status === 'object' && status !== null && 'state' in status
    ? String(status.state).toLowerCase()
    : fallback
}
