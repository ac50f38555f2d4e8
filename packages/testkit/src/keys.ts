/**
 * The development keys of signing.md, which {@link ./stack.ts} registers in the gateway for
 * `demo-subaccount`. They are public test vectors: never use them for anything real.
 *
 * @module
 */

/** The sub-account every development key belongs to. */
export const SUB_ACCOUNT = 'demo-subaccount'
/** RFC 9421 B.1.4 (signing.md): the key id of the public development ed25519 key pair. */
export const ED25519_KEY_ID = 'test-key-ed25519'
/** The development ed25519 public key (SPKI, base64). */
export const ED25519_PUBLIC = 'MCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs='
/** The development ed25519 private key (PKCS #8, base64). */
export const ED25519_PRIVATE = 'MC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF'
/** The ed25519 development key pair again, registered with a low rate limit (2/s, burst 2). */
export const LIMITED_KEY_ID = 'e2e-limited-ed25519'
/** RFC 9421 B.1.5 (signing.md): the key id of the shared HMAC secret. */
export const HMAC_KEY_ID = 'test-shared-secret'
/** The development HMAC-SHA256 secret (base64). */
export const HMAC_SECRET =
  'uzvJfB4u3N0Jy4T7NZ75MDVcr8zSTInedJtkgcu46YW4XByzNJjxBdtjUkdJPBtbmHhIDi6pcl8jsasjlTMtDQ=='

/** The development keys together, as `createClient` options take them. */
export const DEV_KEYS = {
  ed25519: { keyId: ED25519_KEY_ID, key: ED25519_PRIVATE },
  hmac: { keyId: HMAC_KEY_ID, key: HMAC_SECRET },
  limited: { keyId: LIMITED_KEY_ID, key: ED25519_PRIVATE },
} as const
