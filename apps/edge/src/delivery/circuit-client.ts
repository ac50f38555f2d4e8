/**
 * The circuit breaker as the senders use it: ask before calling 8x8, report what happened.
 * If the breaker's object cannot be reached, sending goes on (fail open): the breaker protects
 * 8x8 and the queue, it must never become the outage itself.
 *
 * @module
 */
import type { Circuit, Permit } from '../circuit'
import type { Config } from '../env'
import type { UpstreamFailure } from '../upstream'

const OPEN: Permit = { allowed: true, probe: false, failures: 0 }

/** The breaker of one sub-account. */
export class CircuitClient {
  private readonly stub: DurableObjectStub<Circuit>

  constructor(
    namespace: DurableObjectNamespace<Circuit>,
    subAccount: string,
    private readonly config: Config,
  ) {
    this.stub = namespace.get(namespace.idFromName(subAccount))
  }

  /** Whether a request may go now. */
  async acquire(now: number = Date.now()): Promise<Permit> {
    try {
      return await this.stub.acquire(this.config.circuit, now)
    } catch (error) {
      console.error('circuit unavailable', error instanceof Error ? error.name : 'error')
      return OPEN
    }
  }

  /**
   * Reports an attempt. Retryable and ambiguous failures count against 8x8; a success (or a
   * rejected message: 8x8 is up) is only reported when it changes something.
   */
  async report(permit: Permit, failure: UpstreamFailure | null, now: number = Date.now()) {
    if (!permit.allowed) return
    const failed =
      failure !== null && (failure.kind === 'retryable' || failure.kind === 'ambiguous')
    if (!failed && !permit.probe && permit.failures === 0) return
    try {
      await this.stub.report(this.config.circuit, failed, permit.probe, now)
    } catch (error) {
      console.error('circuit unavailable', error instanceof Error ? error.name : 'error')
    }
  }
}
