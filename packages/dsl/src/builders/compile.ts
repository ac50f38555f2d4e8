/**
 * Turns the calls of a chain into the wire object: `applyStep` records each call in a draft,
 * `finish` assembles the frozen wire object and validates it, through the fast path when the
 * message kind has one and valibot otherwise (and always when the fast path finds a fault, so
 * that the issues come from the schemas, with their paths).
 *
 * @module
 */
import type * as v from 'valibot'
import type { DslResult } from '../errors'
import { safeValidate } from '../internal/validate'
import {
  AudioMessageSchema,
  FileMessageSchema,
  ImageMessageSchema,
  InteractiveMessageSchema,
  LocationMessageSchema,
  MessageSchema,
  TemplateMessageSchema,
  TextMessageSchema,
  VideoMessageSchema,
} from '../schemas/message'
import { isValidFast } from './fast-path'
import { assemble } from './wire'

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

/** @internal A list section or a product-list section, as recorded. */
export interface DraftSection {
  readonly title: unknown
  readonly entries: unknown[]
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

/** @internal Records one call of a chain. */
export function applyStep(draft: Draft, op: string, a: unknown, b: unknown, c: unknown): void {
  switch (op) {
    case 'to':
      draft.user = a
      return
    case 'clientMessageId':
    case 'channels':
    case 'scheduled':
    case 'expiry':
    case 'dlrCallbackUrl':
    case 'replyTo':
      draft.options[op] = a
      return
    case 'simple':
      draft.kind = a as Kind
      draft.type = b
      draft.content = c
      return
    case 'list':
    case 'buttons':
    case 'cta_url':
    case 'flow':
    case 'product':
    case 'product_list':
    case 'template':
      // label: the list button, CTA text or flow CTA; target: URL, flow, catalog or template
      // name; detail: product id or template language.
      draft.kind = op
      draft.label = a
      draft.target = b
      draft.detail = c
      return
    case 'header':
    case 'body':
    case 'footer':
      draft[op] = a
      return
    case 'action':
      draft.detail = a
      draft.payload = b
      return
    case 'section':
      draft.sections.push({ title: a, entries: [] })
      return
    case 'entries':
      currentSection(draft).entries.push(...(a as unknown[]))
      return
    case 'replies':
      draft.replies.push(...(a as unknown[]))
      return
    case 'button':
      draft.buttons.push(a)
      return
  }
}

/** @internal The schema that validates each kind. */
export const SCHEMAS: Partial<Record<Kind, v.GenericSchema>> = {
  text: TextMessageSchema,
  image: ImageMessageSchema,
  video: VideoMessageSchema,
  audio: AudioMessageSchema,
  file: FileMessageSchema,
  location: LocationMessageSchema,
  list: InteractiveMessageSchema,
  buttons: InteractiveMessageSchema,
  cta_url: InteractiveMessageSchema,
  flow: InteractiveMessageSchema,
  product: InteractiveMessageSchema,
  product_list: InteractiveMessageSchema,
  template: TemplateMessageSchema,
}

/** @internal Assembles and validates the message a draft describes. */
export function finish(draft: Draft): DslResult<unknown> {
  const kind = draft.kind as Kind
  const wire = assemble(draft, kind)
  if (isValidFast(kind, wire)) return { success: true, output: wire }
  return safeValidate(SCHEMAS[kind] ?? MessageSchema, wire)
}
