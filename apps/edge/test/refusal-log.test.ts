/**
 * A refused signature's log line says which check failed (the answer stays coarse), and holds no
 * secret: neither the signature, nor a key, nor the body.
 */
import { signRequest } from '@chatapps/signature'
import { describe, expect, it } from 'vitest'
import { refusalCheck } from '../src/http/refusal-log'
import {
  captureConsole,
  ED25519_PRIVATE,
  HMAC_SECRET,
  KEYS,
  ORIGIN,
  send,
  textMessage,
} from './helpers'

const logs = captureConsole(() => [ED25519_PRIVATE, HMAC_SECRET])

function post(): Request {
  return new Request(`${ORIGIN}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': `"${crypto.randomUUID()}"` },
    body: JSON.stringify(textMessage('refused')),
  })
}

/** The one `signature_refused` line the request logged. */
async function refusedLine(request: Request): Promise<Record<string, unknown>> {
  const response = await send(request)
  expect(response.status).toBe(401)
  const lines = logs.lines.filter((line) => line.includes('"signature_refused"'))
  expect(lines).toHaveLength(1)
  return JSON.parse(lines[0] ?? '{}') as Record<string, unknown>
}

const now = () => Math.floor(Date.now() / 1000)

describe('the log line of a refused signature', () => {
  it('names an unknown key id', async () => {
    const line = await refusedLine(
      await signRequest(post(), { keyId: 'nobody-1', alg: 'ed25519', key: ED25519_PRIVATE }),
    )
    expect(line).toEqual({
      event: 'signature_refused',
      code: 'signature_invalid',
      check: 'unknown_or_revoked_key',
      keyId: 'nobody-1',
      authority: 'edge.test',
      createdSkewS: expect.any(Number),
    })
    expect(Math.abs(line.createdSkewS as number)).toBeLessThanOrEqual(5)
  })

  it('names a revoked key the same way (D1 holds it revoked)', async () => {
    const line = await refusedLine(
      await signRequest(post(), { keyId: KEYS.revoked, alg: 'hmac-sha256', key: HMAC_SECRET }),
    )
    expect(line.check).toBe('unknown_or_revoked_key')
  })

  it('says when the algorithm is not the key’s', async () => {
    const line = await refusalRequest('hmac-sha256', HMAC_SECRET)
    expect(line.check).toBe('alg_mismatch')
    expect(line.keyId).toBe(KEYS.ed25519)
  })

  it('says when the signature does not verify with the registered key', async () => {
    const signed = await signRequest(post(), {
      keyId: KEYS.ed25519,
      alg: 'ed25519',
      key: ED25519_PRIVATE,
    })
    // Another key's signature: 64 bytes of zeros, well-formed, wrong.
    signed.headers.set('signature', `sig1=:${btoa('\0'.repeat(64))}:`)
    expect((await refusedLine(signed)).check).toBe('bad_signature')
  })

  it('gives the clock skew of a signature too old', async () => {
    const created = now() - 1000
    const line = await refusedLine(
      await signRequest(post(), {
        keyId: KEYS.ed25519,
        alg: 'ed25519',
        key: ED25519_PRIVATE,
        created,
        expires: created + 300,
      }),
    )
    expect(line.check).toBe('created_too_old')
    expect(line.code).toBe('signature_expired')
    expect(line.createdSkewS).toBeGreaterThanOrEqual(1000)
  })

  it('does not echo a key id that is not one', async () => {
    const line = await refusedLine(
      await signRequest(post(), { keyId: 'a b<script>', alg: 'ed25519', key: ED25519_PRIVATE }),
    )
    expect(line.keyId).toBe('(not shown)')
  })
})

async function refusalRequest(alg: 'hmac-sha256', key: string) {
  return refusedLine(await signRequest(post(), { keyId: KEYS.ed25519, alg, key }))
}

describe('refusalCheck', () => {
  const input = (params: string) => `sig1=("@method");${params}`
  it('tells a signature from the future from an expired one', () => {
    expect(refusalCheck('signature_expired', input('created=1100'), undefined, 1000)).toBe(
      'created_in_future',
    )
    expect(refusalCheck('signature_expired', input('created=990'), undefined, 1000)).toBe('expires')
  })
  it('reads a refusal before any key look-up as the authority', () => {
    expect(refusalCheck('signature_invalid', input('alg="ed25519"'), undefined, 0)).toBe(
      'authority_not_allowed',
    )
  })
})
