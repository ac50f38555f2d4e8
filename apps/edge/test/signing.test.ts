import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test'
import { ACCEPT_SIGNATURE, signRequest } from '@chatapps/signature'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Bindings } from '../src/bindings'
import { readConfig } from '../src/config'
import { clientKeys } from '../src/db/key-cache'
import app from '../src/index'
import {
  ED25519_PRIVATE,
  HMAC_SECRET,
  KEYS,
  ORIGIN,
  problem,
  problemBody,
  send,
  sendHere,
  signedGet,
  signedPost,
  textMessage,
  upstreamReceived,
} from './helpers'

const GET_PROFILE =
  'sig1=("@method" "@authority" "@path" "@query");created;expires;tag="chatapps-v1"'
const POST_PREFER_PROFILE =
  'sig1=("@method" "@authority" "@path" "@query" "content-type" "content-digest" "idempotency-key" "prefer");created;expires;tag="chatapps-v1"'

afterEach(() => {
  vi.useRealTimers()
})

describe('the Accept-Signature of a 401 states the profile of the request', () => {
  it('GET /v1/messages/:id unsigned: the GET profile, no content-digest or idempotency-key', async () => {
    const response = await send(new Request(`${ORIGIN}/v1/messages/01JX0000000000000000000000`))
    expect(response.status).toBe(401)
    expect(response.headers.get('accept-signature')).toBe(GET_PROFILE)
    expect(await problem(response)).toEqual(
      problemBody('signature_missing', 401, 'Signature missing'),
    )
  })

  it('GET with an unknown key id and a revoked key: the GET profile', async () => {
    for (const keyId of ['nobody-get', KEYS.revoked]) {
      const response = await send(await signedGet('/v1/messages/01JX0000000000000000000000', keyId))
      expect(response.status).toBe(401)
      expect(response.headers.get('accept-signature')).toBe(GET_PROFILE)
      expect(await problem(response)).toEqual(
        problemBody('signature_invalid', 401, 'Signature invalid'),
      )
    }
  })

  it('a POST keeps the seven components; with Prefer, prefer as well', async () => {
    const post = (headers: Record<string, string>) =>
      new Request(`${ORIGIN}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: '{}',
      })
    const plain = await send(post({}))
    expect(plain.headers.get('accept-signature')).toBe(ACCEPT_SIGNATURE)
    const preferring = await send(post({ prefer: 'respond-async' }))
    expect(preferring.headers.get('accept-signature')).toBe(POST_PREFER_PROFILE)
  })
})

describe('Prefer is covered by the signature (signing.md)', () => {
  it('Prefer added after signing is 401 signature_insufficient_coverage; nothing is sent', async () => {
    const marker = crypto.randomUUID()
    const signed = await signedPost(JSON.stringify(textMessage(marker)))
    signed.headers.set('prefer', 'respond-async')
    const response = await send(signed)
    expect(response.status).toBe(401)
    expect(response.headers.get('accept-signature')).toBe(POST_PREFER_PROFILE)
    expect(await problem(response)).toEqual(
      problemBody('signature_insufficient_coverage', 401, 'Signature does not cover enough'),
    )
    expect(await upstreamReceived(marker)).toHaveLength(0)
  })

  it('a covered Prefer is applied', async () => {
    const signed = await signedPost(JSON.stringify(textMessage()), { prefer: 'respond-async' })
    expect(signed.headers.get('signature-input')).toContain('"prefer"')
    const response = await send(signed)
    expect(response.status).toBe(202)
    expect(response.headers.get('preference-applied')).toBe('respond-async')
  })
})

describe('created and expires are integers', () => {
  it('created=N.0 is 401 signature_malformed', async () => {
    const signed = await signedPost(JSON.stringify(textMessage()))
    const input = signed.headers.get('signature-input') ?? ''
    signed.headers.set('signature-input', input.replace(/;created=(\d+)/, ';created=$1.0'))
    const response = await send(signed)
    expect(response.status).toBe(401)
    expect(await problem(response)).toEqual(
      problemBody('signature_malformed', 401, 'Signature malformed'),
    )
  })
})

/** Calls the gateway with extra variables (a fresh env object: readConfig reads it afresh). */
async function withVariables(request: Request, variables: Partial<Bindings>) {
  const ctx = createExecutionContext()
  const response = await app.fetch(request, { ...(env as unknown as Bindings), ...variables }, ctx)
  await waitOnExecutionContext(ctx)
  return response
}

describe('ALLOWED_AUTHORITIES', () => {
  const variables = { ALLOWED_AUTHORITIES: 'edge.test, Edge.Example.Net:8443' }

  it('a request signed for a listed authority proceeds, in any case', async () => {
    const response = await withVariables(await signedGet('/v1/messages/01JX0'), variables)
    expect(response.status).toBe(404)
    const other = await signRequest(
      new Request('https://EDGE.example.net:8443/v1/messages/01JX0'),
      { keyId: KEYS.ed25519, alg: 'ed25519', key: ED25519_PRIVATE },
    )
    expect((await withVariables(other, variables)).status).toBe(404)
  })

  it('a request signed for another authority is 401 signature_invalid, without a key look-up', async () => {
    const before = clientKeys.lookups
    for (const origin of [
      'https://edge.example.net',
      'https://other.test',
      'http://edge.test:8787',
    ]) {
      // A valid signature by a known key, for an authority this deployment does not serve.
      const request = await signRequest(new Request(`${origin}/v1/messages/01JX0`), {
        keyId: KEYS.ed25519,
        alg: 'ed25519',
        key: ED25519_PRIVATE,
      })
      const response = await withVariables(request, variables)
      expect(response.status).toBe(401)
      expect(response.headers.get('accept-signature')).toBe(GET_PROFILE)
      expect(await problem(response)).toEqual(
        problemBody('signature_invalid', 401, 'Signature invalid'),
      )
    }
    expect(clientKeys.lookups).toBe(before)
  })

  it('is read once and validated: production requires it, placeholders and default ports are refused', () => {
    const base = { DB: env.DB, CHATAPPS_API_KEY: 'k' } as unknown as Bindings
    const config = (values: Partial<Bindings>) => readConfig({ ...base, ...values })
    expect(
      config({ ALLOWED_AUTHORITIES: ' Edge.Acme.COM ,127.0.0.1:8787,[::1]:8787' })
        .allowedAuthorities,
    ).toEqual(['edge.acme.com', '127.0.0.1:8787', '[::1]:8787'])
    expect(config({}).allowedAuthorities).toBeUndefined()
    expect(config({ ALLOWED_AUTHORITIES: '' }).allowedAuthorities).toBeUndefined()
    expect(
      config({ ENVIRONMENT: 'production', ALLOWED_AUTHORITIES: 'edge.acme.com' })
        .allowedAuthorities,
    ).toEqual(['edge.acme.com'])
    for (const values of [
      { ENVIRONMENT: 'production' },
      { ENVIRONMENT: 'production', ALLOWED_AUTHORITIES: 'chatapps-edge.example.com' },
      { ENVIRONMENT: 'staging', ALLOWED_AUTHORITIES: 'edge.acme.com,edge-staging.example.com' },
      { ALLOWED_AUTHORITIES: 'https://edge.acme.com' },
      { ALLOWED_AUTHORITIES: 'edge.acme.com/v1' },
      { ALLOWED_AUTHORITIES: 'edge.acme.com:443' },
      { ALLOWED_AUTHORITIES: 'edge.acme.com:70000' },
      { ALLOWED_AUTHORITIES: 'edge.acme.com,' },
      { ALLOWED_AUTHORITIES: 'user@edge.acme.com' },
    ]) {
      expect(() => config(values), JSON.stringify(values)).toThrow(
        /^invalid configuration: allowedAuthorities(\.\d+)?$/,
      )
    }
  })
})

describe('the console’s Access settings', () => {
  it('staging and production refuse wrangler.jsonc’s placeholder team; a real one is read', () => {
    const base = { DB: env.DB, CHATAPPS_API_KEY: 'k' } as unknown as Bindings
    const config = (values: Partial<Bindings>) => readConfig({ ...base, ...values })
    const access = {
      CONSOLE_ACCESS_TEAM_DOMAIN: 'example.cloudflareaccess.com',
      CONSOLE_ACCESS_AUD: 'replace-with-the-access-application-aud',
    }
    for (const ENVIRONMENT of ['staging', 'production'])
      expect(() =>
        config({ ENVIRONMENT, ALLOWED_AUTHORITIES: 'edge.acme.com', ...access }),
      ).toThrow(/^invalid configuration: consoleAccess\.teamDomain$/)
    expect(
      config({
        ENVIRONMENT: 'production',
        ALLOWED_AUTHORITIES: 'edge.acme.com',
        CONSOLE_ACCESS_TEAM_DOMAIN: 'acme.cloudflareaccess.com',
        CONSOLE_ACCESS_AUD: 'aud-1',
      }).consoleAccess,
    ).toEqual({
      teamDomain: 'acme.cloudflareaccess.com',
      audience: 'aud-1',
      jwksUrl: 'https://acme.cloudflareaccess.com/cdn-cgi/access/certs',
    })
  })
})

describe('unknown key ids cost no D1 query per request (signing.md, Outcomes)', () => {
  it('a second request with the same unknown key id makes no D1 query, and answers the same', async () => {
    vi.setSystemTime(Date.now())
    const keyId = `unknown-${crypto.randomUUID()}`
    const before = clientKeys.lookups
    const texts: string[] = []
    for (let i = 0; i < 3; i++) {
      const response = await sendHere(await signedPost(JSON.stringify(textMessage()), { keyId }))
      expect(response.status).toBe(401)
      texts.push(await response.text())
    }
    expect(clientKeys.lookups - before).toBe(1)
    expect(new Set(texts).size).toBe(1)
    expect(JSON.parse(texts[0] ?? '')).toEqual(
      problemBody('signature_invalid', 401, 'Signature invalid'),
    )
  })

  it('a key added to D1 is usable once the 5 s memory of unknown ids has passed', async () => {
    const start = Date.now()
    vi.setSystemTime(start)
    const keyId = `added-later-${crypto.randomUUID()}`
    expect(
      (await sendHere(await signedPost(JSON.stringify(textMessage()), { keyId }))).status,
    ).toBe(401)
    await env.DB.prepare(
      `INSERT INTO client_keys (key_id, alg, secret, sub_account, status, created_at)
       VALUES (?, 'hmac-sha256', ?, 'demo-subaccount', 'active', 0)`,
    )
      .bind(keyId, HMAC_SECRET)
      .run()
    vi.setSystemTime(start + 4_999)
    expect(
      (await sendHere(await signedPost(JSON.stringify(textMessage()), { keyId }))).status,
    ).toBe(401)
    vi.setSystemTime(start + 5_000)
    expect(
      (await sendHere(await signedPost(JSON.stringify(textMessage()), { keyId }))).status,
    ).toBe(200)
  })

  it('a revoked key id is remembered as unknown too', async () => {
    vi.setSystemTime(Date.now())
    const first = await sendHere(
      await signedPost(JSON.stringify(textMessage()), { keyId: KEYS.revoked }),
    )
    expect(first.status).toBe(401)
    const before = clientKeys.lookups
    const again = await sendHere(
      await signedPost(JSON.stringify(textMessage()), { keyId: KEYS.revoked }),
    )
    expect(again.status).toBe(401)
    expect(clientKeys.lookups).toBe(before)
  })

  it('past 50 unknown ids a second, look-ups are shed with 503 unavailable and Retry-After', async () => {
    // A second of its own, so other tests' look-ups do not share its budget.
    vi.setSystemTime(Math.ceil(Date.now() / 1000) * 1000 + 2_000)
    const before = clientKeys.lookups
    const statuses: number[] = []
    for (let i = 0; i < 50; i++) {
      const keyId = `flood-${i}-${crypto.randomUUID()}`
      statuses.push((await sendHere(await signedPost('{}', { keyId }))).status)
    }
    expect(new Set(statuses)).toEqual(new Set([401]))
    expect(clientKeys.lookups - before).toBe(50)
    const shed = await sendHere(await signedPost('{}', { keyId: `flood-${crypto.randomUUID()}` }))
    expect(shed.status).toBe(503)
    expect(shed.headers.get('retry-after')).toBe('1')
    expect(await problem(shed)).toEqual(problemBody('unavailable', 503, 'Service unavailable'))
    // A key this isolate holds is not affected; the next second the budget is back.
    expect((await sendHere(await signedPost(JSON.stringify(textMessage())))).status).toBe(200)
    expect(clientKeys.lookups - before).toBe(50)
    vi.setSystemTime(Date.now() + 1_000)
    const next = await sendHere(await signedPost('{}', { keyId: `flood-${crypto.randomUUID()}` }))
    expect(next.status).toBe(401)
  })
})
