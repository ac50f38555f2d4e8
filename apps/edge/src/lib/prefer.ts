/**
 * The `Prefer` request header (RFC 7240).
 *
 * @module
 */

/**
 * Whether the `Prefer` header asks for `respond-async` (tokens may carry parameters).
 *
 * @example
 * prefersAsync('respond-async, wait=10') // true
 * prefersAsync(undefined) // false
 */
export function prefersAsync(prefer: string | undefined): boolean {
  if (prefer === undefined) return false
  return prefer
    .split(',')
    .some((preference) => preference.split(';')[0]?.trim().toLowerCase() === 'respond-async')
}
