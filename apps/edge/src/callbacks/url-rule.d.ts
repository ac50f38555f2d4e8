/**
 * Whether a host, as `URL.hostname` gives it, is an IP literal that is not globally reachable
 * (RFC 6890) or a special-use name (`localhost`, `*.local`, `*.internal`, `*.home.arpa`).
 *
 * @example
 * ```ts
 * isNonPublicHost(new URL('https://2130706433/').hostname) // true: 127.0.0.1
 * isNonPublicHost('[::ffff:a9fe:a9fe]') // true: 169.254.169.254, IPv4-mapped
 * isNonPublicHost('client.example') // false
 * ```
 */
export function isNonPublicHost(hostname: string): boolean

/**
 * Why the gateway would not post callbacks to `url` in `environment`, or null if it would.
 * Outside `local`: https to a public host only.
 *
 * @example
 * ```ts
 * callbackUrlProblem('https://169.254.169.254/latest/meta-data/', 'production')
 * // 'must name a public host (not loopback, private, link-local, CGNAT, unique-local, …)'
 * callbackUrlProblem('https://client.example/hooks', 'production') // null
 * ```
 */
export function callbackUrlProblem(url: string, environment: string): string | null
