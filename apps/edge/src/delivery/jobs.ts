/**
 * What travels on the delivery queues: a reference to a message record, never the message
 * itself (D1 holds it, so a job stays small and the record stays the one source of truth).
 *
 * @module
 */
import type { ConsentFacts, PaceSettings } from '../objects/contact/protocol'

/** One message to deliver. */
export interface DeliveryJob {
  /** The gateway's message id (D1 `messages.id`). */
  readonly id: string
  /** 8x8 sub-account: picks the circuit breaker before the record is read. */
  readonly subAccount: string
  /** The recipient's contact paces the send (absent in jobs queued before contacts existed). */
  readonly recipient?: string
  /** The key's pacing for that recipient. */
  readonly pace?: PaceSettings
  /**
   * What the recipient's consent weighs of the message (its channels, its template's category),
   * asked again just before it leaves. Absent in jobs queued before it was carried: those are
   * weighed as {@link UNKNOWN_CONSENT_FACTS}.
   */
  readonly consent?: ConsentFacts
  /** W3C `traceparent` of the request that queued it, carried to 8x8 (src/observability). */
  readonly traceparent?: string
  /**
   * 8x8 took the message under this umid, in this state, but its record's write failed: the job
   * only writes them (src/delivery/consumer.ts), it never sends.
   */
  readonly sent?: { readonly umid: string; readonly state: string }
}

/**
 * How a job that carries no consent facts (queued before they were carried) is weighed: as a
 * message that may reach Viber only, so that a Viber block refuses it as it did when it was
 * queued; its template's category unknown.
 */
export const UNKNOWN_CONSENT_FACTS: ConsentFacts = {
  whatsAppOnly: false,
  viberOnly: true,
  category: null,
}
