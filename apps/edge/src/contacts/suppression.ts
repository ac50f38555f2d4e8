/**
 * An operator's suppression (`opted_out`) or its removal (`subscribed`: of one fact, or of every
 * fact) of one recipient: the
 * contact's Durable Object first (it decides sends), then D1's index of suppressions. The admin
 * routes and the console both call this, so that both name the recipient as sends do.
 *
 * @module
 */
import { indexConsent } from '../db/suppressions'
import { contactOf } from '../objects/contact/client'
import type { Contact } from '../objects/contact/object'
import type { ConsentFact, ConsentNow } from '../objects/contact/protocol'

/** What a suppression needs: the contact objects and D1. */
export interface SuppressionDeps {
  readonly contacts: DurableObjectNamespace<Contact>
  readonly db: D1Database
}

/**
 * Sets a recipient's consent as an operator and indexes it; rejects when the contact or D1 fails.
 *
 * @param recipient named as sends name it (`recipientNamed`, src/objects/contact/client.ts).
 * @param lifted with `subscribed`: the one fact lifted (null: every fact).
 * @example
 * await setSuppression({ contacts: env.CONTACT, db: env.DB }, 'acme', '+15551234567', 'opted_out', 'asked by phone', Date.now())
 * // The user re-subscribed to marketing by phone: their stop and any Viber block stay.
 * await setSuppression(deps, 'acme', '+15551234567', 'subscribed', 'resubscribed by phone', Date.now(), 'marketing_opted_out')
 */
export async function setSuppression(
  deps: SuppressionDeps,
  subAccount: string,
  recipient: string,
  state: 'opted_out' | 'subscribed',
  reason: string,
  now: number,
  lifted: ConsentFact | null = null,
): Promise<ConsentNow> {
  const consent = await contactOf(deps.contacts, subAccount, recipient).setConsent(
    state,
    reason,
    now,
    lifted,
  )
  // A BSUID that joined its number's contact is listed under the number.
  await indexConsent(deps.db, subAccount, consent.recipient ?? recipient, consent)
  return consent
}
