/**
 * What the recipient's contact weighs of a queued message as it leaves (docs/conversations.md,
 * Consent): its channels, read from its record, and its template's category, read from the
 * registry by the template check at delivery. Taken there, not from the job, so that every path
 * that queues one (the send, the cron's re-queue, a replay) is weighed alike.
 *
 * @module
 */
import { sendFacts } from '../objects/contact/client'
import type { ConsentFacts } from '../objects/contact/protocol'
import { storedPayload } from './template-check'

/**
 * The consent facts of a claimed message.
 *
 * @param category Its template's category as the template check at delivery read it.
 * @example
 * consentFactsAtDelivery(claimed.payload, 'MARKETING') // { whatsAppOnly: true, viberOnly: false, category: 'MARKETING' }
 */
export function consentFactsAtDelivery(payload: string, category: string | null): ConsentFacts {
  const { whatsAppOnly, viberOnly } = sendFacts(storedPayload(payload))
  return { whatsAppOnly, viberOnly, category }
}
