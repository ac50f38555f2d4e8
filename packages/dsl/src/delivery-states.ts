/**
 * The order of delivery states, in one place: the gateway records a receipt only when it moves a
 * message forward in this order, and the sandbox answers a message's latest state by it.
 *
 * @module
 */
import type { DELIVERY_STATES } from './schemas/events'

/**
 * The rank of every delivery state: a message's state is only ever replaced by one of higher
 * rank, so receipts that arrive late, twice or out of order never move it backwards.
 *
 * ```text
 * accepted ─▶ unknown ─▶ queued ─▶ sent ─▶ delivered | undelivered | rejected | failed | cancelled ─▶ read
 *    0          1          2        3                             4                               5
 * ```
 *
 * - `accepted` is the gateway's own state (it holds the message; 8x8 does not have it yet), and
 *   `unknown` a send whose outcome is not known (the gateway's after ambiguous answers; 8x8 lists
 *   it too): anything 8x8 reports settles either.
 * - The final states `delivered`, `undelivered`, `rejected` and `failed` share one rank: the
 *   first recorded stays, and a contradicting final receipt that comes later changes nothing.
 * - `cancelled` is the gateway's state of a scheduled message 8x8 cancelled before its time
 *   (`DELETE /v1/messages/{id}`): final like them, so no later receipt of theirs replaces it.
 * - `read` outranks them all, failures included: it is the one proof that the recipient has the
 *   message, so a read receipt wins over any failure reported before it.
 *
 * The numbers are stored (the gateway's `status_rank` column), so they never change.
 *
 * @example
 * ```ts
 * import { DELIVERY_STATE_RANKS } from '@chatapps/dsl'
 *
 * DELIVERY_STATE_RANKS.sent < DELIVERY_STATE_RANKS.delivered // true
 * DELIVERY_STATE_RANKS.failed === DELIVERY_STATE_RANKS.delivered // true: both final
 * ```
 */
export const DELIVERY_STATE_RANKS = Object.freeze({
  accepted: 0,
  unknown: 1,
  queued: 2,
  sent: 3,
  delivered: 4,
  undelivered: 4,
  rejected: 4,
  failed: 4,
  cancelled: 4,
  read: 5,
} as const satisfies Record<(typeof DELIVERY_STATES)[number] | 'accepted' | 'cancelled', number>)

/** A state {@link DELIVERY_STATE_RANKS} knows. */
export type RankedDeliveryState = keyof typeof DELIVERY_STATE_RANKS

/**
 * The rank of a delivery state in {@link DELIVERY_STATE_RANKS}. A state the table does not know
 * (8x8 may add states) ranks with `queued`: it shows that 8x8 has the message, and never moves a
 * message back from what a known state said.
 *
 * @param state A state as 8x8 and the gateway spell it (lower case).
 * @returns Its rank, 0 to 5.
 * @example
 * ```ts
 * import { deliveryStateRank } from '@chatapps/dsl'
 *
 * deliveryStateRank('read') // 5
 * deliveryStateRank('pending_review') // 2, like 'queued'
 * const newer = (next: string, current: string) => deliveryStateRank(next) > deliveryStateRank(current)
 * ```
 */
export function deliveryStateRank(state: string): number {
  return Object.hasOwn(DELIVERY_STATE_RANKS, state)
    ? DELIVERY_STATE_RANKS[state as RankedDeliveryState]
    : DELIVERY_STATE_RANKS.queued
}
