/**
 * The two signature algorithms over WebCrypto: signing and verifying the bytes of a signature base.
 *
 * @module
 */

import type { SignatureAlgorithm } from './profile'

const SIGNATURE_LENGTH: Readonly<Record<SignatureAlgorithm, number>> = {
  ed25519: 64, // RFC 8032 §5.1.6: R || S
  'hmac-sha256': 32, // SHA-256 output
}

/** @internal The WebCrypto algorithm for `sign`/`verify`. */
export function webCryptoAlgorithm(alg: SignatureAlgorithm): { readonly name: string } {
  return alg === 'ed25519' ? { name: 'Ed25519' } : { name: 'HMAC' }
}

/**
 * Whether a CryptoKey is one for this algorithm (`Ed25519`, or `HMAC` with SHA-256). workerd
 * also names Ed25519 keys `NODE-ED25519` when imported under that legacy name.
 *
 * @internal
 */
export function keyMatches(alg: SignatureAlgorithm, key: CryptoKey): boolean {
  const algorithm = key.algorithm as { name: string; hash?: { name?: string } }
  if (alg === 'ed25519') return algorithm.name === 'Ed25519' || algorithm.name === 'NODE-ED25519'
  return algorithm.name === 'HMAC' && algorithm.hash?.name === 'SHA-256'
}

/**
 * Signs a signature base (its UTF-8 bytes; it is ASCII) with the algorithm's key.
 *
 * @internal
 */
export async function signBytes(
  alg: SignatureAlgorithm,
  key: CryptoKey,
  base: string,
): Promise<Uint8Array<ArrayBuffer>> {
  const data = new TextEncoder().encode(base)
  return new Uint8Array(await crypto.subtle.sign(webCryptoAlgorithm(alg), key, data))
}

/**
 * Verifies signature bytes over a signature base. Never throws: a key of another algorithm, a
 * signature of the wrong length (checked here first, because Node and workerd treat a shortened
 * Ed25519 signature differently) or any WebCrypto error is `false`. HMAC is compared by
 * `subtle.verify`, in constant time.
 *
 * @param alg The algorithm fixed by the key record.
 * @param key The verification key: an Ed25519 public key, or the HMAC secret.
 * @param base The signature base.
 * @param signature The signature bytes from the `Signature` field.
 * @internal
 */
export async function verifySignatureBytes(
  alg: SignatureAlgorithm,
  key: CryptoKey,
  base: string,
  signature: Uint8Array,
): Promise<boolean> {
  if (signature.byteLength !== SIGNATURE_LENGTH[alg] || !keyMatches(alg, key)) return false
  try {
    const data = new TextEncoder().encode(base)
    const bytes = new Uint8Array(signature)
    return await crypto.subtle.verify(webCryptoAlgorithm(alg), key, bytes, data)
  } catch {
    return false
  }
}
