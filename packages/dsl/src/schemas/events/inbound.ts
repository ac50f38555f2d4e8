/**
 * Inbound messages (`inbound_message_received`, MO v3): what a user sent, with the replies to
 * interactive messages typed: buttons, list rows, WhatsApp Flow answers (`nfmReply`, its JSON
 * parsed) and call permission replies.
 *
 * @module
 */
import * as v from 'valibot'
import type { Named } from '../named'
import type { JsonValue } from '../primitives'
import { EventUserSchema, envelopeEntries, lowerCase, timestamp } from './common'

/** The `eventType` of an inbound message. */
export const INBOUND = 'inbound_message_received'

const REPLY_TYPES = ['button_reply', 'list_reply', 'nfmReply', 'callPermissionReply']

/** A Flow's `responseJson` as an object; `null` when it is not a JSON object. */
function flowResponseOf(json: string): { [key: string]: JsonValue } | null {
  try {
    const value: unknown = JSON.parse(json)
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as { [key: string]: JsonValue })
      : null
  } catch {
    return null
  }
}

const idTitle = { id: v.string(), title: v.string() }

const InteractiveReplySchema_ = v.variant('type', [
  v.looseObject({ type: v.literal('button_reply'), button_reply: v.looseObject(idTitle) }),
  v.looseObject({
    type: v.literal('list_reply'),
    list_reply: v.looseObject({ ...idTitle, description: v.exactOptional(v.string()) }),
  }),
  v.looseObject({
    type: v.literal('nfmReply'),
    nfmReply: v.pipe(
      v.looseObject({ responseJson: v.string() }),
      // 8x8 forwards the Flow's answer as a JSON string; `response` is that string parsed.
      v.transform((reply) => ({ ...reply, response: flowResponseOf(reply.responseJson) })),
    ),
  }),
  v.looseObject({
    type: v.literal('callPermissionReply'),
    callPermissionReply: v.looseObject({
      response: v.pipe(
        lowerCase,
        v.transform((response): 'accept' | 'reject' | (string & {}) => response),
      ),
      isPermanent: v.boolean(),
      expirationTimestamp: v.exactOptional(timestamp),
      responseSource: v.exactOptional(v.string()),
    }),
  }),
  v.looseObject({ type: v.pipe(v.string(), v.notValues(REPLY_TYPES)) }),
])
/**
 * `content.interactive` of an inbound message, told apart by `type`: `button_reply`,
 * `list_reply`, `nfmReply` (a WhatsApp Flow's answer: `nfmReply.responseJson` as 8x8 sent it
 * and `nfmReply.response`, the same JSON parsed, or `null` when it is not a JSON object),
 * `callPermissionReply` (`response` `accept` or `reject`, `isPermanent`, and
 * `expirationTimestamp` for a temporary permission), or another type, kept as it came.
 */
export interface InteractiveReplySchema extends Named<typeof InteractiveReplySchema_> {}
/** `content.interactive` of an inbound message: see {@link InteractiveReplySchema}. */
export const InteractiveReplySchema: InteractiveReplySchema = InteractiveReplySchema_

const InboundMessageEventSchema_ = v.pipe(
  v.looseObject({
    ...envelopeEntries,
    eventType: v.literal(INBOUND),
    payload: v.looseObject({
      umid: v.string(),
      subAccountId: v.exactOptional(v.string()),
      timestamp,
      user: EventUserSchema,
      recipient: v.exactOptional(
        v.looseObject({ channel: lowerCase, channelId: v.exactOptional(v.string()) }),
      ),
      type: v.string(),
      content: v.exactOptional(
        v.looseObject({
          text: v.exactOptional(v.string()),
          url: v.exactOptional(v.string()),
          payload: v.exactOptional(v.string()),
          location: v.exactOptional(
            v.looseObject({ latitude: v.unknown(), longitude: v.unknown() }),
          ),
          interactive: v.exactOptional(InteractiveReplySchema),
        }),
      ),
      replyToUmid: v.exactOptional(v.string()),
    }),
  }),
  v.transform((event) => ({ kind: 'inbound_message' as const, ...event })),
)
/** An inbound message from a user (`inbound_message_received`). */
export interface InboundMessageEventSchema extends Named<typeof InboundMessageEventSchema_> {}
/** An inbound message from a user (`inbound_message_received`). */
export const InboundMessageEventSchema: InboundMessageEventSchema = InboundMessageEventSchema_
