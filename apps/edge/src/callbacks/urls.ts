/**
 * Which callback URLs the gateway posts to: https only, except plain http to a loopback or
 * `.test` host in the local environment (scripts/keys.mjs applies the same rule when a URL is
 * registered).
 *
 * @module
 */

function isLocalHost(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname === '[::1]' ||
    /^127(\.\d{1,3}){3}$/.test(hostname) ||
    hostname === 'test' ||
    hostname.endsWith('.test')
  )
}

/** Whether the gateway may post callbacks to `url` in this environment. */
export function isAllowedCallbackUrl(url: string, environment: string): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  if (parsed.username !== '' || parsed.password !== '') return false
  if (parsed.protocol === 'https:') return true
  return parsed.protocol === 'http:' && environment === 'local' && isLocalHost(parsed.hostname)
}
