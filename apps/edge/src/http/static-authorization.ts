/**
 * Static `Authorization` values checked in constant time: 8x8's webhook value
 * (docs/8x8-facts.md#webhooks) and the admin routes' bearer token.
 *
 * @module
 */

const encoder = new TextEncoder()

async function digest(value: string): Promise<ArrayBuffer> {
  return crypto.subtle.digest('SHA-256', encoder.encode(value))
}

/**
 * Whether `presented` equals one of the `accepted` values (two during a rotation). Both sides are
 * hashed first, so the comparison takes the same time whatever the lengths, and every accepted
 * value is compared, so the time does not tell which one matched.
 */
export async function isAuthorized(
  presented: string | undefined,
  accepted: readonly string[],
): Promise<boolean> {
  const mine = await digest(presented ?? '')
  let matched = false
  for (const value of accepted) {
    const theirs = await digest(value)
    // timingSafeEqual runs first, for every value: no early exit.
    matched = crypto.subtle.timingSafeEqual(mine, theirs) || matched
  }
  return presented !== undefined && matched
}
