/**
 * Reading `Signature-Input` and `Signature` under the profile's rules: one label, `sig1`, an
 * inner list of plain component names, and every required parameter of the right type.
 *
 * @internal
 * @module
 */

import type { Parameters } from 'structured-headers'
import { isBase64Url } from './base64'
import { fail, type VerifyFailure } from './outcomes'
import { PROFILE_LIMITS, PROFILE_TAG, SIGNATURE_LABEL } from './profile'
import { parseDictionaryCounted, rawParameters, rawSoleMember } from './structured'

/** @internal The signature of a request, as read from its two fields. */
export interface SignatureFields {
  readonly components: readonly string[]
  readonly params: Parameters
  /**
   * The member's inner list and parameters exactly as received: the `"@signature-params"` value of
   * the signature base (RFC 9421 §2.3, §3.2), never a re-serialisation of `params`.
   */
  readonly signatureParams: string
  readonly signature: Uint8Array
  readonly created: number
  readonly expires: number
  readonly nonce: string
  readonly keyId: string
  readonly alg: string
}

/**
 * Reads and checks the two signature fields. Fails with `signature_missing` when either is absent
 * and `signature_malformed` for anything the profile does not accept.
 *
 * @internal
 */
export function readSignatureFields(headers: Headers): SignatureFields | VerifyFailure {
  const inputField = headers.get('signature-input')
  const signatureField = headers.get('signature')
  if (inputField === null || signatureField === null) return fail('signature_missing')

  const input = parseDictionaryCounted(inputField)
  const sig = parseDictionaryCounted(signatureField)
  if (input === undefined || sig === undefined) return fail('signature_malformed')
  if (input.members !== 1 || sig.members !== 1) return fail('signature_malformed')
  const inputMember = input.dictionary.get(SIGNATURE_LABEL)
  const sigMember = sig.dictionary.get(SIGNATURE_LABEL)
  if (inputMember === undefined || sigMember === undefined) return fail('signature_malformed')

  const [items, params] = inputMember
  if (!Array.isArray(items)) return fail('signature_malformed')
  const signatureParams = rawSoleMember(inputField, SIGNATURE_LABEL)
  const written = signatureParams === undefined ? undefined : rawParameters(signatureParams)
  if (signatureParams === undefined || written === undefined) return fail('signature_malformed')
  const components: string[] = []
  for (const [name, componentParams] of items) {
    if (typeof name !== 'string' || componentParams.size !== 0) return fail('signature_malformed')
    if (name !== name.toLowerCase() || components.includes(name)) return fail('signature_malformed')
    components.push(name)
  }

  const signature = sigMember[0]
  if (!(signature instanceof ArrayBuffer)) return fail('signature_malformed')

  const created = params.get('created')
  const expires = params.get('expires')
  const nonce = params.get('nonce')
  const keyId = params.get('keyid')
  const alg = params.get('alg')
  const tag = params.get('tag')
  if (!isTimestamp(created) || !isTimestamp(expires)) return fail('signature_malformed')
  // An SF Decimal (`1790000000.0`) parses to the same number as the Integer: tell them apart by
  // how they were written.
  if (!isIntegerText(written.get('created')) || !isIntegerText(written.get('expires'))) {
    return fail('signature_malformed')
  }
  if (!isNonce(nonce) || !isNonEmptyString(keyId) || !isNonEmptyString(alg)) {
    return fail('signature_malformed')
  }
  if (tag !== PROFILE_TAG) return fail('signature_malformed')

  return {
    components,
    params,
    signatureParams,
    signature: new Uint8Array(signature),
    created,
    expires,
    nonce,
    keyId,
    alg,
  }
}

function isTimestamp(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
}

/** A non-negative RFC 8941 Integer as written: 1 to 15 digits, no sign, point or exponent. */
function isIntegerText(text: string | undefined): boolean {
  return text !== undefined && /^[0-9]{1,15}$/.test(text)
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0
}

function isNonce(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length >= PROFILE_LIMITS.nonceMinLength &&
    value.length <= PROFILE_LIMITS.nonceMaxLength &&
    isBase64Url(value)
  )
}
