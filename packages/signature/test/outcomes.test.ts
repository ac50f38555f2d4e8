import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ACCEPT_SIGNATURE, OUTCOMES, PROFILE_LIMITS } from '../src/index'
import { signRequest } from '../src/sign'
import { keyOptions, post, verify, withChanges } from './helpers'

describe('the outcome table', () => {
  it('holds every row of signing.md, with its status and a title', () => {
    const rows = Object.fromEntries(
      Object.entries(OUTCOMES).map(([code, row]) => [code, row.status]),
    )
    expect(rows).toStrictEqual({
      signature_missing: 401,
      signature_malformed: 401,
      signature_insufficient_coverage: 401,
      signature_expired: 401,
      signature_invalid: 401,
      digest_mismatch: 401,
      idempotency_key_invalid: 400,
      payload_too_large: 413,
      signature_replayed: 401,
      idempotency_key_reused: 422,
      idempotency_key_in_flight: 409,
      unavailable: 503,
      forbidden: 403,
      rate_limited: 429,
    })
    for (const row of Object.values(OUTCOMES)) expect(row.title.length).toBeGreaterThan(0)
    expect(Object.isFrozen(OUTCOMES)).toBe(true)
  })

  it('Accept-Signature states what the profile requires', () => {
    expect(ACCEPT_SIGNATURE).toBe(
      'sig1=("@method" "@authority" "@path" "@query" "content-type" "content-digest" "idempotency-key")' +
        ';created;expires;tag="chatapps-v1"',
    )
  })

  it('the limits are the profile’s', () => {
    expect(PROFILE_LIMITS).toStrictEqual({
      maxAgeSeconds: 300,
      maxFutureSeconds: 60,
      maxWindowSeconds: 300,
      nonceRetentionSeconds: 420,
      nonceMinLength: 22,
      nonceMaxLength: 128,
      idempotencyKeyMaxLength: 255,
      maxBodyBytes: 262144,
    })
  })
})

describe('verifyRequest never throws for what a caller sends', () => {
  const printable = fc.string({
    unit: fc.constantFrom(...' !"#$%&\'()*+,-./09:;<=>?@AZ[\\]^_`az{|}~'),
    maxLength: 80,
  })

  it('any Signature-Input, Signature, Content-Digest and Idempotency-Key give a 4xx', async () => {
    const signed = await signRequest(post(), keyOptions())
    const template = {
      input: signed.headers.get('signature-input') ?? '',
      signature: signed.headers.get('signature') ?? '',
    }
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          'signature-input': fc.oneof(
            printable,
            fc.constant(template.input),
            printable.map((s) => template.input + s),
          ),
          signature: fc.oneof(
            printable,
            fc.constant(template.signature),
            printable.map((s) => `sig1=:${s}:`),
          ),
          'content-digest': fc.oneof(
            printable,
            printable.map((s) => `sha-256=:${s}:`),
          ),
          'idempotency-key': printable,
        }),
        async (headers) => {
          const request = await withChanges(post(), { headers })
          const result = await verify(request)
          expect(result.ok).toBe(false)
          expect(result.ok === false && [400, 401, 413].includes(result.status)).toBe(true)
        },
      ),
      { numRuns: 200 },
    )
  })
})
