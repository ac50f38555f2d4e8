// What `--key` must hold: for ed25519 the client's PUBLIC key (SPKI), for hmac-sha256 a shared
// secret long enough not to be guessed. Each refusal says what was expected instead.
import { createPrivateKey, createPublicKey } from 'node:crypto'

/**
 * The shortest HMAC secret accepted, in bytes: 32 (256 bits), HMAC-SHA256's output size. RFC 2104
 * §3 advises no key shorter than the hash output, since a shorter one is the weakest link; the
 * gateway verifies with whatever is registered, so this is the one place to enforce it.
 */
export const HMAC_MIN_BYTES = 32

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/

/** The key as an ed25519 private key (PKCS#8 DER), or null. */
function privateEd25519(der) {
  try {
    const key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' })
    return key.asymmetricKeyType === 'ed25519' ? key : null
  } catch {
    return null
  }
}

/** Whether the key is an ed25519 public key (SPKI DER). */
function isPublicEd25519(der) {
  try {
    return (
      createPublicKey({ key: der, format: 'der', type: 'spki' }).asymmetricKeyType === 'ed25519'
    )
  } catch {
    return false
  }
}

/** The SPKI base64 public key of a PKCS#8 ed25519 private key. */
const publicOf = (privateKey) =>
  createPublicKey(privateKey).export({ type: 'spki', format: 'der' }).toString('base64')

/**
 * Why `key` cannot be registered for `alg`, or null when it can.
 *
 * @example
 * keyProblem('ed25519', 'MC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF')
 * // 'this is a PRIVATE key (PKCS#8) … register its public key instead: --key MCowBQYDK2VwAyEA…'
 */
export function keyProblem(alg, key) {
  if (!BASE64.test(key ?? '')) {
    return alg === 'ed25519'
      ? '--key must be the public key, SPKI base64 (MCowBQYDK2VwAyEA…, from `chatapps keygen`)'
      : `--key must be the shared secret, base64 of at least ${HMAC_MIN_BYTES} bytes (openssl rand -base64 32)`
  }
  const der = Buffer.from(key, 'base64')
  const secret = privateEd25519(der)
  if (alg === 'ed25519') {
    if (isPublicEd25519(der)) return null
    if (secret !== null) {
      return (
        'this is a PRIVATE key (PKCS#8): it stays with the client, and the gateway needs the public key. ' +
        `Register its public key instead: --key ${publicOf(secret)}`
      )
    }
    return '--key is not an Ed25519 public key: expected SPKI base64, 44 characters starting MCowBQYDK2VwAyEA (the "public key" line of `chatapps keygen`)'
  }
  if (secret !== null || isPublicEd25519(der)) {
    return `this is an Ed25519 key, not a shared secret: register it with --alg ed25519${secret === null ? '' : ` and its public key --key ${publicOf(secret)}`}`
  }
  if (der.length < HMAC_MIN_BYTES) {
    return `an HMAC secret of ${der.length} bytes is too short: at least ${HMAC_MIN_BYTES} random bytes, base64 (openssl rand -base64 32)`
  }
  return null
}
