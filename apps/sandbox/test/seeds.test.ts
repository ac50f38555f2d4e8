import { beforeEach, describe, expect, it } from 'vitest'
import seeds from '../../../fixtures/seed-messages.json'
import {
  anUuid,
  aTimestamp,
  clear,
  fourReceipts,
  messagesPath,
  post,
  received,
  SUB,
} from './helpers'

beforeEach(clear)

describe('the twelve seed messages', () => {
  it('are twelve', () => {
    expect(seeds).toHaveLength(12)
  })

  it.each(seeds.map((seed) => [seed.name, seed.payload] as const))(
    '%s is accepted and kept exactly as received',
    async (_, payload) => {
      const raw = JSON.stringify(payload)
      const response = await post(messagesPath(), raw)
      expect(response.status).toBe(200)
      const { umid } = (await response.json()) as { umid: string }
      expect(await received()).toStrictEqual({
        messages: [
          {
            kind: 'message',
            umid,
            subAccountId: SUB,
            receivedAt: aTimestamp(),
            body: payload,
            raw,
            receipts: fourReceipts(umid),
          },
        ],
      })
      expect(umid).toEqual(anUuid())
    },
  )
})
