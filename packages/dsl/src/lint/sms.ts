/**
 * What an SMS costs: its encoding and how many parts (segments) it takes. GSM-7 carries 160
 * characters in one SMS and 153 in each part of a longer one (the rest holds the header that
 * joins them); the characters of its extension table (`{`, `€`, …) take two. Any character
 * outside GSM-7 makes the whole text UCS-2: 70 code units in one SMS, 67 in each part.
 *
 * @module
 */
import { LIMITS } from '../limits'

/** GSM 03.38's default alphabet (without the escape character). */
const GSM7 = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
)
/** Its extension table: each of these takes two septets. */
const GSM7_EXTENSION = new Set('\f^{}\\[~]|€')

/** An SMS text's encoding and size. */
export interface SmsCost {
  /** The encoding it is sent in. */
  readonly encoding: 'GSM7' | 'UCS2'
  /** How many SMS it takes. */
  readonly segments: number
  /** Its size in the encoding's units: GSM-7 septets or UCS-2 code units. */
  readonly units: number
  /** What fits in one SMS, and in each part of a longer one, in the same units. */
  readonly perSegment: number
  /** The characters GSM-7 cannot carry, each once, in order of appearance. */
  readonly outsideGsm7: readonly string[]
}

/**
 * Works out an SMS text's encoding and how many SMS it takes.
 *
 * @param text The text, such as a message's `fallbackText`.
 * @param encoding As in `content.sms.encoding`: `AUTO` (the default) picks GSM-7 when every
 * character fits, else UCS-2.
 * @returns The encoding, the number of segments and what forced UCS-2.
 *
 * @example
 * ```ts
 * smsCost('Your code is 123456').segments // 1
 * smsCost('Ihr Code: 123456 – gültig 10 Minuten').encoding // 'UCS2' (because of '–')
 * ```
 */
export function smsCost(text: string, encoding: 'AUTO' | 'GSM7' | 'UCS2' = 'AUTO'): SmsCost {
  let septets = 0
  const outside: string[] = []
  for (const char of text) {
    if (GSM7.has(char)) septets += 1
    else if (GSM7_EXTENSION.has(char)) septets += 2
    else {
      septets += 1 // GSM7 forced: the carrier sends a replacement character.
      if (!outside.includes(char)) outside.push(char)
    }
  }
  const gsm = encoding === 'GSM7' || (encoding !== 'UCS2' && outside.length === 0)
  const units = gsm ? septets : text.length
  const limit = gsm ? LIMITS.smsGsm7 : LIMITS.smsUcs2
  const segments = units <= limit.max ? 1 : Math.ceil(units / limit.part)
  return {
    encoding: gsm ? 'GSM7' : 'UCS2',
    segments,
    units,
    perSegment: segments === 1 ? limit.max : limit.part,
    outsideGsm7: outside,
  }
}
