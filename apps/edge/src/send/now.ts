/**
 * The synchronous half of the send routes: the sub-account's circuit breaker, then the request's
 * idempotency claim, then 8x8, then the outcome reported to the breaker. One path for every call
 * a signed route makes to 8x8: a message, a batch, an upload, read, typing, a cancel.
 *
 * @module
 */
import type { ClaimGuard } from '../objects/admission/client'
import { CircuitClient, type CircuitClientSettings } from '../objects/circuit/client'
import type { Circuit } from '../objects/circuit/object'
import type { UpstreamFailure } from '../upstream/chatapps-api'

/** What a synchronous send needs. */
export interface NowDeps {
  readonly circuits: DurableObjectNamespace<Circuit>
  readonly settings: CircuitClientSettings
  /** The request's idempotency claim (the admission step's `claim`). */
  readonly claim: ClaimGuard
}

/** The breaker holds requests to 8x8 back: nothing was sent. */
export interface CircuitOpen {
  readonly ok: false
  readonly kind: 'circuit_open'
  /** When a request may pass again. */
  readonly retryAfterMs: number
}

/**
 * Sends through the sub-account's circuit breaker: `call` runs only if the breaker lets it and
 * the request's idempotency claim outlasts it (checked last, after every step that may stall; a
 * claim a retry took throws the request's answer, and nothing is sent), and its outcome is
 * reported back. An attempt that never reached 8x8 (the claim lost, or `refused` says the gateway
 * stopped the call itself, its body refused) is no outcome of 8x8's: a half-open probe it held is
 * given back, so that the next request probes at once rather than an open period later.
 *
 * @param refused Whether the gateway refused the call itself (asked once `call` has ended).
 * @example
 * const sent = await sendNow(deps, key.subAccount, () => upstream.send(key.subAccount, body))
 * if (!sent.ok && sent.kind === 'circuit_open') throw circuitOpen(sent.retryAfterMs)
 */
export async function sendNow<Success extends { readonly ok: true }>(
  deps: NowDeps,
  subAccount: string,
  call: () => Promise<Success | UpstreamFailure>,
  refused: () => boolean = () => false,
): Promise<Success | UpstreamFailure | CircuitOpen> {
  const circuit = new CircuitClient(deps.circuits, subAccount, deps.settings)
  const permit = await circuit.acquire()
  if (!permit.allowed) return { ok: false, kind: 'circuit_open', retryAfterMs: permit.retryAfterMs }
  try {
    await deps.claim.beforeCall()
  } catch (error) {
    await circuit.release(permit)
    throw error
  }
  const sent = await call()
  if (refused()) await circuit.release(permit)
  else await circuit.report(permit, sent.ok ? null : sent)
  return sent
}
