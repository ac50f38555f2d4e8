import { describe, expect, it } from 'vitest'
import { contentDigest, streamContentDigest } from '../src/index'
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

describe('streamContentDigest and signing with deferBody', () => {
  it('digests a stream, one chunk at a time, exactly as contentDigest digests the bytes', async () => {
    const chunks = ['{"to":', '"+15550100",', '"text":"hi"}']
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk))
        controller.close()
      },
    })
    expect(await streamContentDigest(stream)).toBe(await contentDigest(BODY))
    expect(await streamContentDigest(new Blob([]).stream())).toBe(
      'sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:',
    )
  })

  it('signs a streamed body without reading it, and the signature verifies with the body', async () => {
    const file = new Blob([BODY])
    const digest = await streamContentDigest(file.stream())
    const signed = await signRequest(post({ 'content-digest': digest }, undefined), {
      ...keyOptions(),
      deferBody: true,
    })
    expect(signed.headers.get('content-digest')).toBe(digest)
    expect(signed.headers.get('signature-input')).toContain('"content-digest"')
    const result = await verify(signed)
    expect(result.ok).toBe(true)
  })

  it('refuses deferBody without a Content-Digest, and a declared digest the body does not match fails verification', async () => {
    await expect(signRequest(post(), { ...keyOptions(), deferBody: true })).rejects.toThrow(
      new TypeError('deferBody needs the request to carry its Content-Digest'),
    )
    const wrong = await contentDigest('something else')
    const signed = await signRequest(post({ 'content-digest': wrong }), {
      ...keyOptions(),
      deferBody: true,
    })
    expect(await verify(signed)).toStrictEqual({ ok: false, status: 401, code: 'digest_mismatch' })
  })
})
