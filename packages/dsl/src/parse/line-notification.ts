/**
 * Parsing LINE Official Notifications that others built: untrusted JSON in, 8x8's `/lon` and
 * `/lon/batch` bodies (or every issue) out.
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
import { LineNotificationBatchSchema, LineNotificationSchema } from '../schemas/line-notification'
import type { LineNotification, LineNotificationBatch } from '../types'

/**
 * Validates an unknown value as one LINE Official Notification (the body of 8x8's `/lon`) and
 * returns its canonical, frozen form: an action's `content` (as 8x8's example spells it) becomes
 * `url`, the SMS encoding is upper case.
 *
 * @param json The value, typically from `JSON.parse` or `request.json()`.
 * @param options `maxIssues` bounds the issues collected; unbounded by default.
 * @throws {DslValidationError} With every issue and its path.
 *
 * @example
 * ```ts
 * const notification = parseLineNotification({
 *   user: { msisdn: '+66812345678' },
 *   content: { title: 'Order shipped', actions: [{ title: 'Track', url: 'https://example.com/t/1' }] },
 * })
 * ```
 */
export function parseLineNotification(
  json: unknown,
  options?: ValidationOptions,
): LineNotification {
  return validate(LineNotificationSchema, json, options)
}

/**
 * Like {@link parseLineNotification}, but returns `{ success, output }` or `{ success, issues }`
 * and never throws; with `{ maxIssues }`, as bounded as {@link safeParseMessage}.
 *
 * @param json The value to validate.
 * @param options `maxIssues` bounds the issues collected; unbounded by default.
 *
 * @example
 * ```ts
 * const result = safeParseLineNotification(body, { maxIssues: 100 })
 * if (!result.success) console.log(result.issues)
 * ```
 */
export function safeParseLineNotification(json: unknown): DslResult<LineNotification>
export function safeParseLineNotification(
  json: unknown,
  options: ValidationOptions,
): BoundedDslResult<LineNotification>
export function safeParseLineNotification(
  json: unknown,
  options?: ValidationOptions,
): DslResult<LineNotification> | BoundedDslResult<LineNotification> {
  return options === undefined
    ? safeValidate(LineNotificationSchema, json)
    : safeValidateBounded(LineNotificationSchema, json, options)
}

/**
 * Validates the body of 8x8's `/lon/batch`: `{ messages, clientBatchId?, includeMessagesInResponse? }`,
 * 1 to 1,000 complete notifications.
 *
 * @param json The value to validate.
 * @param options `maxIssues` bounds the issues collected; unbounded by default.
 * @throws {DslValidationError} With every issue and its path (`messages.<index>…`).
 *
 * @example
 * ```ts
 * const batch = parseLineNotificationBatch({ messages: [notification1, notification2] })
 * ```
 */
export function parseLineNotificationBatch(
  json: unknown,
  options?: ValidationOptions,
): LineNotificationBatch {
  return validate(LineNotificationBatchSchema, json, options)
}

/**
 * Like {@link parseLineNotificationBatch}, but never throws.
 *
 * @param json The value to validate.
 *
 * @example
 * ```ts
 * const result = safeParseLineNotificationBatch(body)
 * if (result.success) console.log(result.output.messages.length)
 * ```
 */
export function safeParseLineNotificationBatch(json: unknown): DslResult<LineNotificationBatch> {
  return safeValidate(LineNotificationBatchSchema, json)
}
