// Which callback URLs the gateway posts to: the one rule, in plain JavaScript so that the
// gateway (src/callbacks/urls.ts, at every delivery attempt) and the operator's script
// (scripts/keys.mjs, when a URL is registered) share it. Types: url-rule.d.ts.
//
// Outside the local environment (staging and production alike, both deployed where a request
// could reach a private network) a callback URL is https, and its host is neither a special-use
// name nor an IP literal that is not globally reachable. The URL parser (WHATWG, in workerd and
// Node alike) has already turned every IPv4 spelling (`2130706433`, `0177.0.0.1`, `0x7f.1`,
// `127.1`) into dotted decimal and every IPv6 one into compressed hex in brackets
// (`[::ffff:7f00:1]`), so only those two forms are checked. A name that resolves to a private
// address is not caught here (Workers have no DNS look-up); Cloudflare's fetch does not reach
// private networks.

/**
 * IPv4 ranges that are not globally reachable: the RFC 6890 special-purpose registry's entries
 * with "Global: False", plus multicast and the reserved block (never a web server).
 * @type {ReadonlyArray<readonly [string, number, string]>}
 */
const IPV4_NOT_GLOBAL = [
  ['0.0.0.0', 8, 'this network, RFC 791'],
  ['10.0.0.0', 8, 'private, RFC 1918'],
  ['100.64.0.0', 10, 'shared address space (CGNAT), RFC 6598'],
  ['127.0.0.0', 8, 'loopback, RFC 1122'],
  ['169.254.0.0', 16, 'link-local, RFC 3927'],
  ['172.16.0.0', 12, 'private, RFC 1918'],
  ['192.0.0.0', 24, 'IETF protocol assignments, RFC 6890'],
  ['192.0.2.0', 24, 'documentation, RFC 5737'],
  ['192.168.0.0', 16, 'private, RFC 1918'],
  ['198.18.0.0', 15, 'benchmarking, RFC 2544'],
  ['198.51.100.0', 24, 'documentation, RFC 5737'],
  ['203.0.113.0', 24, 'documentation, RFC 5737'],
  ['224.0.0.0', 4, 'multicast, RFC 5771'],
  ['240.0.0.0', 4, 'reserved and broadcast, RFC 1112, RFC 919'],
]

/**
 * IPv6 ranges that are not globally reachable (RFC 6890 and its registry). The three that embed
 * an IPv4 address are checked by that address instead: see {@link EMBEDDED_IPV4}.
 * @type {ReadonlyArray<readonly [string, number, string]>}
 */
const IPV6_NOT_GLOBAL = [
  ['::', 96, 'unspecified, loopback, IPv4-compatible (deprecated), RFC 4291'],
  ['64:ff9b:1::', 48, 'local-use IPv4/IPv6 translation, RFC 8215'],
  ['100::', 64, 'discard-only, RFC 6666'],
  ['2001::', 23, 'IETF protocol assignments, RFC 2928'],
  ['2001:db8::', 32, 'documentation, RFC 3849'],
  ['fc00::', 7, 'unique-local, RFC 4193'],
  ['fe80::', 10, 'link-local, RFC 4291'],
  ['fec0::', 10, 'site-local (deprecated), RFC 3879'],
  ['ff00::', 8, 'multicast, RFC 4291'],
]

/**
 * IPv6 ranges that carry an IPv4 address, checked as that address: IPv4-mapped (RFC 4291),
 * NAT64 (RFC 6052), 6to4 (RFC 3056). `[prefix, length, bit offset of the IPv4 address]`.
 * @type {ReadonlyArray<readonly [string, number, number]>}
 */
const EMBEDDED_IPV4 = [
  ['::ffff:0:0', 96, 96],
  ['64:ff9b::', 96, 96],
  ['2002::', 16, 16],
]

/** Special-use names (RFC 6761, RFC 6762, RFC 8375) and the clouds' internal zone. */
const NOT_PUBLIC_SUFFIXES = ['localhost', 'local', 'internal', 'home.arpa']

/** @param {string} dotted @returns {bigint} */
function ipv4Bits(dotted) {
  return dotted.split('.').reduce((bits, part) => (bits << 8n) | BigInt(part), 0n)
}

/** @param {string} text An IPv6 address as the URL parser writes it, without brackets. */
function ipv6Bits(text) {
  const [head = '', tail] = text.split('::')
  const groups = (part) => (part === '' ? [] : part.split(':'))
  const left = groups(head)
  const right = tail === undefined ? [] : groups(tail)
  const zeros = Array(8 - left.length - right.length).fill('0')
  return [...left, ...zeros, ...right].reduce(
    (bits, group) => (bits << 16n) | BigInt(`0x${group}`),
    0n,
  )
}

/** @param {bigint} bits @param {number} width @param {string} prefix @param {number} length */
function inRange(bits, width, prefix, length) {
  const base = width === 32 ? ipv4Bits(prefix) : ipv6Bits(prefix)
  const shift = BigInt(width - length)
  return bits >> shift === base >> shift
}

/** @param {bigint} bits */
function ipv4NotGlobal(bits) {
  return IPV4_NOT_GLOBAL.some(([prefix, length]) => inRange(bits, 32, prefix, length))
}

/** @param {bigint} bits */
function ipv6NotGlobal(bits) {
  for (const [prefix, length, offset] of EMBEDDED_IPV4) {
    if (inRange(bits, 128, prefix, length)) {
      return ipv4NotGlobal((bits >> BigInt(128 - offset - 32)) & 0xffffffffn)
    }
  }
  return IPV6_NOT_GLOBAL.some(([prefix, length]) => inRange(bits, 128, prefix, length))
}

/**
 * Whether a host, as `URL.hostname` gives it, is an IP literal that is not globally reachable or
 * a name that is not public.
 *
 * @param {string} hostname
 * @returns {boolean}
 */
export function isNonPublicHost(hostname) {
  if (hostname.startsWith('[')) return ipv6NotGlobal(ipv6Bits(hostname.slice(1, -1)))
  if (/^\d+\.\d+\.\d+\.\d+$/.test(hostname)) return ipv4NotGlobal(ipv4Bits(hostname))
  const name = hostname.replace(/\.+$/, '')
  return NOT_PUBLIC_SUFFIXES.some((suffix) => name === suffix || name.endsWith(`.${suffix}`))
}

/** Plain http is accepted locally, to the machine itself or a `.test` name. */
function isLocalHost(hostname) {
  const name = hostname.replace(/\.+$/, '')
  return (
    name === 'localhost' ||
    hostname === '[::1]' ||
    /^127(\.\d{1,3}){3}$/.test(hostname) ||
    name === 'test' ||
    name.endsWith('.test')
  )
}

/**
 * Why the gateway would not post callbacks to `url` in `environment`, or null if it would.
 *
 * @param {string} url
 * @param {string} environment `local`, `staging` or `production` (anything but `local` is strict)
 * @returns {string | null}
 */
export function callbackUrlProblem(url, environment) {
  let parsed
  try {
    parsed = new URL(url)
  } catch {
    return 'must be an absolute URL'
  }
  if (parsed.username !== '' || parsed.password !== '') return 'must not carry credentials'
  if (environment === 'local') {
    if (parsed.protocol === 'https:') return null
    if (parsed.protocol === 'http:' && isLocalHost(parsed.hostname)) return null
    return 'must be https (http only to a loopback or .test host, locally)'
  }
  if (parsed.protocol !== 'https:') return 'must be https'
  if (isNonPublicHost(parsed.hostname)) {
    return 'must name a public host (not loopback, private, link-local, CGNAT, unique-local, localhost, .local or .internal)'
  }
  return null
}
