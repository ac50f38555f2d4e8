/**
 * Signing a request under the chatapps-v1 profile.
 *
 * @module
 */

import { type Parameters, serializeDictionary } from 'structured-headers'
import { signBytes } from './algorithms'
import { isBase64Url, toBase64Url } from './base64'
import { contentDigest } from './digest'
import { serializeIdempotencyKey } from './idempotency'
import { resolveKey } from './keys'
import {
  hasBody,
  PROFILE_LIMITS,
  PROFILE_TAG,
  REQUIRED_COMPONENTS_WITH_BODY,
  REQUIRED_COMPONENTS_WITHOUT_BODY,
  SIGNATURE_LABEL,
  type SignatureAlgorithm,
} from './profile'
import { createSignatureBase, serializeSignatureParams } from './signature-base'

/**
 * Options of {@link signRequest}.
 *
 * @example
 * ```ts
 * import type { SignOptions } from '@chatapps/signature'
 * const options: SignOptions = { keyId: 'acme-prod-1', alg: 'hmac-sha256', key: secretBase64 }
 * ```
 */
export interface SignOptions {
  /** The key id the gateway knows the key by (`keyid`). */
  readonly keyId: string
  /** The algorithm of the key (`alg`). */
  readonly alg: SignatureAlgorithm
  /**
   * The signing key: a CryptoKey of the algorithm, or base64 text (PKCS#8 for `ed25519`, the raw
   * secret for `hmac-sha256`). Pass a CryptoKey when signing often: text is imported every call.
   */
  readonly key: CryptoKey | string
  /** `created`, Unix seconds. Defaults to now. */
  readonly created?: number
  /** `expires`, Unix seconds. Defaults to `created` + 300 (the longest window the profile allows). */
  readonly expires?: number
  /** `nonce`, base64url, 22 to 128 characters. Defaults to 16 random bytes (22 characters). */
  readonly nonce?: string
  /**
   * Leaves the body unread and passes it on as it is, for a body too large to hold (an upload):
   * the request must then carry its `Content-Digest` already (from {@link streamContentDigest}),
   * and the signature covers that field. Without it, the body is read to compute the digest.
   */
  readonly deferBody?: boolean
}

/**
 * Signs a request under the chatapps-v1 profile and returns a new `Request` carrying
 * `Content-Digest` (for a request with a body), `Signature-Input` and `Signature`. A request
 * that carries `Prefer` has it covered (`"prefer"`), as the profile requires. A POST, PUT or
 * PATCH without an `Idempotency-Key` gets a fresh one (a quoted random UUID); one that is there is
 * kept. The input request's body is read, unless `deferBody` says it carries its digest.
 *
 * @param request The request to sign; a request with a body must have a `Content-Type`.
 * @param options The key id, algorithm, key, and optional `created`, `expires` and `nonce`.
 * @returns The signed request.
 * @throws TypeError for options the profile cannot sign with (bad key, nonce, times, no content type).
 * @example
 * ```ts
 * import { signRequest } from '@chatapps/signature'
 * const signed = await signRequest(
 *   new Request('https://edge.example.com/v1/messages', {
 *     method: 'POST',
 *     headers: { 'content-type': 'application/json' },
 *     body: JSON.stringify({ to: '+15550100', text: 'hi' }),
 *   }),
 *   { keyId: 'acme-prod-1', alg: 'ed25519', key: privateKeyPkcs8Base64 },
 * )
 * await fetch(signed)
 * ```
 */
export async function signRequest(request: Request, options: SignOptions): Promise<Request> {
  const { keyId, alg } = options
  if (typeof keyId !== 'string' || keyId.length === 0) throw new TypeError('keyId is required')
  if (alg !== 'ed25519' && alg !== 'hmac-sha256') throw new TypeError('alg is not supported')
  const created = options.created ?? Math.floor(Date.now() / 1000)
  const expires = options.expires ?? created + PROFILE_LIMITS.maxWindowSeconds
  if (!Number.isSafeInteger(created) || !Number.isSafeInteger(expires) || created < 0) {
    throw new TypeError('created and expires are integer Unix seconds')
  }
  const nonce = options.nonce ?? toBase64Url(crypto.getRandomValues(new Uint8Array(16)))
  if (
    nonce.length < PROFILE_LIMITS.nonceMinLength ||
    nonce.length > PROFILE_LIMITS.nonceMaxLength ||
    !isBase64Url(nonce)
  ) {
    throw new TypeError('nonce is base64url, 22 to 128 characters')
  }
  const key = await resolveKey(alg, options.key, 'sign')

  const headers = new Headers(request.headers)
  const withBody = hasBody(request)
  const deferred = withBody && options.deferBody === true
  if (deferred && !headers.has('content-digest')) {
    throw new TypeError('deferBody needs the request to carry its Content-Digest')
  }
  const body = withBody && !deferred ? new Uint8Array(await request.arrayBuffer()) : null
  if (withBody) {
    if (!headers.has('content-type'))
      throw new TypeError('a request with a body needs a Content-Type')
    if (body !== null) headers.set('content-digest', await contentDigest(body))
    if (!headers.has('idempotency-key')) {
      headers.set('idempotency-key', serializeIdempotencyKey(crypto.randomUUID()))
    }
  }

  const params: Parameters = new Map<string, string | number>([
    ['created', created],
    ['expires', expires],
    ['nonce', nonce],
    ['keyid', keyId],
    ['alg', alg],
    ['tag', PROFILE_TAG],
  ])
  // `Prefer` changes what a gateway does (sync or queued), so it is covered whenever it is sent.
  const components = [
    ...(withBody ? REQUIRED_COMPONENTS_WITH_BODY : REQUIRED_COMPONENTS_WITHOUT_BODY),
    ...(headers.has('prefer') ? ['prefer'] : []),
  ]
  // One serialisation for the field and the base: the verifier signs over the field's text.
  const signatureParams = serializeSignatureParams(components, params)
  const base = createSignatureBase(
    { method: request.method, url: request.url, headers },
    components,
    signatureParams,
  )
  if (base === undefined) throw new TypeError('the request lacks a component the profile covers')
  const signature = await signBytes(alg, key, base)

  headers.set('signature-input', `${SIGNATURE_LABEL}=${signatureParams}`)
  headers.set(
    'signature',
    serializeDictionary(new Map([[SIGNATURE_LABEL, [signature, new Map()]]])),
  )
  // A deferred body goes on as the stream it is (`duplex` is required to send a stream).
  if (deferred) return new Request(request, { headers, duplex: 'half' } as RequestInit)
  return new Request(request, { headers, body })
}
