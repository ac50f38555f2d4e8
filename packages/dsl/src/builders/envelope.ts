/**
 * The envelope calls that reach into the content: the fallback sequence (`.fallback()`), the SMS
 * fallback's text and settings, and WhatsApp Direct Send. Values are recorded as given (a
 * JavaScript caller may pass anything; validation reports it) and added to the content after the
 * content's own fields, in the order 8x8's schema lists them.
 *
 * @module
 */
import { LIMITS } from '../limits'
import type { ChannelName, DirectSendOptions, FallbackOptions, SmsOptions } from './base'
import type { Kind } from './draft'

type Wire = Record<string, unknown>
const freeze = Object.freeze
const isObject = (value: unknown): value is Wire => typeof value === 'object' && value !== null

/** @internal One step of `channels`, from `.fallback(channel, { after, successStatus })`. */
export function fallbackStep(channel: ChannelName, options: FallbackOptions | undefined): object {
  const step: Wire = { channel }
  if (options?.after !== undefined) step.fallbackAfter = options.after
  if (options?.successStatus !== undefined) step.successStatus = options.successStatus
  return freeze(step)
}

/** @internal `content.sms`, from `.sms({ encoding, source })`. */
export function smsOf(options: SmsOptions): object {
  if (!isObject(options)) return options
  const sms: Wire = {}
  if (options.encoding !== undefined) sms.encoding = options.encoding
  if (options.source !== undefined) sms.source = options.source
  return freeze(sms)
}

/** @internal `content.whatsApp`, from `.directSend({ category, ttlSeconds })`. */
export function directSendOf(options: DirectSendOptions | undefined): object {
  const directSend: Wire = { category: options?.category ?? 'utility' }
  if (options?.ttlSeconds !== undefined) directSend.ttlSeconds = options.ttlSeconds
  return freeze({ directSend: freeze(directSend) })
}

/** @internal The content with the extras the envelope calls recorded, or as it was. */
export function withExtras(content: unknown, options: Record<string, unknown>): unknown {
  const { directSend, fallbackText, sms } = options
  if (directSend === undefined && fallbackText === undefined && sms === undefined) return content
  if (!isObject(content)) return content
  const copy: Wire = { ...content }
  if (directSend !== undefined) copy.whatsApp = directSend
  if (fallbackText !== undefined) copy.fallbackText = fallbackText
  if (sms !== undefined) copy.sms = sms
  return freeze(copy)
}

/** A well-formed string of 1 to `max` code points. */
function str(value: unknown, max: number): boolean {
  if (typeof value !== 'string' || value.length === 0 || !value.isWellFormed()) return false
  if (value.length <= max) return true
  let count = 0
  for (const _ of value) if (++count > max) return false
  return true
}

/** The kinds whose content is interactive (and may so carry `whatsApp`). */
const TYPED: Partial<Record<Kind, true>> = {
  list: true,
  buttons: true,
  cta_url: true,
  flow: true,
  product: true,
  product_list: true,
}

const ENCODINGS: ReadonlySet<unknown> = new Set(['AUTO', 'GSM7', 'UCS2'])
const { min: TTL_MIN, max: TTL_MAX } = LIMITS.directSendTtlSeconds

function directSendOk(whatsApp: unknown): boolean {
  if (!isObject(whatsApp) || !isObject(whatsApp.directSend)) return false
  const { category, ttlSeconds } = whatsApp.directSend
  return (
    category === 'utility' &&
    (ttlSeconds === undefined ||
      (Number.isInteger(ttlSeconds) &&
        (ttlSeconds as number) >= TTL_MIN &&
        (ttlSeconds as number) <= TTL_MAX))
  )
}

/**
 * @internal The fast path's check of what the envelope calls add to a builder's content (the
 * fast path proper does not look at these fields): `true` only for the canonical, valid form.
 * `false` means "ask the schemas", as in fast-path.ts.
 */
export function extrasOk(kind: Kind, content: unknown): boolean {
  if (!isObject(content)) return true
  const { whatsApp, fallbackText, sms, video } = content
  if (video !== undefined) return false
  if (whatsApp !== undefined && !((kind === 'text' || TYPED[kind]) && directSendOk(whatsApp)))
    return false
  if (fallbackText !== undefined && !str(fallbackText, LIMITS.fallbackText.max)) return false
  if (sms === undefined) return true
  return (
    isObject(sms) &&
    (sms.encoding === undefined || ENCODINGS.has(sms.encoding)) &&
    (sms.source === undefined || str(sms.source, LIMITS.smsSource.max))
  )
}
