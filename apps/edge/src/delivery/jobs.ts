/**
 * What travels on the delivery queues: a reference to a message record, never the message
 * itself (D1 holds it, so a job stays small and the record stays the one source of truth).
 *
 * @module
 */
import type { PaceSettings } from '../objects/contact/protocol'

/**
 * One message to deliver. What its recipient's consent weighs of it is not carried: the
 * consumer reads it as the message leaves, its channels from the record and its template's
 * category from the registry (src/delivery/consent-facts.ts), whichever path queued the job.
 * Jobs queued before may still carry `consent` (what the send check weighed): it is not read.
 */
export interface DeliveryJob {
  /** The gateway's message id (D1 `messages.id`). */
  readonly id: string
  /** 8x8 sub-account: picks the circuit breaker before the record is read. */
  readonly subAccount: string
  /** The recipient's contact paces the send (absent in jobs queued before contacts existed). */
  readonly recipient?: string
  /** The key's pacing for that recipient. */
  readonly pace?: PaceSettings
  /** W3C `traceparent` of the request that queued it, carried to 8x8 (src/observability). */
  readonly traceparent?: string
  /**
   * 8x8 took the message under this umid, in this state, but its record's write failed: the job
   * only writes them (src/delivery/consumer.ts), it never sends.
   */
  readonly sent?: { readonly umid: string; readonly state: string }
}
