/**
 * The RFC 9421 layer under the profile: component values and the signature base (§2.5).
 * It knows nothing of chatapps-v1; the profile wraps it.
 *
 * @module
 */

import { type Parameters, serializeInnerList, serializeItem } from 'structured-headers'

/**
 * The parts of an HTTP request a signature base is made from. A `Request` is one; so is a plain
 * object with a standalone `Headers`, which is how the RFC's examples (with `Content-Length`) are
 * built in tests.
 *
 * @internal
 */
export interface HttpRequestLike {
  readonly method: string
  readonly url: string
  readonly headers: Headers
}

/**
 * The value of one component (RFC 9421 §2.1, §2.2) of a request, or `undefined` when the request
 * has no such component or the identifier is not one this layer supports (only lower-case field
 * names and the request-derived components without parameters).
 *
 * @param url The request's URL, parsed once by the caller (`undefined` when it does not parse).
 * @internal
 */
export function componentValue(
  message: HttpRequestLike,
  name: string,
  url: URL | undefined = parseUrl(message.url),
): string | undefined {
  if (name.startsWith('@'))
    return url === undefined ? undefined : derivedComponent(message, url, name)
  if (name !== name.toLowerCase()) return undefined
  let value: string | null
  try {
    value = message.headers.get(name)
  } catch {
    return undefined // not a valid field name
  }
  return value === null ? undefined : value.trim()
}

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text)
  } catch {
    return undefined
  }
}

function derivedComponent(message: HttpRequestLike, url: URL, name: string): string | undefined {
  switch (name) {
    case '@method':
      return message.method
    case '@target-uri':
      return url.href
    case '@authority':
      return url.host.toLowerCase()
    case '@scheme':
      return url.protocol.slice(0, -1).toLowerCase()
    case '@request-target':
      return `${url.pathname}${url.search}`
    case '@path':
      return url.pathname === '' ? '/' : url.pathname
    case '@query':
      return url.search === '' ? '?' : url.search
    default:
      return undefined
  }
}

/**
 * Serialises the `@signature-params` value: the covered components as an Inner List of strings,
 * with the signature parameters in the given order (RFC 9421 §2.3).
 *
 * @internal
 */
export function serializeSignatureParams(
  components: readonly string[],
  params: Parameters,
): string {
  return serializeInnerList([components.map((name) => [name, new Map()]), params])
}

/**
 * Builds the signature base of RFC 9421 §2.5: one `"name": value` line per covered component,
 * then the `"@signature-params"` line, joined by LF with no trailing newline.
 *
 * @param message The request.
 * @param components The covered component identifiers, in order (no component parameters).
 * @param params The signature parameters, in order; or, for a verifier, the `"@signature-params"`
 *   value exactly as the received `Signature-Input` member serialised it (RFC 9421 §3.2), which
 *   is used verbatim.
 * @returns The base, or `undefined` when a component is absent, unsupported or repeated (the RFC
 *   requires the signer and the verifier to fail then).
 * @internal
 */
export function createSignatureBase(
  message: HttpRequestLike,
  components: readonly string[],
  params: Parameters | string,
): string | undefined {
  if (new Set(components).size !== components.length) return undefined
  const url = parseUrl(message.url)
  const lines: string[] = []
  for (const name of components) {
    const value = componentValue(message, name, url)
    if (value === undefined) return undefined
    lines.push(`${serializeItem(name)}: ${value}`)
  }
  const signatureParams =
    typeof params === 'string' ? params : serializeSignatureParams(components, params)
  lines.push(`"@signature-params": ${signatureParams}`)
  return lines.join('\n')
}
