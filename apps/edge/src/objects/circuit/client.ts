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

import type { UpstreamFailure } from '../../upstream/chatapps-api'
import type { Circuit, CircuitSettings, Permit } from './object'

/** The breaker's settings, from the configuration (`CIRCUIT_*`). */
export interface CircuitClientSettings {
  readonly circuit: CircuitSettings
  /** How long an isolate may assume a circuit it saw healthy still is. */
  readonly circuitCacheMs: number
}

/**
 * A permit, with how many failures this isolate had reported when it was given, and for a
 * half-open probe when it was taken (what {@link CircuitClient.release} names it by).
 */
export type LocalPermit = Permit & { readonly seen: number; readonly probeTakenAt?: number }

/** Sub-account → until when this isolate may assume its circuit closed and clean. */
const healthyUntil = new Map<string, { readonly until: number; readonly epoch: number }>()
/** Sub-account → failures this isolate reported: a success after one must reset the count. */
const failuresSeen = new Map<string, number>()

/** The breaker of one sub-account. */
export class CircuitClient {
  private stubOf: DurableObjectStub<Circuit> | null = null

  constructor(
    private readonly namespace: DurableObjectNamespace<Circuit>,
    private readonly subAccount: string,
    private readonly config: CircuitClientSettings,
  ) {}

  /** Made on first use: while the circuit is known healthy, a send never calls the object. */
  private get stub(): DurableObjectStub<Circuit> {
    this.stubOf ??= this.namespace.get(this.namespace.idFromName(this.subAccount))
    return this.stubOf
  }

  /** Whether a request may go now. */
  async acquire(now: number = Date.now()): Promise<LocalPermit> {
    const seen = failuresSeen.get(this.subAccount) ?? 0
    const healthy = healthyUntil.get(this.subAccount)
    if (healthy !== undefined && healthy.until > now) {
      return { allowed: true, probe: false, failures: 0, epoch: healthy.epoch, seen }
    }
    try {
      const permit = await this.stub.acquire(this.config.circuit, now)
      if (permit.allowed) this.remember(!permit.probe && permit.failures === 0, permit.epoch, now)
      return { ...permit, seen, ...(permit.allowed && permit.probe ? { probeTakenAt: now } : {}) }
    } catch (error) {
      console.error('circuit unavailable', error instanceof Error ? error.name : 'error')
      return { allowed: true, probe: false, failures: 0, epoch: -1, seen }
    }
  }

  /**
   * Reports an attempt. Retryable and ambiguous failures count against 8x8; a success (or a
   * rejected message: 8x8 is up) is reported when it changes something: the object counted
   * failures, this was the probe, or this isolate reported a failure since the permit was given
   * (so that the failures of concurrent requests are weighed against their successes).
   */
  async report(permit: LocalPermit, failure: UpstreamFailure | null, now: number = Date.now()) {
    if (!permit.allowed) return
    const failed =
      failure !== null && (failure.kind === 'retryable' || failure.kind === 'ambiguous')
    const seen = failuresSeen.get(this.subAccount) ?? 0
    if (failed) {
      failuresSeen.set(this.subAccount, seen + 1)
      this.remember(false, permit.epoch, now)
    } else if (!permit.probe && permit.failures === 0 && permit.seen === seen) {
      return
    }
    try {
      const state = await this.stub.report(
        this.config.circuit,
        failed,
        permit.probe,
        now,
        permit.epoch,
      )
      this.remember(state.state === 'closed' && state.failures === 0, state.epoch, now)
    } catch (error) {
      console.error('circuit unavailable', error instanceof Error ? error.name : 'error')
    }
  }

  /**
   * Gives back a permit whose attempt never reached 8x8: its claim was lost before the call, or
   * the gateway refused the call itself. Only a half-open probe holds anything; unreleased, it
   * would keep the circuit open one more period (`openMs`), though 8x8 may be back.
   *
   * @example
   * try {
   *   await claim.beforeCall()
   * } catch (error) {
   *   await circuit.release(permit)
   *   throw error
   * }
   */
  async release(permit: LocalPermit, now: number = Date.now()): Promise<void> {
    if (!permit.allowed || permit.probeTakenAt === undefined) return
    try {
      await this.stub.releaseProbe(this.config.circuit, permit.probeTakenAt, now)
    } catch (error) {
      // Its lease frees it after one open period.
      console.error('circuit unavailable', error instanceof Error ? error.name : 'error')
    }
  }

  /** Outcomes counted by {@link tally}, by the epoch of their permits. */
  private readonly tallies = new Map<number, { failures: number; successes: number }>()

  /**
   * Counts an attempt for {@link flush} instead of reporting it (the queue consumer: every
   * outcome of a batch is weighed at once, whatever order they came back in). A probe is
   * reported at once: it decides whether the circuit closes.
   */
  async tally(permit: LocalPermit, failure: UpstreamFailure | null): Promise<void> {
    if (!permit.allowed) return
    if (permit.probe) return this.report(permit, failure)
    const failed =
      failure !== null && (failure.kind === 'retryable' || failure.kind === 'ambiguous')
    const counts = this.tallies.get(permit.epoch) ?? { failures: 0, successes: 0 }
    if (failed) counts.failures++
    else counts.successes++
    this.tallies.set(permit.epoch, counts)
  }

  /** Reports what {@link tally} counted, in one call per epoch. */
  async flush(now: number = Date.now()): Promise<void> {
    for (const [epoch, counts] of this.tallies) {
      try {
        const state = await this.stub.record(
          this.config.circuit,
          counts.failures,
          counts.successes,
          now,
          epoch,
        )
        this.remember(state.state === 'closed' && state.failures === 0, state.epoch, now)
      } catch (error) {
        console.error('circuit unavailable', error instanceof Error ? error.name : 'error')
      }
    }
    this.tallies.clear()
  }

  private remember(healthy: boolean, epoch: number, now: number): void {
    if (healthy && this.config.circuitCacheMs > 0) {
      healthyUntil.set(this.subAccount, { until: now + this.config.circuitCacheMs, epoch })
    } else {
      healthyUntil.delete(this.subAccount)
    }
  }
}
