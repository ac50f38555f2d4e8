/**
 * The validation step of `POST /v1/line-notifications`, after admission: the verified body read
 * as strict JSON, validated by @chatapps/dsl as 8x8's `/lon` body (at most 100 issues), and the
 * key's type permission (`line_notification` in `allowed_types`). The handler finds the
 * notification in `c.var.lineNotification`.
 *
 * @module
 */
import { type LineNotification, safeParseLineNotification } from '@chatapps/dsl'
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../bindings'
import { parseStrictJson } from '../lib/strict-json'
import { Problem } from '../problems'
import type { SignatureVariables } from './signature'
import { invalidMessage, VALIDATION } from './valid'

/** The type a key's `allowed_types` names to allow LINE Official Notifications. */
export const LINE_NOTIFICATION_TYPE = 'line_notification'

/** What the handler of `POST /v1/line-notifications` sees. */
export interface LineNotificationVariables {
  lineNotification: LineNotification
}

/**
 * A valid LINE Official Notification this key may send, in `c.var.lineNotification`.
 *
 * @example
 * lineNotifications.post('/', jsonBody, signature('POST /v1/line-notifications'), admission,
 *   validLineNotification, send)
 */
export const validLineNotification = createMiddleware<
  AppEnv & { Variables: SignatureVariables & LineNotificationVariables }
>(async (c, next) => {
  const verified = c.get('verified')
  const parsed = parseStrictJson(verified.body)
  if (!parsed.ok) throw new Problem('malformed_json', { detail: parsed.reason })
  const validated = safeParseLineNotification(parsed.value, VALIDATION)
  if (!validated.success) throw invalidMessage('LINE notification', validated)
  const { allowedTypes } = verified.keyRecord
  if (allowedTypes !== null && !allowedTypes.includes(LINE_NOTIFICATION_TYPE)) {
    throw new Problem('forbidden', { detail: 'This key may not send LINE notifications.' })
  }
  c.set('lineNotification', validated.output)
  await next()
})
