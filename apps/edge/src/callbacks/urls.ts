/**
 * Which callback URLs the gateway posts to. The rule itself is in `url-rule.js`, shared with
 * scripts/keys.mjs (which applies it when a URL is registered): locally https anywhere, or http
 * to a loopback or `.test` host; in staging and production https only, never to a host that is
 * not public (an IP literal outside global unicast, `localhost`, `*.local`, `*.internal`).
 *
 * @module
 */
import { callbackUrlProblem } from './url-rule.js'

/**
 * Whether the gateway may post callbacks to `url` in this environment; checked at every
 * delivery attempt, since a stored URL may predate the rule.
 *
 * @example
 * ```ts
 * isAllowedCallbackUrl('https://169.254.169.254/latest/meta-data/', 'production') // false
 * isAllowedCallbackUrl('https://client.example/hooks', 'production') // true
 * ```
 */
export function isAllowedCallbackUrl(url: string, environment: string): boolean {
  return callbackUrlProblem(url, environment) === null
}
