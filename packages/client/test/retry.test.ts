import { msg } from '@chatapps/dsl'
import { describe, expect, inject, it } from 'vitest'
import {
  type ChatappsError,
  ChatappsOutcomeUnknownError,
  isChatappsError,
  isOutcomeUnknownError,
} from '../src/index'
import { parseRetryAfter } from '../src/retry'
import { problem, scriptedFetch, sentAnswer, signatureParam, testClient, verifies } from './helpers'

const message = msg.to('+15551234567').text('Retry me')

async function failure(promise: Promise<unknown>): Promise<ChatappsError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  if (!isChatappsError(error)) throw new Error(`expected a ChatappsError, got ${String(error)}`)
  return error
}

describe(`retries (${inject('runtime')})`, () => {
  it('Should retry with the same Idempotency-Key, a fresh nonce and a valid signature', async () => {
    const { fetch, calls } = scriptedFetch(
      problem(503, 'upstream_unavailable'),
      problem(429, 'rate_limited', {}, { 'retry-after': '1' }),
      sentAnswer(),
    )
    const { client, sleeps } = testClient(fetch)
    const result = await client.send(message)

    expect(calls).toHaveLength(3)
    const keys = calls.map((c) => c.request.headers.get('idempotency-key'))
    expect(new Set(keys).size).toBe(1)
    const nonces = calls.map((c) => signatureParam(c.request, 'nonce'))
    expect(new Set(nonces).size).toBe(3)
    const signatures = calls.map((c) => c.request.headers.get('signature'))
    expect(new Set(signatures).size).toBe(3)
    for (const call of calls) expect(await verifies(call.request)).toBe(true)
    expect(new Set(calls.map((c) => c.body)).size).toBe(1)
    // Full jitter with random() = 0.5: 0.5 × 250 for the first retry; then Retry-After: 1.
    expect(sleeps).toStrictEqual([125, 1000])
    expect(result.meta.requests).toBe(3)
    expect(result.meta.idempotencyKey).toBe(keys[0]?.slice(1, -1))
  })

  it('Should retry 409 idempotency_key_in_flight, honouring Retry-After', async () => {
    const { fetch, calls } = scriptedFetch(
      problem(409, 'idempotency_key_in_flight', {}, { 'retry-after': '2' }),
      sentAnswer(),
    )
    const { client, sleeps } = testClient(fetch)
    await client.send(message)
    expect(calls).toHaveLength(2)
    expect(sleeps).toStrictEqual([2000])
  })

  it('Should honour a Retry-After HTTP-date', async () => {
    const at = new Date(Date.now() + 3_000).toUTCString()
    const { fetch } = scriptedFetch(
      problem(429, 'rate_limited', {}, { 'retry-after': at }),
      sentAnswer(),
    )
    const { client, sleeps } = testClient(fetch)
    await client.send(message)
    expect(sleeps).toHaveLength(1)
    expect(sleeps[0]).toBeGreaterThanOrEqual(2000)
    expect(sleeps[0]).toBeLessThanOrEqual(3000)
  })

  it('Should retry network errors', async () => {
    const { fetch, calls } = scriptedFetch(new TypeError('fetch failed'), sentAnswer())
    const { client, sleeps } = testClient(fetch)
    const result = await client.send(message)
    expect(calls).toHaveLength(2)
    expect(sleeps).toStrictEqual([125])
    expect(result.meta.requests).toBe(2)
  })

  it.each([400, 401, 403, 404, 413, 415, 422])('Should not retry %i', async (status) => {
    const { fetch, calls } = scriptedFetch(problem(status, 'some_code'), sentAnswer())
    const { client, sleeps } = testClient(fetch)
    const error = await failure(client.send(message))
    expect(calls).toHaveLength(1)
    expect(sleeps).toStrictEqual([])
    expect(error.status).toBe(status)
    expect(error.requests).toBe(1)
  })

  it('Should not retry 422, and carry the problem members', async () => {
    const issues = [{ path: 'content.text', message: 'Too long' }]
    const upstream = { code: 1002, message: 'Invalid MSISDN format' }
    const { fetch, calls } = scriptedFetch(problem(422, 'invalid_message', { issues, upstream }))
    const { client } = testClient(fetch)
    const error = await failure(client.send(message))
    expect(calls).toHaveLength(1)
    expect(error).toMatchObject({
      name: 'ChatappsError',
      source: 'gateway',
      status: 422,
      code: 'invalid_message',
      title: 'invalid_message',
      detail: 'invalid_message!',
      type: '/problems/invalid_message',
      issues,
      upstream,
      retryAfter: undefined,
      requests: 1,
    })
    expect(error.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/)
  })

  it.each([
    [502, 'fault'],
    [504, 'timeout'],
  ])(
    'Should not retry %i upstream_outcome_unknown, and surface it as its own error with the record id',
    async (status) => {
      const id = '5b0e2d3c-7a41-4f0e-9d2b-6c8a1e3f4b5a'
      const { fetch, calls } = scriptedFetch(
        problem(
          status,
          'upstream_outcome_unknown',
          { id, clientMessageId: 'order-42' },
          {
            location: `/v1/messages/${id}`,
          },
        ),
        sentAnswer(),
      )
      const { client, sleeps } = testClient(fetch)
      const error = await failure(client.send(message))
      expect(calls).toHaveLength(1)
      expect(sleeps).toStrictEqual([])
      expect(error).toBeInstanceOf(ChatappsOutcomeUnknownError)
      expect(isOutcomeUnknownError(error)).toBe(true)
      expect(error).toMatchObject({
        name: 'ChatappsError',
        kind: 'outcome_unknown',
        source: 'gateway',
        status,
        code: 'upstream_outcome_unknown',
        messageId: id,
        messageIds: [id],
        requests: 1,
      })
    },
  )

  it('Should name every message of a batch whose outcome is unknown', async () => {
    const messages = [
      { id: 'a1', clientMessageId: 'order-1' },
      { id: 'b2', clientMessageId: 'b2' },
    ]
    const { fetch, calls } = scriptedFetch(problem(502, 'upstream_outcome_unknown', { messages }))
    const { client } = testClient(fetch)
    const error = await failure(client.sendBatch([message, message]))
    expect(calls).toHaveLength(1)
    expect(isOutcomeUnknownError(error)).toBe(true)
    expect(error).toMatchObject({ messageId: 'a1', messageIds: ['a1', 'b2'] })
  })

  it('Should keep retrying 502 upstream_unavailable-like answers that are not outcome_unknown', async () => {
    const { fetch, calls } = scriptedFetch(problem(502, 'upstream_unavailable'), sentAnswer())
    const { client } = testClient(fetch)
    await client.send(message)
    expect(calls).toHaveLength(2)
    expect(isOutcomeUnknownError(new Error('x'))).toBe(false)
  })

  it('Should not retry 409 idempotency_key_reused', async () => {
    const { fetch, calls } = scriptedFetch(problem(409, 'idempotency_key_reused'), sentAnswer())
    const { client } = testClient(fetch)
    const error = await failure(client.send(message))
    expect(calls).toHaveLength(1)
    expect(error.code).toBe('idempotency_key_reused')
  })

  it('Should bound the retries, backing off exponentially with full jitter', async () => {
    const { fetch, calls } = scriptedFetch(problem(503, 'upstream_unavailable'))
    const { client, sleeps } = testClient(fetch, { retries: 3 })
    const error = await failure(client.send(message))
    expect(calls).toHaveLength(4)
    expect(sleeps).toStrictEqual([125, 250, 500])
    expect(error.code).toBe('upstream_unavailable')
    expect(error.requests).toBe(4)
  })

  it('Should cap the backoff at maxDelayMs', async () => {
    const { fetch } = scriptedFetch(new TypeError('down'))
    const { client, sleeps } = testClient(fetch, {
      retries: 5,
      retry: {
        baseDelayMs: 100,
        maxDelayMs: 300,
        random: () => 0.999,
        sleep: async (ms) => void sleeps.push(ms),
      },
    })
    const error = await failure(client.send(message))
    expect(error.code).toBe('network_error')
    expect(error.source).toBe('network')
    expect(sleeps).toStrictEqual([99, 199, 299, 299, 299])
  })

  it('Should not retry at all with retries: 0', async () => {
    const { fetch, calls } = scriptedFetch(problem(503, 'unavailable'))
    const { client } = testClient(fetch, { retries: 0 })
    await failure(client.send(message))
    expect(calls).toHaveLength(1)
  })

  it('Should give up at once when Retry-After is longer than maxRetryAfterMs', async () => {
    const { fetch, calls } = scriptedFetch(
      problem(429, 'rate_limited', {}, { 'retry-after': '3600' }),
    )
    const { client, sleeps } = testClient(fetch)
    const error = await failure(client.send(message))
    expect(calls).toHaveLength(1)
    expect(sleeps).toStrictEqual([])
    expect(error.retryAfter).toBe(3600)
  })

  it('Should time out a silent attempt and retry it', async () => {
    const never = () => new Promise<Response>(() => {})
    const { fetch, calls } = scriptedFetch(never, sentAnswer())
    const { client } = testClient(fetch, { timeoutMs: 20 })
    const result = await client.send(message)
    expect(calls).toHaveLength(2)
    expect(calls[0]?.signal?.aborted).toBe(true)
    expect(result.meta.requests).toBe(2)
  })

  it('Should report a timeout when every attempt times out', async () => {
    const never = () => new Promise<Response>(() => {})
    const { fetch } = scriptedFetch(never)
    const { client } = testClient(fetch, { timeoutMs: 10, retries: 1 })
    const error = await failure(client.send(message))
    expect(error.code).toBe('timeout')
    expect(error.status).toBe(0)
    expect(error.requests).toBe(2)
  })

  it('Should stop retrying when the caller aborts', async () => {
    const controller = new AbortController()
    const { fetch, calls } = scriptedFetch(problem(503, 'unavailable'))
    const { client } = testClient(fetch, {
      retry: {
        sleep: async () => {
          controller.abort(new Error('stop'))
          throw new Error('stop')
        },
      },
    })
    const error = await failure(client.send(message, { signal: controller.signal }))
    expect(error.code).toBe('aborted')
    expect(calls).toHaveLength(1)
  })

  it('Should not send at all with an aborted signal', async () => {
    const { fetch, calls } = scriptedFetch(sentAnswer())
    const { client } = testClient(fetch)
    const error = await failure(client.send(message, { signal: AbortSignal.abort() }))
    expect(error.code).toBe('aborted')
    expect(calls).toHaveLength(0)
  })

  it('Should wait with real timers by default', async () => {
    const { fetch, calls } = scriptedFetch(
      problem(503, 'unavailable', {}, { 'retry-after': '0' }),
      sentAnswer(),
    )
    const { client } = testClient(fetch, { retry: { random: () => 0 } })
    await client.send(message)
    expect(calls).toHaveLength(2)
  })
})

describe('parseRetryAfter', () => {
  it('Should read delay-seconds and HTTP-dates', () => {
    const now = Date.parse('2026-11-24T20:00:00Z')
    expect(parseRetryAfter('5', now)).toBe(5)
    expect(parseRetryAfter(' 0 ', now)).toBe(0)
    expect(parseRetryAfter('Tue, 24 Nov 2026 20:00:07 GMT', now)).toBe(7)
    expect(parseRetryAfter('Tue, 24 Nov 2026 19:00:00 GMT', now)).toBe(0)
    expect(parseRetryAfter('soon', now)).toBeUndefined()
    expect(parseRetryAfter(null, now)).toBeUndefined()
  })
})
