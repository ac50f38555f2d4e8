import { afterEach, describe, expect, it, vi } from 'vitest'
import { signRequest } from '../src/sign'
import { HMAC_KEY_ID, keyOptions, post, signCustom, verify } from './helpers'

const invalid = { ok: false, status: 401, code: 'signature_invalid' } as const

/** The WebCrypto verifications a call makes, by the algorithm of the key used. */
function countVerifications() {
  const spy = vi.spyOn(crypto.subtle, 'verify')
  return () => spy.mock.calls.map(([, key]) => (key as CryptoKey).algorithm.name)
}

afterEach(() => {
  vi.restoreAllMocks()
})

// signing.md: an unknown key id costs the same verification work as a bad signature.
describe('an unknown key, a wrong alg and a bad signature do the same work', () => {
  it.each(['ed25519', 'hmac-sha256'] as const)(
    'an unknown key id is verified once against a stand-in key of its alg, %s',
    async (alg) => {
      const signed = await signRequest(post(), { ...keyOptions(alg), keyId: 'nobody' })
      const calls = countVerifications()
      expect(await verify(signed)).toStrictEqual(invalid)
      expect(calls()).toStrictEqual([alg === 'ed25519' ? 'Ed25519' : 'HMAC'])
    },
  )

  it('a revoked key (lookupKey answers null) is verified once too', async () => {
    const signed = await signRequest(post(), keyOptions())
    const calls = countVerifications()
    expect(await verify(signed, { lookupKey: async () => null })).toStrictEqual(invalid)
    expect(calls()).toStrictEqual(['Ed25519'])
  })

  it('an alg other than the key record’s is verified once, with the alg asked for', async () => {
    // Signed with the ed25519 key but claiming the HMAC key's id: the record says hmac-sha256.
    const signed = await signCustom(post(), {
      alg: 'ed25519',
      params: new Map<string, string | number>([
        ['created', 1_790_000_000],
        ['expires', 1_790_000_120],
        ['nonce', 'Zr3Q0m6k1v9wT2cXyL8aBQ'],
        ['keyid', HMAC_KEY_ID],
        ['alg', 'ed25519'],
        ['tag', 'chatapps-v1'],
      ]),
    })
    const calls = countVerifications()
    expect(await verify(signed)).toStrictEqual(invalid)
    expect(calls()).toStrictEqual(['Ed25519'])
  })

  it('a known key with a bad signature is verified once', async () => {
    const signed = await signCustom(post(), { tamper: (bytes) => bytes.map((b) => b ^ 1) })
    const calls = countVerifications()
    expect(await verify(signed)).toStrictEqual(invalid)
    expect(calls()).toStrictEqual(['Ed25519'])
  })
})
