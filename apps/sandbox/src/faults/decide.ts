/**
 * Which fault a send request gets: the next entry of `send.sequence`, then, once the sequence is
 * used up, a seeded draw against `send.rate`. Pure: the store calls it inside one Durable Object
 * call, so concurrent requests each consume their own entry or draw.
 *
 * @module
 */
import { Prng } from './prng'
import { FAULT_KINDS, type FaultKind, type FaultPlan, type SequenceEntry } from './schema'

/** What a drawn `slow` waits when `send.delayMs` does not say. */
export const DEFAULT_SLOW_MS = 2000
/** What a drawn `429` announces in `Retry-After` when `send.retryAfter` does not say. */
export const DEFAULT_RETRY_AFTER_S = 1

/** The fault one send request gets. */
export type SendFault =
  | { readonly kind: 'ok' }
  | { readonly kind: '429'; readonly retryAfter: number }
  | { readonly kind: 'slow'; readonly delayMs: number }
  | { readonly kind: '500' | '503' | '500_accepted' | 'timeout' | 'timeout_accepted' }

/** The plan and its progress, as the store keeps them. */
export interface FaultState {
  readonly plan: FaultPlan | null
  /** How many sequence entries were consumed. */
  readonly position: number
  readonly sendRng: number
  readonly receiptRng: number
  /** Send requests seen since the plan was set or cleared. */
  readonly requests: number
  readonly injected: Readonly<Record<FaultKind, number>>
}

/** No faults, counters at zero. */
export function emptyFaultState(plan: FaultPlan | null = null): FaultState {
  return {
    plan,
    position: 0,
    sendRng: plan?.send?.seed ?? 0,
    receiptRng: plan?.receipts?.seed ?? 0,
    requests: 0,
    injected: Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as Record<FaultKind, number>,
  }
}

function fromEntry(entry: SequenceEntry): SendFault {
  if (entry === 'ok') return { kind: 'ok' }
  if (entry.timeout) return { kind: entry.accepted ? 'timeout_accepted' : 'timeout' }
  if (entry.delayMs !== undefined) return { kind: 'slow', delayMs: entry.delayMs }
  if (entry.status === 429) {
    return { kind: '429', retryAfter: entry.retryAfter ?? DEFAULT_RETRY_AFTER_S }
  }
  if (entry.status === 503) return { kind: '503' }
  return { kind: entry.accepted ? '500_accepted' : '500' }
}

function fromKind(kind: FaultKind, send: NonNullable<FaultPlan['send']>): SendFault {
  if (kind === '429') return { kind, retryAfter: send.retryAfter ?? DEFAULT_RETRY_AFTER_S }
  if (kind === 'slow') return { kind, delayMs: send.delayMs ?? DEFAULT_SLOW_MS }
  return { kind }
}

/** Decides the fault of the next send request and returns the advanced state. */
export function decideSend(state: FaultState): { fault: SendFault; state: FaultState } {
  const send = state.plan?.send
  const sequence = send?.sequence ?? []
  let fault: SendFault = { kind: 'ok' }
  let { position, sendRng } = state
  const entry = sequence[position]
  if (entry !== undefined) {
    fault = fromEntry(entry)
    position += 1
  } else if (send?.rate && send.kinds) {
    const prng = new Prng(sendRng)
    // One draw for "faulted or not", a second for the kind only when faulted.
    if (prng.chance(send.rate)) {
      const kind = send.kinds[prng.below(send.kinds.length)]
      if (kind !== undefined) fault = fromKind(kind, send)
    }
    sendRng = prng.state
  }
  const injected =
    fault.kind === 'ok'
      ? state.injected
      : { ...state.injected, [fault.kind]: state.injected[fault.kind] + 1 }
  return { fault, state: { ...state, position, sendRng, requests: state.requests + 1, injected } }
}
