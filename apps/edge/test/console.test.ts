/**
 * The operator's console (`/console`): who may use it (the admin token's session, Cloudflare
 * Access's JWT), its Content-Security-Policy, each page's content, that no secret is rendered,
 * and its actions: a dead letter replayed and delivered, a key revoked and refused.
 */
import {
  createExecutionContext,
  createMessageBatch,
  env,
  waitOnExecutionContext,
} from 'cloudflare:test'
import { signRequest } from '@chatapps/signature'
import { sign } from 'hono/jwt'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { app } from '../src/app'
import { deliverCallbacks } from '../src/callbacks/consumer'
import type { CallbackJob } from '../src/callbacks/events'
import { LOCAL_ADMIN_TOKEN, readConfig } from '../src/config'
import { verifyAccessJwt } from '../src/console/access-jwt'
import {
  forgetAccessKeys,
  JWKS_FETCH_TIMEOUT_MS,
  JWKS_REFETCH_MS,
  JWKS_STALE_MS,
  JWKS_TTL_MS,
  JWKS_WAIT_STEP_MS,
} from '../src/console/access-keys'
import { LOGIN_MAX_BYTES } from '../src/console/routes'
import { recordDeliveryAttempt } from '../src/db/attempts'
import { CANCEL_UNKNOWN_REASON } from '../src/db/messages/cancel'
import { acceptMessages, markExhausted } from '../src/db/messages/delivery'
import { replayDeadLetters } from '../src/db/messages/replay'
import { recordSyncFailure, replaceChannelTemplates } from '../src/db/templates'
import type { DeliveryJob } from '../src/delivery/jobs'
import { replay } from '../src/delivery/replay'
import { contactOf, contactSettings } from '../src/objects/contact/client'
import { storeReceipt } from '../src/receipts/intake'
import {
  API_KEY,
  ED25519_PRIVATE,
  ED25519_PUBLIC,
  flushRecords,
  HMAC_SECRET,
  KEYS,
  ORIGIN,
  receiptOf,
  send,
  sendHere,
  signedPost,
  textMessage,
  upstreamReceived,
} from './helpers'

const CALLBACK_SECRET = 'whsec_Y29uc29sZS10ZXN0LWNhbGxiYWNrLXNlY3JldC0xMjM0NTY='
/** Staging and production refuse wrangler.jsonc's short local webhook value (src/config.ts). */
const STRONG_WEBHOOK_AUTHORIZATION = `Bearer ${'w'.repeat(40)}`
/** Every secret the deployment holds: no page may show one. */
const SECRETS = [API_KEY, LOCAL_ADMIN_TOKEN, HMAC_SECRET, CALLBACK_SECRET]

/** A console page or action through the gateway of this worker, with the session cookie. */
async function consoleRequest(
  path: string,
  init: { cookie?: string; method?: string; form?: Record<string, string | string[]> } = {},
): Promise<Response> {
  const headers = new Headers()
  if (init.cookie !== undefined) headers.set('cookie', init.cookie)
  let body: string | undefined
  if (init.form !== undefined) {
    const params = new URLSearchParams()
    for (const [name, value] of Object.entries(init.form)) {
      for (const one of [value].flat()) params.append(name, one)
    }
    body = params.toString()
    headers.set('content-type', 'application/x-www-form-urlencoded')
    headers.set('origin', ORIGIN)
  }
  const response = await sendHere(
    new Request(`${ORIGIN}${path}`, {
      method: init.method ?? (body === undefined ? 'GET' : 'POST'),
      headers,
      ...(body === undefined ? {} : { body }),
      redirect: 'manual',
    }),
  )
  const text = await response.clone().text()
  for (const secret of SECRETS) expect(text).not.toContain(secret)
  for (const value of response.headers.values()) {
    for (const secret of SECRETS) expect(value).not.toContain(secret)
  }
  return response
}

/** Signs in with the admin token; the session cookie. */
async function signIn(): Promise<string> {
  const response = await consoleRequest('/console/login', { form: { token: LOCAL_ADMIN_TOKEN } })
  expect(response.status).toBe(303)
  expect(response.headers.get('location')).toBe('/console/messages')
  const cookie = response.headers.get('set-cookie') ?? ''
  expect(cookie).toMatch(
    /^chatapps_console=v1\.\d{13}\.[A-Za-z0-9_-]{43}; Max-Age=28800; Path=\/console; HttpOnly; Secure; SameSite=Strict$/,
  )
  return cookie.split(';')[0] ?? ''
}

/** The CSRF token a page's forms carry. */
function csrfOf(html: string): string {
  const token = /name="csrf" value="([^"]+)"/.exec(html)?.[1]
  if (token === undefined) throw new Error('no CSRF token on the page')
  return token
}

/** Records an asynchronous message of `keyId` (never sent), as the send route would. */
async function accepted(
  keyId: string,
  options: { recipient?: string; text?: string; createdAt?: number; clientMessageId?: string } = {},
): Promise<string> {
  const id = crypto.randomUUID()
  const message = { ...textMessage(options.text), clientMessageId: id }
  if (options.recipient !== undefined) message.user = { msisdn: options.recipient }
  await acceptMessages(env.DB, [
    {
      id,
      keyId,
      idempotencyKey: `idem-${id}`,
      clientMessageId: options.clientMessageId ?? `cmid-${id}`,
      subAccount: 'demo-subaccount',
      payload: JSON.stringify(message),
      createdAt: options.createdAt ?? Date.now(),
      recipient: message.user.msisdn,
    },
  ])
  return id
}

let cookie = ''
beforeAll(async () => {
  cookie = await signIn()
})

describe('console access with the admin token', () => {
  it('a page without a session redirects to the login form; a POST is 401', async () => {
    const page = await consoleRequest('/console/messages')
    expect(page.status).toBe(303)
    expect(page.headers.get('location')).toBe('/console/login')
    const post = await consoleRequest('/console/dead-letters/replay', { form: { id: 'x' } })
    expect(post.status).toBe(401)
    expect(await post.text()).toBe('Not signed in.')
  })

  it('the login form refuses another token (401, no cookie) and a forged cookie is no session', async () => {
    const form = await consoleRequest('/console/login')
    expect(form.status).toBe(200)
    expect(await form.text()).toContain(
      '<form method="post" action="/console/login"><label>Admin token <input type="password" name="token" autocomplete="current-password"/></label> <button type="submit">Sign in</button></form>',
    )
    const wrong = await consoleRequest('/console/login', { form: { token: 'not-the-admin-token' } })
    expect(wrong.status).toBe(401)
    expect(wrong.headers.get('set-cookie')).toBeNull()
    expect(await wrong.text()).toContain(
      '<p class="notice error" role="status">That is not the admin token.</p>',
    )
    const forged = `chatapps_console=v1.${Date.now() + 3_600_000}.${'A'.repeat(43)}`
    const page = await consoleRequest('/console/messages', { cookie: forged })
    expect(page.status).toBe(303)
  })

  it('the login form is read up to LOGIN_MAX_BYTES: one byte more, or megabytes streamed, is 413', async () => {
    const login = (body: BodyInit) =>
      sendHere(
        new Request(`${ORIGIN}/console/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
          body,
          redirect: 'manual',
        }),
      )
    const form = (size: number) => {
      const start = `token=${LOCAL_ADMIN_TOKEN}&pad=`
      return start + 'x'.repeat(size - start.length)
    }
    expect(LOGIN_MAX_BYTES).toBe(4096)
    const atCap = await login(form(LOGIN_MAX_BYTES))
    expect(atCap.status).toBe(303)
    expect(atCap.headers.get('location')).toBe('/console/messages')
    for (const body of [
      form(LOGIN_MAX_BYTES + 1),
      // Chunked, no Content-Length: 8 MiB offered, refused after the first chunks.
      new ReadableStream<Uint8Array>({
        start(controller) {
          const chunk = new TextEncoder().encode(form(64 * 1024))
          for (let index = 0; index < 128; index += 1) controller.enqueue(chunk)
          controller.close()
        },
      }),
    ]) {
      const refused = await login(body)
      expect(refused.status).toBe(413)
      expect(refused.headers.get('set-cookie')).toBeNull()
      expect(await refused.text()).toBe('Refused: a login form is at most 4096 bytes.')
    }
  })

  it('a notice is a code shown as its fixed sentence; free text or an unknown code shows nothing', async () => {
    const notices = async (query: string) => {
      const html = await (await consoleRequest(`/console/keys?${query}`, { cookie })).text()
      return [...html.matchAll(/<p class="notice[^"]*" role="status">([^<]*)<\/p>/g)].map(
        (match) => match[1],
      )
    }
    expect(await notices('done=key-added&error=key-taken')).toEqual([
      'Added the key.',
      'That key id is taken (key ids are never reused).',
    ])
    expect(await notices('done=Revoke%20acme-prod%20now%2C%20it%20leaked.')).toEqual([])
    expect(await notices('error=Call%20%2B1%20555%200100%20to%20restore%20access.')).toEqual([])
    // Own codes only, and each in its own table.
    expect(await notices('done=constructor&error=toString')).toEqual([])
    expect(await notices('done=key-taken&error=key-added')).toEqual([])
  })

  it('a POST without the CSRF token, or from another origin, is refused', async () => {
    const missing = await consoleRequest('/console/dead-letters/replay', {
      cookie,
      form: { id: 'x' },
    })
    expect(missing.status).toBe(403)
    expect(await missing.text()).toBe('Refused: the form is stale or not from this console.')
    const page = await consoleRequest('/console/keys', { cookie })
    const csrf = csrfOf(await page.text())
    const crossSite = await sendHere(
      new Request(`${ORIGIN}/console/dead-letters/replay`, {
        method: 'POST',
        headers: {
          cookie,
          origin: 'https://attacker.test',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ csrf, id: 'x' }).toString(),
      }),
    )
    expect(crossSite.status).toBe(403)
    expect(await crossSite.text()).toBe('Refused: a cross-site request.')
  })

  it('answers with a strict CSP whose nonce is the stylesheet’s, and no-store', async () => {
    const response = await consoleRequest('/console/messages', { cookie })
    expect(response.status).toBe(200)
    const policy = response.headers.get('content-security-policy') ?? ''
    const nonce = /style-src 'nonce-([A-Za-z0-9+/=_-]+)'/.exec(policy)?.[1]
    expect(nonce).toBeDefined()
    expect(policy).toBe(
      `default-src 'none'; style-src 'nonce-${nonce}'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
    )
    const html = await response.text()
    expect(html).toContain(`<style nonce="${nonce}">`)
    expect(html).not.toContain('<script')
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN')
    const again = await consoleRequest('/console/messages', { cookie })
    expect(again.headers.get('content-security-policy')).not.toBe(policy)
  })
})

describe('console access behind Cloudflare Access', () => {
  const TEAM = 'chatapps-test.cloudflareaccess.com'
  const AUD = 'b1f0c0ffee-console-aud'
  const JWKS_URL = `https://${TEAM}/cdn-cgi/access/certs`
  const accessEnv = {
    ...env,
    CONSOLE_ACCESS_TEAM_DOMAIN: TEAM,
    CONSOLE_ACCESS_AUD: AUD,
    CONSOLE_ACCESS_JWKS_URL: JWKS_URL,
    // Access alone: no admin token sign-in.
    ADMIN_TOKEN: '',
  }
  let privateJwk: JsonWebKey & { kid: string }
  let otherJwk: JsonWebKey & { kid: string }
  let jwksFetches = 0
  let jwksFailing = false
  /** The next fetch of the keys never answers (its request was cancelled). */
  let jwksHanging = false

  async function rsaKey(kid: string) {
    const pair = (await crypto.subtle.generateKey(
      {
        name: 'RSASSA-PKCS1-v1_5',
        modulusLength: 2048,
        publicExponent: new Uint8Array([1, 0, 1]),
        hash: 'SHA-256',
      },
      true,
      ['sign', 'verify'],
    )) as CryptoKeyPair
    const privateKey = (await crypto.subtle.exportKey('jwk', pair.privateKey)) as JsonWebKey
    const publicKey = (await crypto.subtle.exportKey('jwk', pair.publicKey)) as JsonWebKey
    return {
      private: { ...privateKey, kid, alg: 'RS256' },
      public: { kty: publicKey.kty, n: publicKey.n, e: publicKey.e, kid, alg: 'RS256', use: 'sig' },
    }
  }

  beforeAll(async () => {
    const access = await rsaKey('access-key-1')
    // Another key under the same kid: its signatures must not verify.
    const other = await rsaKey('access-key-1')
    privateJwk = access.private
    otherJwk = other.private
    const original = globalThis.fetch
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const url = input instanceof Request ? input.url : String(input)
      if (url !== JWKS_URL) return original(input, init)
      jwksFetches += 1
      if (jwksHanging) return new Promise<Response>(() => {})
      if (jwksFailing) return new Response('unavailable', { status: 503 })
      return Response.json({ keys: [access.public], public_cert: { kid: 'access-key-1' } })
    })
  })
  afterEach(() => {
    forgetAccessKeys()
    jwksFailing = false
  })

  const now = () => Math.floor(Date.now() / 1000)
  const claims = (extra: Record<string, unknown> = {}) => ({
    aud: [AUD],
    email: 'ops@acme.test',
    sub: '7335d417-61da-459d-899c-0a01c76a2f94',
    iss: `https://${TEAM}`,
    iat: now(),
    nbf: now() - 5,
    exp: now() + 600,
    type: 'app',
    ...extra,
  })

  async function withJwt(token: string | undefined): Promise<Response> {
    const headers = new Headers()
    if (token !== undefined) headers.set('cf-access-jwt-assertion', token)
    const ctx = createExecutionContext()
    const response = await app.fetch(
      new Request(`${ORIGIN}/console/messages`, { headers, redirect: 'manual' }),
      accessEnv,
      ctx,
    )
    await waitOnExecutionContext(ctx)
    return response
  }

  it('no token is 401', async () => {
    const response = await withJwt(undefined)
    expect(response.status).toBe(401)
    expect(await response.text()).toBe('Not signed in: sign in through Cloudflare Access.')
  })

  it('a malformed token, another key’s signature, a wrong audience or issuer, an expired token: 401', async () => {
    const refused = [
      'not.a.jwt',
      await sign(claims(), otherJwk, 'RS256'),
      await sign(claims({ aud: ['another-application'] }), privateJwk, 'RS256'),
      await sign(claims({ iss: 'https://other-team.cloudflareaccess.com' }), privateJwk, 'RS256'),
      await sign(claims({ exp: now() - 120 }), privateJwk, 'RS256'),
    ]
    for (const token of refused) {
      const response = await withJwt(token)
      expect(response.status).toBe(401)
      expect(await response.text()).toBe('Not signed in: Access token refused.')
    }
  })

  const settings = { teamDomain: TEAM, audience: AUD, jwksUrl: JWKS_URL }
  /** A moment of our clock, in ms, and the token times around it, in s. */
  const T = Date.UTC(2026, 11, 1, 12)
  const at = (seconds: number) => T / 1000 + seconds
  const timed = (extra: Record<string, unknown>) =>
    sign({ ...claims(), iat: at(0), nbf: at(0), exp: at(600), ...extra }, privateJwk, 'RS256')

  it('a token must carry exp; its times hold within 60 s of our clock', async () => {
    const noExp = await sign(
      { aud: [AUD], iss: `https://${TEAM}`, email: 'ops@acme.test' },
      privateJwk,
      'RS256',
    )
    expect(await verifyAccessJwt(noExp, settings, T)).toBeNull()
    const ok = { name: 'ops@acme.test' }
    // Issued by a clock 30 s ahead of ours, or expired 30 s ago by ours: within the skew.
    expect(await verifyAccessJwt(await timed({ iat: at(30), nbf: at(30) }), settings, T)).toEqual(
      ok,
    )
    expect(await verifyAccessJwt(await timed({ exp: at(-30) }), settings, T)).toEqual(ok)
    expect(await verifyAccessJwt(await timed({ nbf: at(61) }), settings, T)).toBeNull()
    expect(await verifyAccessJwt(await timed({ iat: at(61) }), settings, T)).toBeNull()
    expect(await verifyAccessJwt(await timed({ exp: at(-60) }), settings, T)).toBeNull()
    expect(await verifyAccessJwt(await timed({ exp: 'later' }), settings, T)).toBeNull()
  })

  it('when the keys cannot be fetched, those in memory serve for an hour past their time', async () => {
    jwksFetches = 0
    const token = await timed({ exp: at(3 * 3600) })
    const ok = { name: 'ops@acme.test' }
    expect(await verifyAccessJwt(token, settings, T)).toEqual(ok)
    jwksFailing = true
    // Past their 10 minutes: the fetch fails, the keys serve; no fetch again for 30 s.
    expect(await verifyAccessJwt(token, settings, T + JWKS_TTL_MS)).toEqual(ok)
    expect(await verifyAccessJwt(token, settings, T + JWKS_TTL_MS + JWKS_REFETCH_MS - 1)).toEqual(
      ok,
    )
    expect(jwksFetches).toBe(2)
    expect(await verifyAccessJwt(token, settings, T + JWKS_TTL_MS + JWKS_REFETCH_MS)).toEqual(ok)
    expect(jwksFetches).toBe(3)
    await expect(verifyAccessJwt(token, settings, T + JWKS_TTL_MS + JWKS_STALE_MS)).rejects.toThrow(
      'JWKS answered 503',
    )
    // Fetched again: fresh keys for another 10 minutes.
    jwksFailing = false
    expect(await verifyAccessJwt(token, settings, T + JWKS_TTL_MS + JWKS_STALE_MS + 1)).toEqual(ok)
    expect(jwksFetches).toBe(5)
  })

  it('the keys come from the team domain over https, or the configuration is refused', () => {
    for (const url of [
      `http://${TEAM}/cdn-cgi/access/certs`,
      'https://keys.attacker.test/cdn-cgi/access/certs',
      `https://${TEAM}.attacker.test/certs`,
    ]) {
      expect(() => readConfig({ ...accessEnv, CONSOLE_ACCESS_JWKS_URL: url })).toThrow(
        'invalid configuration: consoleAccess.jwksUrl',
      )
    }
    expect(readConfig(accessEnv).consoleAccess).toEqual(settings)
  })

  it('a good token opens the console, named by its email; the keys are fetched once', async () => {
    jwksFetches = 0
    const token = await sign(claims(), privateJwk, 'RS256')
    const first = await withJwt(token)
    expect(first.status).toBe(200)
    expect(await first.text()).toContain('<span class="who">ops@acme.test</span>')
    expect((await withJwt(token)).status).toBe(200)
    expect(jwksFetches).toBe(1)
  })

  it('concurrent requests with no keys in memory share one fetch of them, and each is let in', async () => {
    jwksFetches = 0
    const token = await sign(claims(), privateJwk, 'RS256')
    const answers = await Promise.all(Array.from({ length: 8 }, () => withJwt(token)))
    expect(answers.map((response) => response.status)).toEqual(Array(8).fill(200))
    for (const response of answers) {
      expect(await response.text()).toContain('<span class="who">ops@acme.test</span>')
    }
    expect(jwksFetches).toBe(1)
  })

  it('a shared fetch that fails fails the requests that waited for it; the next request fetches again', async () => {
    jwksFetches = 0
    jwksFailing = true
    const token = await sign(claims(), privateJwk, 'RS256')
    const answers = await Promise.all(Array.from({ length: 4 }, () => withJwt(token)))
    for (const response of answers) {
      expect(response.status).toBe(503)
      expect(await response.text()).toBe('Cloudflare Access keys unavailable; try again.')
    }
    expect(jwksFetches).toBe(1)
    jwksFailing = false
    expect((await withJwt(token)).status).toBe(200)
    expect(jwksFetches).toBe(2)
  })

  it('a fetch that never settles (its request cancelled) is waited for, then taken over', async () => {
    jwksFetches = 0
    const token = await sign(claims(), privateJwk, 'RS256')
    vi.useFakeTimers({ toFake: ['setTimeout'] })
    try {
      jwksHanging = true
      void verifyAccessJwt(token, settings)
      jwksHanging = false
      const waiting = verifyAccessJwt(token, settings)
      await vi.advanceTimersByTimeAsync(JWKS_FETCH_TIMEOUT_MS)
      expect(jwksFetches).toBe(1)
      // Its wait runs out a little after the longest fetch: it fetches for itself.
      await vi.advanceTimersByTimeAsync(20 * JWKS_WAIT_STEP_MS)
      expect(await waiting).toEqual({ name: 'ops@acme.test' })
      expect(jwksFetches).toBe(2)
    } finally {
      vi.useRealTimers()
    }
  })

  it('requests of the built gateway, each in its own request context, share one fetch of the keys', async () => {
    // The built gateway's Access (vitest.config.ts); its JWKS is test/callback-recorder.mjs.
    const { teamDomain, audience } = env.TEST_GATEWAY_ACCESS
    const key = await rsaKey('gateway-key-1')
    const stored = await fetch('http://recorder/__jwks', {
      method: 'PUT',
      body: JSON.stringify({ keys: [key.public] }),
    })
    expect(stored.status).toBe(204)
    const token = await sign(
      { ...claims(), aud: [audience], iss: `https://${teamDomain}` },
      key.private,
      'RS256',
    )
    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        send(
          new Request(`${ORIGIN}/console/messages`, {
            headers: { 'cf-access-jwt-assertion': token },
            redirect: 'manual',
          }),
        ),
      ),
    )
    expect(answers.map((response) => response.status)).toEqual(Array(8).fill(200))
    for (const response of answers) {
      expect(await response.text()).toContain('<span class="who">ops@acme.test</span>')
    }
    const fetched = await fetch('http://recorder/__recorded?path=/cdn-cgi/access/certs')
    const { requests } = (await fetched.json()) as { requests: { url: string }[] }
    expect(requests.map((request) => request.url)).toEqual([
      `https://${teamDomain}/cdn-cgi/access/certs`,
    ])
  })

  it('in staging the admin token opens nothing: 404 without Access, 401 with it', async () => {
    const staging = {
      ...env,
      ENVIRONMENT: 'staging',
      WEBHOOK_AUTHORIZATION: STRONG_WEBHOOK_AUTHORIZATION,
    }
    const ask = async (path: string, bindings: object, init: RequestInit = {}) => {
      const ctx = createExecutionContext()
      const response = await app.fetch(
        new Request(`${ORIGIN}${path}`, { ...init, redirect: 'manual' }),
        bindings,
        ctx,
      )
      await waitOnExecutionContext(ctx)
      return response
    }
    const login = {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
      body: new URLSearchParams({ token: LOCAL_ADMIN_TOKEN }).toString(),
    }
    const withoutAccess = await ask('/console/login', staging, login)
    expect(withoutAccess.status).toBe(404)
    expect(withoutAccess.headers.get('set-cookie')).toBeNull()
    expect((await ask('/console/login', staging)).status).toBe(404)
    expect((await ask('/console/messages', staging, { headers: { cookie } })).status).toBe(404)
    const withAccess = {
      ...accessEnv,
      ENVIRONMENT: 'staging',
      WEBHOOK_AUTHORIZATION: STRONG_WEBHOOK_AUTHORIZATION,
      ADMIN_TOKEN: LOCAL_ADMIN_TOKEN,
    }
    expect((await ask('/console/login', withAccess, login)).status).toBe(404)
    const page = await ask('/console/messages', withAccess, { headers: { cookie } })
    expect(page.status).toBe(401)
    expect(await page.text()).toBe('Not signed in: sign in through Cloudflare Access.')
  })

  it('in production, without Access settings, the console does not exist', async () => {
    const ctx = createExecutionContext()
    const response = await app.fetch(
      new Request(`${ORIGIN}/console/messages`, { headers: { cookie }, redirect: 'manual' }),
      {
        ...env,
        ENVIRONMENT: 'production',
        WEBHOOK_AUTHORIZATION: STRONG_WEBHOOK_AUTHORIZATION,
        ADMIN_TOKEN: 'a-production-admin-token-of-length',
        ALLOWED_AUTHORITIES: 'edge.test',
      },
      ctx,
    )
    await waitOnExecutionContext(ctx)
    expect(response.status).toBe(404)
  })
})

describe('the messages page', () => {
  it('searches by key, recipient, state, clientMessageId and time, a page at a time', async () => {
    const keyId = `console-search-${crypto.randomUUID().slice(0, 8)}`
    const base = Date.UTC(2026, 10, 1, 12, 0, 0)
    const ids: string[] = []
    for (let index = 0; index < 52; index += 1) {
      ids.push(
        await accepted(keyId, {
          recipient: index === 0 ? '+15550000001' : '+15550000002',
          createdAt: base + index * 1000,
          clientMessageId: `order-${index}`,
        }),
      )
    }
    await markExhausted(env.DB, [ids[1] ?? ''], base + 99_000)

    const first = await consoleRequest(`/console/messages?keyId=${keyId}`, { cookie })
    const firstHtml = await first.text()
    expect(first.status).toBe(200)
    expect(firstHtml.match(/<tr><td>2026-/g)).toHaveLength(50)
    // Newest first: the last created leads.
    expect(firstHtml).toContain(
      `<tr><td>2026-11-01T12:00:51.000Z</td><td><a href="/console/messages/${ids[51]}"><code>${ids[51]}</code></a></td><td>${keyId}</td><td>+15550000002</td><td>order-51</td><td>—</td><td class="state-accepted">accepted</td><td>0</td></tr>`,
    )
    const older = /<a href="([^"]+)" rel="next">Older messages<\/a>/.exec(firstHtml)?.[1]
    expect(older).toBe(`/console/messages?keyId=${keyId}&amp;cursor=${base + 2000}.${ids[2]}`)
    const second = await consoleRequest((older ?? '').replace('&amp;', '&'), { cookie })
    const secondHtml = await second.text()
    expect(secondHtml.match(/<tr><td>2026-/g)).toHaveLength(2)
    expect(secondHtml).not.toContain('rel="next"')

    const byRecipient = await (
      await consoleRequest(`/console/messages?keyId=${keyId}&recipient=%2B15550000001`, { cookie })
    ).text()
    expect(byRecipient.match(/<tr><td>2026-/g)).toHaveLength(1)
    expect(byRecipient).toContain(`<code>${ids[0]}</code>`)

    const failed = await (
      await consoleRequest(`/console/messages?keyId=${keyId}&state=failed`, { cookie })
    ).text()
    expect(failed.match(/<tr><td>2026-/g)).toHaveLength(1)
    expect(failed).toContain(`<code>${ids[1]}</code>`)
    expect(failed).toContain('<option value="failed" selected="">failed</option>')

    const byReference = await (
      await consoleRequest(`/console/messages?clientMessageId=order-7&keyId=${keyId}`, { cookie })
    ).text()
    expect(byReference.match(/<tr><td>2026-/g)).toHaveLength(1)

    const inRange = await (
      await consoleRequest(
        `/console/messages?keyId=${keyId}&from=2026-11-01T12:00:10Z&to=2026-11-01T12:00:20Z`,
        { cookie },
      )
    ).text()
    expect(inRange.match(/<tr><td>2026-/g)).toHaveLength(10)

    const byId = await (await consoleRequest(`/console/messages?id=${ids[3]}`, { cookie })).text()
    expect(byId.match(/<tr><td>2026-/g)).toHaveLength(1)

    const bad = await consoleRequest('/console/messages?from=yesterday', { cookie })
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain('A time is ISO 8601 or milliseconds.')
  })
})

describe('the message page', () => {
  it('shows every callback attempt with the client’s answer, and a synchronous send’s one attempt', async () => {
    await env.DB.prepare(
      "UPDATE client_keys SET callback_url = 'https://hooks.acme.test/cb', callback_secret = ? WHERE key_id = 'test-shared-secret'",
    )
      .bind(CALLBACK_SECRET)
      .run()
    const id = await accepted('test-shared-secret')
    const job: CallbackJob = {
      keyId: 'test-shared-secret',
      webhookId: `msg_${id}_delivered`,
      body: JSON.stringify({
        type: 'message.status',
        timestamp: '2026-12-01T00:00:00.000Z',
        data: { id },
      }),
    }
    const answers = [500, 204]
    for (const [index, status] of answers.entries()) {
      const batch = createMessageBatch<CallbackJob>('chatapps-callbacks', [
        { id: `cb-${index}`, timestamp: new Date(), attempts: index + 1, body: job },
      ])
      await deliverCallbacks(batch, {
        db: env.DB,
        config: readConfig(env),
        fetch: async () => new Response(null, { status }),
        now: () => Date.UTC(2026, 11, 1, 0, 0, index),
      })
    }
    const html = await (await consoleRequest(`/console/messages/${id}`, { cookie })).text()
    expect(html).toContain(
      `<tr><td><code>msg_${id}_delivered</code></td><td>1</td><td>message.status</td><td>2026-12-01T00:00:00.000Z</td><td class="outcome-refused">refused</td><td>500</td></tr>`,
    )
    expect(html).toContain(
      `<tr><td><code>msg_${id}_delivered</code></td><td>2</td><td>message.status</td><td>2026-12-01T00:00:01.000Z</td><td class="outcome-delivered">delivered</td><td>204</td></tr>`,
    )
    expect(html).toContain('<h2>Delivery attempts</h2><p>No attempt recorded yet.</p>')

    const unknown = await consoleRequest('/console/messages/no-such-message', { cookie })
    expect(unknown.status).toBe(404)
    expect(await unknown.text()).toContain('<p>No message has the id no-such-message.</p>')
  })

  it('shows a cancel with no known outcome while the state is one it would have ended', async () => {
    const id = await accepted('test-shared-secret')
    const at = Date.UTC(2026, 11, 1, 0, 0, 7)
    await env.DB.prepare(
      `UPDATE messages SET umid = ?, status = 'queued', status_rank = 2, cancel_unknown_at = ?
        WHERE id = ?`,
    )
      .bind(`umid-${id}`, at, id)
      .run()
    const line = `<dt>Cancel</dt><dd>outcome unknown since 2026-12-01T00:00:07.000Z: ${CANCEL_UNKNOWN_REASON}</dd>`
    const page = async () => (await consoleRequest(`/console/messages/${id}`, { cookie })).text()
    expect(await page()).toContain(line)
    // 8x8 sent it: the cancel did not take effect, and the page no longer says it may have.
    await env.DB.prepare(`UPDATE messages SET status = 'sent', status_rank = 3 WHERE id = ?`)
      .bind(id)
      .run()
    expect(await page()).not.toContain('<dt>Cancel</dt>')
  })

  it('says when a message was sent twice, or may have been (a retry took over a lapsed claim)', async () => {
    const id = await accepted('test-shared-secret')
    const page = async () => (await consoleRequest(`/console/messages/${id}`, { cookie })).text()
    const before = await page()
    expect(before).not.toContain('<dt>Sent twice</dt>')
    expect(before).not.toContain('<dt>Maybe sent twice</dt>')
    await env.DB.prepare(
      `UPDATE messages SET umid = ?, status = 'queued', status_rank = 2, duplicate_umid = ?,
        earlier_try_at = ? WHERE id = ?`,
    )
      .bind(`umid-${id}`, `second-${id}`, Date.UTC(2026, 11, 1, 0, 0, 9), id)
      .run()
    const html = await page()
    expect(html).toContain(
      `<dt>Sent twice</dt><dd>8x8 took another copy as <code>second-${id}</code>: the recipient may get both</dd>`,
    )
    expect(html).toContain(
      '<dt>Maybe sent twice</dt><dd>it took over the claim of an earlier try (2026-12-01T00:00:09.000Z) that ended without an answer and may have reached 8x8</dd>',
    )
  })

  it('shows the channel of the current state and of each receipt: 8x8 fell back to SMS', async () => {
    const id = await accepted('test-shared-secret')
    const umid = `umid-${id}`
    await env.DB.prepare(
      `UPDATE messages SET umid = ?, status = 'queued', status_rank = 2 WHERE id = ?`,
    )
      .bind(umid, id)
      .run()
    const page = async () => (await consoleRequest(`/console/messages/${id}`, { cookie })).text()
    // No receipt has named a channel yet: the state alone.
    expect(await page()).toContain('<dt>State</dt><dd class="state-queued">queued</dd>')
    const onChannel = (state: string, channel: string, timestamp: string) => {
      const receipt = receiptOf(id, umid, state)
      return {
        ...receipt,
        payload: { ...receipt.payload, channel, status: { state, timestamp } },
      }
    }
    const at = Date.UTC(2026, 11, 1, 0, 1, 0)
    await storeReceipt(env.DB, onChannel('undelivered', 'whatsapp', '2026-12-01T00:00:03.000Z'), at)
    await storeReceipt(
      env.DB,
      onChannel('delivered', 'sms', '2026-12-01T00:00:06.000Z'),
      at + 1_000,
    )
    const html = await page()
    expect(html).toContain('<dt>State</dt><dd class="state-delivered">delivered · sms</dd>')
    expect(html).toContain(
      '<tr><td class="state-delivered">delivered · sms</td><td>2026-12-01T00:00:06.000Z</td><td>2026-12-01T00:01:01.000Z</td><td>—</td><td>—</td></tr>',
    )
    expect(html).toContain(
      '<tr><td class="state-undelivered">undelivered · whatsapp</td><td>2026-12-01T00:00:03.000Z</td><td>2026-12-01T00:01:00.000Z</td><td>—</td><td>—</td></tr>',
    )
  })

  it('shows a synchronous send’s request as sent to 8x8, and a batch message’s with its template', async () => {
    const message = textMessage()
    const sent = await send(await signedPost(JSON.stringify(message)))
    expect(sent.status).toBe(200)
    const { id } = (await sent.json()) as { id: string }
    await flushRecords()
    const html = await (await consoleRequest(`/console/messages/${id}`, { cookie })).text()
    const asSent = JSON.stringify({ ...message, clientMessageId: id }, null, 2)
    expect(html).toContain(`<h2>Request as sent</h2><pre>${escapeHtml(asSent)}</pre>`)
    expect(html).toContain(
      '<h2>Delivery attempts</h2><p>Sent synchronously: 1 attempt, answered to the caller.</p>',
    )

    const batch = {
      template: { type: 'text', content: { text: 'the batch’s text' } },
      messages: [{ user: { msisdn: '+15557654321' } }],
    }
    const answer = await send(
      await signedPost(JSON.stringify(batch), { path: '/v1/messages/batch' }),
    )
    expect(answer.status).toBe(200)
    const [first] = ((await answer.json()) as { messages: { id: string }[] }).messages
    await flushRecords()
    const page = await (await consoleRequest(`/console/messages/${first?.id}`, { cookie })).text()
    const merged = JSON.stringify(
      { ...batch.template, user: { msisdn: '+15557654321' }, clientMessageId: first?.id },
      null,
      2,
    )
    expect(page).toContain(`<h2>Request as sent</h2><pre>${escapeHtml(merged)}</pre>`)
  })
})

/** HTML-escapes text as hono's JSX does. */
function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;')
}

describe('dead letters', () => {
  it('a replayed dead letter is recorded, queued and delivered; the message page shows it all', async () => {
    const marker = `replay ${crypto.randomUUID()}`
    const id = await accepted('test-key-ed25519', { text: marker, recipient: '+15551234567' })
    await env.DB.prepare("UPDATE messages SET attempts = 8, reason = '8x8: HTTP 503' WHERE id = ?")
      .bind(id)
      .run()
    await markExhausted(env.DB, [id], Date.now())

    const list = await consoleRequest('/console/dead-letters', { cookie })
    const html = await list.text()
    expect(html).toContain(
      `<td><input type="checkbox" name="id" value="${id}" aria-label="Replay ${id}"/></td>`,
    )
    expect(html).toContain('<td>8</td><td>delivery attempts exhausted (last: 8x8: HTTP 503)</td>')
    const page = await (await consoleRequest(`/console/messages/${id}`, { cookie })).text()
    expect(page).toContain('<button type="submit">Replay this dead letter</button>')

    const replayed = await consoleRequest('/console/dead-letters/replay', {
      cookie,
      form: { csrf: csrfOf(html), id: [id, 'not-a-dead-letter'] },
    })
    expect(replayed.status).toBe(303)
    expect(replayed.headers.get('location')).toBe('/console/dead-letters?done=replayed-some')
    const replays = await env.DB.prepare(
      'SELECT by, previous_reason FROM dead_letter_replays WHERE message_id = ?',
    )
      .bind(id)
      .all()
    expect(replays.results).toEqual([
      { by: 'admin-token', previous_reason: 'delivery attempts exhausted (last: 8x8: HTTP 503)' },
    ])

    // The delivery queue's consumer (this worker's) sends it to the sandbox.
    const deadline = Date.now() + 20_000
    let status = ''
    while (Date.now() < deadline) {
      status =
        (await env.DB.prepare('SELECT status FROM messages WHERE id = ?')
          .bind(id)
          .first<string>('status')) ?? ''
      if (status === 'queued') break
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    expect(status).toBe('queued')
    expect(await upstreamReceived(marker)).toHaveLength(1)

    const after = await (await consoleRequest(`/console/messages/${id}`, { cookie })).text()
    expect(after).toContain('<dd class="state-queued">queued</dd>')
    expect(after).not.toContain('Replay this dead letter')
    expect(after).toMatch(
      /<tr><td>1<\/td><td>[^<]+<\/td><td class="outcome-sent">sent<\/td><td>—<\/td><td>umid [0-9a-f-]{36}<\/td><td>\d+ ms<\/td><\/tr>/,
    )
    expect(after).toMatch(
      /<li>[^<]+ by admin-token \(was: delivery attempts exhausted \(last: 8x8: HTTP 503\)\)<\/li>/,
    )
    expect(after).toContain(`&quot;text&quot;: &quot;${marker}&quot;`)
    const gone = await (await consoleRequest('/console/dead-letters', { cookie })).text()
    expect(gone).not.toContain(`value="${id}"`)
  })
})

describe('not a dead letter', () => {
  it('a failed message one attempt of which may have reached 8x8 offers no replay, on either page', async () => {
    const id = await accepted('test-key-ed25519')
    await env.DB.prepare("UPDATE messages SET attempts = 8, reason = '8x8: HTTP 503' WHERE id = ?")
      .bind(id)
      .run()
    await markExhausted(env.DB, [id], Date.now())
    // As a record failed before the rule that makes such a message `unknown` could stand.
    await env.DB.prepare(
      "UPDATE messages SET status = 'failed', ambiguous_attempts = 1 WHERE id = ?",
    )
      .bind(id)
      .run()
    const list = await (await consoleRequest('/console/dead-letters', { cookie })).text()
    expect(list).not.toContain(`value="${id}"`)
    const page = await (await consoleRequest(`/console/messages/${id}`, { cookie })).text()
    expect(page).toContain('delivery attempts exhausted')
    expect(page).not.toContain('Replay this dead letter')
  })
})

describe('replays', () => {
  /** A dead letter, as the dead-letter consumer leaves it after 8 attempts answered 503. */
  async function deadLetter(): Promise<string> {
    const id = await accepted('test-key-ed25519')
    await env.DB.prepare("UPDATE messages SET attempts = 8, reason = '8x8: HTTP 503' WHERE id = ?")
      .bind(id)
      .run()
    await markExhausted(env.DB, [id], 1_000)
    return id
  }
  const recordOf = (id: string) =>
    env.DB.prepare(
      `SELECT status, status_rank, attempts, ambiguous_attempts, lease_until, not_before, reason,
         updated_at FROM messages WHERE id = ?`,
    )
      .bind(id)
      .first()
  const replaysOfId = async (id: string) =>
    (await env.DB.prepare('SELECT by FROM dead_letter_replays WHERE message_id = ?').bind(id).all())
      .results

  it('a replay the queue refuses changes nothing: the dead letter as it was, no replay recorded', async () => {
    const id = await deadLetter()
    const before = await recordOf(id)
    expect(before).toEqual({
      status: 'failed',
      status_rank: 4,
      attempts: 8,
      ambiguous_attempts: 0,
      lease_until: 0,
      not_before: 0,
      reason: 'delivery attempts exhausted (last: 8x8: HTTP 503)',
      updated_at: 1_000,
    })
    const refusing = {
      sendBatch: () => Promise.reject(new Error('queue down')),
    } as unknown as Queue<DeliveryJob>
    const config = readConfig(env)
    expect(await replay({ db: env.DB, delivery: refusing, config }, [id], 'ops', 2_000)).toBeNull()
    expect(await recordOf(id)).toEqual(before)
    expect(await replaysOfId(id)).toEqual([])
  })

  it('two replays of one dead letter in the same millisecond: only one of them queues it', async () => {
    const id = await deadLetter()
    const now = Date.now()
    const [a, b] = await Promise.all([
      replayDeadLetters(env.DB, [id], 'ops-a', now),
      replayDeadLetters(env.DB, [id], 'ops-b', now),
    ])
    expect([...a, ...b].map((message) => message.id)).toEqual([id])
    expect(await replaysOfId(id)).toHaveLength(1)
  })
})

describe('keys', () => {
  it('lists keys without secrets; a key added, then revoked from the console refuses the next request', async () => {
    const keyId = `console-key-${crypto.randomUUID().slice(0, 8)}`
    await env.DB.prepare(
      "UPDATE client_keys SET callback_url = 'https://hooks.acme.test/cb', callback_secret = ? WHERE key_id = 'test-shared-secret'",
    )
      .bind(CALLBACK_SECRET)
      .run()
    const page = await consoleRequest('/console/keys', { cookie })
    const html = await page.text()
    expect(html).toContain('<td><code>test-shared-secret</code></td><td>hmac-sha256</td>')
    expect(html).not.toContain(ED25519_PUBLIC)
    const csrf = csrfOf(html)

    const added = await consoleRequest('/console/keys', {
      cookie,
      form: { csrf, keyId, subAccount: 'demo-subaccount', publicKey: ED25519_PUBLIC },
    })
    expect(added.headers.get('location')).toBe('/console/keys?done=key-added')
    const refusedKey = await consoleRequest('/console/keys', {
      cookie,
      form: { csrf, keyId: `${keyId}-b`, subAccount: 'demo-subaccount', publicKey: 'bm90LWEta2V5' },
    })
    expect(refusedKey.headers.get('location')).toBe('/console/keys?error=public-key-invalid')

    const signedSend = async () =>
      sendHere(
        await signRequest(
          new Request(`${ORIGIN}/v1/messages`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'idempotency-key': `"${crypto.randomUUID()}"`,
            },
            body: JSON.stringify(textMessage()),
          }),
          { keyId, alg: 'ed25519', key: ED25519_PRIVATE },
        ),
      )
    const before = await signedSend()
    expect(before.status).toBe(200)

    const revoked = await consoleRequest(`/console/keys/${keyId}/revoke`, {
      cookie,
      form: { csrf },
    })
    expect(revoked.headers.get('location')).toBe('/console/keys?done=key-revoked')
    const after = await signedSend()
    expect(after.status).toBe(401)
    const listed = await (await consoleRequest('/console/keys', { cookie })).text()
    expect(listed).toContain(
      `<td><code>${keyId}</code></td><td>ed25519</td><td>demo-subaccount</td><td>revoked</td>`,
    )
  })
})

describe('contacts, circuits and the live view', () => {
  it('suppresses and lifts a recipient, shown with the contact', async () => {
    const recipient = `+1555${Math.floor(Math.random() * 1e7)}`
    const page = await consoleRequest(
      `/console/contacts?subAccount=demo-subaccount&recipient=${encodeURIComponent(recipient)}`,
      { cookie },
    )
    const html = await page.text()
    expect(html).toContain('<dt>Consent</dt><dd>subscribed</dd>')
    const suppressed = await consoleRequest('/console/contacts/consent', {
      cookie,
      form: { csrf: csrfOf(html), subAccount: 'demo-subaccount', recipient, state: 'opted_out' },
    })
    expect(suppressed.status).toBe(303)
    const shown = await (
      await consoleRequest(suppressed.headers.get('location') ?? '', { cookie })
    ).text()
    expect(shown).toContain('<p class="notice" role="status">Suppressed the recipient.</p>')
    expect(shown).toContain('<dt>Consent</dt><dd>opted_out</dd>')
    expect(shown).toContain(
      `>${recipient}</a></td><td>opted_out</td><td>operator</td><td>console: admin-token</td>`,
    )
  })

  it('a contact with more than one fact: each can be lifted alone, the others stay', async () => {
    const recipient = `+1555${Math.floor(1e6 + Math.random() * 8e6)}`
    const stub = contactOf(env.CONTACT, 'demo-subaccount', recipient)
    const config = readConfig(env)
    const now = Date.now()
    const block = { kind: 'receipt', effect: 'blocked', errorCode: '2007', failedAt: now } as const
    await stub.event(contactSettings(config.contact, null), { ...block, umid: 'b' }, now)
    const path = `/console/contacts?subAccount=demo-subaccount&recipient=${encodeURIComponent(recipient)}`
    const blocked = await (await consoleRequest(path, { cookie })).text()
    // One fact: lifting the suppression lifts it; no button per fact.
    expect(blocked).not.toContain('name="fact"')
    const form = { csrf: csrfOf(blocked), subAccount: 'demo-subaccount', recipient }
    await consoleRequest('/console/contacts/consent', {
      cookie,
      form: { ...form, state: 'opted_out' },
    })
    const both = await (await consoleRequest(path, { cookie })).text()
    expect(both).toContain('<dt>Consent</dt><dd>opted_out, blocked</dd>')
    expect(both).toContain(
      '<button type="submit" name="fact" value="opted_out">Lift opted_out only</button><button type="submit" name="fact" value="blocked">Lift blocked only</button>',
    )
    const lifted = await consoleRequest('/console/contacts/consent', {
      cookie,
      form: { ...form, fact: 'opted_out' },
    })
    expect(lifted.status).toBe(303)
    expect(lifted.headers.get('location')).toBe(
      `/console/contacts?subAccount=demo-subaccount&recipient=${encodeURIComponent(recipient)}&done=lifted-fact`,
    )
    const shown = await (
      await consoleRequest(lifted.headers.get('location') ?? '', { cookie })
    ).text()
    expect(shown).toContain(
      '<p class="notice" role="status">Lifted that consent fact; the others stay.</p>',
    )
    expect(shown).toContain('<dt>Consent</dt><dd>blocked</dd>')
    const state = await stub.state(config.contact.pace, Date.now())
    expect(state.consent.history.at(-1)).toEqual({
      state: 'subscribed',
      by: 'operator',
      reason: 'console: admin-token',
      at: expect.any(Number),
      fact: 'opted_out',
    })
    const unknown = await consoleRequest('/console/contacts/consent', {
      cookie,
      form: { ...form, fact: 'marketing' },
    })
    expect(unknown.status).toBe(400)
    expect(await unknown.text()).toBe('A sub-account, a recipient and a state are needed.')
    expect((await stub.state(config.contact.pace, Date.now())).consent.state).toBe('blocked')
  })

  it('a number typed without its + is the contact sends use: shown, suppressed and listed under +', async () => {
    const digits = `1555${Math.floor(1e6 + Math.random() * 8e6)}`
    const page = await (
      await consoleRequest(`/console/contacts?subAccount=demo-subaccount&recipient=${digits}`, {
        cookie,
      })
    ).text()
    expect(page).toContain(`<h2>Contact +${digits}</h2>`)
    expect(page).toContain(`<input type="hidden" name="recipient" value="+${digits}"/>`)
    const suppressed = await consoleRequest('/console/contacts/consent', {
      cookie,
      form: {
        csrf: csrfOf(page),
        subAccount: 'demo-subaccount',
        recipient: digits,
        state: 'opted_out',
      },
    })
    expect(suppressed.status).toBe(303)
    expect(suppressed.headers.get('location')).toBe(
      `/console/contacts?subAccount=demo-subaccount&recipient=%2B${digits}&done=suppressed`,
    )
    const pace = readConfig(env).contact.pace
    const canonical = await contactOf(env.CONTACT, 'demo-subaccount', `+${digits}`).state(
      pace,
      Date.now(),
    )
    expect(canonical.consent.state).toBe('opted_out')
    const typed = await contactOf(env.CONTACT, 'demo-subaccount', digits).state(pace, Date.now())
    expect(typed.consent.state).toBe('subscribed')
    const listed = await env.DB.prepare(
      'SELECT recipient, state FROM suppressions WHERE sub_account = ? AND recipient IN (?, ?)',
    )
      .bind('demo-subaccount', digits, `+${digits}`)
      .all()
    expect(listed.results).toEqual([{ recipient: `+${digits}`, state: 'opted_out' }])
    const again = await (
      await consoleRequest(`/console/contacts?subAccount=demo-subaccount&recipient=${digits}`, {
        cookie,
      })
    ).text()
    expect(again).toContain('<dt>Consent</dt><dd>opted_out</dd>')
  })

  it('a recipient that is no recipient is refused (400), nothing suppressed', async () => {
    const page = await (await consoleRequest('/console/keys', { cookie })).text()
    const refused = await consoleRequest('/console/contacts/consent', {
      cookie,
      form: {
        csrf: csrfOf(page),
        subAccount: 'demo-subaccount',
        recipient: '1.55512E+10',
        state: 'opted_out',
      },
    })
    expect(refused.status).toBe(400)
    expect(await refused.text()).toBe('A sub-account, a recipient and a state are needed.')
  })

  it('shows the template registry: each channel’s last sync, each template’s status', async () => {
    // Channels of their own, so that test/templates.test.ts's syncs of the sandbox's are not
    // disturbed.
    const channel = { channelId: 'console-channel', subAccount: 'console-subaccount' }
    const row = {
      language: 'en_US',
      category: 'UTILITY',
      components: [{ type: 'BODY', text: 'Hi {{1}}' }],
      parameters: { header: null, body: 1, buttons: [] },
      updatedAt: null,
    }
    await replaceChannelTemplates(
      env.DB,
      channel,
      [
        { ...row, name: 'console_hello', status: 'approved' },
        { ...row, name: 'console_paused', status: 'paused' },
      ],
      Date.parse('2026-12-01T10:00:00Z'),
      Date.parse('2026-12-01T10:00:01Z'),
    )
    await recordSyncFailure(
      env.DB,
      { channelId: 'console-failing', subAccount: 'console-subaccount' },
      Date.parse('2026-12-01T10:00:00Z'),
      '8x8: HTTP 503 (code 1503): Service unavailable',
    )
    const html = await (await consoleRequest('/console/templates', { cookie })).text()
    expect(html).toMatch(
      /<tr><td>console-channel<\/td><td>console-subaccount<\/td><td>2026-12-01[^<]+<\/td><td>[^<]+<\/td><td>2<\/td><td>—<\/td><\/tr>/,
    )
    expect(html).toMatch(
      /<tr><td>console-failing<\/td><td>console-subaccount<\/td><td>never<\/td><td>[^<]+<\/td><td>0<\/td><td>8x8: HTTP 503 \(code 1503\): Service unavailable<\/td><\/tr>/,
    )
    expect(html).toContain(
      '<tr><td>console-channel</td><td><code>console_hello</code></td><td>en_US</td><td class="state-delivered">approved</td><td>—</td><td>UTILITY</td>',
    )
    expect(html).toContain(
      '<td><code>console_paused</code></td><td>en_US</td><td class="state-failed">paused</td>',
    )
  })

  it('shows each sub-account’s circuit', async () => {
    const html = await (await consoleRequest('/console/circuits', { cookie })).text()
    expect(html).toMatch(/<tr><td>other-subaccount<\/td><td>(closed|open|half_open)<\/td>/)
  })

  it('the live view counts the last minutes’ sends, refusals by code and 8x8’s latency', async () => {
    await accepted('console-live-key')
    await recordDeliveryAttempt(env.DB, {
      messageId: crypto.randomUUID(),
      attempt: 1,
      at: Date.now(),
      outcome: 'retryable',
      httpStatus: 503,
      detail: '8x8: HTTP 503',
      durationMs: 42,
    })
    // A refusal of the gateway's own, counted by the key's admission object.
    const image = {
      user: { msisdn: '+15551230000' },
      type: 'image',
      content: { url: 'https://example.com/a.png' },
    }
    const refused = await send(await signedPost(JSON.stringify(image), { keyId: KEYS.textOnly }))
    expect(refused.status).toBe(403)
    expect(await env.ADMISSION.get(env.ADMISSION.idFromName(KEYS.textOnly)).flushRefusals()).toBe(
      true,
    )
    const response = await consoleRequest('/console/live', { cookie })
    const html = await response.text()
    expect(html).toContain(
      '<tr><td><a href="/problems/forbidden"><code>forbidden</code></a></td><td>1</td><td>1</td></tr>',
    )
    expect(html).toContain('<meta http-equiv="refresh" content="30"/>')
    expect(html).toMatch(/\(since [^)]+\); this page refreshes every 30 s\.<\/p>/)
    expect(html).toMatch(/<tr><td class="state-accepted">accepted<\/td><td>\d+<\/td><\/tr>/)
    expect(html).toContain(
      '<tr><td class="outcome-retryable">retryable</td><td>503</td><td>1</td></tr>',
    )
    expect(html).toMatch(
      /<h2>8x8&#39;s latency<\/h2><p>\d+ attempts: p50 \d+ ms, p95 \d+ ms, slowest \d+ ms<\/p>/,
    )
  })
})
