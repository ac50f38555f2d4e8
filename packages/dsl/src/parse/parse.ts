/**
 * Parsing what others built: untrusted JSON in, the canonical wire form (or every issue) out.
 *
 * @module
 */
import type { DslResult } from '../errors'
import { safeValidate, validate } from '../internal/validate'
import { BatchSchema } from '../schemas/batch'
import { EventSchema } from '../schemas/events'
import { MessageSchema } from '../schemas/message'
import type { Batch, ChatAppsEvent, Message } from '../types'

/**
 * Validates an unknown value as one message and returns its canonical, frozen form: `type` in
 * lower case and coordinates as numbers.
 *
 * @param json The value, typically from `JSON.parse` or `request.json()`.
 * @returns The message.
 * @throws {DslValidationError} With every issue and its path.
 *
 * @example
 * ```ts
 * const message = parseMessage({ user: { msisdn: '+15551234567' }, type: 'Text', content: { text: 'Hi' } })
 * message.type // 'text'
 * ```
 */
export function parseMessage(json: unknown): Message {
  return validate(MessageSchema, json)
}

/**
 * Like {@link parseMessage}, but returns `{ success, output }` or `{ success, issues }` and never
 * throws.
 *
 * @param json The value to validate.
 *
 * @example
 * ```ts
 * const result = safeParseMessage(await request.json())
 * if (!result.success) return Response.json({ issues: result.issues }, { status: 422 })
 * ```
 */
export function safeParseMessage(json: unknown): DslResult<Message> {
  return safeValidate(MessageSchema, json)
}

/**
 * Validates a batch body, `{ messages, clientBatchId?, template? }`, and returns its canonical
 * form. Issues inside messages have paths starting with `messages.<index>`.
 *
 * @param json The value to validate.
 * @throws {DslValidationError} With every issue and its path.
 *
 * @example
 * ```ts
 * const batch = parseBatch({ messages: [message1, message2], clientBatchId: 'campaign-42' })
 * ```
 */
export function parseBatch(json: unknown): Batch {
  return validate(BatchSchema, json)
}

/**
 * Like {@link parseBatch}, but never throws.
 *
 * @param json The value to validate.
 *
 * @example
 * ```ts
 * const result = safeParseBatch(body)
 * if (result.success) console.log(result.output.messages.length)
 * ```
 */
export function safeParseBatch(json: unknown): DslResult<Batch> {
  return safeValidate(BatchSchema, json)
}

/**
 * Parses an 8x8 webhook event and adds a `kind` to switch on: `'inbound_message'`,
 * `'delivery_receipt'`, `'external_app_message'`, or `'unknown'` for an event type this package
 * does not know yet (it is returned, not refused, so a webhook can acknowledge it).
 *
 * @param json The webhook body.
 * @throws {DslValidationError} When the body is not an 8x8 event at all.
 *
 * @example
 * ```ts
 * const event = parseEvent(await request.json())
 * if (event.kind === 'delivery_receipt') console.log(event.payload.umid, event.payload.status.state)
 * ```
 */
export function parseEvent(json: unknown): ChatAppsEvent {
  return validate(EventSchema, json)
}

/**
 * Like {@link parseEvent}, but never throws.
 *
 * @param json The webhook body.
 *
 * @example
 * ```ts
 * const result = safeParseEvent(body)
 * if (!result.success) console.warn(result.issues)
 * ```
 */
export function safeParseEvent(json: unknown): DslResult<ChatAppsEvent> {
  return safeValidate(EventSchema, json)
}
