/**
 * 8x8's error codes explained for the client's users: the error of a failed call
 * (`ChatappsError.upstreamExplanation`) and the error of a message's status or receipt
 * ({@link explainStatus}), both from `@chatapps/dsl`'s one table of 8x8's codes.
 *
 * @module
 */
import { type ErrorExplanation, explainError } from '@chatapps/dsl'
import type { MessageStatus } from './types'

/**
 * What 8x8's `errorCode` on a message's status (or one of its receipts) means and what to do:
 * a `rejected` status carries an API code (8x8 refused the message when it was sent), every
 * other state a delivery-receipt code. `null` when the status has no `errorCode`.
 *
 * @param status A status, or a history entry of a record.
 * @returns The explanation, or `null`.
 * @example
 * ```ts
 * import { explainStatus } from '@chatapps/client'
 *
 * const explanation = explainStatus(record.status)
 * if (explanation?.effect === 'window_closed') sendTemplateInstead()
 * else if (explanation?.action === 'suppress_recipient') stopSendingTo(record.user)
 * ```
 */
export function explainStatus(
  status: Pick<MessageStatus, 'state' | 'errorCode'>,
): ErrorExplanation | null {
  const { errorCode } = status
  if (errorCode === undefined) return null
  return explainError(errorCode, status.state === 'rejected' ? 'api' : 'receipt')
}

export {
  type ErrorAction,
  type ErrorEffect,
  type ErrorExplanation,
  explainError,
} from '@chatapps/dsl'
