/**
 * The states a message goes through, and their order: a state only ever replaces one of lower rank
 * (README, The map: message states).
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
  /** A scheduled message cancelled before it was sent (DELETE /v1/messages/{id}): final. */
  cancelled: 4,
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
  'cancelled',
])
