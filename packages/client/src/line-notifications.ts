/**
 * Local validation of LINE Official Notifications: a `lineNotification` builder or a plain `/lon`
 * body becomes its canonical wire form, or a {@link ChatappsError} with the DSL's issues, before
 * anything is sent.
 *
 * @module
 */
import { type LineNotification, safeParseLineNotification } from '@chatapps/dsl'
import { isRecord } from './errors'
import { invalid } from './messages'
import type { LineNotificationInput } from './types'

/** @internal A LINE notification, validated, in canonical form. */
export function resolveLineNotification(input: LineNotificationInput): LineNotification {
  const builder = input as { safeBuild?: unknown }
  const result =
    isRecord(input) && typeof builder.safeBuild === 'function'
      ? (input as { safeBuild(): ReturnType<typeof safeParseLineNotification> }).safeBuild()
      : safeParseLineNotification(input)
  if (!result.success) throw invalid('LINE notification', result.issues)
  return result.output
}
