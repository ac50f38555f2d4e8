/**
 * When each receipt of an accepted message is due, with the receipt faults of the plan applied
 * (drop, duplicate, reorder). Pure: the store calls it while recording the message, with its
 * seeded PRNG, so the same seed and arrival order give the same faults.
 *
 * @module
 */
import type { Prng } from '../faults/prng'
import type { ReceiptFaults } from '../faults/schema'
import type { MessageRecord } from '../store/types'
import { fallbackStepsFor, receiptOf, stepsFor } from './receipt'

/** One receipt to send (or to record as dropped). */
export interface ScheduledReceipt {
  readonly umid: string
  readonly state: string
  /** Epoch milliseconds. */
  readonly dueAt: number
  /** The JSON body, built once so that retries and duplicates send the same bytes. */
  readonly body: string
  readonly duplicate: boolean
  readonly dropped: boolean
}

/** Shuffles `slots[from..]` in place; never leaves them in their order when two or more remain. */
function shuffleFrom(slots: number[], from: number, prng: Prng): void {
  const before = slots.join()
  for (let i = slots.length - 1; i > from; i -= 1) {
    const j = from + prng.below(i - from + 1)
    ;[slots[i], slots[j]] = [slots[j] as number, slots[i] as number]
  }
  // A "reorder" that keeps the order would be no fault at all: swap the first two instead.
  if (slots.join() === before && slots.length - from >= 2) {
    ;[slots[from], slots[from + 1]] = [slots[from + 1] as number, slots[from] as number]
  }
}

/**
 * The receipts of one accepted message: step `k` (0-based) happens at
 * `now + delayMs + (k + 1) * stepMs` (its status timestamp; `delayMs` of the plan's receipt faults,
 * default 0) and is sent then, unless a reorder moved it to another step's time.
 */
export function scheduleReceipts(
  record: MessageRecord,
  now: number,
  stepMs: number,
  faults: ReceiptFaults | undefined,
  prng: Prng,
): ScheduledReceipt[] {
  // A rule's failure is final: 8x8 falls back only from a message its first channel took.
  const fallback = faults?.fallback === true && record.failure === undefined
  const steps = fallback ? fallbackStepsFor(record) : stepsFor(record)
  const slots = steps.map((_, k) => k)
  const decisions = steps.map((_, k) => {
    // Always three draws per receipt, so one fault's rate does not shift the others' draws.
    const drop = prng.chance(faults?.drop ?? 0)
    const duplicate = prng.chance(faults?.duplicate ?? 0)
    const reorder = prng.chance(faults?.reorder ?? 0)
    return { drop, duplicate, reorder, k }
  })
  const firstReorder = decisions.find((decision) => decision.reorder)
  if (firstReorder !== undefined) shuffleFrom(slots, firstReorder.k, prng)
  const start = now + (faults?.delayMs ?? 0)
  const receipts = steps.flatMap((step, k): ScheduledReceipt[] => {
    const decision = decisions[k]
    const at = start + (k + 1) * stepMs
    const body = JSON.stringify(receiptOf(record, step, new Date(at)))
    const dueAt = start + ((slots[k] ?? k) + 1) * stepMs
    const base = { umid: record.umid, state: step.state, dueAt, body }
    if (decision?.drop) return [{ ...base, duplicate: false, dropped: true }]
    const original = { ...base, duplicate: false, dropped: false }
    return decision?.duplicate ? [original, { ...original, duplicate: true }] : [original]
  })
  return receipts.sort((a, b) => a.dueAt - b.dueAt)
}
