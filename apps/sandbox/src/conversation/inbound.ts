/**
 * The customer's side: what `POST /__sandbox/inbound` accepts (a user writing text, tapping a
 * reply button or a list row, or submitting a WhatsApp Flow) and the webhook 8x8 sends for it,
 * its MO v3 `inbound_message_received` event (docs/8x8-facts.md#delivery-receipts-and-inbound-messages).
 *
 * @module
 */
import { BSUID } from '@chatapps/dsl/schemas'
import * as v from 'valibot'
import { WHATSAPP_CHANNEL_ID } from '../templates/seeds'

/** The channel id the sandbox's WhatsApp number has in inbound events: its one channel. */
export const SANDBOX_CHANNEL_ID = WHATSAPP_CHANNEL_ID

/** The sub-account inbound messages go to unless the request names one. */
export const DEFAULT_SUB_ACCOUNT = 'demo-subaccount'

const Text = (max: number) => v.pipe(v.string(), v.minLength(1), v.maxLength(max))

/** What `POST /__sandbox/inbound` accepts: who writes, and exactly one of what they send. */
export const InboundRequestSchema = v.pipe(
  v.strictObject({
    /** The customer's number, E.164. */
    from: v.pipe(v.string(), v.regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number')),
    /** The customer's WhatsApp profile name. */
    name: v.optional(Text(256)),
    /**
     * The customer's business-scoped user id (BSUID), sent as `channelUserId` beside the number,
     * as a v3 account with BSUIDs receives it; default the number's digits (v2's shape).
     */
    bsuid: v.optional(v.pipe(v.string(), v.regex(BSUID, 'must be a BSUID such as US.1349120865'))),
    subAccountId: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9\-._&]{3,50}$/))),
    text: v.optional(Text(4096)),
    button: v.optional(v.strictObject({ id: Text(256), title: Text(20) })),
    list: v.optional(
      v.strictObject({ id: Text(200), title: Text(24), description: v.optional(Text(72)) }),
    ),
    /** A Flow's submission: its response, as an object or already as a JSON string. */
    flow: v.optional(
      v.strictObject({
        responseJson: v.union([v.string(), v.record(v.string(), v.unknown())]),
      }),
    ),
    /** The umid of the business message the customer replies to (quotes). */
    replyToUmid: v.optional(v.pipe(v.string(), v.uuid())),
    /** When the customer wrote, for tests of the 24-hour window; default now, never later. */
    timestamp: v.optional(v.pipe(v.string(), v.isoTimestamp())),
  }),
  v.check(
    (body) =>
      [body.text, body.button, body.list, body.flow].filter((x) => x !== undefined).length === 1,
    'Exactly one of text, button, list and flow is required',
  ),
  v.check(
    (body) => body.timestamp === undefined || Date.parse(body.timestamp) <= Date.now(),
    'timestamp must not be in the future',
  ),
)

/** A valid `POST /__sandbox/inbound` body. */
export type InboundRequest = v.InferOutput<typeof InboundRequestSchema>

/** The MO v3 event 8x8 posts for an inbound message. */
export interface InboundEvent {
  readonly version: 3
  readonly namespace: 'ChatApps'
  readonly eventType: 'inbound_message_received'
  readonly description: 'ChatApps inbound message'
  readonly payload: {
    readonly umid: string
    readonly subAccountId: string
    readonly timestamp: string
    readonly user: {
      readonly msisdn: string
      readonly channelUserId: string
      readonly name?: string
    }
    readonly recipient: { readonly channel: 'whatsapp'; readonly channelId: string }
    readonly type: 'Text' | 'Interactive'
    readonly content: InboundContent
    readonly replyToUmid?: string
  }
}

/** `payload.content` of an inbound text or interactive reply. */
export type InboundContent =
  | { readonly text: string }
  | {
      readonly interactive:
        | { readonly type: 'button_reply'; readonly button_reply: { id: string; title: string } }
        | {
            readonly type: 'list_reply'
            readonly list_reply: { id: string; title: string; description?: string }
          }
        | { readonly type: 'nfmReply'; readonly nfmReply: { responseJson: string } }
    }

function contentOf(request: InboundRequest): InboundContent {
  if (request.button !== undefined) {
    return { interactive: { type: 'button_reply', button_reply: request.button } }
  }
  if (request.list !== undefined) {
    const { id, title, description } = request.list
    const list_reply = { id, title, ...(description !== undefined && { description }) }
    return { interactive: { type: 'list_reply', list_reply } }
  }
  if (request.flow !== undefined) {
    const json = request.flow.responseJson
    const responseJson = typeof json === 'string' ? json : JSON.stringify(json)
    return { interactive: { type: 'nfmReply', nfmReply: { responseJson } } }
  }
  return { text: request.text ?? '' }
}

/**
 * The event for a request, as 8x8 would post it: `channelUserId` is the request's BSUID, else the
 * number's digits (as v2 formats carry it).
 */
export function inboundEvent(request: InboundRequest, umid: string, at: Date): InboundEvent {
  return {
    version: 3,
    namespace: 'ChatApps',
    eventType: 'inbound_message_received',
    description: 'ChatApps inbound message',
    payload: {
      umid,
      subAccountId: request.subAccountId ?? DEFAULT_SUB_ACCOUNT,
      timestamp: at.toISOString(),
      user: {
        msisdn: request.from,
        channelUserId: request.bsuid ?? request.from.slice(1),
        ...(request.name !== undefined && { name: request.name }),
      },
      recipient: { channel: 'whatsapp', channelId: SANDBOX_CHANNEL_ID },
      type: request.text === undefined ? 'Interactive' : 'Text',
      content: contentOf(request),
      ...(request.replyToUmid !== undefined && { replyToUmid: request.replyToUmid }),
    },
  }
}

/** Whether an inbound text opts the user out of marketing (`STOP`) or back in (`START`). */
export function optOutWord(text: string | undefined): 'stop' | 'start' | null {
  const word = text?.trim().toUpperCase()
  if (word === 'STOP') return 'stop'
  if (word === 'START') return 'start'
  return null
}
