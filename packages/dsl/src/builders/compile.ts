/**
 * Turns what a chain said (a draft, see draft.ts) into the wire object: `finish` assembles the
 * frozen wire object and validates it, through the fast path when the message kind has one and
 * valibot otherwise (and always when the fast path finds a fault, so that the issues come from
 * the schemas, with their paths).
 *
 * @module
 */
import type * as v from 'valibot'
import type { DslResult } from '../errors'
import { safeValidate } from '../internal/validate'
import { channelRuleIssues } from '../schemas/channel-rules'
import {
  AudioMessageSchema,
  CarouselMessageSchema,
  FileMessageSchema,
  ImageMessageSchema,
  InteractiveMessageSchema,
  LocationMessageSchema,
  MessageSchema,
  RichCardMessageSchema,
  TemplateMessageSchema,
  TextMessageSchema,
  VideoMessageSchema,
} from '../schemas/message'
import type { Draft, Kind } from './draft'
import { extrasOk } from './envelope'
import { isValidFast } from './fast-path'
import { assemble } from './wire'

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
  voice_call: InteractiveMessageSchema,
  call_permission_request: InteractiveMessageSchema,
  request_contact_info: InteractiveMessageSchema,
  location_request_message: InteractiveMessageSchema,
  rich_card: RichCardMessageSchema,
  carousel: CarouselMessageSchema,
}

/** @internal Assembles and validates the message a draft describes. */
export function finish(draft: Draft): DslResult<unknown> {
  const kind = draft.kind as Kind
  const wire = assemble(draft, kind)
  // The fast path knows no suggestion chips: with them, the schemas check the content.
  const fast =
    draft.suggestions === undefined && isValidFast(kind, wire) && extrasOk(kind, wire.content)
  if (fast && channelRuleIssues(wire).length === 0) return { success: true, output: wire }
  const result = safeValidate(SCHEMAS[kind] ?? MessageSchema, wire)
  // The rules that span envelope and content are MessageSchema's, with their paths.
  if (!result.success || channelRuleIssues(result.output).length === 0) return result
  return safeValidate(MessageSchema, wire)
}
