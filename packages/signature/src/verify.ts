/**
 * Verifying a request under the chatapps-v1 profile.
 *
 * @module
 */

import { verifySignatureBytes } from './algorithms'
import { toBase64 } from './base64'
import { declaredTooLarge, readBodyCapped } from './body'
import { matchesSha256, readSha256 } from './digest'
import { parseIdempotencyKey } from './idempotency'
import { generateKeyPair, generateSecret, resolveKey } from './keys'
import { fail, type VerifyFailure } from './outcomes'
import { hasBody, PROFILE_LIMITS, requiredComponents, type SignatureAlgorithm } from './profile'
import { componentValue, createSignatureBase } from './signature-base'
import { readSignatureFields, type SignatureFields } from './signature-fields'

/**
 * What `lookupKey` returns for a known key: the algorithm the key is fixed to and the key itself
 * (a CryptoKey, or base64 text: SPKI for `ed25519`, the raw secret for `hmac-sha256`). Extra
 * fields (sub-account, permissions, status) are kept and handed back on success.
 *
 * @example
 * ```ts
 * import type { KeyRecord } from '@chatapps/signature'
 * const record: KeyRecord = {
 *   alg: 'ed25519',
 *   key: 'MCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs=',
 * }
 * ```
 */
export interface KeyRecord {
  readonly alg: SignatureAlgorithm
  readonly key: CryptoKey | string
}

/**
 * Options of {@link verifyRequest}.
 *
 * @example
 * ```ts
 * import type { KeyRecord, VerifyOptions } from '@chatapps/signature'
 * const keys = new Map<string, KeyRecord>()
 * const options: VerifyOptions = {
 *   lookupKey: async (keyId) => keys.get(keyId) ?? null,
 *   allowedAuthorities: ['edge.example.com'],
 * }
 * ```
 */
export interface VerifyOptions<TRecord extends KeyRecord = KeyRecord> {
  /**
   * Finds a key by id; `null` (or `undefined`) for an unknown or revoked key. A rejection is not
   * caught: it means the key store failed, which the gateway answers with 503, not 401.
   */
  readonly lookupKey: (
    keyId: string,
  ) => Promise<TRecord | null | undefined> | TRecord | null | undefined
  /** The current time, a Date or Unix seconds. Defaults to the clock. */
  readonly now?: Date | number
  /** When given, `@authority` must be one of these (host, or host:port), case-insensitively. */
  readonly allowedAuthorities?: readonly string[]
  /** The most body bytes read; more is 413 `payload_too_large`. Defaults to 256 KiB. */
  readonly maxBodyBytes?: number
  /**
   * `true`: the body is left unread, for a caller that streams it (an upload too large to hold):
   * the signature, the headers and the `Content-Digest` field are verified, `body` is empty,
   * and the caller MUST check the bytes it reads against `contentDigest` (and its own size cap)
   * before it lets anything depend on them. Defaults to `false`.
   *
   * @example
   * ```ts
   * const result = await verifyRequest(request, { lookupKey, deferBody: true })
   * if (result.ok) await streamCheckingDigest(request.body, result.contentDigest)
   * ```
   */
  readonly deferBody?: boolean
}

/**
 * A verified request: who signed it and what, for the gateway's replay check (key id + nonce,
 * kept at least 420 s), its idempotency record and its handler.
 *
 * @example
 * ```ts
 * import type { VerifySuccess } from '@chatapps/signature'
 * const seen = (result: VerifySuccess) => `${result.keyId}:${result.nonce}`
 * ```
 */
export interface VerifySuccess<TRecord extends KeyRecord = KeyRecord> {
  readonly ok: true
  readonly keyId: string
  readonly alg: SignatureAlgorithm
  readonly created: number
  readonly expires: number
  readonly nonce: string
  /** The `Idempotency-Key` without its quotes; `null` when the request has none (no body). */
  readonly idempotencyKey: string | null
  /**
   * `sha-256=:…:` of the verified body; `null` for a request without a body. With `deferBody`,
   * the digest the request declares, which the caller checks while it reads the body.
   */
  readonly contentDigest: string | null
  /** The exact body bytes that were verified (empty for a request without a body). */
  readonly body: Uint8Array
  /** The covered components, in signed order. */
  readonly components: readonly string[]
  /** The record `lookupKey` returned. */
  readonly keyRecord: TRecord
}

/**
 * The result of {@link verifyRequest}.
 *
 * @example
 * ```ts
 * import type { VerifyResult } from '@chatapps/signature'
 * const status = (result: VerifyResult) => (result.ok ? 200 : result.status)
 * ```
 */
export type VerifyResult<TRecord extends KeyRecord = KeyRecord> =
  | VerifySuccess<TRecord>
  | VerifyFailure

/**
 * Verifies a request under the chatapps-v1 profile, cheapest checks first: size, the signature
 * fields, coverage, freshness, authority, idempotency key, digest field, key and signature, then
 * the body against its digest. It reads the body (at most `maxBodyBytes`) and returns it. It never
 * throws for anything in the request; replay and idempotency storage are the caller's.
 *
 * @param request The incoming request; its body is consumed.
 * @param options `lookupKey`, and optional `now`, `allowedAuthorities` and `maxBodyBytes`.
 * @throws TypeError only for the caller's own mistakes: an invalid `now`, a body already read.
 * @returns `{ ok: true, … }`, or `{ ok: false, status, code }` with a code of the outcome table.
 * @example
 * ```ts
 * import { ACCEPT_SIGNATURE, OUTCOMES, verifyRequest } from '@chatapps/signature'
 * const result = await verifyRequest(request, {
 *   lookupKey: async (keyId) => (keyId === 'acme-prod-1' ? { alg: 'ed25519', key: spki } : null),
 * })
 * if (!result.ok) {
 *   return Response.json(
 *     { type: 'about:blank', title: OUTCOMES[result.code].title, status: result.status, code: result.code },
 *     { status: result.status, headers: result.status === 401 ? { 'accept-signature': ACCEPT_SIGNATURE } : {} },
 *   )
 * }
 * ```
 */
export async function verifyRequest<TRecord extends KeyRecord = KeyRecord>(
  request: Request,
  options: VerifyOptions<TRecord>,
): Promise<VerifyResult<TRecord>> {
  const maxBodyBytes = options.maxBodyBytes ?? PROFILE_LIMITS.maxBodyBytes
  const now = nowSeconds(options.now)
  if (request.bodyUsed) throw new TypeError('the request body was already read')
  if (declaredTooLarge(request.headers, maxBodyBytes)) return fail('payload_too_large')

  const fields = readSignatureFields(request.headers)
  if (!('components' in fields)) return fields
  const withBody = hasBody(request)
  const required = requiredComponents(request)
  if (!required.every((name) => fields.components.includes(name))) {
    return fail('signature_insufficient_coverage')
  }
  if (!isFresh(fields, now)) return fail('signature_expired')
  if (options.allowedAuthorities !== undefined) {
    const authority = componentValue(request, '@authority')
    const allowed = options.allowedAuthorities.map((name) => name.toLowerCase())
    if (authority === undefined || !allowed.includes(authority)) return fail('signature_invalid')
  }

  const idempotencyField = request.headers.get('idempotency-key')
  const idempotencyKey = idempotencyField === null ? null : parseIdempotencyKey(idempotencyField)
  if (idempotencyKey === undefined || (withBody && idempotencyKey === null)) {
    return fail('idempotency_key_invalid')
  }
  const digestField = request.headers.get('content-digest')
  const expectedDigest = digestField === null ? undefined : readSha256(digestField)
  if (withBody && expectedDigest === undefined) return fail('digest_mismatch')

  const base = createSignatureBase(request, fields.components, fields.signatureParams)
  if (base === undefined) return fail('signature_invalid')
  const record = await options.lookupKey(fields.keyId)
  const known = isKnownRecord(record) && record.alg === fields.alg
  let key: CryptoKey | undefined
  if (known) {
    try {
      key = await resolveKey(record.alg, record.key, 'verify')
    } catch {
      key = undefined
    }
  }
  // An unknown or revoked key, or another algorithm, is verified against a stand-in key of the
  // algorithm asked for: the same work as a known key with a bad signature, so the answer's
  // timing does not tell them apart (signing.md, Outcomes).
  const alg: SignatureAlgorithm = known ? record.alg : standInAlgorithm(fields.alg)
  const verified = await verifySignatureBytes(
    alg,
    key ?? (await standInKey(alg)),
    base,
    fields.signature,
  )
  if (!known || key === undefined || !verified) return fail('signature_invalid')

  const deferred = options.deferBody === true && withBody && expectedDigest !== undefined
  const read = deferred
    ? ({ ok: true, bytes: new Uint8Array(0) } as const)
    : await readBodyCapped(request, maxBodyBytes)
  if (!read.ok) return fail(read.reason === 'too_large' ? 'payload_too_large' : 'digest_mismatch')
  const digest = withBody ? expectedDigest : undefined
  if (!deferred && digest !== undefined && !(await matchesSha256(read.bytes, digest))) {
    return fail('digest_mismatch')
  }
  return {
    ok: true,
    keyId: fields.keyId,
    alg: record.alg,
    created: fields.created,
    expires: fields.expires,
    nonce: fields.nonce,
    idempotencyKey,
    contentDigest: digest === undefined ? null : `sha-256=:${toBase64(digest)}:`,
    body: read.bytes,
    components: fields.components,
    keyRecord: record,
  }
}

function standInAlgorithm(alg: string): SignatureAlgorithm {
  return alg === 'hmac-sha256' ? 'hmac-sha256' : 'ed25519'
}

const standInKeys = new Map<SignatureAlgorithm, Promise<CryptoKey>>()

/**
 * A key no request is signed with, one per algorithm and isolate, made on first use (workerd
 * allows no random generation at module scope). Its import and generation are paid once.
 */
function standInKey(alg: SignatureAlgorithm): Promise<CryptoKey> {
  let key = standInKeys.get(alg)
  if (key === undefined) {
    key =
      alg === 'ed25519'
        ? generateKeyPair('ed25519').then((pair) => pair.publicKey)
        : generateSecret()
    standInKeys.set(alg, key)
  }
  return key
}

function isKnownRecord<TRecord extends KeyRecord>(
  record: TRecord | null | undefined,
): record is TRecord {
  return (
    typeof record === 'object' &&
    record !== null &&
    (record.alg === 'ed25519' || record.alg === 'hmac-sha256')
  )
}

function nowSeconds(now: Date | number | undefined): number {
  const seconds =
    now === undefined ? Date.now() / 1000 : now instanceof Date ? now.getTime() / 1000 : now
  if (!Number.isFinite(seconds)) throw new TypeError('now is not a valid time')
  return Math.floor(seconds)
}

/**
 * The profile's freshness rules: `created` at most 300 s old and 60 s ahead; `expires` after now
 * and after `created`, at most 300 s after it.
 */
function isFresh({ created, expires }: SignatureFields, now: number): boolean {
  return (
    now - created <= PROFILE_LIMITS.maxAgeSeconds &&
    created - now <= PROFILE_LIMITS.maxFutureSeconds &&
    expires > now &&
    expires > created &&
    expires - created <= PROFILE_LIMITS.maxWindowSeconds
  )
}
