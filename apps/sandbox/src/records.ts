/**
 * How an accepted (or, in a batch, rejected) message becomes a {@link MessageRecord}, and how a
 * record becomes 8x8's message-details entry (docs/8x8-facts.md#message-details).
 *
 * @module
 */
import type { JsonValue, Message } from '@chatapps/dsl'
import type { ErrorCode } from './errors'
import type { MessageRecord } from './store/types'

/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue }

/** Whether a value is a JSON object (not null, not an array). */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  text: 'Text',
  image: 'Image',
  video: 'Video',
  audio: 'Audio',
  file: 'File',
  location: 'Location',
  template: 'Template',
  carousel: 'Carousel',
  richcard: 'RichCard',
}

const INTERACTIVE_TYPES: Readonly<Record<string, string>> = { button: 'Buttons', list: 'List' }

/** 8x8's `contentType` for a message (`Interactive` where 8x8 documents no value; any case). */
export function contentTypeOf(message: JsonObject): string {
  const type = typeof message.type === 'string' ? message.type.toLowerCase() : ''
  if (type === 'interactive') {
    const content = isObject(message.content) ? message.content : {}
    const interactive = isObject(content.interactive) ? content.interactive : {}
    const kind = typeof interactive.type === 'string' ? interactive.type : ''
    return INTERACTIVE_TYPES[kind] ?? 'Interactive'
  }
  return CONTENT_TYPES[type] ?? 'Text'
}

/** The first channel the message asks for, or WhatsApp (the sandbox's default channel). */
export function channelOf(message: JsonObject): string {
  const first = Array.isArray(message.channels) ? message.channels[0] : undefined
  return isObject(first) && typeof first.channel === 'string' ? first.channel : 'WhatsApp'
}

/** The second channel the message asks for (its fallback), or undefined. */
export function fallbackChannelOf(message: JsonObject): string | undefined {
  const second = Array.isArray(message.channels) ? message.channels[1] : undefined
  return isObject(second) && typeof second.channel === 'string' ? second.channel : undefined
}

/** What a record needs besides the message itself. */
export interface RecordContext {
  readonly umid: string
  readonly subAccountId: string
  readonly at: string
  readonly batchId?: string
  readonly clientBatchId?: string
}

function templateNameOf(message: JsonObject): string | undefined {
  if (typeof message.type !== 'string' || message.type.toLowerCase() !== 'template') return
  const content = isObject(message.content) ? message.content : {}
  const template = isObject(content.template) ? content.template : {}
  return typeof template.name === 'string' ? template.name : undefined
}

function base(message: JsonObject, context: RecordContext) {
  const clientMessageId = message.clientMessageId
  const templateName = templateNameOf(message)
  const scheduled = message.scheduled
  const fallbackChannel = fallbackChannelOf(message)
  return {
    umid: context.umid,
    subAccountId: context.subAccountId,
    channel: channelOf(message),
    ...(fallbackChannel !== undefined && { fallbackChannel }),
    contentType: contentTypeOf(message),
    user: isObject(message.user) ? message.user : {},
    ...(typeof clientMessageId === 'string' && { clientMessageId }),
    ...(templateName !== undefined && { templateName }),
    ...(typeof scheduled === 'string' && { scheduled }),
    ...(context.batchId !== undefined && { batchId: context.batchId }),
    ...(context.clientBatchId !== undefined && { clientBatchId: context.clientBatchId }),
    createdAt: context.at,
    stateAt: context.at,
  }
}

/** The record of a message the sandbox accepted: state `queued`. */
export function queuedRecord(message: Message, context: RecordContext): MessageRecord {
  return { ...base(message as unknown as JsonObject, context), state: 'queued' }
}

/** The record of a batch message the sandbox rejected. */
export function rejectedRecord(
  message: JsonObject,
  context: RecordContext,
  error: ErrorCode,
): MessageRecord {
  return {
    ...base(message, context),
    state: 'rejected',
    errorCode: error.code,
    errorMessage: error.message,
  }
}

/** The status object of 8x8's responses (§3.2). */
export function statusOf(record: MessageRecord) {
  return {
    state: record.state,
    timestamp: record.stateAt,
    ...(record.errorCode !== undefined && { errorCode: record.errorCode }),
    ...(record.errorMessage !== undefined && { errorMessage: record.errorMessage }),
  }
}

/** A message as 8x8's send responses show it: `{ umid, user, clientMessageId?, status }`. */
export function sendResultOf(record: MessageRecord) {
  return {
    umid: record.umid,
    user: record.user,
    ...(record.clientMessageId !== undefined && { clientMessageId: record.clientMessageId }),
    status: statusOf(record),
  }
}

function maskUser(user: JsonValue): JsonValue {
  if (!isObject(user) || typeof user.msisdn !== 'string' || user.msisdn.length <= 4) return user
  return { ...user, msisdn: `${user.msisdn.slice(0, -4)}xxxx` }
}

/**
 * One entry of the details response: phone number and content masked, as 8x8 does by default.
 * `step` is the attempt of the fallback order the entry is of (1: the first channel).
 */
export function detailsOf(record: MessageRecord, step = 1) {
  return {
    umid: record.umid,
    subAccountId: record.subAccountId,
    channel: record.channel,
    direction: 'Outbound',
    status: statusOf(record),
    contentType: record.contentType,
    createdAt: record.createdAt,
    step,
    user: maskUser(record.user),
    content: '**MASKED**',
    ...(record.clientMessageId !== undefined && { clientMessageId: record.clientMessageId }),
    ...(record.clientBatchId !== undefined && { clientBatchId: record.clientBatchId }),
    ...(record.batchId !== undefined && { batchId: record.batchId }),
  }
}
