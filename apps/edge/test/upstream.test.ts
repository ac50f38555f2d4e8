/**
 * How src/upstream/chatapps-api.ts classes a call that got no answer, for every call that changes
 * something at 8x8 (a send, a batch, a cancel, an upload; a read receipt and a typing indicator
 * too): one rule for all. workerd's "Network connection lost" comes once the request may have
 * been written, so 8x8 may have done what it asked: ambiguous. Another error (no connection at
 * all) is retryable.
 */
import { describe, expect, it } from 'vitest'
import { createUpstream, describeFailure, type UpstreamFailure } from '../src/upstream/chatapps-api'

const settings = { baseUrl: 'http://8x8.test', apiKey: 'not-a-real-key', upstreamTimeoutMs: 1000 }

/** A fetcher whose every call throws `error`, counting the calls. */
function throwing(error: Error) {
  const seen = { calls: 0 }
  const fetcher = {
    fetch: () => {
      seen.calls++
      return Promise.reject(error)
    },
  } as unknown as Fetcher
  return { fetcher, seen }
}

/** Every call of the upstream client, each made once. */
function everyCall(fetcher: Fetcher) {
  const upstream = createUpstream(settings, fetcher)
  const body = '{"user":{"msisdn":"+15551234567"},"type":"text","content":{"text":"hi"}}'
  return {
    send: () => upstream.send('sub', body),
    sendLineNotification: () => upstream.sendLineNotification('sub', body),
    sendBatch: () => upstream.sendBatch('sub', `{"messages":[${body}]}`),
    cancel: () => upstream.cancel('sub', 'umid-1'),
    cancelBatch: () => upstream.cancelBatch('sub', 'batch-1'),
    upload: () => upstream.upload('sub', new Blob(['x']).stream(), 'multipart/form-data'),
    markRead: () => upstream.markRead('sub', 'umid-1'),
    typing: () => upstream.typing('sub', 'umid-1', 'whatsapp'),
  }
}

/** The failure of a call of the client, as one. */
const failed = async (call: () => Promise<{ ok: boolean }>) => (await call()) as UpstreamFailure

describe('a call to 8x8 that got no answer', () => {
  it('a connection lost once the request may have been written is ambiguous, for every call', async () => {
    const { fetcher, seen } = throwing(new TypeError('Network connection lost.'))
    const calls = everyCall(fetcher)
    for (const [name, call] of Object.entries(calls)) {
      const failure = await failed(call)
      expect({ name, failure }).toStrictEqual({
        name,
        failure: {
          ok: false,
          kind: 'ambiguous',
          status: null,
          timedOut: false,
          retryAfter: 1,
          code: null,
          message: '',
        },
      })
      expect(describeFailure(failure)).toBe('8x8: connection lost')
    }
    // Each asked once: the client never repeats a call itself.
    expect(seen.calls).toBe(Object.keys(calls).length)
  })

  it('no connection at all is retryable, for every call', async () => {
    const { fetcher } = throwing(new TypeError('fetch failed'))
    for (const [name, call] of Object.entries(everyCall(fetcher))) {
      const failure = await failed(call)
      expect({ name, kind: failure.kind, status: failure.status }).toStrictEqual({
        name,
        kind: 'retryable',
        status: null,
      })
      expect(describeFailure(failure)).toBe('8x8: no connection')
    }
  })

  it('no answer in time is ambiguous, for every call', async () => {
    const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError')
    const { fetcher } = throwing(timeout)
    for (const [name, call] of Object.entries(everyCall(fetcher))) {
      const failure = await failed(call)
      expect({ name, kind: failure.kind, timedOut: failure.timedOut }).toStrictEqual({
        name,
        kind: 'ambiguous',
        timedOut: true,
      })
      expect(describeFailure(failure)).toBe('8x8: no answer in time')
    }
  })
})
