/**
 * Assembles the wire object a draft describes, frozen as it is made (freezing a fresh object
 * costs a few nanoseconds; walking a finished one costs far more). Keys follow 8x8's order, the
 * order the schemas emit, and what was not set is left out.
 *
 * @module
 */
import { templateLanguage } from '../internal/template-language'
import type { Draft, DraftSection, Kind } from './draft'
import { withExtras } from './envelope'
import { carouselContent, richCardContent } from './rcs-wire'

type Wire = Record<string, unknown>

const freeze = Object.freeze
const isObject = (value: unknown): value is Wire => typeof value === 'object' && value !== null

/** Copies the listed keys that are set, in the listed order, and freezes the copy. */
function pick(source: unknown, keys: readonly string[]): unknown {
  if (!isObject(source)) return source
  const copy: Wire = {}
  for (const key of keys) if (source[key] !== undefined) copy[key] = source[key]
  return freeze(copy)
}

const USER_KEYS = ['msisdn', 'country', 'channelUserId', 'lineUserId'] as const
const CHANNEL_KEYS = ['channel', 'fallbackAfter', 'successStatus'] as const

// A Date that does not hold a time stays visible to validation instead of throwing here.
const isoDate = (date: unknown): unknown =>
  date instanceof Date ? (Number.isNaN(date.getTime()) ? String(date) : date.toISOString()) : date

const text = (value: unknown) => freeze({ text: value })

function interactive(draft: Draft, type: string, action: unknown): unknown {
  const object: Wire = { type }
  if (draft.header !== undefined) object.header = draft.header
  if (draft.body !== undefined) object.body = text(draft.body)
  if (draft.footer !== undefined) object.footer = text(draft.footer)
  if (action !== undefined) object.action = action
  return freeze({ interactive: freeze(object) })
}

function row(value: unknown): unknown {
  if (!isObject(value)) return value
  const { id, title, description } = value
  return freeze(description === undefined ? { id, title } : { id, title, description })
}

const listSection = ({ title, entries }: DraftSection) => {
  const rows = freeze(entries.map(row))
  return freeze(title === undefined ? { rows } : { title, rows })
}

const productSection = ({ title, entries }: DraftSection) => {
  const items = freeze(entries.map((id) => freeze({ product_retailer_id: id })))
  return freeze(title === undefined ? { product_items: items } : { title, product_items: items })
}

function templateContent(draft: Draft): unknown {
  const components: unknown[] = []
  if (draft.header !== undefined)
    components.push(freeze({ type: 'header', parameters: freeze([draft.header]) }))
  if (draft.body !== undefined) components.push(freeze({ type: 'body', parameters: draft.body }))
  for (const button of draft.buttons) components.push(button)
  const language = typeof draft.detail === 'string' ? templateLanguage(draft.detail) : draft.detail
  const template: Wire = { name: draft.target, language }
  if (components.length > 0) template.components = freeze(components)
  return freeze({ template: freeze(template) })
}

function content(draft: Draft, kind: Kind): unknown {
  switch (kind) {
    case 'list':
      return interactive(
        draft,
        'list',
        freeze({ button: draft.label, sections: freeze(draft.sections.map(listSection)) }),
      )
    case 'buttons':
      return interactive(
        draft,
        'button',
        freeze({
          buttons: freeze(
            draft.replies.map((reply) =>
              freeze({ type: 'reply', reply: pick(reply, ['id', 'title']) }),
            ),
          ),
        }),
      )
    case 'cta_url':
      return interactive(
        draft,
        'cta_url',
        freeze({ parameters: freeze({ display_text: draft.label, url: draft.target }) }),
      )
    case 'flow': {
      const parameters: Wire = { flowId: draft.target, flowCta: draft.label }
      if (draft.detail !== undefined) parameters.flowAction = draft.detail
      if (draft.payload !== undefined) parameters.flowActionPayload = draft.payload
      return interactive(draft, 'flow', freeze({ parameters: freeze(parameters) }))
    }
    case 'product':
      return interactive(
        draft,
        'product',
        freeze({ catalog_id: draft.target, product_retailer_id: draft.detail }),
      )
    case 'product_list':
      return interactive(
        draft,
        'product_list',
        freeze({ catalog_id: draft.target, sections: freeze(draft.sections.map(productSection)) }),
      )
    case 'template':
      return templateContent(draft)
    case 'voice_call':
    case 'call_permission_request':
    case 'request_contact_info':
    case 'location_request_message':
      return interactive(draft, kind, draft.detail)
    case 'rich_card':
      return richCardContent(draft)
    case 'carousel':
      return carouselContent(draft)
    default:
      return draft.content
  }
}

const TYPES: Partial<Record<Kind, string>> = {
  list: 'interactive',
  buttons: 'interactive',
  cta_url: 'interactive',
  flow: 'interactive',
  product: 'interactive',
  product_list: 'interactive',
  template: 'template',
  voice_call: 'interactive',
  call_permission_request: 'interactive',
  request_contact_info: 'interactive',
  location_request_message: 'interactive',
  rich_card: 'richCard',
  carousel: 'carousel',
}

/** @internal The frozen wire object of a draft. */
export function assemble(draft: Draft, kind: Kind): Wire {
  const { options } = draft
  const wire: Wire = {
    user:
      typeof draft.user === 'string' ? freeze({ msisdn: draft.user }) : pick(draft.user, USER_KEYS),
    type: TYPES[kind] ?? draft.type,
    content: content(draft, kind),
  }
  if (options.clientMessageId !== undefined) wire.clientMessageId = options.clientMessageId
  if (options.channels !== undefined) {
    wire.channels = Array.isArray(options.channels)
      ? freeze(options.channels.map((channel) => pick(channel, CHANNEL_KEYS)))
      : options.channels
  }
  if (options.scheduled !== undefined) wire.scheduled = isoDate(options.scheduled)
  if (options.expiry !== undefined) wire.expiry = isoDate(options.expiry)
  if (options.dlrCallbackUrl !== undefined) wire.dlrCallbackUrl = options.dlrCallbackUrl
  if (options.replyTo !== undefined) wire.context = freeze({ umid: options.replyTo })
  wire.content = withExtras(wire.content, options)
  // The message's RCS chips go last in `content`, where 8x8's schema has them.
  if (draft.suggestions !== undefined) {
    wire.content = freeze({ ...(wire.content as object), suggestions: draft.suggestions })
  }
  return freeze(wire)
}
