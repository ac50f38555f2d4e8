import { msg, safeParseMessage } from '@chatapps/dsl'
import { parseIdempotencyKey } from '@chatapps/signature'
import { describe, expect, inject, it } from 'vitest'
import { ChatappsError, createClient, isChatappsError } from '../src/index'
import {
  acceptedAnswer,
  BASE_URL,
  HMAC_SECRET,
  problem,
  scriptedFetch,
  sentAnswer,
  signatureParam,
  testClient,
  verifies,
} from './helpers'

const TEXT = { user: { msisdn: '+15551234567' }, type: 'Text', content: { text: 'Hi' } } as const

describe(`send (${inject('runtime')})`, () => {
  it('Should sign a POST /v1/messages with the canonical message, a digest and an idempotency key', async () => {
    const { fetch, calls } = scriptedFetch(sentAnswer())
    const { client } = testClient(fetch)
    const result = await client.send(msg.to('+15551234567').text('Hello'))

    expect(calls).toHaveLength(1)
    const [call] = calls
    if (call === undefined) throw new Error('no call')
    expect(call.request.method).toBe('POST')
    expect(call.request.url).toBe(`${BASE_URL}/v1/messages`)
    expect(call.request.headers.get('content-type')).toBe('application/json')
    expect(call.request.headers.get('content-digest')).toMatch(/^sha-256=:/)
    expect(call.request.headers.get('prefer')).toBeNull()
    const key = parseIdempotencyKey(call.request.headers.get('idempotency-key') ?? '')
    expect(key).toMatch(/^[0-9a-f-]{36}$/)
    expect(signatureParam(call.request, 'keyid')).toBe('test-key-ed25519')
    expect(signatureParam(call.request, 'tag')).toBe('chatapps-v1')
    expect(await verifies(call.request)).toBe(true)
    expect(JSON.parse(call.body)).toStrictEqual(msg.to('+15551234567').text('Hello').build())

    expect(result).toStrictEqual({
      kind: 'sent',
      id: 'msg-1',
      clientMessageId: 'cmid-msg-1',
      umid: 'umid-msg-1',
      status: { state: 'queued', timestamp: '2026-11-24T20:00:00.000Z' },
      meta: { requests: 1, idempotencyKey: key, replayed: false, status: 200 },
    })
  })

  it('Should report what the key’s observe policies flagged: the service window and the template', async () => {
    const issue = {
      path: 'content.template.components.0.parameters',
      message: 'The body of order_update (en_US) takes 2 parameters; 1 given.',
      rule: 'body_count',
      code: 3041,
    }
    const answer = Response.json({
      id: 'msg-1',
      umid: 'umid-msg-1',
      clientMessageId: 'cmid-msg-1',
      status: { state: 'queued', timestamp: '2026-11-24T20:00:00.000Z' },
      serviceWindow: 'closed',
      templateIssues: [issue, { path: 1, rule: 'not_approved', code: null }, 'junk'],
    })
    const { fetch } = scriptedFetch(answer)
    const { client } = testClient(fetch)
    const result = await client.send(TEXT, { idempotencyKey: 'flagged' })
    expect(result).toStrictEqual({
      kind: 'sent',
      id: 'msg-1',
      clientMessageId: 'cmid-msg-1',
      umid: 'umid-msg-1',
      status: { state: 'queued', timestamp: '2026-11-24T20:00:00.000Z' },
      serviceWindow: 'closed',
      templateIssues: [issue, { path: '', message: '', rule: 'not_approved', code: null }],
      meta: { requests: 1, idempotencyKey: 'flagged', replayed: false, status: 200 },
    })
  })

  it('Should report that an earlier try of the key may have sent the message too', async () => {
    const answer = Response.json({
      id: 'msg-2',
      umid: 'umid-msg-2',
      clientMessageId: 'cmid-msg-2',
      status: { state: 'queued', timestamp: '2026-11-24T20:01:01.000Z' },
      maybeSentTwice: { earlierTryAt: '2026-11-24T20:00:00.000Z' },
    })
    const { fetch } = scriptedFetch(answer)
    const { client } = testClient(fetch)
    const result = await client.send(TEXT, { idempotencyKey: 'taken-over' })
    expect(result).toStrictEqual({
      kind: 'sent',
      id: 'msg-2',
      clientMessageId: 'cmid-msg-2',
      umid: 'umid-msg-2',
      status: { state: 'queued', timestamp: '2026-11-24T20:01:01.000Z' },
      maybeSentTwice: { earlierTryAt: '2026-11-24T20:00:00.000Z' },
      meta: { requests: 1, idempotencyKey: 'taken-over', replayed: false, status: 200 },
    })
  })

  it('Should send a plain message in its canonical form', async () => {
    const { fetch, calls } = scriptedFetch(sentAnswer())
    const { client } = testClient(fetch)
    await client.send(TEXT)
    expect(JSON.parse(calls[0]?.body ?? '')).toStrictEqual({ ...TEXT, type: 'text' })
  })

  it('Should use the caller idempotency key and report a replayed answer', async () => {
    const { fetch, calls } = scriptedFetch(sentAnswer('m', { 'idempotency-replayed': 'true' }))
    const { client } = testClient(fetch)
    const result = await client.send(TEXT, { idempotencyKey: 'order-42' })
    expect(calls[0]?.request.headers.get('idempotency-key')).toBe('"order-42"')
    expect(result.meta).toStrictEqual({
      requests: 1,
      idempotencyKey: 'order-42',
      replayed: true,
      status: 200,
    })
  })

  it('Should use a new idempotency key for each logical call', async () => {
    const { fetch, calls } = scriptedFetch(sentAnswer())
    const { client } = testClient(fetch)
    await client.send(TEXT)
    await client.send(TEXT)
    const keys = calls.map((c) => c.request.headers.get('idempotency-key'))
    expect(new Set(keys).size).toBe(2)
  })

  it('Should refuse an invalid plain message locally, with the DSL issues, and send nothing', async () => {
    const { fetch, calls } = scriptedFetch(sentAnswer())
    const { client } = testClient(fetch)
    const bad = { user: { msisdn: 'nope' }, type: 'text', content: { text: '' } }
    const error = await client.send(bad).catch((e: unknown) => e)
    expect(isChatappsError(error)).toBe(true)
    if (!isChatappsError(error)) return
    const expected = safeParseMessage(bad)
    expect(expected.success).toBe(false)
    expect(error.source).toBe('local')
    expect(error.status).toBe(422)
    expect(error.code).toBe('invalid_message')
    expect(error.requests).toBe(0)
    expect(error.issues).toStrictEqual(expected.issues)
    expect(calls).toHaveLength(0)
  })

  it('Should refuse an invalid builder locally', async () => {
    const { fetch, calls } = scriptedFetch(sentAnswer())
    const { client } = testClient(fetch)
    const error = await client.send(msg.to('+15551234567').text('')).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ChatappsError)
    expect((error as ChatappsError).issues[0]?.path).toBe('content.text')
    expect(calls).toHaveLength(0)
  })

  it('Should sign with hmac-sha256 when the key is a secret', async () => {
    const { fetch, calls } = scriptedFetch(sentAnswer())
    const { client } = testClient(fetch, {
      keyId: 'test-shared-secret',
      alg: 'hmac-sha256',
      key: HMAC_SECRET,
    })
    await client.send(TEXT)
    const request = calls[0]?.request
    if (request === undefined) throw new Error('no call')
    expect(signatureParam(request, 'alg')).toBe('hmac-sha256')
    expect(await verifies(request)).toBe(true)
  })

  it('Should keep a path prefix of the base URL', async () => {
    const { fetch, calls } = scriptedFetch(sentAnswer())
    const { client } = testClient(fetch, { baseUrl: 'https://edge.test/gateway/' })
    await client.send(TEXT)
    expect(calls[0]?.request.url).toBe('https://edge.test/gateway/v1/messages')
  })

  it('Should throw a TypeError for options it cannot use', () => {
    expect(() => createClient({ baseUrl: 'nope', keyId: 'k', key: 'x' })).toThrow(TypeError)
    expect(() => createClient({ baseUrl: BASE_URL, keyId: '', key: 'x' })).toThrow(TypeError)
    expect(() => createClient({ baseUrl: BASE_URL, keyId: 'k', key: 'x', retries: -1 })).toThrow(
      TypeError,
    )
  })
})

describe(`send async (${inject('runtime')})`, () => {
  it('Should send Prefer: respond-async and type the 202 as accepted', async () => {
    const { fetch, calls } = scriptedFetch(acceptedAnswer())
    const { client } = testClient(fetch)
    const result = await client.send(TEXT, { async: true })
    expect(calls[0]?.request.headers.get('prefer')).toBe('respond-async')
    expect(await verifies(calls[0]?.request as Request)).toBe(true)
    expect(result).toStrictEqual({
      kind: 'accepted',
      id: 'abc',
      clientMessageId: 'cmid-abc',
      umid: null,
      status: { state: 'accepted', timestamp: '2026-11-24T20:00:00.000Z' },
      location: '/v1/messages/abc',
      meta: {
        requests: 1,
        idempotencyKey: result.meta.idempotencyKey,
        replayed: false,
        status: 202,
      },
    })
  })

  it('Should accept a synchronous answer to an async request', async () => {
    const { fetch } = scriptedFetch(sentAnswer('sync'))
    const { client } = testClient(fetch)
    const result = await client.send(TEXT, { async: true })
    expect(result.kind).toBe('sent')
  })

  it('Should retry an async send with the same idempotency key', async () => {
    const { fetch, calls } = scriptedFetch(
      problem(503, 'unavailable', {}, { 'retry-after': '1' }),
      // Without Location: the client makes it from the id.
      Response.json(await acceptedAnswer().json(), { status: 202 }),
    )
    const { client, sleeps } = testClient(fetch)
    const result = await client.send(TEXT, { async: true })
    expect(result.kind).toBe('accepted')
    expect(sleeps).toStrictEqual([1000])
    expect(calls.map((c) => c.request.headers.get('prefer'))).toStrictEqual([
      'respond-async',
      'respond-async',
    ])
    expect(calls[0]?.request.headers.get('idempotency-key')).toBe(
      calls[1]?.request.headers.get('idempotency-key'),
    )
    if (result.kind === 'accepted') expect(result.location).toBe('/v1/messages/abc')
  })
})
