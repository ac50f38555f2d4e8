/**
 * The synchronous half of the send routes: the sub-account's circuit breaker, then 8x8, then the
 * outcome reported to the breaker. One path for a message and for a batch.
 *
 * @module
 */
import { CircuitClient, type CircuitClientSettings } from '../objects/circuit/client'
import type { Circuit } from '../objects/circuit/object'
import type { UpstreamFailure } from '../upstream/chatapps-api'

/** What a synchronous send needs. */
export interface NowDeps {
  readonly circuits: DurableObjectNamespace<Circuit>
  readonly settings: CircuitClientSettings
}

/** The breaker holds requests to 8x8 back: nothing was sent. */
export interface CircuitOpen {
  readonly ok: false
  readonly kind: 'circuit_open'
  /** When a request may pass again. */
  readonly retryAfterMs: number
}

/**
 * Sends through the sub-account's circuit breaker: `call` runs only if the breaker lets it, and
 * its outcome is reported back.
 *
 * @example
 * const sent = await sendNow(deps, key.subAccount, () => upstream.send(key.subAccount, body))
 * if (!sent.ok && sent.kind === 'circuit_open') throw circuitOpen(sent.retryAfterMs)
 */
export async function sendNow<Success extends { readonly ok: true }>(
  deps: NowDeps,
  subAccount: string,
  call: () => Promise<Success | UpstreamFailure>,
): Promise<Success | UpstreamFailure | CircuitOpen> {
  const circuit = new CircuitClient(deps.circuits, subAccount, deps.settings)
  const permit = await circuit.acquire()
  if (!permit.allowed) return { ok: false, kind: 'circuit_open', retryAfterMs: permit.retryAfterMs }
  const sent = await call()
  await circuit.report(permit, sent.ok ? null : sent)
  return sent
}
