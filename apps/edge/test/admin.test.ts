import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import type { Bindings } from '../src/bindings'
import { LOCAL_ADMIN_TOKEN } from '../src/config'
import app from '../src/index'
import { captureConsole, HMAC_SECRET, ORIGIN, problem, problemBody, send } from './helpers'

const logs = captureConsole(() => [LOCAL_ADMIN_TOKEN])

/** A fresh active key in D1. */
async function newKey(): Promise<string> {
  const keyId = `admin-test-${crypto.randomUUID()}`
  await env.DB.prepare(
    `INSERT INTO client_keys (key_id, alg, secret, sub_account, status, created_at)
     VALUES (?, 'hmac-sha256', ?, 'demo-subaccount', 'active', 0)`,
  )
    .bind(keyId, HMAC_SECRET)
    .run()
  return keyId
}

function revokeRequest(keyId: string, authorization?: string, method = 'POST'): Request {
  const headers = authorization === undefined ? {} : { authorization }
  return new Request(`${ORIGIN}/admin/keys/${keyId}/revoke`, { method, headers })
}

const bearer = `Bearer ${LOCAL_ADMIN_TOKEN}`

async function statusOf(keyId: string) {
  return env.DB.prepare('SELECT status FROM client_keys WHERE key_id = ?').bind(keyId).first()
}

describe('POST /admin/keys/:keyId/revoke', () => {
  it('revokes in D1 and in the admission object, and says when', async () => {
    const keyId = await newKey()
    const before = Date.now()
    const response = await send(revokeRequest(keyId, bearer))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/json')
    const body = (await response.json()) as { revokedAt: string }
    expect(body).toEqual({ keyId, status: 'revoked', revokedAt: body.revokedAt })
    expect(Date.parse(body.revokedAt)).toBeGreaterThanOrEqual(before)
    expect(await statusOf(keyId)).toEqual({ status: 'revoked' })
    const admission = env.ADMISSION.get(env.ADMISSION.idFromName(keyId))
    expect(
      await admission.admit({
        nonce: 'n',
        idempotencyKey: 'k',
        fingerprint: 'f',
        ratePerSecond: 1,
        rateBurst: 1,
        now: Date.now(),
        leaseMs: 60_000,
      }),
    ).toEqual({ kind: 'revoked' })
  })

  it('without the bearer token, or with another, is 401 admin_unauthorized and revokes nothing', async () => {
    const keyId = await newKey()
    for (const authorization of [
      undefined,
      'Bearer wrong-token-of-some-length',
      LOCAL_ADMIN_TOKEN,
    ]) {
      const response = await send(revokeRequest(keyId, authorization))
      expect(response.status).toBe(401)
      expect(response.headers.get('www-authenticate')).toBe('Bearer')
      expect(response.headers.get('accept-signature')).toBeNull()
      expect(await problem(response)).toEqual(
        problemBody('admin_unauthorized', 401, 'Admin unauthorized'),
      )
    }
    expect(await statusOf(keyId)).toEqual({ status: 'active' })
    // Nothing but each request's own line and metric (src/observability), which name no token.
    expect(logs.lines.map((line) => (JSON.parse(line) as { event: string }).event)).toEqual([
      'request',
      'metric',
      'request',
      'metric',
      'request',
      'metric',
    ])
  })

  it('an unknown key is 404; another method is 405 with Allow', async () => {
    const unknown = await send(revokeRequest('no-such-key', bearer))
    expect(unknown.status).toBe(404)
    expect(await problem(unknown)).toEqual(
      problemBody('not_found', 404, 'Not found', 'No such key.'),
    )
    const get = await send(revokeRequest(await newKey(), bearer, 'GET'))
    expect(get.status).toBe(405)
    expect(get.headers.get('allow')).toBe('POST')
    expect(await problem(get)).toEqual(
      problemBody('method_not_allowed', 405, 'Method not allowed', 'GET is not allowed here.'),
    )
  })

  it('is off (404, as an unknown route) when ADMIN_TOKEN is not set', async () => {
    const keyId = await newKey()
    const ctx = createExecutionContext()
    const bindings = env as unknown as Bindings
    const response = await app.fetch(
      revokeRequest(keyId, bearer),
      { ...bindings, ADMIN_TOKEN: '' },
      ctx,
    )
    await waitOnExecutionContext(ctx)
    expect(response.status).toBe(404)
    expect(await problem(response)).toEqual(
      problemBody('not_found', 404, 'Not found', `No route for /admin/keys/${keyId}/revoke.`),
    )
    expect(await statusOf(keyId)).toEqual({ status: 'active' })
  })
})
