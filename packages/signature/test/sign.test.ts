import { describe, expect, it } from 'vitest'
import { importPrivateKey, importSecret } from '../src/keys'
import { signRequest } from '../src/sign'
import { BODY, IDEMPOTENCY_KEY, keyOptions, NONCE, NOW, post, URL_POST } from './helpers'

const POST_INPUT =
  'sig1=("@method" "@authority" "@path" "@query" "content-type" "content-digest" "idempotency-key")' +
  `;created=${NOW};expires=${NOW + 120};nonce="${NONCE}";keyid="test-key-ed25519";alg="ed25519";tag="chatapps-v1"`

// The signature base of post() under the profile, written out by hand from RFC 9421 §2.5.
const POST_BASE = [
  '"@method": POST',
  '"@authority": edge.example.com',
  '"@path": /v1/messages',
  '"@query": ?channel=whatsapp',
  '"content-type": application/json',
  '"content-digest": sha-256=:6qulNAN/fPOUqG735J50aX9HKT+DXF6Rnu6WrecxDgM=:',
  `"idempotency-key": "${IDEMPOTENCY_KEY}"`,
  `"@signature-params": ${POST_INPUT.slice('sig1='.length)}`,
].join('\n')

async function bareEd25519(base: string): Promise<string> {
  const key = await importPrivateKey(keyOptions().key)
  const signature = await crypto.subtle.sign('Ed25519', key, new TextEncoder().encode(base))
  return btoa(String.fromCharCode(...new Uint8Array(signature)))
}

describe('signRequest', () => {
  it('adds Content-Digest, Signature-Input and Signature over the hand-written base', async () => {
    const signed = await signRequest(post(), keyOptions())
    expect([...signed.headers]).toStrictEqual([
      ['content-digest', 'sha-256=:6qulNAN/fPOUqG735J50aX9HKT+DXF6Rnu6WrecxDgM=:'],
      ['content-type', 'application/json'],
      ['idempotency-key', `"${IDEMPOTENCY_KEY}"`],
      ['signature', `sig1=:${await bareEd25519(POST_BASE)}:`],
      ['signature-input', POST_INPUT],
    ])
    expect(signed.method).toBe('POST')
    expect(signed.url).toBe(URL_POST)
    expect(await signed.text()).toBe(BODY)
  })

  it('gives an HMAC signature over the same base', async () => {
    const signed = await signRequest(post(), keyOptions('hmac-sha256'))
    const key = await importSecret(keyOptions('hmac-sha256').key)
    const base = POST_BASE.replace(
      'keyid="test-key-ed25519";alg="ed25519"',
      'keyid="test-shared-secret";alg="hmac-sha256"',
    )
    const mac = new Uint8Array(
      await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(base)),
    )
    expect(signed.headers.get('signature')).toBe(`sig1=:${btoa(String.fromCharCode(...mac))}:`)
  })

  it('accepts CryptoKeys as well as base64', async () => {
    const key = await importPrivateKey(keyOptions().key)
    const a = await signRequest(post(), keyOptions())
    const b = await signRequest(post(), { ...keyOptions(), key })
    expect(b.headers.get('signature')).toBe(a.headers.get('signature'))
  })

  it('adds a quoted random UUID Idempotency-Key to a POST that has none', async () => {
    const bare = new Request(URL_POST, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'x',
    })
    const added = await signRequest(bare, keyOptions())
    expect(added.headers.get('idempotency-key')).toMatch(
      /^"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"$/,
    )
    const second = await signRequest(
      new Request(URL_POST, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: 'x',
      }),
      keyOptions(),
    )
    expect(second.headers.get('idempotency-key')).not.toBe(added.headers.get('idempotency-key'))
  })

  it('keeps an Idempotency-Key that is there', async () => {
    const signed = await signRequest(post(), keyOptions())
    expect(signed.headers.get('idempotency-key')).toBe(`"${IDEMPOTENCY_KEY}"`)
  })

  it('signs a POST without a body: digest of no bytes, empty body', async () => {
    const empty = new Request(URL_POST, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    })
    const signed = await signRequest(empty, keyOptions())
    expect(signed.headers.get('content-digest')).toBe(
      'sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:',
    )
    expect(await signed.text()).toBe('')
  })

  it('signs a GET with the four request components and no digest or idempotency key', async () => {
    const get = new Request('https://edge.example.com/v1/messages/42')
    const signed = await signRequest(get, keyOptions())
    expect(signed.headers.get('content-digest')).toBe(null)
    expect(signed.headers.get('idempotency-key')).toBe(null)
    expect(signed.headers.get('signature-input')).toBe(
      `sig1=("@method" "@authority" "@path" "@query");created=${NOW};expires=${NOW + 120}` +
        `;nonce="${NONCE}";keyid="test-key-ed25519";alg="ed25519";tag="chatapps-v1"`,
    )
  })

  it('defaults created to now, expires to created + 300, and a 22-character nonce', async () => {
    const before = Math.floor(Date.now() / 1000)
    const signed = await signRequest(post(), { keyId: 'k', alg: 'ed25519', key: keyOptions().key })
    const after = Math.floor(Date.now() / 1000)
    const input = signed.headers.get('signature-input') ?? ''
    const created = Number(/;created=(\d+)/.exec(input)?.[1])
    expect(created).toBeGreaterThanOrEqual(before)
    expect(created).toBeLessThanOrEqual(after)
    expect(input).toContain(`;expires=${created + 300};`)
    expect(input).toMatch(/;nonce="[A-Za-z0-9_-]{22}";/)
  })

  it.each([
    [
      'a body without Content-Type',
      () => new Request(URL_POST, { method: 'POST', body: new Uint8Array([1]) }),
      {},
    ],
    ['a short nonce', () => post(), { nonce: 'short' }],
    ['a nonce outside base64url', () => post(), { nonce: `${'a'.repeat(22)}=` }],
    ['a decimal created', () => post(), { created: 1.5 }],
    ['an empty key id', () => post(), { keyId: '' }],
    ['a key that is not base64', () => post(), { key: 'not base64!' }],
    ['an ed25519 key that is not PKCS#8', () => post(), { key: 'uzvJfB4u' }],
  ])('throws TypeError for %s', async (_, request, options) => {
    await expect(signRequest(request(), { ...keyOptions(), ...options })).rejects.toThrow(TypeError)
  })

  it('throws TypeError for a CryptoKey of the other algorithm', async () => {
    const key = await importSecret(keyOptions('hmac-sha256').key)
    await expect(signRequest(post(), { ...keyOptions(), key })).rejects.toThrow(TypeError)
  })
})
