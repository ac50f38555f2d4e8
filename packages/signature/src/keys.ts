/**
 * Key generation, import and export as base64: SPKI for Ed25519 public keys, PKCS#8 for Ed25519
 * private keys, raw bytes for HMAC secrets.
 *
 * @module
 */

import { keyMatches } from './algorithms'
import { fromBase64, toBase64 } from './base64'
import type { SignatureAlgorithm } from './profile'

const ED25519 = { name: 'Ed25519' } as const
const HMAC_SHA256 = { name: 'HMAC', hash: 'SHA-256' } as const

function decode(text: string, what: string): Uint8Array<ArrayBuffer> {
  const bytes = typeof text === 'string' ? fromBase64(text) : undefined
  if (bytes === undefined || bytes.length === 0) throw new TypeError(`${what} is not base64`)
  return bytes
}

/**
 * Generates an extractable Ed25519 key pair.
 *
 * @param alg Only `'ed25519'`: the profile's asymmetric algorithm.
 * @returns The key pair; export it with {@link exportPublicKey} and {@link exportPrivateKey}.
 * @example
 * ```ts
 * import { exportPrivateKey, exportPublicKey, generateKeyPair } from '@chatapps/signature'
 * const { publicKey, privateKey } = await generateKeyPair('ed25519')
 * const register = await exportPublicKey(publicKey) // SPKI base64, for the gateway
 * const keep = await exportPrivateKey(privateKey) // PKCS#8 base64, for the client only
 * ```
 */
export async function generateKeyPair(alg: 'ed25519'): Promise<CryptoKeyPair> {
  if (alg !== 'ed25519') throw new TypeError(`unsupported key pair algorithm: ${String(alg)}`)
  return (await crypto.subtle.generateKey(ED25519, true, ['sign', 'verify'])) as CryptoKeyPair
}

/**
 * Generates an extractable HMAC-SHA256 secret of 256 bits.
 *
 * @returns The secret; export it with {@link exportSecret}.
 * @example
 * ```ts
 * import { exportSecret, generateSecret } from '@chatapps/signature'
 * const secret = await exportSecret(await generateSecret()) // raw base64
 * ```
 */
export async function generateSecret(): Promise<CryptoKey> {
  // An HMAC key is one key, never a pair (workerd's types allow either).
  const key = await crypto.subtle.generateKey({ ...HMAC_SHA256, length: 256 }, true, [
    'sign',
    'verify',
  ])
  return key as CryptoKey
}

/**
 * Imports an Ed25519 public key from base64 SPKI (DER).
 *
 * @param spki The SPKI bytes, base64.
 * @returns A verification key.
 * @throws TypeError when the text is not base64 or not an Ed25519 SPKI key.
 * @example
 * ```ts
 * import { importPublicKey } from '@chatapps/signature'
 * const key = await importPublicKey('MCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs=')
 * ```
 */
export async function importPublicKey(spki: string): Promise<CryptoKey> {
  return importChecked('spki', decode(spki, 'public key'), 'ed25519', ['verify'])
}

/**
 * Imports an Ed25519 private key from base64 PKCS#8 (DER).
 *
 * @param pkcs8 The PKCS#8 bytes, base64.
 * @returns A signing key (not extractable).
 * @throws TypeError when the text is not base64 or not an Ed25519 PKCS#8 key.
 * @example
 * ```ts
 * import { importPrivateKey } from '@chatapps/signature'
 * const key = await importPrivateKey('MC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF')
 * ```
 */
export async function importPrivateKey(pkcs8: string): Promise<CryptoKey> {
  return importChecked('pkcs8', decode(pkcs8, 'private key'), 'ed25519', ['sign'])
}

/**
 * Imports an HMAC-SHA256 secret from base64 raw bytes.
 *
 * @param raw The secret bytes, base64.
 * @returns A key that signs and verifies (not extractable).
 * @throws TypeError when the text is not base64.
 * @example
 * ```ts
 * import { importSecret } from '@chatapps/signature'
 * const key = await importSecret('uzvJfB4u3N0Jy4T7NZ75MDVcr8zSTInedJtkgcu46YW4XByzNJjxBdtjUkdJPBtbmHhIDi6pcl8jsasjlTMtDQ==')
 * ```
 */
export async function importSecret(raw: string): Promise<CryptoKey> {
  return importChecked('raw', decode(raw, 'secret'), 'hmac-sha256', ['sign', 'verify'])
}

async function importChecked(
  format: 'spki' | 'pkcs8' | 'raw',
  bytes: Uint8Array<ArrayBuffer>,
  alg: SignatureAlgorithm,
  usages: ('sign' | 'verify')[],
): Promise<CryptoKey> {
  const algorithm = alg === 'ed25519' ? ED25519 : HMAC_SHA256
  try {
    return await crypto.subtle.importKey(format, bytes, algorithm, false, usages)
  } catch (cause) {
    throw new TypeError(`not a valid ${alg} ${format} key`, { cause })
  }
}

/**
 * Exports an extractable Ed25519 public key as base64 SPKI.
 *
 * @param key The public key.
 * @returns The SPKI bytes, base64.
 * @example
 * ```ts
 * import { exportPublicKey, generateKeyPair } from '@chatapps/signature'
 * const spki = await exportPublicKey((await generateKeyPair('ed25519')).publicKey)
 * ```
 */
export async function exportPublicKey(key: CryptoKey): Promise<string> {
  return exportChecked(key, 'ed25519', 'spki')
}

/**
 * Exports an extractable Ed25519 private key as base64 PKCS#8.
 *
 * @param key The private key.
 * @returns The PKCS#8 bytes, base64.
 * @example
 * ```ts
 * import { exportPrivateKey, generateKeyPair } from '@chatapps/signature'
 * const pkcs8 = await exportPrivateKey((await generateKeyPair('ed25519')).privateKey)
 * ```
 */
export async function exportPrivateKey(key: CryptoKey): Promise<string> {
  return exportChecked(key, 'ed25519', 'pkcs8')
}

/**
 * Exports an extractable HMAC-SHA256 secret as base64 raw bytes.
 *
 * @param key The secret.
 * @returns The raw bytes, base64.
 * @example
 * ```ts
 * import { exportSecret, generateSecret } from '@chatapps/signature'
 * const raw = await exportSecret(await generateSecret())
 * ```
 */
export async function exportSecret(key: CryptoKey): Promise<string> {
  return exportChecked(key, 'hmac-sha256', 'raw')
}

async function exportChecked(
  key: CryptoKey,
  alg: SignatureAlgorithm,
  format: 'spki' | 'pkcs8' | 'raw',
): Promise<string> {
  if (!keyMatches(alg, key)) throw new TypeError(`not an ${alg} key`)
  // Never `jwk` here: always bytes.
  return toBase64(new Uint8Array((await crypto.subtle.exportKey(format, key)) as ArrayBuffer))
}

/**
 * The key given to sign or verify, as a CryptoKey of the algorithm: a string is imported (PKCS#8
 * or SPKI for Ed25519 by `use`, raw for HMAC).
 *
 * @internal
 */
export async function resolveKey(
  alg: SignatureAlgorithm,
  key: CryptoKey | string,
  use: 'sign' | 'verify',
): Promise<CryptoKey> {
  if (typeof key !== 'string') {
    if (!keyMatches(alg, key)) throw new TypeError(`the key is not an ${alg} key`)
    return key
  }
  if (alg === 'hmac-sha256') return importSecret(key)
  return use === 'sign' ? importPrivateKey(key) : importPublicKey(key)
}
