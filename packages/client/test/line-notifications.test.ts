import { lineNotification } from '@chatapps/dsl'
import { parseIdempotencyKey } from '@chatapps/signature'
import { describe, expect, inject, it } from 'vitest'
import { ChatappsError } from '../src/index'
import {
  acceptedAnswer,
  BASE_URL,
  scriptedFetch,
  sentAnswer,
  testClient,
  verifies,
} from './helpers'

const chain = lineNotification.to('+66812345678').title('Order shipped').item('Order', '#1234')

describe(`sendLineNotification (${inject('runtime')})`, () => {
  it('Should sign a POST /v1/line-notifications with the canonical notification', async () => {
    const { fetch, calls } = scriptedFetch(sentAnswer())
    const { client } = testClient(fetch)
    const result = await client.sendLineNotification(chain)
    expect(calls).toHaveLength(1)
    const [call] = calls
    if (call === undefined) throw new Error('no call')
    expect(call.request.method).toBe('POST')
    expect(call.request.url).toBe(`${BASE_URL}/v1/line-notifications`)
    expect(call.request.headers.get('prefer')).toBeNull()
    expect(await verifies(call.request)).toBe(true)
    expect(call.body).toBe(
      '{"user":{"msisdn":"+66812345678"},"content":{"title":"Order shipped","list":[{"label":"Order","content":"#1234"}]}}',
    )
    const key = parseIdempotencyKey(call.request.headers.get('idempotency-key') ?? '')
    expect(result).toStrictEqual({
      kind: 'sent',
      id: 'msg-1',
      clientMessageId: 'cmid-msg-1',
      umid: 'umid-msg-1',
      status: { state: 'queued', timestamp: '2026-11-24T20:00:00.000Z' },
      meta: { requests: 1, idempotencyKey: key, replayed: false, status: 200 },
    })
  })

  it('Should send a plain body in canonical form, and ask for async', async () => {
    const { fetch, calls } = scriptedFetch(acceptedAnswer())
    const { client } = testClient(fetch)
    const plain = {
      user: { msisdn: '+66812345678' },
      content: { title: 'T', actions: [{ title: 'Go', content: 'https://example.com' }] },
      smsFallback: { text: 'x', encoding: 'auto' },
    }
    const result = await client.sendLineNotification(plain, { async: true, idempotencyKey: 'k-1' })
    expect(calls[0]?.request.headers.get('prefer')).toBe('respond-async')
    expect(JSON.parse(calls[0]?.body ?? '')).toStrictEqual({
      user: { msisdn: '+66812345678' },
      content: { title: 'T', actions: [{ title: 'Go', url: 'https://example.com' }] },
      smsFallback: { text: 'x', encoding: 'AUTO' },
    })
    expect(result.kind).toBe('accepted')
  })

  it('Should refuse an invalid notification locally, sending nothing', async () => {
    const { fetch, calls } = scriptedFetch(sentAnswer())
    const { client } = testClient(fetch)
    const error = await client
      .sendLineNotification({ user: { msisdn: '+66812345678' }, content: {} })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ChatappsError)
    expect(error).toMatchObject({
      source: 'local',
      status: 422,
      code: 'invalid_message',
      detail: 'The LINE notification has 1 issue(s); nothing was sent.',
      issues: [
        { path: 'content.title', message: 'Invalid key: Expected "title" but received undefined' },
      ],
    })
    expect(calls).toHaveLength(0)
  })
})
