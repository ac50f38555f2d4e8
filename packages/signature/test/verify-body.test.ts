import { describe, expect, it } from 'vitest'
import { signRequest } from '../src/sign'
import { BODY, IDEMPOTENCY_KEY, keyOptions, post, signCustom, verify, withChanges } from './helpers'

const digestMismatch = { ok: false, status: 401, code: 'digest_mismatch' } as const
const idempotencyInvalid = { ok: false, status: 400, code: 'idempotency_key_invalid' } as const
const tooLarge = { ok: false, status: 413, code: 'payload_too_large' } as const

/** A body stream that never ends, counting the bytes it handed out and whether it was cancelled. */
function endlessBody(chunkBytes: number) {
  const state = { pulled: 0, cancelled: false }
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      state.pulled += chunkBytes
      controller.enqueue(new Uint8Array(chunkBytes).fill(0x61))
    },
    cancel() {
      state.cancelled = true
    },
  })
  return { stream, state }
}

/** A request with a stream body (Node's fetch wants `duplex: 'half'` for it). */
function streamed(signed: Request, stream: ReadableStream<Uint8Array>): Request {
  const headers = new Headers(signed.headers)
  headers.delete('content-length')
  const init = { method: 'POST', headers, body: stream, duplex: 'half' }
  return new Request(signed.url, init as RequestInit)
}

describe('401 digest_mismatch', () => {
  it('a body changed after signing', async () => {
    const signed = await signRequest(post(), keyOptions())
    const changed = await withChanges(signed, { body: BODY.replace('hi', 'ho') })
    expect(await verify(changed)).toStrictEqual(digestMismatch)
  })

  it('a body with one byte more', async () => {
    const signed = await signRequest(post(), keyOptions())
    expect(await verify(await withChanges(signed, { body: `${BODY} ` }))).toStrictEqual(
      digestMismatch,
    )
  })

  it('a body emptied after signing', async () => {
    const signed = await signRequest(post(), keyOptions())
    expect(await verify(await withChanges(signed, { body: '' }))).toStrictEqual(digestMismatch)
  })

  it('Content-Digest missing on a body', async () => {
    const signed = await signRequest(post(), keyOptions())
    const changed = await withChanges(signed, { headers: { 'content-digest': null } })
    expect(await verify(changed)).toStrictEqual(digestMismatch)
  })

  it.each([
    [
      'no sha-256 member',
      'sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:',
    ],
    ['a sha-256 of 31 bytes', `sha-256=:${btoa('x'.repeat(31))}:`],
    ['a sha-256 that is a string', 'sha-256="X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE="'],
    ['not a dictionary', 'X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE='],
  ])('Content-Digest with %s', async (_, digest) => {
    const signed = await signCustom(post({ 'content-digest': digest }))
    expect(await verify(signed)).toStrictEqual(digestMismatch)
  })

  it('accepts a Content-Digest with sha-512 next to sha-256, checking sha-256', async () => {
    const digest = 'sha-512=:AAAA:, sha-256=:6qulNAN/fPOUqG735J50aX9HKT+DXF6Rnu6WrecxDgM=:'
    const result = await verify(await signCustom(post({ 'content-digest': digest })))
    expect(result.ok && result.contentDigest).toBe(
      'sha-256=:6qulNAN/fPOUqG735J50aX9HKT+DXF6Rnu6WrecxDgM=:',
    )
  })
})

describe('400 idempotency_key_invalid', () => {
  it('missing on a POST', async () => {
    const signed = await signRequest(post(), keyOptions())
    const changed = await withChanges(signed, { headers: { 'idempotency-key': null } })
    expect(await verify(changed)).toStrictEqual(idempotencyInvalid)
  })

  it.each([
    ['a token, not a string', IDEMPOTENCY_KEY.replace(/^\d/, 'k')],
    ['an empty string', '""'],
    ['256 characters', `"${'k'.repeat(256)}"`],
    ['with parameters', `"${IDEMPOTENCY_KEY}";v=1`],
    ['two keys', `"a", "b"`],
    ['an unterminated string', '"abc'],
  ])('%s', async (_, value) => {
    const signed = await signCustom(post({ 'idempotency-key': value }))
    expect(await verify(signed)).toStrictEqual(idempotencyInvalid)
  })

  it('a malformed key on a GET', async () => {
    const get = new Request('https://edge.example.com/v1/messages/1', {
      headers: { 'idempotency-key': 'x y' },
    })
    const signed = await signRequest(get, keyOptions())
    expect(await verify(signed)).toStrictEqual(idempotencyInvalid)
  })

  it('accepts 255 printable characters', async () => {
    const key = `${'k'.repeat(200)} !#$%&'()*+,-./:;<=>?@[]^_\`{|}~${'z'.repeat(24)}`
    expect(key.length).toBe(255)
    const value = `"${key}"`
    const result = await verify(await signCustom(post({ 'idempotency-key': value })))
    expect(result.ok && result.idempotencyKey).toBe(key)
  })

  it('accepts an escaped quote and backslash', async () => {
    const result = await verify(await signCustom(post({ 'idempotency-key': '"a\\"b\\\\c"' })))
    expect(result.ok && result.idempotencyKey).toBe('a"b\\c')
  })
})

describe('413 payload_too_large', () => {
  it('a declared Content-Length over the cap, without reading the body', async () => {
    const signed = await signRequest(post(), keyOptions())
    const { stream, state } = endlessBody(1024)
    const request = streamed(signed, stream)
    const headers = new Headers(request.headers)
    headers.set('content-length', String(256 * 1024 + 1))
    const declared = new Request(request.url, {
      method: 'POST',
      headers,
      body: stream,
      duplex: 'half',
    } as RequestInit)
    expect(await verify(declared)).toStrictEqual(tooLarge)
    expect(state.pulled).toBeLessThanOrEqual(1024)
  })

  it('a body over 256 KiB by default', async () => {
    const big = `"${'x'.repeat(256 * 1024)}"`
    const signed = await signRequest(post({}, big), keyOptions())
    expect(await verify(signed)).toStrictEqual(tooLarge)
  })

  it('accepts a body of exactly the cap', async () => {
    const body = 'x'.repeat(1000)
    const signed = await signRequest(post({}, body), keyOptions())
    const result = await verify(signed, { maxBodyBytes: 1000 })
    expect(result.ok && result.body.byteLength).toBe(1000)
  })

  it('rejects one byte over the cap', async () => {
    const signed = await signRequest(post({}, 'x'.repeat(1001)), keyOptions())
    expect(await verify(signed, { maxBodyBytes: 1000 })).toStrictEqual(tooLarge)
  })

  it('an endless stream is read incrementally and cancelled past the cap', async () => {
    const signed = await signRequest(post(), keyOptions())
    const { stream, state } = endlessBody(16 * 1024)
    expect(await verify(streamed(signed, stream))).toStrictEqual(tooLarge)
    expect(state.cancelled).toBe(true)
    // Read up to the cap plus one chunk, and at most a few chunks queued ahead: never unbounded.
    expect(state.pulled).toBeLessThanOrEqual(256 * 1024 + 4 * 16 * 1024)
  })

  it('reads no body before the signature verifies', async () => {
    const signed = await signRequest(post(), { ...keyOptions(), keyId: 'nobody' })
    const { stream, state } = endlessBody(16 * 1024)
    expect(await verify(streamed(signed, stream))).toStrictEqual({
      ok: false,
      status: 401,
      code: 'signature_invalid',
    })
    expect(state.pulled).toBeLessThanOrEqual(16 * 1024)
  })
})
