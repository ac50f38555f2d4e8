import { describe, expect, inject, it } from 'vitest'
import { problem, scriptedFetch, sentAnswer, testClient, verifies } from './helpers'

const TEXT = { user: { msisdn: '+15551234567' }, type: 'text', content: { text: 'Hi' } } as const
const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'

// The gateway carries a caller's W3C trace to 8x8 and to callbacks (docs/observability.md).
describe(`traceparent (${inject('runtime')})`, () => {
  it('Should send it on every attempt of a send, retries included, outside the signature', async () => {
    const { fetch, calls } = scriptedFetch(
      problem(503, 'unavailable', {}, { 'retry-after': '0' }),
      sentAnswer(),
    )
    const { client } = testClient(fetch)
    await client.send(TEXT, { traceparent: TRACEPARENT })
    expect(calls).toHaveLength(2)
    for (const call of calls) {
      expect(call.request.headers.get('traceparent')).toBe(TRACEPARENT)
      expect(call.request.headers.get('signature-input')).not.toContain('traceparent')
      expect(await verifies(call.request)).toBe(true)
    }
  })

  it('Should send it with a batch', async () => {
    const { fetch, calls } = scriptedFetch(
      Response.json({ batchId: 'b-1', acceptedCount: 1, rejectedCount: 0, messages: [] }),
    )
    const { client } = testClient(fetch)
    await client.sendBatch([TEXT], { traceparent: TRACEPARENT })
    expect(calls[0]?.request.headers.get('traceparent')).toBe(TRACEPARENT)
  })

  it('Should send none unless asked', async () => {
    const { fetch, calls } = scriptedFetch(sentAnswer())
    const { client } = testClient(fetch)
    await client.send(TEXT)
    expect(calls[0]?.request.headers.has('traceparent')).toBe(false)
  })
})
