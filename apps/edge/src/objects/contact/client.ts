/**
 * The contact objects as the gateway reaches them: one per (sub-account, recipient), named so
 * that two sub-accounts never share one (docs/conversations.md).
 *
 * @module
 */
import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/min'
import type { Contact } from './object'
import { type ContactSettings, contactName, type PaceSettings, type SendCheck } from './protocol'

/** A recipient as messages and events name it: the msisdn, else the channel's user id. */
export interface RecipientLike {
  readonly msisdn?: string | undefined
  /** 8x8's `country` (ISO 3166-1 alpha-2) of an msisdn in national format. */
  readonly country?: string | undefined
  readonly channelUserId?: string | undefined
  readonly lineUserId?: string | undefined
}

/** Digits, with or without E.164's `+`: a phone number as 8x8 takes it. */
const PHONE = /^\+?\d{4,17}$/

/**
 * An msisdn as its contact is named: E.164 with its `+`, however the message wrote it. 8x8 takes
 * the international number with or without the `+`, and a national one with `country`
 * (docs/8x8-facts.md); all of `+15551234567`, `15551234567` and `5551234567` with `US` are the
 * same person, and the same contact. The national form is read with libphonenumber-js (the
 * country calling code, and a trunk prefix such as the UK's `0`, are its job). A national number
 * without a country, or one it cannot read, is named as given (8x8 refuses it anyway).
 *
 * @example
 * canonicalMsisdn('07911123456', 'GB') // '+447911123456'
 */
export function canonicalMsisdn(msisdn: string, country?: string): string {
  if (!PHONE.test(msisdn)) return msisdn
  if (msisdn.startsWith('+')) return msisdn
  if (country === undefined) return msisdn.startsWith('0') ? msisdn : `+${msisdn}`
  const national = parsePhoneNumberFromString(msisdn, country.toUpperCase() as CountryCode)
  return national?.number ?? msisdn
}

/**
 * The contact's name for a recipient: its msisdn ({@link canonicalMsisdn}), else its channel user
 * id, else its LINE user id; null when it has none.
 *
 * @example
 * recipientOf({ msisdn: '5551234567', country: 'US' }) // '+15551234567'
 */
export function recipientOf(user: RecipientLike | undefined): string | null {
  if (user?.msisdn !== undefined) return canonicalMsisdn(user.msisdn, user.country)
  return user?.channelUserId ?? user?.lineUserId ?? null
}

/** What a recipient typed by hand may be: an msisdn, a BSUID, a channel or LINE user id. */
const RECIPIENT = /^[A-Za-z0-9+._-]{1,160}$/
/** A number a spreadsheet wrote in scientific notation (`1.55512E+10`): its digits are lost. */
const SCIENTIFIC = /^\d+(\.\d+)?e\+?\d+$/i

/**
 * Whether a value is a number a spreadsheet wrote in scientific notation, which
 * {@link recipientNamed} refuses: the operator is told why.
 */
export const isScientific = (value: string): boolean => SCIENTIFIC.test(value)

/**
 * A recipient an operator or a client typed (a path segment, a CSV row), named as sends name it:
 * an msisdn in the international form, with or without `+`, gets its `+`; null when it is not a
 * recipient, or is a number a spreadsheet turned into scientific notation.
 *
 * @example
 * recipientNamed('15551234567') // '+15551234567'
 * recipientNamed('1.55512E+10') // null
 */
export function recipientNamed(value: string): string | null {
  if (!RECIPIENT.test(value) || SCIENTIFIC.test(value)) return null
  return canonicalMsisdn(value)
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

type Item = Readonly<Record<string, unknown>>

/** Whether every step of a `channels` list is the one channel named (false: none listed). */
function onlyChannel(channels: unknown, channel: string): boolean {
  return (
    Array.isArray(channels) &&
    channels.length > 0 &&
    channels.every((step: Item) => String(step?.channel).toLowerCase() === channel)
  )
}

/**
 * How a message weighs for its contact: a template or not, and which channels it can reach (its
 * own fields over a batch's shared `template`, as 8x8 merges them). A message that names no
 * `channels` goes through the sub-account's order at 8x8, which the gateway cannot see: it is
 * neither WhatsApp-only nor Viber-only.
 *
 * @example
 * sendFacts({ type: 'text', channels: [{ channel: 'Viber' }] }) // { template: false, whatsAppOnly: false, viberOnly: true }
 */
export function sendFacts(
  message: Item,
  template?: Item,
): Pick<SendCheck, 'template' | 'whatsAppOnly' | 'viberOnly'> {
  const type = message.type ?? template?.type
  const channels = message.channels ?? template?.channels
  return {
    template: typeof type === 'string' && type.toLowerCase() === 'template',
    whatsAppOnly: onlyChannel(channels, 'whatsapp'),
    viberOnly: onlyChannel(channels, 'viber'),
  }
}
