import { describe, expect, inject, it } from 'vitest'
import { acceptedAnswer, problem, scriptedFetch, sentAnswer, testClient, verifies } from './helpers'

const TEXT = { user: { msisdn: '+15551234567' }, type: 'text', content: { text: 'Hi' } } as const

/** The covered components of a signed request, in order. */
function covered(request: Request | undefined): string[] {
  const input = request?.headers.get('signature-input') ?? ''
  const list = /^sig1=\(([^)]*)\)/.exec(input)?.[1] ?? ''
  return [...list.matchAll(/"([^"]+)"/g)].map((match) => match[1] ?? '')
}

const POST = [
  '@method',
  '@authority',
  '@path',
  '@query',
  'content-type',
  'content-digest',
  'idempotency-key',
]

// signing.md: a request that carries Prefer must cover it.
describe(`Prefer is signed (${inject('runtime')})`, () => {
  it('Should cover prefer on every attempt of an async send, retries included', async () => {
    const { fetch, calls } = scriptedFetch(
      problem(503, 'unavailable', {}, { 'retry-after': '0' }),
      acceptedAnswer(),
    )
    const { client } = testClient(fetch)
    await client.send(TEXT, { async: true })
    expect(calls).toHaveLength(2)
    for (const call of calls) {
      expect(call.request.headers.get('prefer')).toBe('respond-async')
      expect(covered(call.request)).toStrictEqual([...POST, 'prefer'])
      expect(await verifies(call.request)).toBe(true)
    }
  })

  it('Should not cover prefer when it sends none', async () => {
    const { fetch, calls } = scriptedFetch(sentAnswer())
    const { client } = testClient(fetch)
    await client.send(TEXT)
    expect(covered(calls[0]?.request)).toStrictEqual(POST)
  })
})
