/**
 * The constants of the `chatapps-v1` profile of RFC 9421, in one place.
 *
 * @module
 */

/**
 * The value of the `tag` signature parameter every chatapps-v1 signature carries.
 *
 * @example
 * ```ts
 * import { PROFILE_TAG } from '@chatapps/signature'
 * PROFILE_TAG // 'chatapps-v1'
 * ```
 */
export const PROFILE_TAG = 'chatapps-v1'

/**
 * The one signature label the profile accepts, in both `Signature-Input` and `Signature`.
 *
 * @example
 * ```ts
 * import { SIGNATURE_LABEL } from '@chatapps/signature'
 * SIGNATURE_LABEL // 'sig1'
 * ```
 */
export const SIGNATURE_LABEL = 'sig1'

/**
 * The signature algorithms of the profile, named as in the IANA "HTTP Signature Algorithms"
 * registry. The algorithm is fixed by the key record, never chosen by the request.
 *
 * @example
 * ```ts
 * import type { SignatureAlgorithm } from '@chatapps/signature'
 * const alg: SignatureAlgorithm = 'ed25519'
 * ```
 */
export type SignatureAlgorithm = 'ed25519' | 'hmac-sha256'

/**
 * The components a request without a body (GET, DELETE) must cover, in their canonical order.
 *
 * @example
 * ```ts
 * import { REQUIRED_COMPONENTS_WITHOUT_BODY } from '@chatapps/signature'
 * REQUIRED_COMPONENTS_WITHOUT_BODY.includes('@query') // true
 * ```
 */
export const REQUIRED_COMPONENTS_WITHOUT_BODY: readonly string[] = Object.freeze([
  '@method',
  '@authority',
  '@path',
  '@query',
])

/**
 * The components a request with a body (and every POST, PUT and PATCH) must cover, in their
 * canonical order.
 *
 * @example
 * ```ts
 * import { REQUIRED_COMPONENTS_WITH_BODY } from '@chatapps/signature'
 * REQUIRED_COMPONENTS_WITH_BODY.includes('content-digest') // true
 * ```
 */
export const REQUIRED_COMPONENTS_WITH_BODY: readonly string[] = Object.freeze([
  ...REQUIRED_COMPONENTS_WITHOUT_BODY,
  'content-type',
  'content-digest',
  'idempotency-key',
])

/**
 * The limits of the profile, in seconds, characters and bytes.
 *
 * - `maxAgeSeconds`: `created` at most this far in the past (300).
 * - `maxFutureSeconds`: `created` at most this far in the future, for clock skew (60).
 * - `maxWindowSeconds`: `expires - created` at most this (300).
 * - `nonceRetentionSeconds`: how long a gateway must remember a nonce per key id (420).
 * - `nonceMinLength` / `nonceMaxLength`: base64url characters of `nonce` (22 to 128).
 * - `idempotencyKeyMaxLength`: characters of an `Idempotency-Key` string (1 to 255).
 * - `maxBodyBytes`: the default cap on the body a verifier reads (256 KiB).
 *
 * @example
 * ```ts
 * import { PROFILE_LIMITS } from '@chatapps/signature'
 * PROFILE_LIMITS.maxAgeSeconds // 300
 * ```
 */
export const PROFILE_LIMITS = Object.freeze({
  maxAgeSeconds: 300,
  maxFutureSeconds: 60,
  maxWindowSeconds: 300,
  nonceRetentionSeconds: 420,
  nonceMinLength: 22,
  nonceMaxLength: 128,
  idempotencyKeyMaxLength: 255,
  maxBodyBytes: 256 * 1024,
} as const)

/** The `Accept-Signature` value (RFC 9421 §5.1) asking for these components. */
function acceptSignatureOf(components: readonly string[]): string {
  return `${SIGNATURE_LABEL}=(${components.map((name) => `"${name}"`).join(' ')});created;expires;tag="${PROFILE_TAG}"`
}

/**
 * The value of the `Accept-Signature` field (RFC 9421 §5.1) for a request with a body: the
 * label, the components to cover and the parameters required. The nonce, key id and algorithm
 * are the signer's own, so they are not requested with a value. A gateway answering a particular
 * request uses {@link acceptSignatureFor}, which states that request's profile.
 *
 * @example
 * ```ts
 * import { ACCEPT_SIGNATURE } from '@chatapps/signature'
 * const headers = { 'Accept-Signature': ACCEPT_SIGNATURE }
 * ```
 */
export const ACCEPT_SIGNATURE: string = acceptSignatureOf(REQUIRED_COMPONENTS_WITH_BODY)

/**
 * The `Accept-Signature` value (RFC 9421 §5.1) a 401 to this request carries: the components
 * the profile requires of it. A GET or DELETE is asked for `"@method" "@authority" "@path"
 * "@query"` only; a request with a body for the seven of {@link REQUIRED_COMPONENTS_WITH_BODY};
 * and a request that carries `Prefer` for `"prefer"` as well.
 *
 * @example
 * ```ts
 * import { acceptSignatureFor } from '@chatapps/signature'
 * acceptSignatureFor(new Request('https://edge.example.com/v1/messages/42'))
 * // 'sig1=("@method" "@authority" "@path" "@query");created;expires;tag="chatapps-v1"'
 * ```
 */
export function acceptSignatureFor(request: Request): string {
  return acceptSignatureOf(requiredComponents(request))
}

const BODY_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH'])

/**
 * Whether the profile treats a request as one with a body: it has a body stream, or its method
 * is POST, PUT or PATCH (an empty body is still a body, and is digested).
 *
 * @internal
 */
export function hasBody(request: {
  readonly method: string
  readonly body: ReadableStream | null
}): boolean {
  return request.body !== null || BODY_METHODS.has(request.method.toUpperCase())
}

/**
 * The components the profile requires for this request: those of its kind (with or without a
 * body), and `prefer` when it carries a `Prefer` field, which changes what a gateway does.
 *
 * @internal
 */
export function requiredComponents(request: {
  readonly method: string
  readonly body: ReadableStream | null
  readonly headers: Headers
}): readonly string[] {
  const base = hasBody(request) ? REQUIRED_COMPONENTS_WITH_BODY : REQUIRED_COMPONENTS_WITHOUT_BODY
  return request.headers.has('prefer') ? [...base, 'prefer'] : base
}
