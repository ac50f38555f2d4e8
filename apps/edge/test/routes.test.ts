import { ACCEPT_SIGNATURE } from '@chatapps/signature'
import { describe, expect, it } from 'vitest'
import {
  KEYS,
  ORIGIN,
  problem,
  problemBody,
  send,
  signedGet,
  signedPost,
  textMessage,
} from './helpers'

describe('skeleton', () => {
  it('GET /health answers 200 without a signature', async () => {
    const response = await send(new Request(`${ORIGIN}/health`))
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ status: 'ok' })
  })

  it('an unknown route is 404 not_found', async () => {
    const response = await send(new Request(`${ORIGIN}/nope`))
    expect(response.status).toBe(404)
    expect(await problem(response)).toEqual(
      problemBody('not_found', 404, 'Not found', 'No route for /nope.'),
    )
  })

  it('a wrong method is 405 method_not_allowed with Allow', async () => {
    const response = await send(new Request(`${ORIGIN}/v1/messages`, { method: 'PUT' }))
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe('POST')
    expect(await problem(response)).toEqual(
      problemBody('method_not_allowed', 405, 'Method not allowed', 'PUT is not allowed here.'),
    )
    const get = await send(new Request(`${ORIGIN}/health`, { method: 'POST' }))
    expect(get.status).toBe(405)
    expect(get.headers.get('allow')).toBe('GET, HEAD')
  })
})

describe('cheap checks before the signature', () => {
  it('a body that is not application/json is 415, even unsigned', async () => {
    const response = await send(
      new Request(`${ORIGIN}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: 'hi',
      }),
    )
    expect(response.status).toBe(415)
    expect(await problem(response)).toEqual(
      problemBody(
        'unsupported_media_type',
        415,
        'Unsupported media type',
        'The body must be application/json.',
      ),
    )
  })

  it('a body over 256 KiB is 413 payload_too_large', async () => {
    const big = JSON.stringify(textMessage('x'.repeat(256 * 1024)))
    const response = await send(await signedPost(big))
    expect(response.status).toBe(413)
    expect(await problem(response)).toEqual(
      problemBody('payload_too_large', 413, 'Payload too large', 'The body is over 262144 bytes.'),
    )
  })
})

describe('signature', () => {
  it('no signature is 401 signature_missing with Accept-Signature', async () => {
    const response = await send(
      new Request(`${ORIGIN}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      }),
    )
    expect(response.status).toBe(401)
    expect(response.headers.get('accept-signature')).toBe(ACCEPT_SIGNATURE)
    expect(await problem(response)).toEqual(
      problemBody('signature_missing', 401, 'Signature missing'),
    )
  })

  it('unknown, revoked and tampered keys give byte-identical 401 signature_invalid', async () => {
    const body = JSON.stringify(textMessage())
    const unknown = await signedPost(body, { keyId: 'nobody' })
    const revoked = await signedPost(body, { keyId: KEYS.revoked })
    const tampered = await signedPost(body)
    const headers = new Headers(tampered.headers)
    headers.set('signature', `sig1=:${btoa('x'.repeat(64))}:`)
    const forged = new Request(tampered, { headers })
    const texts: string[] = []
    for (const request of [unknown, revoked, forged]) {
      const response = await send(request)
      expect(response.status).toBe(401)
      expect(response.headers.get('accept-signature')).toBe(ACCEPT_SIGNATURE)
      texts.push(await response.text())
    }
    expect(new Set(texts).size).toBe(1)
    expect(JSON.parse(texts[0] ?? '')).toEqual(
      problemBody('signature_invalid', 401, 'Signature invalid'),
    )
  })

  it('a body that does not match its digest is 401 digest_mismatch', async () => {
    const signed = await signedPost(JSON.stringify(textMessage()))
    const response = await send(
      new Request(signed, { body: JSON.stringify(textMessage('changed')) }),
    )
    expect(response.status).toBe(401)
    expect(await problem(response)).toEqual(
      problemBody('digest_mismatch', 401, 'Content digest mismatch'),
    )
  })

  it('a nonce seen before is 401 signature_replayed', async () => {
    const first = await signedPost(JSON.stringify(textMessage()))
    const copy = first.clone() as Request
    expect((await send(first)).status).toBe(200)
    const response = await send(copy)
    expect(response.status).toBe(401)
    expect(response.headers.get('accept-signature')).toBe(ACCEPT_SIGNATURE)
    expect(await problem(response)).toEqual(
      problemBody('signature_replayed', 401, 'Signature replayed'),
    )
  })

  it('a POST without Idempotency-Key is 400 idempotency_key_invalid', async () => {
    const signed = await signedPost(JSON.stringify(textMessage()))
    const headers = new Headers(signed.headers)
    headers.delete('idempotency-key')
    const response = await send(new Request(signed, { headers }))
    expect(response.status).toBe(400)
    expect(await problem(response)).toEqual(
      problemBody('idempotency_key_invalid', 400, 'Idempotency key missing or invalid'),
    )
  })

  it('a key not allowed a route is 403 forbidden', async () => {
    const response = await send(await signedGet('/v1/messages/abc', KEYS.restricted))
    expect(response.status).toBe(403)
    expect(await problem(response)).toEqual(
      problemBody('forbidden', 403, 'Forbidden', 'This key may not call GET /v1/messages/:id.'),
    )
  })
})
