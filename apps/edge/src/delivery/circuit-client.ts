/**
 * The circuit breaker as the senders use it: ask before calling 8x8, report what happened.
 * If the breaker's object cannot be reached, sending goes on (fail open): the breaker protects
 * 8x8 and the queue, it must never become the outage itself.
 *
 * A healthy circuit is not asked on every send: an isolate that saw it closed with no failures
 * remembers that for `CIRCUIT_CACHE_MS` (1 s by default), which spares the hot path a Durable
 * Object round trip. Failures are always reported, and a failure clears the memory, so an
 * isolate notices an open circuit at its first failure or within that time at the latest.
 *
 * @module
 */
import type { Circuit, Permit } from '../circuit'
import type { Config } from '../env'
import type { UpstreamFailure } from '../upstream'

/** A permit, with how many failures this isolate had reported when it was given. */
export type LocalPermit = Permit & { readonly seen: number }

/** Sub-account → until when this isolate may assume its circuit closed and clean. */
const healthyUntil = new Map<string, number>()
/** Sub-account → failures this isolate reported: a success after one must reset the count. */
const failuresSeen = new Map<string, number>()

/** The breaker of one sub-account. */
export class CircuitClient {
  private readonly stub: DurableObjectStub<Circuit>

  constructor(
    namespace: DurableObjectNamespace<Circuit>,
    private readonly subAccount: string,
    private readonly config: Config,
  ) {
    this.stub = namespace.get(namespace.idFromName(subAccount))
  }

  /** Whether a request may go now. */
  async acquire(now: number = Date.now()): Promise<LocalPermit> {
    const seen = failuresSeen.get(this.subAccount) ?? 0
    if ((healthyUntil.get(this.subAccount) ?? 0) > now) {
      return { allowed: true, probe: false, failures: 0, seen }
    }
    try {
      const permit = await this.stub.acquire(this.config.circuit, now)
      this.remember(permit.allowed && !permit.probe && permit.failures === 0, now)
      return { ...permit, seen }
    } catch (error) {
      console.error('circuit unavailable', error instanceof Error ? error.name : 'error')
      return { allowed: true, probe: false, failures: 0, seen }
    }
  }

  /**
   * Reports an attempt. Retryable and ambiguous failures count against 8x8; a success (or a
   * rejected message: 8x8 is up) is reported when it changes something: the object counted
   * failures, this was the probe, or this isolate reported a failure since the permit was given
   * (so that failures of concurrent requests are not taken for failures in a row).
   */
  async report(permit: LocalPermit, failure: UpstreamFailure | null, now: number = Date.now()) {
    if (!permit.allowed) return
    const failed =
      failure !== null && (failure.kind === 'retryable' || failure.kind === 'ambiguous')
    const seen = failuresSeen.get(this.subAccount) ?? 0
    if (failed) {
      failuresSeen.set(this.subAccount, seen + 1)
      this.remember(false, now)
    } else if (!permit.probe && permit.failures === 0 && permit.seen === seen) {
      return
    }
    try {
      const state = await this.stub.report(this.config.circuit, failed, permit.probe, now)
      this.remember(state.state === 'closed' && state.failures === 0, now)
    } catch (error) {
      console.error('circuit unavailable', error instanceof Error ? error.name : 'error')
    }
  }

  private remember(healthy: boolean, now: number): void {
    if (healthy && this.config.circuitCacheMs > 0) {
      healthyUntil.set(this.subAccount, now + this.config.circuitCacheMs)
    } else {
      healthyUntil.delete(this.subAccount)
    }
  }
}
