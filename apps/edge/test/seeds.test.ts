import { parseMessage } from '@chatapps/dsl'
import { describe, expect, it } from 'vitest'
import seeds from '../../../fixtures/seed-messages.json'
import { send, signedPost, upstreamReceived } from './helpers'

describe('the twelve seed messages, through the gateway to the sandbox', () => {
  it('are twelve', () => {
    expect(seeds).toHaveLength(12)
  })

  it.each(seeds.map((seed) => [seed.name, seed.payload] as const))(
    '%s is accepted and arrives as exactly its canonical form',
    async (_name, payload) => {
      const response = await send(await signedPost(JSON.stringify(payload)))
      expect(response.status).toBe(200)
      const { umid, clientMessageId } = (await response.json()) as {
        umid: string
        clientMessageId: string
      }
      const canonical = JSON.stringify({ ...parseMessage(payload), clientMessageId })
      const arrived = (await upstreamReceived()).filter((entry) => entry.umid === umid)
      expect(arrived).toHaveLength(1)
      expect(arrived[0]?.raw).toBe(canonical)
      expect(arrived[0]?.subAccountId).toBe('demo-subaccount')
    },
  )
})
