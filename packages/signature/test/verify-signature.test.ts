import { describe, expect, it } from 'vitest'
import { signRequest } from '../src/sign'
import {
  BODY,
  ED_KEY_ID,
  ED25519_PUBLIC,
  HMAC_KEY_ID,
  HMAC_SECRET,
  IDEMPOTENCY_KEY,
  keyOptions,
  NONCE,
  NOW,
  POST_COMPONENTS,
  post,
  profileParams,
  signCustom,
  verify,
  withChanges,
} from './helpers'

const malformed = { ok: false, status: 401, code: 'signature_malformed' } as const
const invalid = { ok: false, status: 401, code: 'signature_invalid' } as const
const expired = { ok: false, status: 401, code: 'signature_expired' } as const
const coverage = { ok: false, status: 401, code: 'signature_insufficient_coverage' } as const
const missing = { ok: false, status: 401, code: 'signature_missing' } as const

describe('a valid request', () => {
  it.each(['ed25519', 'hmac-sha256'] as const)(
    'verifies, %s, with the whole result',
    async (alg) => {
      const result = await verify(await signRequest(post(), keyOptions(alg)))
      expect(result).toStrictEqual({
        ok: true,
        keyId: alg === 'ed25519' ? ED_KEY_ID : HMAC_KEY_ID,
        alg,
        created: NOW,
        expires: NOW + 120,
        nonce: NONCE,
        idempotencyKey: IDEMPOTENCY_KEY,
        contentDigest: 'sha-256=:6qulNAN/fPOUqG735J50aX9HKT+DXF6Rnu6WrecxDgM=:',
        body: new TextEncoder().encode(BODY),
        components: [...POST_COMPONENTS],
        keyRecord: {
          alg,
          key: alg === 'ed25519' ? ED25519_PUBLIC : HMAC_SECRET,
        },
      })
    },
  )

  it('verifies a GET without a body, covering the four request components', async () => {
    const get = new Request('https://edge.example.com/v1/messages/42', { method: 'GET' })
    const result = await verify(await signRequest(get, keyOptions()))
    expect(result).toStrictEqual({
      ok: true,
      keyId: ED_KEY_ID,
      alg: 'ed25519',
      created: NOW,
      expires: NOW + 120,
      nonce: NONCE,
      idempotencyKey: null,
      contentDigest: null,
      body: new Uint8Array(0),
      components: ['@method', '@authority', '@path', '@query'],
      keyRecord: { alg: 'ed25519', key: ED25519_PUBLIC },
    })
  })

  it('accepts header names in another case', async () => {
    const signed = await signRequest(
      new Request('https://EDGE.Example.COM/v1/messages', {
        method: 'POST',
        headers: { 'CONTENT-TYPE': 'application/json', 'Idempotency-KEY': `"${IDEMPOTENCY_KEY}"` },
        body: BODY,
      }),
      keyOptions(),
    )
    const upper = new Headers()
    for (const [name, value] of signed.headers) upper.set(name.toUpperCase(), value)
    const result = await verify(await withChanges(signed, { headers: Object.fromEntries(upper) }))
    expect(result.ok).toBe(true)
  })

  it('accepts more components than required, in any order', async () => {
    const signed = await signCustom(post({ date: 'Tue, 20 Apr 2021 02:07:55 GMT' }), {
      components: ['date', ...[...POST_COMPONENTS].reverse()],
    })
    const result = await verify(signed)
    expect(result.ok && result.components).toStrictEqual([
      'date',
      ...[...POST_COMPONENTS].reverse(),
    ])
  })
})

describe('401 signature_missing', () => {
  it.each(['signature', 'signature-input'])('without %s', async (name) => {
    const signed = await signRequest(post(), keyOptions())
    expect(await verify(await withChanges(signed, { headers: { [name]: null } }))).toStrictEqual(
      missing,
    )
  })

  it('without either', async () => {
    expect(await verify(post())).toStrictEqual(missing)
  })
})

describe('401 signature_malformed', () => {
  it.each([
    ['signature-input', 'sig1=("@method"'],
    ['signature-input', 'sig1=:AAAA:'],
    ['signature-input', '('],
    ['signature', 'sig1=("@method")'],
    ['signature', 'sig1=:not base64:'],
    ['signature', 'sig1="text"'],
  ])('an unparseable or mistyped %s: %s', async (name, value) => {
    const signed = await signRequest(post(), keyOptions())
    expect(await verify(await withChanges(signed, { headers: { [name]: value } }))).toStrictEqual(
      malformed,
    )
  })

  it('several labels', async () => {
    const signed = await signRequest(post(), keyOptions())
    const input = signed.headers.get('signature-input') ?? ''
    const signature = signed.headers.get('signature') ?? ''
    const twice = await withChanges(signed, {
      headers: {
        'signature-input': `${input}, ${input.replace('sig1=', 'sig2=')}`,
        signature: `${signature}, ${signature.replace('sig1=', 'sig2=')}`,
      },
    })
    expect(await verify(twice)).toStrictEqual(malformed)
  })

  it('a duplicated Signature-Input line', async () => {
    const signed = await signRequest(post(), keyOptions())
    const headers = new Headers(signed.headers)
    headers.append('signature-input', signed.headers.get('signature-input') ?? '')
    const request = new Request(signed.url, { method: 'POST', headers, body: BODY })
    expect(request.headers.get('signature-input')).toContain('tag="chatapps-v1", sig1=(')
    expect(await verify(request)).toStrictEqual(malformed)
  })

  it('a duplicated Signature line', async () => {
    const signed = await signRequest(post(), keyOptions())
    const headers = new Headers(signed.headers)
    headers.append('signature', signed.headers.get('signature') ?? '')
    expect(
      await verify(new Request(signed.url, { method: 'POST', headers, body: BODY })),
    ).toStrictEqual(malformed)
  })

  it('a label other than sig1', async () => {
    expect(await verify(await signCustom(post(), { label: 'sig2' }))).toStrictEqual(malformed)
  })

  it('a comma inside a quoted string is not a second label', async () => {
    const signed = await signCustom(post(), { params: profileParams({ note: 'a, b="c"' }) })
    expect((await verify(signed)).ok).toBe(true)
  })

  it('a wrong tag', async () => {
    const signed = await signCustom(post(), { params: profileParams({ tag: 'chatapps-v2' }) })
    expect(await verify(signed)).toStrictEqual(malformed)
  })

  it.each(['created', 'expires', 'nonce', 'keyid', 'alg', 'tag'])('a missing %s', async (name) => {
    const signed = await signCustom(post(), { params: profileParams({ [name]: undefined }) })
    expect(await verify(signed)).toStrictEqual(malformed)
  })

  it.each([
    ['created', 'now'],
    ['created', -1],
    ['expires', 1.5],
    ['keyid', 42],
    ['alg', 7],
  ])('%s of the wrong type: %s', async (name, value) => {
    const signed = await signCustom(post(), { params: profileParams({ [name]: value }) })
    expect(await verify(signed)).toStrictEqual(malformed)
  })

  it.each([
    ['21 characters', 'A'.repeat(21)],
    ['129 characters', 'A'.repeat(129)],
    ['not base64url', `${'A'.repeat(21)}+`],
    ['padded', `${'A'.repeat(22)}==`],
  ])('a nonce %s', async (_, nonce) => {
    const signed = await signCustom(post(), { params: profileParams({ nonce }) })
    expect(await verify(signed)).toStrictEqual(malformed)
  })

  it.each([22, 128])('a nonce of %i characters is accepted', async (length) => {
    const nonce = 'n'.repeat(length)
    const result = await verify(await signCustom(post(), { params: profileParams({ nonce }) }))
    expect(result.ok && result.nonce).toBe(nonce)
  })

  it('an upper-case component name', async () => {
    const signed = await signRequest(post(), keyOptions())
    const input = (signed.headers.get('signature-input') ?? '').replace(
      '"content-type"',
      '"Content-Type"',
    )
    expect(
      await verify(await withChanges(signed, { headers: { 'signature-input': input } })),
    ).toStrictEqual(malformed)
  })

  it('a component listed twice', async () => {
    const signed = await signRequest(post(), keyOptions())
    const input = (signed.headers.get('signature-input') ?? '').replace(
      '"@path"',
      '"@path" "@path"',
    )
    expect(
      await verify(await withChanges(signed, { headers: { 'signature-input': input } })),
    ).toStrictEqual(malformed)
  })

  it('a component with parameters', async () => {
    const signed = await signRequest(post(), keyOptions())
    const input = (signed.headers.get('signature-input') ?? '').replace('"@query"', '"@query";req')
    expect(
      await verify(await withChanges(signed, { headers: { 'signature-input': input } })),
    ).toStrictEqual(malformed)
  })
})

describe('401 signature_insufficient_coverage', () => {
  it.each(POST_COMPONENTS)('a POST that does not cover %s', async (left) => {
    const signed = await signCustom(post(), {
      components: POST_COMPONENTS.filter((c) => c !== left),
    })
    expect(await verify(signed)).toStrictEqual(coverage)
  })

  it.each(['@method', '@authority', '@path', '@query'])(
    'a GET that does not cover %s',
    async (left) => {
      const get = new Request('https://edge.example.com/v1/messages/42?x=1')
      const components = ['@method', '@authority', '@path', '@query'].filter((c) => c !== left)
      expect(await verify(await signCustom(get, { components }))).toStrictEqual(coverage)
    },
  )
})

describe('401 signature_expired', () => {
  const at = (created: number, expires: number) =>
    signRequest(post(), { ...keyOptions(), created, expires })

  it.each([
    ['created 301 s old', NOW - 301, NOW - 1],
    ['created 301 s old, expires still ahead', NOW - 301, NOW + 1],
    ['created 61 s ahead', NOW + 61, NOW + 120],
    ['expires before created', NOW, NOW - 10],
    ['expires equal to created', NOW, NOW],
    ['expires now', NOW - 10, NOW],
    ['a window over 300 s', NOW - 10, NOW + 291],
  ])('%s', async (_, created, expires) => {
    expect(await verify(await at(created, expires))).toStrictEqual(expired)
  })

  it.each([
    ['created 299 s old', NOW - 299, NOW + 1],
    ['created 59 s ahead', NOW + 59, NOW + 120],
    ['created 60 s ahead', NOW + 60, NOW + 360],
    ['a window of exactly 300 s', NOW, NOW + 300],
  ])('accepts %s', async (_, created, expires) => {
    const result = await verify(await at(created, expires))
    expect(result.ok && [result.created, result.expires]).toStrictEqual([created, expires])
  })

  it('takes now as a Date too', async () => {
    const signed = await at(NOW - 301, NOW - 1)
    expect(await verify(signed, { now: new Date(NOW * 1000) })).toStrictEqual(expired)
  })
})

describe('401 signature_invalid', () => {
  it('an unknown key id', async () => {
    const signed = await signRequest(post(), { ...keyOptions(), keyId: 'nobody' })
    expect(await verify(signed)).toStrictEqual(invalid)
  })

  it('a revoked key (lookupKey gives null)', async () => {
    const signed = await signRequest(post(), keyOptions())
    expect(await verify(signed, { lookupKey: async () => null })).toStrictEqual(invalid)
  })

  it('an alg that differs from the key record', async () => {
    const signed = await signCustom(post(), { params: profileParams({ alg: 'hmac-sha256' }) })
    expect(await verify(signed)).toStrictEqual(invalid)
  })

  it.each(['hmac-sha256', 'ed25519'])(
    'an HMAC made with the Ed25519 public key as secret, claiming alg %s',
    async (claimed) => {
      const signed = await signRequest(post(), {
        keyId: ED_KEY_ID,
        alg: 'hmac-sha256',
        key: ED25519_PUBLIC,
        created: NOW,
        expires: NOW + 120,
        nonce: NONCE,
      })
      const input = (signed.headers.get('signature-input') ?? '').replace(
        'alg="hmac-sha256"',
        `alg="${claimed}"`,
      )
      const request = await withChanges(signed, { headers: { 'signature-input': input } })
      expect(await verify(request)).toStrictEqual(invalid)
    },
  )

  it.each(['ed25519', 'hmac-sha256'] as const)('a flipped bit in the %s signature', async (alg) => {
    const tamper = (s: Uint8Array) => s.map((byte, i) => (i === 10 ? byte ^ 0x01 : byte))
    expect(await verify(await signCustom(post(), { alg, tamper }))).toStrictEqual(invalid)
  })

  it.each([
    ['ed25519', 63],
    ['ed25519', 65],
    ['ed25519', 0],
    ['ed25519', 32],
    ['hmac-sha256', 31],
    ['hmac-sha256', 33],
    ['hmac-sha256', 64],
  ] as const)('a %s signature of %i bytes', async (alg, length) => {
    const tamper = (s: Uint8Array) => {
      const out = new Uint8Array(length)
      out.set(s.subarray(0, length))
      return out
    }
    expect(await verify(await signCustom(post(), { alg, tamper }))).toStrictEqual(invalid)
  })

  it('content-type changed after signing', async () => {
    const signed = await signRequest(post(), keyOptions())
    const changed = await withChanges(signed, { headers: { 'content-type': 'text/plain' } })
    expect(await verify(changed)).toStrictEqual(invalid)
  })

  it('a query added after signing', async () => {
    const signed = await signRequest(
      new Request('https://edge.example.com/v1/messages', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: BODY,
      }),
      keyOptions(),
    )
    const changed = await withChanges(signed, { url: 'https://edge.example.com/v1/messages?dry=1' })
    expect(await verify(changed)).toStrictEqual(invalid)
  })

  it('a body and its Content-Digest both changed after signing', async () => {
    const signed = await signRequest(post(), keyOptions())
    const changed = await withChanges(signed, {
      body: '{"hello": "world"}',
      headers: { 'content-digest': 'sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:' },
    })
    expect(await verify(changed)).toStrictEqual(invalid)
  })

  it('a covered component missing from the request', async () => {
    const signed = await signCustom(post({ date: 'Tue, 20 Apr 2021 02:07:55 GMT' }), {
      components: ['date', ...POST_COMPONENTS],
    })
    expect(await verify(await withChanges(signed, { headers: { date: null } }))).toStrictEqual(
      invalid,
    )
  })

  it('an authority not allowed', async () => {
    const signed = await signRequest(post(), keyOptions())
    expect(await verify(signed, { allowedAuthorities: ['api.example.com'] })).toStrictEqual(invalid)
  })

  it('an allowed authority passes, case-insensitively', async () => {
    const signed = await signRequest(post(), keyOptions())
    expect((await verify(signed, { allowedAuthorities: ['EDGE.example.com'] })).ok).toBe(true)
  })

  it('a key record whose key is not a key of its alg', async () => {
    const signed = await signRequest(post(), keyOptions())
    const lookupKey = async () => ({ alg: 'ed25519' as const, key: 'bm90IGEga2V5' })
    expect(await verify(signed, { lookupKey })).toStrictEqual(invalid)
  })
})
