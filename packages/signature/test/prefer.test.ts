import { describe, expect, it } from 'vitest'
import { acceptSignatureFor } from '../src/profile'
import { signRequest } from '../src/sign'
import { keyOptions, POST_COMPONENTS, post, signCustom, verify, withChanges } from './helpers'

const coverage = { ok: false, status: 401, code: 'signature_insufficient_coverage' } as const

describe('Prefer must be covered when it is sent (signing.md)', () => {
  it('a POST carrying Prefer that does not cover it is signature_insufficient_coverage', async () => {
    const signed = await signCustom(post({ prefer: 'respond-async' }))
    expect(await verify(signed)).toStrictEqual(coverage)
  })

  it('Prefer added after signing is signature_insufficient_coverage', async () => {
    const signed = await signRequest(post(), keyOptions())
    const changed = await withChanges(signed, { headers: { prefer: 'respond-async' } })
    expect(await verify(changed)).toStrictEqual(coverage)
  })

  it('a GET carrying Prefer must cover it too', async () => {
    const get = new Request('https://edge.example.com/v1/messages/42', {
      headers: { prefer: 'wait=5' },
    })
    const signed = await signCustom(get, {
      components: ['@method', '@authority', '@path', '@query'],
    })
    expect(await verify(signed)).toStrictEqual(coverage)
  })

  it('signRequest covers prefer whenever the request carries it, and that verifies', async () => {
    const signed = await signRequest(post({ prefer: 'respond-async' }), keyOptions())
    expect(signed.headers.get('signature-input')).toMatch(
      /^sig1=\("@method" "@authority" "@path" "@query" "content-type" "content-digest" "idempotency-key" "prefer"\);/,
    )
    const result = await verify(signed)
    expect(result).toMatchObject({ ok: true, components: [...POST_COMPONENTS, 'prefer'] })
  })

  it('a covered Prefer changed in transit does not verify', async () => {
    const signed = await signRequest(post({ prefer: 'respond-async' }), keyOptions())
    const changed = await withChanges(signed, { headers: { prefer: 'wait=1' } })
    expect(await verify(changed)).toStrictEqual({
      ok: false,
      status: 401,
      code: 'signature_invalid',
    })
  })

  it('without Prefer, prefer is not covered', async () => {
    const signed = await signRequest(post(), keyOptions())
    expect(signed.headers.get('signature-input')).not.toContain('"prefer"')
  })
})

describe('acceptSignatureFor states the profile of the request it answers', () => {
  it('a GET: the four request components only', () => {
    const get = new Request('https://edge.example.com/v1/messages/42')
    expect(acceptSignatureFor(get)).toBe(
      'sig1=("@method" "@authority" "@path" "@query");created;expires;tag="chatapps-v1"',
    )
  })

  it('a POST: the seven components', () => {
    expect(acceptSignatureFor(post())).toBe(
      'sig1=("@method" "@authority" "@path" "@query" "content-type" "content-digest" "idempotency-key");created;expires;tag="chatapps-v1"',
    )
  })

  it('a POST carrying Prefer: prefer as well', () => {
    expect(acceptSignatureFor(post({ prefer: 'respond-async' }))).toBe(
      'sig1=("@method" "@authority" "@path" "@query" "content-type" "content-digest" "idempotency-key" "prefer");created;expires;tag="chatapps-v1"',
    )
  })
})
