import { describe, expect, it } from 'vitest'
import {
  exportPrivateKey,
  exportPublicKey,
  exportSecret,
  generateKeyPair,
  generateSecret,
  importPrivateKey,
  importPublicKey,
  importSecret,
} from '../src/keys'
import { signRequest } from '../src/sign'
import { keyOptions, NOW, post, verify } from './helpers'

describe('keys', () => {
  it('a generated Ed25519 pair exports to SPKI and PKCS#8 that sign and verify', async () => {
    const pair = await generateKeyPair('ed25519')
    const spki = await exportPublicKey(pair.publicKey)
    const pkcs8 = await exportPrivateKey(pair.privateKey)
    expect(spki).toMatch(/^MCowBQYDK2VwAyEA[A-Za-z0-9+/]{43}=$/) // 12-byte SPKI prefix + 32 bytes
    expect(pkcs8).toMatch(/^MC4CAQAwBQYDK2VwBCIEI[A-Za-z0-9+/]{43}$/) // 16-byte prefix + 32 bytes
    const signed = await signRequest(post(), { ...keyOptions(), keyId: 'fresh', key: pkcs8 })
    const result = await verify(signed, { lookupKey: async () => ({ alg: 'ed25519', key: spki }) })
    expect(result.ok && result.keyId).toBe('fresh')
    const imported = await importPublicKey(spki)
    expect(await exportPublicKey(pair.publicKey)).toBe(spki)
    expect(imported.type).toBe('public')
  })

  it('a generated secret exports to 32 raw bytes that sign and verify', async () => {
    const raw = await exportSecret(await generateSecret())
    expect(atob(raw).length).toBe(32)
    const signed = await signRequest(post(), { ...keyOptions('hmac-sha256'), keyId: 's', key: raw })
    const key = await importSecret(raw)
    const result = await verify(signed, { lookupKey: async () => ({ alg: 'hmac-sha256', key }) })
    expect(result.ok && result.created).toBe(NOW)
  })

  it('the development keys import', async () => {
    expect((await importPrivateKey(keyOptions().key)).type).toBe('private')
    expect((await importSecret(keyOptions('hmac-sha256').key)).type).toBe('secret')
  })

  it.each([
    ['public', importPublicKey, 'not base64!'],
    ['public', importPublicKey, ''],
    ['public', importPublicKey, 'AAAA'],
    ['private', importPrivateKey, 'MCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs='],
    ['secret', importSecret, 'a b'],
  ])('import of a bad %s key throws TypeError', async (_, importer, text) => {
    await expect(importer(text)).rejects.toThrow(TypeError)
  })

  it('refuses to export a key as the other kind', async () => {
    const pair = await generateKeyPair('ed25519')
    await expect(exportSecret(pair.privateKey)).rejects.toThrow(TypeError)
    await expect(exportPublicKey(await generateSecret())).rejects.toThrow(TypeError)
  })

  it('generateKeyPair refuses another algorithm', async () => {
    const generate = generateKeyPair as (alg: string) => Promise<CryptoKeyPair>
    await expect(generate('rsa')).rejects.toThrow(TypeError)
  })
})
