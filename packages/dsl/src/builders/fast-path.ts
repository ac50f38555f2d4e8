/**
 * The fast path of `build()`: plain checks of the wire objects the builders assemble, derived from
 * the same LIMITS, regular expressions and URL test as the valibot schemas. It only ever answers
 * "valid"; anything it does not accept (a fault, a value in another spelling that the schemas
 * would canonicalise, a kind it does not cover) goes to the schemas, which report the issues.
 * A property test proves that it accepts exactly what the schemas accept, with the same output.
 *
 * @module
 */
import { ISO_TIMESTAMP_REGEX, UUID_REGEX } from 'valibot'
import { codePoints } from '../internal/code-points'
import { LIMITS } from '../limits'
import { CHANNELS, SUCCESS_STATUSES } from '../schemas/envelope'
import { isHttpUrl } from '../schemas/primitives'
import { BSUID, COUNTRY, E164, LINE_USER_ID, NATIONAL } from '../schemas/recipient'
import type { Kind } from './draft'

type Wire = Record<string, unknown>
const isObject = (value: unknown): value is Wire => typeof value === 'object' && value !== null

/** A well-formed string of 1 to `max` code points. */
function str(value: unknown, max: number): value is string {
  return (
    typeof value === 'string' &&
    value.length > 0 &&
    (value.length <= max || codePoints(value) <= max) &&
    value.isWellFormed()
  )
}
const nonEmpty = (value: unknown): value is string => str(value, Number.POSITIVE_INFINITY)
const optional = (value: unknown, check: (value: unknown) => boolean) =>
  value === undefined || check(value)
const url = (value: unknown) =>
  typeof value === 'string' && value.isWellFormed() && isHttpUrl(value)
const textOf = (value: unknown, max: number) => isObject(value) && str(value.text, max)
const between = (value: unknown, limit: { min: number; max: number }) =>
  typeof value === 'number' && Number.isFinite(value) && value >= limit.min && value <= limit.max
const integer = (value: unknown, limit: { min: number; max: number }) =>
  Number.isInteger(value) && between(value, limit)

const CHANNEL_SET: ReadonlySet<unknown> = new Set(CHANNELS)
const STATUS_SET: ReadonlySet<unknown> = new Set(SUCCESS_STATUSES)

function user(value: unknown): boolean {
  if (!isObject(value)) return false
  const { msisdn, country, channelUserId, lineUserId } = value
  if (msisdn === undefined && channelUserId === undefined && lineUserId === undefined) return false
  if (country !== undefined && !(typeof country === 'string' && COUNTRY.test(country))) return false
  if (
    channelUserId !== undefined &&
    !(typeof channelUserId === 'string' && BSUID.test(channelUserId))
  )
    return false
  if (
    lineUserId !== undefined &&
    !(typeof lineUserId === 'string' && LINE_USER_ID.test(lineUserId))
  )
    return false
  return (
    msisdn === undefined ||
    (typeof msisdn === 'string' && (country === undefined ? E164 : NATIONAL).test(msisdn))
  )
}

const date = (value: unknown) => typeof value === 'string' && ISO_TIMESTAMP_REGEX.test(value)

function channels(value: unknown): boolean {
  if (!Array.isArray(value) || value.length === 0) return false
  return value.every(
    (channel) =>
      isObject(channel) &&
      CHANNEL_SET.has(channel.channel) &&
      optional(channel.fallbackAfter, (after) => integer(after, LIMITS.fallbackAfter)) &&
      optional(channel.successStatus, (status) => STATUS_SET.has(status)),
  )
}

function envelope(wire: Wire): boolean {
  return (
    user(wire.user) &&
    optional(wire.clientMessageId, (id) => str(id, LIMITS.clientMessageId.max)) &&
    optional(wire.channels, channels) &&
    optional(wire.scheduled, date) &&
    optional(wire.expiry, date) &&
    optional(wire.dlrCallbackUrl, url) &&
    optional(
      wire.context,
      (context) =>
        isObject(context) && typeof context.umid === 'string' && UUID_REGEX.test(context.umid),
    )
  )
}

const textHeader = (header: Wire) =>
  header.type === 'text' && str(header.text, LIMITS.interactiveHeaderText.max)

function anyHeader(value: unknown): boolean {
  if (!isObject(value)) return false
  if (value.type === 'text') return textHeader(value)
  const media = value[value.type as string]
  if (
    !(value.type === 'image' || value.type === 'video' || value.type === 'document') ||
    !isObject(media)
  )
    return false
  return url(media.link) && optional(media.filename, nonEmpty)
}

/**
 * Sections of a list or a product list: `limit` sections, a title on each when there are
 * several, at least one entry in each, at most `total` entries in all. Returns the entries'
 * `unique` keys (row ids), or `undefined` when a rule fails.
 */
function sectionsOk(
  sections: unknown,
  limit: { min: number; max: number },
  total: number,
  titleMax: number,
  key: 'rows' | 'product_items',
): unknown[] | undefined {
  if (!Array.isArray(sections) || sections.length < limit.min || sections.length > limit.max)
    return undefined
  const ids: unknown[] = []
  for (const section of sections) {
    if (!isObject(section)) return undefined
    if (section.title === undefined ? sections.length > 1 : !str(section.title, titleMax))
      return undefined
    const entries = section[key]
    if (!Array.isArray(entries) || entries.length === 0) return undefined
    for (const entry of entries) {
      if (!isObject(entry)) return undefined
      if (key === 'rows' ? !row(entry) : !nonEmpty(entry.product_retailer_id)) return undefined
      ids.push(entry.id)
    }
  }
  return ids.length <= total ? ids : undefined
}

const row = (value: Wire) =>
  str(value.id, LIMITS.listRowId.max) &&
  str(value.title, LIMITS.listRowTitle.max) &&
  (value.description === undefined || str(value.description, LIMITS.listRowDescription.max))

/** Whether no value repeats; the arrays here hold at most 10 values. */
function unique(values: readonly unknown[]): boolean {
  for (let i = 1; i < values.length; i++) {
    for (let j = 0; j < i; j++) if (values[i] === values[j]) return false
  }
  return true
}

function list(i: Wire): boolean {
  const action = i.action as Wire
  const ids = sectionsOk(
    action.sections,
    LIMITS.listSections,
    LIMITS.listRows.max,
    LIMITS.listSectionTitle.max,
    'rows',
  )
  return (
    ids !== undefined &&
    unique(ids) &&
    (i.header === undefined || (isObject(i.header) && textHeader(i.header))) &&
    str(action.button, LIMITS.listButton.max)
  )
}

function buttons(i: Wire): boolean {
  const replies = (i.action as Wire).buttons as Wire[]
  if (replies.length < LIMITS.replyButtons.min || replies.length > LIMITS.replyButtons.max)
    return false
  const ok = replies.every((button) => {
    const reply = button.reply as Wire
    return (
      str(reply.id, LIMITS.replyButtonId.max) &&
      reply.id.trim() === reply.id &&
      str(reply.title, LIMITS.replyButtonTitle.max)
    )
  })
  return (
    ok &&
    optional(i.header, anyHeader) &&
    unique(replies.map((button) => (button.reply as Wire).id)) &&
    unique(replies.map((button) => (button.reply as Wire).title))
  )
}

function ctaUrl(i: Wire): boolean {
  const parameters = (i.action as Wire).parameters as Wire
  return (
    optional(i.header, anyHeader) &&
    str(parameters.display_text, LIMITS.ctaDisplayText.max) &&
    url(parameters.url)
  )
}

function flow(i: Wire): boolean {
  const parameters = (i.action as Wire).parameters as Wire
  return (
    parameters.flowActionPayload === undefined &&
    optional(i.header, anyHeader) &&
    nonEmpty(parameters.flowId) &&
    str(parameters.flowCta, LIMITS.flowCta.max) &&
    optional(parameters.flowAction, (action) => action === 'navigate' || action === 'data_exchange')
  )
}

function product(i: Wire): boolean {
  const action = i.action as Wire
  return (
    i.header === undefined && nonEmpty(action.catalog_id) && nonEmpty(action.product_retailer_id)
  )
}

function productList(i: Wire): boolean {
  const action = i.action as Wire
  return (
    isObject(i.header) &&
    textHeader(i.header) &&
    nonEmpty(action.catalog_id) &&
    sectionsOk(
      action.sections,
      LIMITS.productListSections,
      LIMITS.productListItems.max,
      LIMITS.productListSectionTitle.max,
      'product_items',
    ) !== undefined
  )
}

const INTERACTIVE: Partial<Record<Kind, (interactive: Wire) => boolean>> = {
  list,
  buttons,
  cta_url: ctaUrl,
  flow,
  product,
  product_list: productList,
}

/** A body is required, except on a product; a footer is optional everywhere. */
function interactive(kind: Kind, content: Wire): boolean {
  const i = content.interactive as Wire
  const check = INTERACTIVE[kind] as (interactive: Wire) => boolean
  return (
    (kind === 'product'
      ? optional(i.body, (body) => textOf(body, LIMITS.interactiveBody.max))
      : textOf(i.body, LIMITS.interactiveBody.max)) &&
    optional(i.footer, (footer) => textOf(footer, LIMITS.interactiveFooter.max)) &&
    check(i)
  )
}

function content(kind: Kind, value: Wire): boolean {
  switch (kind) {
    case 'text':
      return str(value.text, LIMITS.text.max)
    case 'image':
    case 'video':
    case 'file':
      return url(value.url) && optional(value.text, (caption) => str(caption, LIMITS.caption.max))
    case 'audio':
      return url(value.url)
    case 'location': {
      const location = value.location
      return (
        isObject(location) &&
        // -0 is left to the schema, which turns it into 0.
        between(location.latitude, LIMITS.latitude) &&
        !Object.is(location.latitude, -0) &&
        between(location.longitude, LIMITS.longitude) &&
        !Object.is(location.longitude, -0) &&
        optional(location.name, nonEmpty) &&
        optional(location.address, nonEmpty)
      )
    }
    default:
      return INTERACTIVE[kind] !== undefined && interactive(kind, value)
  }
}

/**
 * @internal Whether the fast path accepts the wire object a builder assembled for `kind`.
 * `false` means "ask the schemas", not necessarily "invalid".
 */
export function isValidFast(kind: Kind, wire: Wire): boolean {
  return isObject(wire.content) && content(kind, wire.content) && envelope(wire)
}
