/**
 * `@chatapps/signature`: RFC 9421 HTTP Message Signatures, with RFC 9530 `Content-Digest` and
 * the `Idempotency-Key` field, under the `chatapps-v1` profile. WebCrypto only: it runs unchanged
 * on Node 20+, workerd, browsers, Deno and Bun.
 *
 * @example
 * ```ts
 * import { signRequest, verifyRequest } from '@chatapps/signature'
 * const signed = await signRequest(request, { keyId: 'acme-prod-1', alg: 'ed25519', key: pkcs8 })
 * const result = await verifyRequest(signed, { lookupKey: async () => ({ alg: 'ed25519', key: spki }) })
 * ```
 *
 * @module
 */

/** Helpers: digests, idempotency keys, keys. */
export type { BytesLike } from './bytes'
export { contentDigest, streamContentDigest } from './digest'
export { parseIdempotencyKey, serializeIdempotencyKey } from './idempotency'
export {
  exportPrivateKey,
  exportPublicKey,
  exportSecret,
  generateKeyPair,
  generateSecret,
  importPrivateKey,
  importPublicKey,
  importSecret,
} from './keys'
export {
  OUTCOMES,
  type Outcome,
  type OutcomeCode,
  type VerifyFailure,
  type VerifyFailureCode,
} from './outcomes'
/** The profile and its outcomes, for a gateway's problem+json and `Accept-Signature`. */
export {
  ACCEPT_SIGNATURE,
  acceptSignatureFor,
  PROFILE_LIMITS,
  PROFILE_TAG,
  REQUIRED_COMPONENTS_WITH_BODY,
  REQUIRED_COMPONENTS_WITHOUT_BODY,
  SIGNATURE_LABEL,
  type SignatureAlgorithm,
} from './profile'
/** Signing and verifying requests. */
export { type SignOptions, signRequest } from './sign'
export {
  type KeyRecord,
  type VerifyOptions,
  type VerifyResult,
  type VerifySuccess,
  verifyRequest,
} from './verify'
