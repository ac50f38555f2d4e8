/**
 * The `Idempotency-Key` field (draft-ietf-httpapi-idempotency-key-header): a Structured Field
 * string of 1 to 255 printable ASCII characters.
 *
 * @module
 */

import { parseItem, serializeItem } from 'structured-headers'
import { PROFILE_LIMITS } from './profile'

/**
 * Reads an `Idempotency-Key` field value: the key, or `undefined` when the value is not a
 * Structured Field string (quoted, no parameters) of 1 to 255 characters.
 *
 * @param fieldValue The field value as received.
 * @returns The key without its quotes, or `undefined`.
 * @example
 * ```ts
 * import { parseIdempotencyKey } from '@chatapps/signature'
 * parseIdempotencyKey('"0b5f2c7e-3d1a-4c5e-9a8e-2f6d1c0b9a77"') // '0b5f2c7e-3d1a-4c5e-9a8e-2f6d1c0b9a77'
 * parseIdempotencyKey('0b5f2c7e') // undefined: a token, not a string
 * ```
 */
export function parseIdempotencyKey(fieldValue: string): string | undefined {
  try {
    const [value, params] = parseItem(fieldValue)
    if (typeof value !== 'string' || params.size !== 0) return undefined
    if (value.length < 1 || value.length > PROFILE_LIMITS.idempotencyKeyMaxLength) return undefined
    return value
  } catch {
    return undefined
  }
}

/**
 * Serialises an idempotency key as its field value: a quoted Structured Field string.
 *
 * @param key 1 to 255 printable ASCII characters.
 * @returns The field value.
 * @throws TypeError when the key is empty, too long or not printable ASCII.
 * @example
 * ```ts
 * import { serializeIdempotencyKey } from '@chatapps/signature'
 * serializeIdempotencyKey(crypto.randomUUID()) // '"…uuid…"'
 * ```
 */
export function serializeIdempotencyKey(key: string): string {
  let fieldValue: string | undefined
  try {
    fieldValue = serializeItem(key)
  } catch {
    fieldValue = undefined
  }
  if (fieldValue === undefined || parseIdempotencyKey(fieldValue) !== key) {
    throw new TypeError('an idempotency key is 1 to 255 printable ASCII characters')
  }
  return fieldValue
}
