/**
 * The contact objects as the gateway reaches them: one per (sub-account, recipient), named so
 * that two sub-accounts never share one (docs/conversations.md).
 *
 * @module
 */
import type { Contact } from './object'
import { type ContactSettings, contactName, type PaceSettings } from './protocol'

/** A recipient as messages and events name it: the msisdn, else the channel's user id. */
export interface RecipientLike {
  readonly msisdn?: string | undefined
  readonly channelUserId?: string | undefined
  readonly lineUserId?: string | undefined
}

/**
 * The contact's name for a recipient: its msisdn (as given), else its channel user id, else its
 * LINE user id; null when it has none.
 *
 * @example
 * recipientOf({ msisdn: '+15551234567' }) // '+15551234567'
 */
export function recipientOf(user: RecipientLike | undefined): string | null {
  return user?.msisdn ?? user?.channelUserId ?? user?.lineUserId ?? null
}

/**
 * The contact object of one recipient of one sub-account.
 *
 * @example
 * const verdict = await contactOf(env.CONTACT, 'acme', '+15551234567').check(settings, send, now)
 */
export function contactOf(
  namespace: DurableObjectNamespace<Contact>,
  subAccount: string,
  recipient: string,
): DurableObjectStub<Contact> {
  return namespace.get(namespace.idFromName(contactName(subAccount, recipient)))
}

/** A key's own pacing (null columns: the deployment's default). */
export interface KeyPace {
  readonly contactRatePerSecond: number | null
  readonly contactBurst: number | null
}

/**
 * The settings a contact call carries: the deployment's, with the key's pacing when it has one.
 */
export function contactSettings(base: ContactSettings, key: KeyPace | null): ContactSettings {
  const pace: PaceSettings = {
    ratePerSecond: key?.contactRatePerSecond ?? base.pace.ratePerSecond,
    burst: key?.contactBurst ?? base.pace.burst,
  }
  return { ...base, pace }
}
