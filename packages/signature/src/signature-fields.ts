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
import { parseDictionaryCounted } from './structured'

/** @internal The signature of a request, as read from its two fields. */
export interface SignatureFields {
  readonly components: readonly string[]
  readonly params: Parameters
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
  if (!isNonce(nonce) || !isNonEmptyString(keyId) || !isNonEmptyString(alg)) {
    return fail('signature_malformed')
  }
  if (tag !== PROFILE_TAG) return fail('signature_malformed')

  return {
    components,
    params,
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
