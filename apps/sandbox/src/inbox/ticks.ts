/**
 * A message's delivery state as a person sees it on a phone, from the receipts the sandbox sent.
 *
 * @module
 */
import type { ReceiptView } from '../store/types'

/** What the ticks show. */
export type TickState =
  | 'queued'
  | 'sent'
  | 'delivered'
  | 'read'
  | 'undelivered'
  | 'rejected'
  | 'cancelled'

const RANK: Readonly<Record<string, number>> = { queued: 1, sent: 2, delivered: 3, read: 4 }

/**
 * The furthest state whose receipt has been sent (its first POST started). A message the API
 * answered `queued` is `queued` before any receipt; `undelivered` (or `failed`) ends it; a
 * scheduled message cancelled before its time is `cancelled`.
 */
export function tickState(
  receipts: readonly ReceiptView[],
  rejected: boolean,
  cancelled = false,
): TickState {
  if (rejected) return 'rejected'
  // A cancelled message never happened: its receipts were deleted with the cancellation.
  if (cancelled) return 'cancelled'
  let state: TickState = 'queued'
  for (const receipt of receipts) {
    if (receipt.sentAt === null) continue
    if (receipt.state === 'undelivered' || receipt.state === 'failed') return 'undelivered'
    const rank = RANK[receipt.state]
    if (rank !== undefined && rank > (RANK[state] ?? 0)) state = receipt.state as TickState
  }
  return state
}

const MARKS: Readonly<Record<TickState, string>> = {
  queued: '✓',
  sent: '✓',
  delivered: '✓✓',
  read: '✓✓',
  undelivered: '✕',
  rejected: '!',
  cancelled: '⊘',
}

/** The ticks: `✓` queued (grey), `✓` sent, `✓✓` delivered, `✓✓` read (blue), `✕`, `!`, `⊘` cancelled. */
export function ticksHtml(state: TickState): string {
  return `<span class="sbx-ticks sbx-${state}" role="img" aria-label="${state}" title="${state}">${MARKS[state]}</span>`
}

/** How the receipts went, for a tooltip: `queued: delivered to the webhook, sent: pending, …`. */
export function receiptsSummary(receipts: readonly ReceiptView[]): string {
  return receipts
    .filter((receipt) => !receipt.duplicate)
    .map((receipt) => {
      const outcome = receipt.dropped
        ? 'dropped (fault)'
        : receipt.delivered
          ? 'delivered to the webhook'
          : receipt.pending
            ? receipt.attempts > 0
              ? `retrying (${receipt.attempts} attempts)`
              : 'pending'
            : `webhook failed (${receipt.attempts} attempts)`
      return `${receipt.state}: ${outcome}`
    })
    .join(', ')
}
