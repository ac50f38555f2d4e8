/**
 * What a chain records and what `build()` makes of it: each builder call is one {@link Step}, and
 * `applyStep` writes the steps, first to last, into a {@link Draft} that `finish` (compile.ts)
 * turns into the wire object. The fast path and the wire assembly read the draft's types from
 * here, so that none of them imports another.
 *
 * @module
 */
import type { Channel, Header, MessageType, TemplateParameter } from '../types'
import type { DateInput, FlowAction, FlowActionPayload, Recipient } from './base'
import { applyTemplateStep } from './template-steps'

/** @internal The kinds of message a chain can end in. */
export type Kind =
  | 'text'
  | 'image'
  | 'video'
  | 'audio'
  | 'file'
  | 'location'
  | 'raw'
  | 'list'
  | 'buttons'
  | 'cta_url'
  | 'flow'
  | 'product'
  | 'product_list'
  | 'template'
  | WhatsAppInteractiveKind

/** @internal The WhatsApp interactive kinds without parts of their own, by their wire `type`. */
export type WhatsAppInteractiveKind =
  | 'voice_call'
  | 'call_permission_request'
  | 'request_contact_info'
  | 'location_request_message'
  | 'rich_card'
  | 'carousel'

/** @internal The kinds whose content is complete when they are started (text, media, location, raw). */
export type SimpleKind = 'text' | 'image' | 'video' | 'audio' | 'file' | 'location' | 'raw'

/** @internal A template button, as `.button()` records it. */
export interface TemplateButtonStep {
  readonly type: 'button'
  readonly subType: string
  readonly index: number
  readonly parameters?: readonly TemplateParameter[]
}

/**
 * @internal One call of a chain, told apart by `op`. Values are recorded as the caller gave them
 * (copied, never checked): a JavaScript caller may pass anything, and validation reports it.
 */
export type Step =
  // The recipient, and the envelope options of every builder.
  | { readonly op: 'to'; readonly user: Recipient }
  | { readonly op: 'clientMessageId' | 'dlrCallbackUrl' | 'replyTo'; readonly value: string }
  | { readonly op: 'channels'; readonly value: readonly Channel[] }
  | { readonly op: 'scheduled' | 'expiry'; readonly value: DateInput }
  // The start of the content: one per chain.
  | {
      readonly op: 'simple'
      readonly kind: SimpleKind
      readonly type: MessageType
      readonly content: object
    }
  | { readonly op: 'list'; readonly button: string }
  | { readonly op: 'buttons' }
  | { readonly op: 'cta_url'; readonly displayText: string; readonly url: string }
  | { readonly op: 'flow'; readonly flowId: string; readonly cta: string }
  | { readonly op: 'product'; readonly catalogId: string; readonly productRetailerId: string }
  | { readonly op: 'product_list'; readonly catalogId: string }
  | { readonly op: 'template'; readonly name: string; readonly language: string }
  // The parts of interactive messages and templates.
  | { readonly op: 'header'; readonly header: Header | TemplateParameter }
  | { readonly op: 'body'; readonly body: string | readonly TemplateParameter[] }
  | { readonly op: 'footer'; readonly text: string }
  | {
      readonly op: 'action'
      readonly action: FlowAction
      readonly payload: FlowActionPayload | undefined
    }
  | { readonly op: 'section'; readonly title: string | undefined }
  /** List rows or product ids, into the current section. */
  | { readonly op: 'entries'; readonly entries: readonly unknown[] }
  | { readonly op: 'replies'; readonly replies: readonly unknown[] }
  | { readonly op: 'button'; readonly button: TemplateButtonStep }
  // WhatsApp's call, contact and location requests: the kind, its action, and a given body.
  | {
      readonly op: 'whatsapp'
      readonly kind: WhatsAppInteractiveKind
      readonly action: object | undefined
      readonly body?: string
    }
  /** A template component, in call order; into the current carousel card when `card` is set. */
  | { readonly op: 'component'; readonly component: object; readonly card: boolean }
  /** The next card of a template carousel. */
  | { readonly op: 'card' }
  // RCS: a rich card or a carousel, the card's parts and chips, the carousel's cards, and the
  // message's suggestion chips (on any kind).
  | {
      readonly op: 'rcs'
      readonly kind: 'rich_card' | 'carousel'
      readonly parts: Readonly<Record<string, unknown>>
    }
  | {
      readonly op: 'cardPart'
      readonly part: 'title' | 'description' | 'media'
      readonly value: unknown
    }
  | { readonly op: 'chips' | 'cards'; readonly values: readonly unknown[] }
  | { readonly op: 'suggestions'; readonly value: unknown }
  // The fallback sequence and the content's extras for other channels (envelope.ts).
  | { readonly op: 'fallback'; readonly value: object }
  | { readonly op: 'fallbackText'; readonly value: string }
  | { readonly op: 'sms' | 'directSend'; readonly value: object }

/** @internal A list section or a product-list section, as recorded. */
export interface DraftSection {
  readonly title: unknown
  readonly entries: unknown[]
}

/** @internal An RCS rich card or carousel, as recorded. */
export interface RcsDraft {
  /** Its keys as 8x8 spells them: `cardOrientation`, `title`, `media`, `cardWidth`… */
  readonly parts: Record<string, unknown>
  /** The rich card's chips, once one was added. */
  chips: unknown[] | undefined
  /** The carousel's cards. */
  readonly cards: unknown[]
}

/** @internal Everything a chain said, in one mutable record that lives only inside `build()`. */
export interface Draft {
  kind: Kind | undefined
  user: unknown
  options: Record<string, unknown>
  /** `type` and `content` of the simple kinds (text, media, location, raw). */
  type: unknown
  content: unknown
  header: unknown
  body: unknown
  footer: unknown
  /** The list button, the CTA's display text, or the flow's CTA. */
  label: unknown
  /** The CTA's URL, the flow id, the catalog id or the template name. */
  target: unknown
  /** The product id, the flow action, or the template language. */
  detail: unknown
  payload: unknown
  sections: DraftSection[]
  replies: unknown[]
  buttons: unknown[]
  /** The RCS rich card or carousel. */
  rcs: RcsDraft | undefined
  /** The message's suggestion chips (`content.suggestions`), on any kind. */
  suggestions: unknown
}

/** @internal */
export function newDraft(): Draft {
  return {
    kind: undefined,
    user: undefined,
    options: {},
    type: undefined,
    content: undefined,
    header: undefined,
    body: undefined,
    footer: undefined,
    label: undefined,
    target: undefined,
    detail: undefined,
    payload: undefined,
    sections: [],
    replies: [],
    buttons: [],
    rcs: undefined,
    suggestions: undefined,
  }
}

function currentSection(draft: Draft): DraftSection {
  let section = draft.sections[draft.sections.length - 1]
  if (section === undefined) {
    section = { title: undefined, entries: [] }
    draft.sections.push(section)
  }
  return section
}

/** `target.push(...values)` without a spread call (and without its limit on the arguments). */
function append(target: unknown[], values: readonly unknown[]): void {
  for (let i = 0; i < values.length; i++) target.push(values[i])
}

/** Starts the content of an interactive message or a template. */
function start(draft: Draft, kind: Kind, label: unknown, target: unknown, detail: unknown): void {
  draft.kind = kind
  draft.label = label
  draft.target = target
  draft.detail = detail
}

/** @internal Records one call of a chain. */
export function applyStep(draft: Draft, step: Step): void {
  switch (step.op) {
    case 'to':
      draft.user = step.user
      return
    case 'clientMessageId':
    case 'channels':
    case 'scheduled':
    case 'expiry':
    case 'dlrCallbackUrl':
    case 'replyTo':
      draft.options[step.op] = step.value
      return
    case 'simple':
      draft.kind = step.kind
      draft.type = step.type
      draft.content = step.content
      return
    case 'list':
      start(draft, 'list', step.button, undefined, undefined)
      return
    case 'buttons':
      start(draft, 'buttons', undefined, undefined, undefined)
      return
    case 'cta_url':
      start(draft, 'cta_url', step.displayText, step.url, undefined)
      return
    case 'flow':
      start(draft, 'flow', step.cta, step.flowId, undefined)
      return
    case 'product':
      start(draft, 'product', undefined, step.catalogId, step.productRetailerId)
      return
    case 'product_list':
      start(draft, 'product_list', undefined, step.catalogId, undefined)
      return
    case 'template':
      start(draft, 'template', undefined, step.name, step.language)
      return
    case 'header':
      draft.header = step.header
      return
    case 'body':
      draft.body = step.body
      return
    case 'footer':
      draft.footer = step.text
      return
    case 'action':
      draft.detail = step.action
      draft.payload = step.payload
      return
    case 'section':
      draft.sections.push({ title: step.title, entries: [] })
      return
    case 'entries':
      append(currentSection(draft).entries, step.entries)
      return
    case 'replies':
      append(draft.replies, step.replies)
      return
    case 'button':
      draft.buttons.push(step.button)
      return
    case 'whatsapp':
      start(draft, step.kind, undefined, undefined, step.action)
      if (step.body !== undefined) draft.body = step.body
      return
    case 'component':
    case 'card':
      applyTemplateStep(draft.buttons, step)
      return
    case 'rcs':
      draft.kind = step.kind
      draft.rcs = { parts: { ...step.parts }, chips: undefined, cards: [] }
      return
    case 'cardPart':
      ;(draft.rcs as RcsDraft).parts[step.part] = step.value
      return
    case 'chips': {
      const rcs = draft.rcs as RcsDraft
      rcs.chips = [...(rcs.chips ?? []), ...step.values]
      return
    }
    case 'cards':
      ;(draft.rcs as RcsDraft).cards.push(...step.values)
      return
    case 'suggestions':
      draft.suggestions = step.value
      return
    case 'fallback': {
      const channels = draft.options.channels
      draft.options.channels = [...(Array.isArray(channels) ? channels : []), step.value]
      return
    }
    case 'fallbackText':
    case 'sms':
    case 'directSend':
      draft.options[step.op] = step.value
      return
  }
}
