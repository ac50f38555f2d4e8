/**
 * The log line of a refused signature. The answer stays coarse on purpose (an unknown key, a
 * wrong `alg` and a bad signature give one body, docs/signing.md), but the operator reading the
 * log needs to know which check failed. The line holds no secret: no signature, key or body, only
 * what the request itself declared in `Signature-Input` and the host it was sent to.
 *
 * @module
 */
import type { VerifyFailure } from '@chatapps/signature'

/** The key look-up that verification made, if it got that far. */
export interface LookupSeen {
  /** The algorithm of the key found, or `null` for an unknown or revoked key id. */
  readonly alg: string | null
}

/** Which check refused the request, finer than its code. */
export type RefusalCheck =
  | 'missing'
  | 'malformed'
  | 'coverage'
  | 'created_too_old'
  | 'created_in_future'
  | 'expires'
  | 'authority_not_allowed'
  | 'unknown_or_revoked_key'
  | 'revoked'
  | 'alg_mismatch'
  | 'bad_signature'
  | 'digest'
  | 'idempotency_key'
  | 'too_large'

const PARAM = (name: string) => new RegExp(`;${name}=(?:"([^"]*)"|(-?\\d+))`)
// Only an id of the characters key ids are made of is logged; anything else is not echoed.
const SAFE_ID = /^[A-Za-z0-9._:-]{1,100}$/

function param(input: string, name: string): string | undefined {
  const match = PARAM(name).exec(input)
  return match === null ? undefined : (match[1] ?? match[2])
}

/**
 * Which check failed, from the code, what the request declared and the key look-up seen.
 *
 * @param nowS The gateway's clock, in Unix seconds.
 */
export function refusalCheck(
  code: VerifyFailure['code'] | 'revoked',
  input: string,
  lookup: LookupSeen | undefined,
  nowS: number,
): RefusalCheck {
  switch (code) {
    case 'revoked':
      return 'revoked'
    case 'signature_missing':
      return 'missing'
    case 'signature_malformed':
      return 'malformed'
    case 'signature_insufficient_coverage':
      return 'coverage'
    case 'signature_expired': {
      const created = Number(param(input, 'created'))
      if (nowS - created > 300) return 'created_too_old'
      return created - nowS > 60 ? 'created_in_future' : 'expires'
    }
    case 'digest_mismatch':
      return 'digest'
    case 'idempotency_key_invalid':
      return 'idempotency_key'
    case 'payload_too_large':
      return 'too_large'
    case 'signature_invalid':
      // Verification refuses the authority before it looks a key up.
      if (lookup === undefined) return 'authority_not_allowed'
      if (lookup.alg === null) return 'unknown_or_revoked_key'
      return lookup.alg === param(input, 'alg') ? 'bad_signature' : 'alg_mismatch'
  }
}

/**
 * Logs a refused signature as one JSON line: `event`, `code`, `check`, the declared `keyId` (when
 * it looks like one), the `authority` the request was sent to and `createdSkewS` (the gateway's
 * clock minus the declared `created`).
 */
export function logRefusal(
  request: Request,
  code: VerifyFailure['code'] | 'revoked',
  lookup: LookupSeen | undefined,
  now = Date.now(),
): void {
  const input = request.headers.get('signature-input') ?? ''
  const nowS = Math.floor(now / 1000)
  const keyId = param(input, 'keyid')
  const created = Number(param(input, 'created'))
  console.warn(
    JSON.stringify({
      event: 'signature_refused',
      code: code === 'revoked' ? 'signature_invalid' : code,
      check: refusalCheck(code, input, lookup, nowS),
      keyId: keyId === undefined ? null : SAFE_ID.test(keyId) ? keyId : '(not shown)',
      authority: new URL(request.url).host,
      createdSkewS: Number.isSafeInteger(created) ? nowS - created : null,
    }),
  )
}
