/**
 * Parsing what others built: untrusted JSON in, the canonical wire form (or every issue) out.
 *
 * @module
 */
import type { BoundedDslResult, DslResult } from '../errors'
import {
  safeValidate,
  safeValidateBounded,
  type ValidationOptions,
  validate,
} from '../internal/validate'
import { BatchSchema } from '../schemas/batch'
import { EventSchema } from '../schemas/events'
import { MessageSchema } from '../schemas/message'
import type { Batch, ChatappsEvent, Message } from '../types'

export type { ValidationOptions } from '../internal/validate'

/**
 * Validates an unknown value as one message and returns its canonical, frozen form: `type` in
 * lower case and coordinates as numbers.
 *
 * @param json The value, typically from `JSON.parse` or `request.json()`.
 * @param options `maxIssues` bounds the issues collected (and the work done); unbounded by default.
 * @returns The message.
 * @throws {DslValidationError} With every issue and its path (at most `maxIssues`).
 *
 * @example
 * ```ts
 * const message = parseMessage({ user: { msisdn: '+15551234567' }, type: 'Text', content: { text: 'Hi' } })
 * message.type // 'text'
 * ```
 */
export function parseMessage(json: unknown, options?: ValidationOptions): Message {
  return validate(MessageSchema, json, options)
}

/**
 * Like {@link parseMessage}, but returns `{ success, output }` or `{ success, issues }` and never
 * throws.
 *
 * Given `{ maxIssues }`, validation stops once it has found more issues than that (bounded work
 * for untrusted input), and a failure also carries `truncated` and `issuesTotal`: when truncated,
 * `issues` holds the first `maxIssues` and `issuesTotal` counts the issues found before it
 * stopped, a lower bound of the total. Without options the result is as it always was.
 *
 * @param json The value to validate.
 * @param options `maxIssues` bounds the issues collected; unbounded by default.
 *
 * @example
 * ```ts
 * const result = safeParseMessage(await request.json(), { maxIssues: 100 })
 * if (!result.success) {
 *   const { issues, truncated, issuesTotal } = result // issues.length <= 100
 *   return Response.json({ issues, ...(truncated ? { truncated, issuesTotal } : {}) }, { status: 422 })
 * }
 * ```
 */
export function safeParseMessage(json: unknown): DslResult<Message>
export function safeParseMessage(
  json: unknown,
  options: ValidationOptions,
): BoundedDslResult<Message>
export function safeParseMessage(
  json: unknown,
  options?: ValidationOptions,
): DslResult<Message> | BoundedDslResult<Message> {
  return options === undefined
    ? safeValidate(MessageSchema, json)
    : safeValidateBounded(MessageSchema, json, options)
}

/**
 * Validates a batch body, `{ messages, clientBatchId?, template? }`, and returns its canonical
 * form. Issues inside messages have paths starting with `messages.<index>`.
 *
 * @param json The value to validate.
 * @param options `maxIssues` bounds the issues collected, across all messages; unbounded by default.
 * @throws {DslValidationError} With every issue and its path (at most `maxIssues`).
 *
 * @example
 * ```ts
 * const batch = parseBatch({ messages: [message1, message2], clientBatchId: 'campaign-42' })
 * ```
 */
export function parseBatch(json: unknown, options?: ValidationOptions): Batch {
  return validate(BatchSchema, json, options)
}

/**
 * Like {@link parseBatch}, but never throws. `{ maxIssues }` bounds the issues of the whole
 * batch, as for {@link safeParseMessage}.
 *
 * @param json The value to validate.
 * @param options `maxIssues` bounds the issues collected; unbounded by default.
 *
 * @example
 * ```ts
 * const result = safeParseBatch(body, { maxIssues: 100 })
 * if (result.success) console.log(result.output.messages.length)
 * else if (result.truncated) console.log(`at least ${result.issuesTotal} issues`)
 * ```
 */
export function safeParseBatch(json: unknown): DslResult<Batch>
export function safeParseBatch(json: unknown, options: ValidationOptions): BoundedDslResult<Batch>
export function safeParseBatch(
  json: unknown,
  options?: ValidationOptions,
): DslResult<Batch> | BoundedDslResult<Batch> {
  return options === undefined
    ? safeValidate(BatchSchema, json)
    : safeValidateBounded(BatchSchema, json, options)
}

/**
 * Parses an 8x8 webhook event and adds a `kind` to switch on: `'inbound_message'`,
 * `'delivery_receipt'`, `'external_app_message'`, the WhatsApp business-management kinds
 * (`'template_status'`, `'template_quality'`, `'template_category'`,
 * `'template_category_detection'`, `'phone_number_quality'`, `'user_id_update'`), or
 * `'unknown'` for an event type this package does not know yet (it is returned, not refused, so
 * a webhook can acknowledge it).
 *
 * @param json The webhook body.
 * @throws {DslValidationError} When the body is not an 8x8 event at all.
 *
 * @example
 * ```ts
 * const event = parseEvent(await request.json())
 * if (event.kind === 'delivery_receipt') console.log(event.payload.umid, event.payload.status.state)
 * if (event.kind === 'template_status') console.log(event.eventDetails.templateName, event.eventDetails.meta.status)
 * ```
 */
export function parseEvent(json: unknown): ChatappsEvent {
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
export function safeParseEvent(json: unknown): DslResult<ChatappsEvent> {
  return safeValidate(EventSchema, json)
}
