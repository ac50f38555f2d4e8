/**
 * The console's session where Cloudflare Access is not in front of it (local development,
 * tests): the admin token, given once in a login form, becomes an HttpOnly, SameSite=Strict
 * cookie holding an expiry and its HMAC under the token. Changing `ADMIN_TOKEN` ends every
 * session. The cookie never holds the token itself.
 *
 * Each POST form also carries a CSRF token: an HMAC of the caller's credential (the session
 * cookie, or Access's subject) that only the gateway can compute.
 *
 * @module
 */

/** The session cookie's name. */
export const SESSION_COOKIE = 'chatapps_console'
/** How long a session lasts. */
export const SESSION_MS = 8 * 3600_000

const encoder = new TextEncoder()

async function hmac(secret: string, data: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  )
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(data)))
  return btoa(String.fromCharCode(...mac))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '')
}

/** Equal strings, compared in constant time (both hashed first). */
async function same(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([
    crypto.subtle.digest('SHA-256', encoder.encode(a)),
    crypto.subtle.digest('SHA-256', encoder.encode(b)),
  ])
  return crypto.subtle.timingSafeEqual(x, y)
}

/**
 * A new session cookie value for the admin token, valid until `now + SESSION_MS`.
 *
 * @example
 * setCookie(c, SESSION_COOKIE, await newSession(adminToken, Date.now()), { httpOnly: true, sameSite: 'Strict' })
 */
export async function newSession(adminToken: string, now: number): Promise<string> {
  const expires = now + SESSION_MS
  return `v1.${expires}.${await hmac(adminToken, `console-session|${expires}`)}`
}

/** Whether a cookie value is a session of this admin token that has not expired. */
export async function isSession(
  value: string | undefined,
  adminToken: string,
  now: number,
): Promise<boolean> {
  const match = /^v1\.(\d{13,15})\.([A-Za-z0-9_-]{43})$/.exec(value ?? '')
  if (match === null) return false
  const [, expires = '', mac = ''] = match
  const expected = await hmac(adminToken, `console-session|${expires}`)
  return (await same(mac, expected)) && Number(expires) > now
}

/**
 * The CSRF token of a credential: forms carry it, POSTs must return it.
 *
 * @param secret a value only the gateway knows (config.ts: the API key and admin token).
 * @param credential the session cookie, or Access's subject.
 */
export async function csrfToken(secret: string, credential: string): Promise<string> {
  return hmac(secret, `console-csrf|${credential}`)
}

/** Whether a POSTed CSRF token is the credential's. */
export async function isCsrfToken(
  presented: string | undefined,
  secret: string,
  credential: string,
): Promise<boolean> {
  if (presented === undefined || presented === '') return false
  return same(presented, await csrfToken(secret, credential))
}
