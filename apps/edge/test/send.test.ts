import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import type { Bindings } from '../src/bindings'
import { LOCAL_ADMIN_TOKEN, MIN_WEBHOOK_AUTHORIZATION_LENGTH, readConfig } from '../src/config'
import { findActiveKey } from '../src/db/keys'
import app from '../src/index'
import {
  API_KEY,
  captureConsole,
  HMAC_SECRET,
  KEYS,
  MESSAGE_ID,
  ORIGIN,
  problem,
  problemBody,
  send,
  sendFaulty,
  signedGet,
  signedPost,
  textMessage,
  upstreamReceived,
} from './helpers'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/
const encoder = new TextEncoder()

/** Every console line the worker writes during a test, to check that no secret leaks. */
const logs = captureConsole(() => [API_KEY])

async function expectNoSecret(response: Response): Promise<string> {
  const text = await response.clone().text()
  expect(text).not.toContain(API_KEY)
  for (const value of response.headers.values()) expect(value).not.toContain(API_KEY)
  return text
}

describe('POST /v1/messages', () => {
  it('sends the canonical message with a generated clientMessageId and answers 200', async () => {
    const marker = crypto.randomUUID()
    const input = { user: { msisdn: '+15551234567' }, type: 'Text', content: { text: marker } }
    const response = await send(await signedPost(JSON.stringify(input)))
    await expectNoSecret(response)
    expect(response.status).toBe(200)
    const body = (await response.json()) as Record<string, unknown>
    expect(Object.keys(body)).toEqual(['id', 'clientMessageId', 'umid', 'status'])
    expect(body).toEqual({
      id: expect.stringMatching(MESSAGE_ID),
      clientMessageId: body.id,
      umid: expect.stringMatching(UUID),
      status: { state: 'queued', timestamp: expect.stringMatching(ISO) },
    })

    const received = await upstreamReceived(marker)
    expect(received).toMatchObject([
      {
        subAccountId: 'demo-subaccount',
        umid: body.umid,
        raw: JSON.stringify({
          user: { msisdn: '+15551234567' },
          type: 'text',
          content: { text: marker },
          clientMessageId: body.clientMessageId,
        }),
      },
    ])
  })

  it("keeps the caller's clientMessageId (hmac key)", async () => {
    const input = { ...textMessage(), clientMessageId: 'order-42' }
    const response = await send(await signedPost(JSON.stringify(input), { keyId: KEYS.hmac }))
    expect(response.status).toBe(200)
    expect(((await response.json()) as { clientMessageId: string }).clientMessageId).toBe(
      'order-42',
    )
  })

  it('a retry with a fresh nonce and the same idempotency key replays the answer and sends once', async () => {
    const idempotencyKey = crypto.randomUUID()
    const message = textMessage()
    const body = JSON.stringify(message)
    const first = await send(await signedPost(body, { idempotencyKey }))
    const firstText = await first.text()
    expect(first.status).toBe(200)
    expect(first.headers.get('idempotency-replayed')).toBeNull()

    const retry = await send(await signedPost(body, { idempotencyKey }))
    expect(retry.status).toBe(200)
    expect(retry.headers.get('idempotency-replayed')).toBe('true')
    expect(retry.headers.get('content-type')).toBe(first.headers.get('content-type'))
    expect(await retry.text()).toBe(firstText)
    expect(await upstreamReceived(message.content.text)).toHaveLength(1)
  })

  it('the same idempotency key with another body is 422 idempotency_key_reused', async () => {
    const idempotencyKey = crypto.randomUUID()
    const first = textMessage()
    expect((await send(await signedPost(JSON.stringify(first), { idempotencyKey }))).status).toBe(
      200,
    )
    const other = textMessage()
    const response = await send(await signedPost(JSON.stringify(other), { idempotencyKey }))
    expect(response.status).toBe(422)
    expect(await problem(response)).toEqual(
      problemBody(
        'idempotency_key_reused',
        422,
        'Idempotency key reused',
        'This idempotency key was used with another request.',
      ),
    )
    expect(await upstreamReceived(other.content.text)).toHaveLength(0)
  })

  it('20 concurrent identical requests cause exactly one upstream send', async () => {
    const idempotencyKey = crypto.randomUUID()
    const marker = crypto.randomUUID()
    const body = JSON.stringify(textMessage(marker))
    const requests = await Promise.all(
      Array.from({ length: 20 }, () => signedPost(body, { idempotencyKey })),
    )
    const responses = await Promise.all(requests.map(send))
    const texts = await Promise.all(responses.map((response) => response.clone().text()))
    const original = responses.findIndex(
      (r) => r.status === 200 && r.headers.get('idempotency-replayed') === null,
    )
    expect(original).toBeGreaterThanOrEqual(0)
    for (const [index, response] of responses.entries()) {
      if (index === original) continue
      if (response.status === 200) {
        // Finished before this copy arrived: the first answer, replayed byte for byte.
        expect(response.headers.get('idempotency-replayed')).toBe('true')
        expect(texts[index]).toBe(texts[original])
      } else {
        expect(response.status).toBe(409)
        expect(response.headers.get('retry-after')).toMatch(/^[1-5]$/)
        expect(await problem(response)).toEqual(
          problemBody('idempotency_key_in_flight', 409, 'Idempotency key in flight'),
        )
      }
    }
    expect(await upstreamReceived(marker)).toHaveLength(1)
  })

  it('concurrent sends of one key, each in its own context: all answered, each sent once', async () => {
    // A key of its own: no other test's requests reach its object.
    const keyId = `shared-${crypto.randomUUID()}`
    await env.DB.prepare(
      `INSERT INTO client_keys (key_id, alg, secret, sub_account, rate_per_second, rate_burst,
        status, created_at) VALUES (?, 'hmac-sha256', ?, 'demo-subaccount', 100, 1000, 'active', 0)`,
    )
      .bind(keyId, HMAC_SECRET)
      .run()
    const marker = crypto.randomUUID()
    const requests = await Promise.all(
      Array.from({ length: 16 }, (_, index) =>
        signedPost(JSON.stringify(textMessage(`${marker} ${index}`)), {
          keyId,
          idempotencyKey: `${marker}-${index}`,
        }),
      ),
    )
    const responses = await Promise.all(requests.map(send))
    expect(responses.map((response) => response.status)).toEqual(Array(16).fill(200))
    const texts = await Promise.all(responses.map((response) => response.text()))
    expect(new Set(texts.map((text) => (JSON.parse(text) as { id: string }).id)).size).toBe(16)
    expect(await upstreamReceived(marker)).toHaveLength(16)
    const stats = await env.ADMISSION.get(env.ADMISSION.idFromName(keyId)).stats()
    expect(stats.admissions).toBe(16)
    // Each request makes its own two calls (src/objects/admission/client.ts): none waits on
    // another request's call.
    expect(stats.completions).toBe(16)
    // A retry of any of them is its answer, replayed byte for byte: the completions were kept.
    const retry = await send(
      await signedPost(JSON.stringify(textMessage(`${marker} 7`)), {
        keyId,
        idempotencyKey: `${marker}-7`,
      }),
    )
    expect(retry.status).toBe(200)
    expect(retry.headers.get('idempotency-replayed')).toBe('true')
    expect(await retry.text()).toBe(texts[7])
    expect(await upstreamReceived(marker)).toHaveLength(16)
  })

  it('20 concurrent copies while the first is still sending: one 200, nineteen 409', async () => {
    const idempotencyKey = crypto.randomUUID()
    const marker = crypto.randomUUID()
    const body = JSON.stringify(textMessage(`fault:delay ${marker}`))
    const requests = await Promise.all(
      Array.from({ length: 20 }, () => signedPost(body, { idempotencyKey })),
    )
    const responses = await Promise.all(requests.map(sendFaulty))
    const statuses = responses.map((response) => response.status)
    expect(statuses.filter((status) => status === 200)).toHaveLength(1)
    expect(statuses.filter((status) => status === 409)).toHaveLength(19)
    expect(await upstreamReceived(marker, 'FAULTY_UPSTREAM')).toHaveLength(1)
  })

  it('over the rate limit is 429 rate_limited with Retry-After, nothing sent', async () => {
    const statuses: number[] = []
    let last: Response | undefined
    const marker = crypto.randomUUID()
    for (let i = 0; i < 3; i++) {
      last = await send(
        await signedPost(JSON.stringify(textMessage(`${marker} ${i}`)), { keyId: KEYS.limited }),
      )
      statuses.push(last.status)
    }
    expect(statuses).toEqual([200, 200, 429])
    expect(last?.headers.get('retry-after')).toMatch(/^\d+$/)
    expect(await problem(last as Response)).toEqual(
      problemBody('rate_limited', 429, 'Rate limited'),
    )
    expect(await upstreamReceived(marker)).toHaveLength(2)
  })

  it.each([
    ['invalid UTF-8', new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d])],
    ['not JSON', encoder.encode('{"user":')],
    ['a duplicate key', encoder.encode('{"type":"text","type":"text"}')],
    ['a lone surrogate', encoder.encode('{"type":"\\ud800"}')],
    ['a __proto__ key', encoder.encode('{"__proto__":{"x":1}}')],
    ['a number overflowing to infinity', encoder.encode('{"n":1e999}')],
  ])('a body with %s is 400 malformed_json, nothing sent', async (_name, bytes) => {
    const idempotencyKey = crypto.randomUUID()
    const response = await send(await signedPost(bytes, { idempotencyKey }))
    expect(response.status).toBe(400)
    const body = await problem(response)
    expect(body).toMatchObject({
      type: '/problems/malformed_json',
      title: 'Malformed JSON',
      status: 400,
      code: 'malformed_json',
    })
    expect(body.detail).toMatch(/^The body is not valid (UTF-8|JSON: .+)\.$/)
  })

  it('an invalid message is 422 invalid_message with every issue', async () => {
    const input = { user: { msisdn: '+15551234567' }, type: 'text', content: {}, extra: 1 }
    const response = await send(await signedPost(JSON.stringify(input)))
    expect(response.status).toBe(422)
    const body = await problem(response)
    const issues = body.issues as { path: string; message: string }[]
    expect(body).toEqual(
      problemBody(
        'invalid_message',
        422,
        'Invalid message',
        `The message has ${issues.length} issue(s).`,
        { issues },
      ),
    )
    expect(issues.length).toBeGreaterThanOrEqual(2)
    for (const issue of issues) expect(Object.keys(issue)).toEqual(['path', 'message'])
  })

  it('a message type the key may not send is 403 forbidden', async () => {
    const input = {
      user: { msisdn: '+15551234567' },
      type: 'image',
      content: { url: 'https://example.com/a.png' },
    }
    const response = await send(await signedPost(JSON.stringify(input), { keyId: KEYS.restricted }))
    expect(response.status).toBe(403)
    expect(await problem(response)).toEqual(
      problemBody('forbidden', 403, 'Forbidden', 'This key may not send image messages.'),
    )
  })

  it("8x8's 4xx is 422 upstream_rejected, stored and replayed", async () => {
    const idempotencyKey = crypto.randomUUID()
    const body = JSON.stringify(textMessage(`fault:reject ${idempotencyKey}`))
    const response = await sendFaulty(await signedPost(body, { idempotencyKey }))
    expect(response.status).toBe(422)
    const text = await expectNoSecret(response)
    expect(JSON.parse(text)).toEqual(
      problemBody('upstream_rejected', 422, 'Rejected by 8x8', '8x8 rejected the message.', {
        upstream: { code: 1002, message: 'Invalid MSISDN' },
      }),
    )
    const retry = await sendFaulty(await signedPost(body, { idempotencyKey }))
    expect(retry.status).toBe(422)
    expect(retry.headers.get('idempotency-replayed')).toBe('true')
    expect(await retry.text()).toBe(text)
    expect(await upstreamReceived(idempotencyKey, 'FAULTY_UPSTREAM')).toHaveLength(1)
  })

  it("8x8's 400 with a code that says back off (1400) is 503 upstream_unavailable, not stored", async () => {
    const idempotencyKey = crypto.randomUUID()
    const body = JSON.stringify(textMessage(`status:400 ${idempotencyKey}`))
    const response = await sendFaulty(await signedPost(body, { idempotencyKey }))
    expect(response.status).toBe(503)
    expect(response.headers.get('retry-after')).toBe('1')
    expect(await problem(response)).toEqual(
      problemBody('upstream_unavailable', 503, '8x8 unavailable', '8x8 is unavailable.'),
    )
    const retry = await sendFaulty(await signedPost(body, { idempotencyKey }))
    expect(retry.headers.get('idempotency-replayed')).toBeNull()
    expect(await upstreamReceived(idempotencyKey, 'FAULTY_UPSTREAM')).toHaveLength(2)
  })

  it("8x8's 429 is 503 upstream_unavailable with its Retry-After, not stored", async () => {
    const idempotencyKey = crypto.randomUUID()
    const body = JSON.stringify(textMessage(`fault:429 ${idempotencyKey}`))
    const response = await sendFaulty(await signedPost(body, { idempotencyKey }))
    expect(response.status).toBe(503)
    expect(response.headers.get('retry-after')).toBe('7')
    expect(await problem(response)).toEqual(
      problemBody('upstream_unavailable', 503, '8x8 unavailable', '8x8 is unavailable.'),
    )
    // Transient: the retry goes upstream again.
    const retry = await sendFaulty(await signedPost(body, { idempotencyKey }))
    expect(retry.status).toBe(503)
    expect(retry.headers.get('idempotency-replayed')).toBeNull()
    expect(await upstreamReceived(idempotencyKey, 'FAULTY_UPSTREAM')).toHaveLength(2)
  })

  it("8x8's 503 is 503 upstream_unavailable with Retry-After, not stored: the retry sends", async () => {
    const idempotencyKey = crypto.randomUUID()
    const body = JSON.stringify(textMessage(`status:503 ${idempotencyKey}`))
    const response = await sendFaulty(await signedPost(body, { idempotencyKey }))
    expect(response.status).toBe(503)
    expect(response.headers.get('retry-after')).toBe('1')
    expect(await problem(response)).toEqual(
      problemBody('upstream_unavailable', 503, '8x8 unavailable', '8x8 is unavailable.'),
    )
    expect(logs.lines).toContain('upstream unavailable 503')
    const retry = await sendFaulty(await signedPost(body, { idempotencyKey }))
    expect(retry.status).toBe(503)
    expect(retry.headers.get('idempotency-replayed')).toBeNull()
    expect(await upstreamReceived(idempotencyKey, 'FAULTY_UPSTREAM')).toHaveLength(2)
  })

  it.each([
    [
      "8x8's 500",
      'fault:500',
      502,
      '8x8 failed after the request was sent; it may have taken the message. It will not be sent again: follow its status.',
      '8x8: HTTP 500 (code 9000): Internal error; 8x8 may have taken it',
    ],
    [
      'no answer from 8x8 in time',
      'fault:slow',
      504,
      '8x8 did not answer in time; it may have taken the message. It will not be sent again: follow its status.',
      '8x8: no answer in time; 8x8 may have taken it',
    ],
  ])(
    '%s is final: upstream_outcome_unknown, stored and replayed, never sent again; the record is unknown, with the reason',
    async (_name, fault, status, detail, reason) => {
      const idempotencyKey = crypto.randomUUID()
      const body = JSON.stringify({
        ...textMessage(`${fault} ${idempotencyKey}`),
        clientMessageId: 'order-7',
      })
      const response = await sendFaulty(await signedPost(body, { idempotencyKey }))
      expect(response.status).toBe(status)
      expect(response.headers.get('retry-after')).toBeNull()
      const answer = await problem(response)
      const id = String(answer.id)
      expect(answer).toEqual(
        problemBody('upstream_outcome_unknown', status, "8x8's outcome unknown", detail, {
          id,
          clientMessageId: 'order-7',
        }),
      )
      expect(response.headers.get('location')).toBe(`/v1/messages/${id}`)
      // The client's retry with the same key gets the same answer; 8x8 got the message once.
      const retry = await sendFaulty(await signedPost(body, { idempotencyKey }))
      expect(retry.status).toBe(status)
      expect(retry.headers.get('idempotency-replayed')).toBe('true')
      expect(retry.headers.get('location')).toBe(`/v1/messages/${id}`)
      expect(await retry.json()).toEqual(answer)
      const sent = await upstreamReceived(idempotencyKey, 'FAULTY_UPSTREAM')
      expect(sent.map((request) => JSON.parse(request.raw).clientMessageId)).toEqual([id])

      const shown = await send(await signedGet(`/v1/messages/${id}`))
      expect(shown.status).toBe(200)
      const record = (await shown.json()) as Record<string, unknown>
      expect(record).toEqual({
        id,
        clientMessageId: 'order-7',
        umid: null,
        status: { state: 'unknown', timestamp: record.createdAt, reason },
        deliveryAttempts: 1,
        batchId: null,
        createdAt: expect.stringMatching(ISO),
        updatedAt: record.createdAt,
        history: [],
      })
    },
  )
})

describe('GET /v1/messages/:id', () => {
  it("returns the key's own message record, and 404 for another key's", async () => {
    const input = { ...textMessage(), clientMessageId: 'lookup-1' }
    const sent = await send(await signedPost(JSON.stringify(input)))
    const { id, umid } = (await sent.json()) as { id: string; umid: string }

    const response = await send(await signedGet(`/v1/messages/${id}`))
    expect(response.status).toBe(200)
    const record = (await response.json()) as Record<string, unknown>
    expect(record).toEqual({
      id,
      clientMessageId: 'lookup-1',
      umid,
      status: { state: 'queued', timestamp: record.createdAt },
      deliveryAttempts: 1,
      batchId: null,
      createdAt: expect.stringMatching(ISO),
      updatedAt: record.createdAt,
      history: [],
    })
    expect(Object.keys(record)).toEqual([
      'id',
      'clientMessageId',
      'umid',
      'status',
      'deliveryAttempts',
      'batchId',
      'createdAt',
      'updatedAt',
      'history',
    ])

    const other = await send(await signedGet(`/v1/messages/${id}`, KEYS.hmac))
    expect(other.status).toBe(404)
    expect(await problem(other)).toEqual(
      problemBody('not_found', 404, 'Not found', 'No such message.'),
    )
  })
})

describe('revocation', () => {
  const revoke = (keyId: string) =>
    send(
      new Request(`${ORIGIN}/admin/keys/${keyId}/revoke`, {
        method: 'POST',
        headers: { authorization: `Bearer ${LOCAL_ADMIN_TOKEN}` },
      }),
    )

  it('a key revoked through the admin route is refused from the next request on', async () => {
    const ok = await send(
      await signedPost(JSON.stringify(textMessage()), { keyId: KEYS.revocable }),
    )
    expect(ok.status).toBe(200)
    const before = Date.now()
    const revoked = await revoke(KEYS.revocable)
    expect(revoked.status).toBe(200)
    const body = (await revoked.json()) as { revokedAt: string }
    expect(body).toEqual({ keyId: KEYS.revocable, status: 'revoked', revokedAt: body.revokedAt })
    expect(Date.parse(body.revokedAt)).toBeGreaterThanOrEqual(before)
    const row = await env.DB.prepare('SELECT status FROM client_keys WHERE key_id = ?')
      .bind(KEYS.revocable)
      .first()
    expect(row).toEqual({ status: 'revoked' })

    const marker = crypto.randomUUID()
    const refused = await send(
      await signedPost(JSON.stringify(textMessage(marker)), { keyId: KEYS.revocable }),
    )
    expect(refused.status).toBe(401)
    expect(await problem(refused)).toEqual(
      problemBody('signature_invalid', 401, 'Signature invalid'),
    )
    expect(await upstreamReceived(marker)).toHaveLength(0)
    // Revoking again changes nothing.
    expect(await (await revoke(KEYS.revocable)).json()).toEqual(body)
  })

  it('the admission object refuses a revoked key that D1 and the isolate still hold active', async () => {
    const keyId = `remembered-${crypto.randomUUID()}`
    await env.DB.prepare(
      `INSERT INTO client_keys (key_id, alg, secret, sub_account, status, created_at)
       VALUES (?, 'hmac-sha256', ?, 'demo-subaccount', 'active', 0)`,
    )
      .bind(keyId, HMAC_SECRET)
      .run()
    const first = await send(await signedPost(JSON.stringify(textMessage()), { keyId }))
    expect(first.status).toBe(200)
    await env.ADMISSION.get(env.ADMISSION.idFromName(keyId)).revoke(Date.now())

    const marker = crypto.randomUUID()
    const refused = await send(await signedPost(JSON.stringify(textMessage(marker)), { keyId }))
    expect(refused.status).toBe(401)
    expect(await problem(refused)).toEqual(
      problemBody('signature_invalid', 401, 'Signature invalid'),
    )
    expect(await upstreamReceived(marker)).toHaveLength(0)
  })
})

/** Only the bindings a configuration test needs (readConfig reads variables, not bindings). */
const partial = (values: Partial<Bindings>) => values as Bindings

describe('configuration', () => {
  it('production refuses the development key ids of signing.md', async () => {
    const base = {
      DB: env.DB,
      ADMISSION: (env as unknown as Bindings).ADMISSION,
      CHATAPPS_API_KEY: 'k',
    }
    const production = readConfig(
      partial({ ...base, ENVIRONMENT: 'production', ALLOWED_AUTHORITIES: 'edge.acme.com' }),
    )
    const local = readConfig(partial({ ...base, ENVIRONMENT: 'local' }))
    expect(await findActiveKey(env.DB, KEYS.ed25519, production.refusedKeyIds)).toBeNull()
    expect(await findActiveKey(env.DB, KEYS.hmac, production.refusedKeyIds)).toBeNull()
    expect((await findActiveKey(env.DB, KEYS.ed25519, local.refusedKeyIds))?.keyId).toBe(
      KEYS.ed25519,
    )
  })

  it('a missing API key or a bad base URL is refused at once, without echoing values', () => {
    const base = { DB: env.DB, ADMISSION: (env as unknown as Bindings).ADMISSION }
    expect(() => readConfig(partial(base))).toThrow('invalid configuration: apiKey')
    expect(() =>
      readConfig(
        partial({ ...base, CHATAPPS_API_KEY: 'secret-x', CHATAPPS_BASE_URL: 'not a url' }),
      ),
    ).toThrow(/^invalid configuration: baseUrl$/)
  })

  it("production refuses wrangler.jsonc's public admin token; keys are remembered 60 s by default", () => {
    const base = { DB: env.DB, CHATAPPS_API_KEY: 'k' }
    expect(() =>
      readConfig(partial({ ...base, ENVIRONMENT: 'production', ADMIN_TOKEN: LOCAL_ADMIN_TOKEN })),
    ).toThrow(/^invalid configuration: adminToken$/)
    expect(() => readConfig(partial({ ...base, ADMIN_TOKEN: 'short' }))).toThrow(
      /^invalid configuration: adminToken$/,
    )
    expect(() => readConfig(partial({ ...base, KEY_CACHE_MS: '300001' }))).toThrow(
      /^invalid configuration: keyCacheMs$/,
    )
    const defaults = readConfig(partial({ ...base, ADMIN_TOKEN: '' }))
    expect([defaults.keyCacheMs, defaults.adminToken]).toEqual([60_000, undefined])
    const staging = readConfig(
      partial({
        ...base,
        ENVIRONMENT: 'staging',
        ADMIN_TOKEN: 'a-long-enough-token',
        KEY_CACHE_MS: '0',
      }),
    )
    expect([staging.keyCacheMs, staging.adminToken]).toEqual([0, 'a-long-enough-token'])
  })

  it('staging and production refuse a webhook authorization shorter than 32 characters, without echoing it', () => {
    const base = { DB: env.DB, CHATAPPS_API_KEY: 'k', ALLOWED_AUTHORITIES: 'edge.acme.com' }
    const short = `Bearer ${'s'.repeat(MIN_WEBHOOK_AUTHORIZATION_LENGTH - 8)}`
    const long = `Bearer ${'l'.repeat(MIN_WEBHOOK_AUTHORIZATION_LENGTH - 7)}`
    expect([MIN_WEBHOOK_AUTHORIZATION_LENGTH, short.length, long.length]).toEqual([32, 31, 32])
    for (const ENVIRONMENT of ['staging', 'production']) {
      for (const values of [
        { WEBHOOK_AUTHORIZATION: 'x' },
        { WEBHOOK_AUTHORIZATION: short },
        { WEBHOOK_AUTHORIZATION: long, WEBHOOK_AUTHORIZATION_NEXT: short },
      ]) {
        expect(() => readConfig(partial({ ...base, ENVIRONMENT, ...values })), ENVIRONMENT).toThrow(
          /^invalid configuration: webhookAuthorizations$/,
        )
      }
      expect(
        readConfig(
          partial({
            ...base,
            ENVIRONMENT,
            WEBHOOK_AUTHORIZATION: long,
            WEBHOOK_AUTHORIZATION_NEXT: long,
          }),
        ).webhookAuthorizations,
      ).toEqual([long, long])
      // Unset stays allowed: the webhook answers 503 and logs the fault.
      expect(readConfig(partial({ ...base, ENVIRONMENT })).webhookAuthorizations).toEqual([])
    }
    expect(
      readConfig(partial({ ...base, WEBHOOK_AUTHORIZATION: 'x' })).webhookAuthorizations,
    ).toEqual(['x'])
  })
})

describe('stores that cannot be reached', () => {
  const bindings = env as unknown as Bindings & { FAULTY_UPSTREAM: Fetcher }

  async function withBindings(request: Request, overrides: Partial<Bindings>) {
    const ctx = createExecutionContext()
    const response = await app.fetch(
      request,
      { ...bindings, UPSTREAM: bindings.FAULTY_UPSTREAM, ...overrides },
      ctx,
    )
    await waitOnExecutionContext(ctx)
    return response
  }

  it('admission unreachable is 503 unavailable with Retry-After, nothing sent', async () => {
    const broken = {
      idFromName: (name: string) => bindings.ADMISSION.idFromName(name),
      get: () => ({ admit: () => Promise.reject(new Error('object unreachable')) }),
    } as unknown as Bindings['ADMISSION']
    const marker = crypto.randomUUID()
    const response = await withBindings(await signedPost(JSON.stringify(textMessage(marker))), {
      ADMISSION: broken,
    })
    expect(response.status).toBe(503)
    expect(response.headers.get('retry-after')).toBe('1')
    expect(await problem(response)).toEqual(problemBody('unavailable', 503, 'Service unavailable'))
    expect(await upstreamReceived(marker, 'FAULTY_UPSTREAM')).toHaveLength(0)
  })

  it("8x8 refusing the gateway's own API key is 503, and the key never shows", async () => {
    const sandbox = bindings.UPSTREAM
    if (sandbox === undefined) throw new Error('no sandbox binding')
    const response = await withBindings(await signedPost(JSON.stringify(textMessage())), {
      UPSTREAM: sandbox,
      CHATAPPS_API_KEY: 'wrong-key-do-not-echo',
    })
    expect(response.status).toBe(503)
    expect(response.headers.get('retry-after')).toBe('30')
    const text = await response.text()
    expect(text).not.toContain('wrong-key-do-not-echo')
    expect(logs.lines.join('\n')).not.toContain('wrong-key-do-not-echo')
    expect(JSON.parse(text)).toEqual(
      problemBody('upstream_unavailable', 503, '8x8 unavailable', '8x8 is unavailable.'),
    )
  })

  it('a key the isolate read lately needs no D1: sending goes on while D1 is down', async () => {
    const ok = await send(await signedPost(JSON.stringify(textMessage())))
    expect(ok.status).toBe(200)
    const broken = {
      prepare: () => {
        throw new Error('D1 down')
      },
      batch: () => Promise.reject(new Error('D1 down')),
    } as unknown as D1Database
    const marker = crypto.randomUUID()
    const response = await withBindings(await signedPost(JSON.stringify(textMessage(marker))), {
      DB: broken,
    })
    expect(response.status).toBe(200)
    expect(await upstreamReceived(marker, 'FAULTY_UPSTREAM')).toHaveLength(1)
  })

  it('a completion that cannot reach the object still records the message in D1', async () => {
    const real = bindings.ADMISSION
    const failing = {
      idFromName: (name: string) => real.idFromName(name),
      get: (id: DurableObjectId) => {
        const stub = real.get(id)
        // Admissions reach the object; a completion fails.
        return {
          admit: (input: Parameters<typeof stub.admit>[0]) => stub.admit(input),
          complete: () => Promise.reject(new Error('object unreachable')),
        }
      },
    } as unknown as Bindings['ADMISSION']
    const marker = crypto.randomUUID()
    const response = await withBindings(await signedPost(JSON.stringify(textMessage(marker))), {
      ADMISSION: failing,
    })
    expect(response.status).toBe(200)
    const { id } = (await response.json()) as { id: string }
    const row = await env.DB.prepare('SELECT status FROM messages WHERE id = ?').bind(id).first()
    // The fake 8x8 answers `queued`.
    expect(row).toEqual({ status: 'queued' })
  })

  it('the key store failing is 503 unavailable, not 401', async () => {
    const broken = {
      prepare: () => {
        throw new Error('D1 down')
      },
    } as unknown as D1Database
    // A key this isolate has not read yet: a remembered one would not need D1.
    const request = await signedPost(JSON.stringify(textMessage()), { keyId: 'never-read-key' })
    const response = await withBindings(request, { DB: broken })
    expect(response.status).toBe(503)
    expect(response.headers.get('retry-after')).toBe('1')
    expect(await problem(response)).toEqual(problemBody('unavailable', 503, 'Service unavailable'))
  })
})
