import { describe, expect, it } from 'vitest'
import { contentDigest } from '../src/index'
import { signRequest } from '../src/sign'
import { BODY, keyOptions, post, verify } from './helpers'

describe('deferBody', () => {
  it('verifies the signature and leaves the body unread, with the declared digest', async () => {
    const signed = await signRequest(post(), keyOptions())
    const result = await verify(signed, { deferBody: true })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.body).toStrictEqual(new Uint8Array(0))
    expect(result.contentDigest).toBe(await contentDigest(BODY))
    expect(signed.bodyUsed).toBe(false)
    expect(await signed.text()).toBe(BODY)
  })

  it('leaves a body that does not match its digest to the caller, which must check it', async () => {
    const signed = await signRequest(post(), keyOptions())
    const tampered = new Request(signed, { body: '{"to":"+15550199","text":"hi"}' })
    expect((await verify(tampered, { deferBody: true })).ok).toBe(true)
    const result = await verify(new Request(signed, { body: '{"to":"+15550199","text":"hi"}' }), {})
    expect(result).toStrictEqual({ ok: false, status: 401, code: 'digest_mismatch' })
  })

  it('still refuses a signature that does not verify, and a missing digest field', async () => {
    const signed = await signRequest(post(), keyOptions())
    const other = new Request(signed.url.replace('whatsapp', 'sms'), signed)
    expect(await verify(other, { deferBody: true })).toStrictEqual({
      ok: false,
      status: 401,
      code: 'signature_invalid',
    })
    const headers = new Headers(signed.headers)
    headers.delete('content-digest')
    expect(await verify(new Request(signed, { headers }), { deferBody: true })).toMatchObject({
      ok: false,
      code: 'digest_mismatch',
    })
  })
})
