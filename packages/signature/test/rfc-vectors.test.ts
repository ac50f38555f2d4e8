import { type InnerList, parseDictionary } from 'structured-headers'
import { describe, expect, it } from 'vitest'
import { signBytes, verifySignatureBytes } from '../src/algorithms'
import { fromBase64, toBase64 } from '../src/base64'
import { contentDigest } from '../src/digest'
import { importPrivateKey, importPublicKey, importSecret } from '../src/keys'
import { createSignatureBase, type HttpRequestLike } from '../src/signature-base'
import { ED25519_PRIVATE, ED25519_PUBLIC, HMAC_SECRET, verify } from './helpers'

// RFC 9421 Appendix B.2, the "test-request" message.
const BODY = '{"hello": "world"}'
function testRequest(): HttpRequestLike {
  return {
    method: 'POST',
    url: 'https://example.com/foo?param=Value&Pet=dog',
    headers: new Headers({
      Host: 'example.com',
      Date: 'Tue, 20 Apr 2021 02:07:55 GMT',
      'Content-Type': 'application/json',
      'Content-Digest':
        'sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:',
      'Content-Length': '18',
    }),
  }
}

/** Reads components and parameters from a Signature-Input value, as a verifier does. */
function readInput(signatureInput: string, label: string) {
  const member = parseDictionary(signatureInput).get(label) as InnerList
  return { components: member[0].map(([name]) => name as string), params: member[1] }
}

function signatureBytes(signature: string, label: string): Uint8Array {
  const member = parseDictionary(signature).get(label)
  return new Uint8Array(member?.[0] as ArrayBuffer)
}

describe('RFC 9421 B.2.5, hmac-sha256 with test-shared-secret', () => {
  const input =
    'sig-b25=("date" "@authority" "content-type");created=1618884473;keyid="test-shared-secret"'
  const signature = 'sig-b25=:pxcQw6G3AjtMBQjwo8XzkZf/bws5LelbaMk5rGIGtE8=:'
  const base = [
    '"date": Tue, 20 Apr 2021 02:07:55 GMT',
    '"@authority": example.com',
    '"content-type": application/json',
    '"@signature-params": ("date" "@authority" "content-type");created=1618884473;keyid="test-shared-secret"',
  ].join('\n')

  it('builds the signature base byte for byte', () => {
    const { components, params } = readInput(input, 'sig-b25')
    expect(createSignatureBase(testRequest(), components, params)).toBe(base)
  })

  it('builds the same base from the member as received (a verifier, RFC 9421 §3.2)', () => {
    const { components } = readInput(input, 'sig-b25')
    const member = input.slice('sig-b25='.length)
    expect(createSignatureBase(testRequest(), components, member)).toBe(base)
  })

  it('verifies the signature', async () => {
    const key = await importSecret(HMAC_SECRET)
    expect(
      await verifySignatureBytes('hmac-sha256', key, base, signatureBytes(signature, 'sig-b25')),
    ).toBe(true)
  })

  it('re-signing reproduces the signature', async () => {
    const key = await importSecret(HMAC_SECRET)
    expect(toBase64(await signBytes('hmac-sha256', key, base))).toBe(
      'pxcQw6G3AjtMBQjwo8XzkZf/bws5LelbaMk5rGIGtE8=',
    )
  })
})

describe('RFC 9421 B.2.6, ed25519 with test-key-ed25519', () => {
  const input =
    'sig-b26=("date" "@method" "@path" "@authority" "content-type" "content-length");created=1618884473;keyid="test-key-ed25519"'
  const signatureB64 =
    'wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw=='
  const base = [
    '"date": Tue, 20 Apr 2021 02:07:55 GMT',
    '"@method": POST',
    '"@path": /foo',
    '"@authority": example.com',
    '"content-type": application/json',
    '"content-length": 18',
    '"@signature-params": ("date" "@method" "@path" "@authority" "content-type" "content-length");created=1618884473;keyid="test-key-ed25519"',
  ].join('\n')

  it('builds the signature base byte for byte', () => {
    const { components, params } = readInput(input, 'sig-b26')
    expect(createSignatureBase(testRequest(), components, params)).toBe(base)
  })

  it('builds the same base from the member as received (a verifier, RFC 9421 §3.2)', () => {
    const { components } = readInput(input, 'sig-b26')
    const member = input.slice('sig-b26='.length)
    expect(createSignatureBase(testRequest(), components, member)).toBe(base)
  })

  it('verifies the signature with the B.1.4 public key', async () => {
    const key = await importPublicKey(ED25519_PUBLIC)
    const bytes = signatureBytes(`sig-b26=:${signatureB64}:`, 'sig-b26')
    expect(await verifySignatureBytes('ed25519', key, base, bytes)).toBe(true)
  })

  it('re-signing with the B.1.4 private key reproduces the signature (Ed25519 is deterministic)', async () => {
    const key = await importPrivateKey(ED25519_PRIVATE)
    expect(toBase64(await signBytes('ed25519', key, base))).toBe(signatureB64)
  })

  it('the profile refuses the RFC example: it carries no tag, nonce or expires', async () => {
    const message = testRequest()
    message.headers.delete('content-length')
    message.headers.set('signature-input', input)
    message.headers.set('signature', `sig-b26=:${signatureB64}:`)
    const request = new Request(message.url, {
      method: 'POST',
      headers: message.headers,
      body: BODY,
    })
    expect(await verify(request)).toStrictEqual({
      ok: false,
      status: 401,
      code: 'signature_malformed',
    })
  })
})

describe('RFC 9530 Content-Digest', () => {
  it('gives the sha-256 example for {"hello": "world"}', async () => {
    expect(await contentDigest(new TextEncoder().encode(BODY))).toBe(
      'sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:',
    )
    expect(await contentDigest(BODY)).toBe('sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:')
  })

  it('the B.2 fixture body matches its sha-512 Content-Digest', async () => {
    const hash = new Uint8Array(
      await crypto.subtle.digest('SHA-512', new TextEncoder().encode(BODY)),
    )
    expect(`sha-512=:${toBase64(hash)}:`).toBe(testRequest().headers.get('content-digest'))
  })

  it('round-trips base64 exactly', () => {
    const bytes = fromBase64('X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=')
    expect(bytes?.length).toBe(32)
    expect(toBase64(bytes ?? new Uint8Array())).toBe('X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=')
  })
})
