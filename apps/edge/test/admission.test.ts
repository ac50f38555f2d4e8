import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import {
  type AdmitInput,
  CLAIM_LEASE_MS,
  IDEMPOTENCY_RETENTION_MS,
  NONCE_RETENTION_MS,
} from '../src/admission'

const admission = () => env.ADMISSION.get(env.ADMISSION.idFromName(`unit-${crypto.randomUUID()}`))

function input(nonce: string, now: number, idempotencyKey: string | null = 'key-1'): AdmitInput {
  return {
    nonce,
    idempotencyKey,
    fingerprint: 'POST /v1/messages sha-256=:x:',
    ratePerSecond: 1000,
    rateBurst: 1000,
    now,
  }
}

describe('the admission object, at exact times', () => {
  it('an abandoned claim blocks retries for its 60 s lease, then lets one proceed', async () => {
    const stub = admission()
    expect(CLAIM_LEASE_MS).toBe(60_000)
    expect(await stub.admit(input('n1', 0))).toEqual({ kind: 'proceed' })
    // The worker holding the claim died: no completion ever comes.
    expect(await stub.admit(input('n2', 1_000))).toEqual({ kind: 'in_flight', retryAfter: 5 })
    expect(await stub.admit(input('n3', 58_500))).toEqual({ kind: 'in_flight', retryAfter: 2 })
    expect(await stub.admit(input('n4', 59_999))).toEqual({ kind: 'in_flight', retryAfter: 1 })
    expect(await stub.admit(input('n5', 60_000))).toEqual({ kind: 'proceed' })
    // The new claim holds again.
    expect(await stub.admit(input('n6', 60_001))).toEqual({ kind: 'in_flight', retryAfter: 5 })
  })

  it('a finished answer is replayed for 24 h, then forgotten', async () => {
    const stub = admission()
    await stub.admit(input('n1', 0))
    const response = { status: 200, contentType: 'application/json', body: '{"id":"x"}' }
    await stub.complete('key-1', response, 10)
    expect(await stub.admit(input('n2', 10 + IDEMPOTENCY_RETENTION_MS - 1))).toEqual({
      kind: 'replay',
      response,
    })
    expect(await stub.admit(input('n3', 10 + IDEMPOTENCY_RETENTION_MS))).toEqual({
      kind: 'proceed',
    })
  })

  it('a nonce is remembered for 420 s', async () => {
    const stub = admission()
    expect(NONCE_RETENTION_MS).toBe(420_000)
    expect(await stub.admit(input('n1', 0, null))).toEqual({ kind: 'proceed' })
    expect(await stub.admit(input('n1', 419_999, null))).toEqual({ kind: 'nonce_replayed' })
    expect(await stub.admit(input('n1', 420_000, null))).toEqual({ kind: 'proceed' })
  })

  it('a transient failure releases the claim at once', async () => {
    const stub = admission()
    await stub.admit(input('n1', 0))
    await stub.complete('key-1', null, 5)
    expect(await stub.admit(input('n2', 6))).toEqual({ kind: 'proceed' })
  })
})
