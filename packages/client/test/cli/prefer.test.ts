import { afterAll, describe, expect, it } from 'vitest'
import { acceptedAnswer, scriptedFetch, verifies } from '../helpers'
import { CONFIGURED, removeTempDirs, runCli } from './run'

afterAll(removeTempDirs)

// signing.md: a request that carries Prefer must cover it.
describe('chatapps send --async', () => {
  it('Should cover prefer in the signature it sends', async () => {
    const { fetch, calls } = scriptedFetch(acceptedAnswer('a-1'))
    const { code } = await runCli(['send', '--to', '+15551234567', '--text', 'hi', '--async'], {
      env: CONFIGURED,
      fetch,
    })
    expect(code).toBe(0)
    const request = calls[0]?.request as Request
    expect(request.headers.get('prefer')).toBe('respond-async')
    expect(request.headers.get('signature-input')).toMatch(
      /^sig1=\("@method" "@authority" "@path" "@query" "content-type" "content-digest" "idempotency-key" "prefer"\);/,
    )
    expect(await verifies(request)).toBe(true)
  })
})
