import { msg } from '@chatapps/dsl'
import { describe, expect, it } from 'vitest'
import {
  ChatappsError,
  explainError,
  explainStatus,
  isChatappsError,
  type MessageStatus,
} from '../src/index'
import { problem, scriptedFetch, testClient } from './helpers'

const status = (value: MessageStatus): MessageStatus => value

describe("8x8's codes explained", () => {
  it("Should explain 8x8's code on an upstream_rejected error", async () => {
    const upstream = { code: 3038, message: 'Template not found' }
    const { fetch } = scriptedFetch(problem(422, 'upstream_rejected', { upstream }))
    const { client } = testClient(fetch)
    const error = await client.send(msg.to('+15551234567').text('Hi')).catch((e: unknown) => e)
    if (!isChatappsError(error)) throw new Error('expected a ChatappsError')
    expect(error.upstream).toStrictEqual(upstream)
    expect(error.upstreamExplanation).toStrictEqual(explainError(3038, 'api'))
    expect(error.upstreamExplanation).toMatchObject({
      reason: 'Template not found',
      action: 'refresh_template',
      coverage: 'documented',
    })
  })

  it('Should have no explanation when 8x8 said nothing', () => {
    const error = new ChatappsError({ source: 'network', status: 0, code: 'timeout', title: 'x' })
    expect(error.upstreamExplanation).toBeUndefined()
  })

  it("Should explain a receipt's code as a receipt code, a rejection's as an API code", () => {
    const undelivered = {
      state: 'undelivered',
      timestamp: '2026-11-24T09:30:02.000Z',
      errorCode: 1022,
      errorMessage: 'Message window expired',
    }
    expect(explainStatus(undelivered)).toStrictEqual(explainError(1022, 'receipt'))
    expect(explainStatus(undelivered)).toMatchObject({ effect: 'window_closed', metaCode: 131047 })
    // 8x8's batch answer rejects a message with an API code.
    expect(
      explainStatus(status({ state: 'rejected', timestamp: '', errorCode: '3038' })),
    ).toMatchObject({
      kind: 'api',
      reason: 'Template not found',
    })
    expect(explainStatus(status({ state: 'delivered', timestamp: '' }))).toBeNull()
    expect(
      explainStatus(
        status({ state: 'failed', timestamp: '', reason: 'delivery attempts exhausted' }),
      ),
    ).toBeNull()
  })
})
