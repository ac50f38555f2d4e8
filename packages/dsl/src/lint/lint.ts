/**
 * Lints: what is valid but costly or risky, returned as warnings beside a valid message (the
 * schemas refuse what 8x8 refuses; these only advise). `safeBuild()` returns them as `warnings`,
 * and `lint()` finds them in any message, parsed or built.
 *
 * @module
 */
import { LIMITS } from '../limits'
import type { Message } from '../types'
import { smsCost } from './sms'

/** The kinds of warning. */
export type DslWarningCode =
  /** A WhatsApp step falls back before WhatsApp stops trying: the user may get both messages. */
  | 'fallback-before-ttl'
  /** The SMS fallback takes several SMS, or UCS-2 (70 characters an SMS instead of 160). */
  | 'sms-segments'
  /** `sms.encoding` is GSM7 but the text has characters GSM-7 cannot carry. */
  | 'sms-encoding'

/** Something valid but costly or risky about a message, and where it is. */
export interface DslWarning {
  /** What kind of warning, to switch on or to silence. */
  readonly code: DslWarningCode
  /** Where, as dot-separated keys from the message's root (`channels.0.fallbackAfter`). */
  readonly path: string
  /** What it means, in a sentence. */
  readonly message: string
}

/** What a lint may know that the message does not say. */
export interface LintOptions {
  /**
   * The TTL of the template the message sends, in seconds, as set in WhatsApp Manager. Without
   * it, a template's TTL is taken to be at least the shortest default (10 minutes).
   */
  readonly templateTtlSeconds?: number
}

type Wire = Record<string, unknown>
const isObject = (value: unknown): value is Wire => typeof value === 'object' && value !== null
const NONE: readonly DslWarning[] = Object.freeze([])

/** How long WhatsApp keeps trying this message, and how that is known; or undefined. */
function whatsAppTtl(
  message: Wire,
  content: Wire,
  options: LintOptions,
): [number, string] | undefined {
  const whatsApp = content.whatsApp
  if (isObject(whatsApp) && isObject(whatsApp.directSend)) {
    const ttl = whatsApp.directSend.ttlSeconds
    return typeof ttl === 'number'
      ? [ttl, `its Direct Send ttlSeconds (${ttl} s)`]
      : [LIMITS.directSendDefaultTtlSeconds.max, 'Direct Send’s default TTL (30 days)']
  }
  if (message.type !== 'template') return undefined
  const ttl = options.templateTtlSeconds
  return ttl === undefined
    ? [
        LIMITS.templateDefaultTtlSeconds.min,
        'the shortest default TTL of a template (10 minutes, authentication; 30 days for utility and marketing)',
      ]
    : [ttl, `the template’s TTL (${ttl} s)`]
}

function fallbackBeforeTtl(message: Wire, content: Wire, options: LintOptions): DslWarning[] {
  const channels = message.channels
  if (!Array.isArray(channels)) return []
  const warnings: DslWarning[] = []
  channels.forEach((step: unknown, index) => {
    if (!isObject(step) || step.channel !== 'WhatsApp' || index === channels.length - 1) return
    const after = step.fallbackAfter
    if (typeof after !== 'number') return
    const ttl = whatsAppTtl(message, content, options)
    if (ttl === undefined || after > ttl[0]) return
    warnings.push({
      code: 'fallback-before-ttl',
      path: `channels.${index}.fallbackAfter`,
      message: `fallbackAfter ${after} s is not longer than ${ttl[1]}: WhatsApp may still deliver after the next channel sent its copy. 8x8 advises a fallbackAfter that exceeds the TTL`,
    })
  })
  return warnings
}

function smsFallback(message: Wire, content: Wire): DslWarning[] {
  const channels = message.channels
  const viaSms = Array.isArray(channels)
    ? channels.some((step) => isObject(step) && step.channel === 'SMS')
    : content.fallbackText !== undefined || content.sms !== undefined
  if (!viaSms) return []
  const path = typeof content.fallbackText === 'string' ? 'content.fallbackText' : 'content.text'
  const text = typeof content.fallbackText === 'string' ? content.fallbackText : content.text
  if (typeof text !== 'string' || (message.type !== 'text' && path === 'content.text')) return []
  const sms = isObject(content.sms) ? content.sms : {}
  const encoding = sms.encoding === 'GSM7' || sms.encoding === 'UCS2' ? sms.encoding : 'AUTO'
  const cost = smsCost(text, encoding)
  const quoted = cost.outsideGsm7.map((char) => JSON.stringify(char)).join(', ')
  if (encoding === 'GSM7' && cost.outsideGsm7.length > 0) {
    return [
      {
        code: 'sms-encoding',
        path: 'content.sms.encoding',
        message: `GSM-7 cannot carry ${quoted}: the SMS shows a replacement character instead`,
      },
    ]
  }
  if (cost.segments === 1 && cost.encoding === 'GSM7') return []
  const why =
    cost.encoding === 'UCS2'
      ? encoding === 'UCS2'
        ? 'UCS-2 (as sms.encoding says)'
        : `UCS-2 (because of ${quoted})`
      : 'GSM-7'
  return [
    {
      code: 'sms-segments',
      path,
      message: `The SMS fallback is ${why}: ${cost.units} units, ${cost.segments} SMS of ${cost.perSegment}`,
    },
  ]
}

/**
 * Finds what is valid but costly or risky in a message: a WhatsApp fallback that fires before
 * WhatsApp stops trying (8x8: "ensure that your fallback duration exceeds the template's TTL",
 * or the user receives both), and an SMS fallback that takes several SMS or UCS-2.
 *
 * @param message A valid message, from `build()` or `parseMessage()`.
 * @param options What the message does not say: the template's TTL.
 * @returns The warnings, each with its code and path; none for most messages.
 *
 * @example
 * ```ts
 * const message = msg.to('+6500000000').template('otp', 'en')
 *   .fallback('WhatsApp', { after: 60 }).fallback('SMS').fallbackText('Your code is 123456').build()
 * lint(message) // [{ code: 'fallback-before-ttl', path: 'channels.0.fallbackAfter', … }]
 * ```
 */
export function lint(message: Message, options: LintOptions = {}): readonly DslWarning[] {
  const wire = message as unknown as Wire
  const content = wire.content
  if (!isObject(content)) return NONE
  if (
    wire.channels === undefined &&
    content.fallbackText === undefined &&
    content.sms === undefined
  )
    return NONE
  const warnings = [...fallbackBeforeTtl(wire, content, options), ...smsFallback(wire, content)]
  return warnings.length === 0 ? NONE : Object.freeze(warnings.map((w) => Object.freeze(w)))
}
