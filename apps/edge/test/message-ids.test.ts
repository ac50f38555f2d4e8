import { describe, expect, it } from 'vitest'
import { messageId, messageIds } from '../src/send/message-ids'

const V8 = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

describe('the ids of a claimed request’s messages', () => {
  it('are RFC 9562 version 8 UUIDs of SHA-256(seed:index): the same for every try, another per index and seed', async () => {
    const seed = '00112233445566778899aabbccddeeff'
    const first = await messageId(seed, 0)
    expect(first).toMatch(V8)
    expect(await messageId(seed, 0)).toBe(first)
    const digest = new Uint8Array(
      await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${seed}:0`)),
    )
    const hex = Array.from(digest.slice(0, 16), (b) => b.toString(16).padStart(2, '0')).join('')
    // Only the version nibble and the variant bits are not the digest's.
    expect(first.replaceAll('-', '').slice(0, 12)).toBe(hex.slice(0, 12))
    expect(first.replaceAll('-', '').slice(18)).toBe(hex.slice(18))
    const ids = await Promise.all([0, 1, 2, 999].map(messageIds(seed)))
    expect(ids[0]).toBe(first)
    expect(new Set(ids).size).toBe(4)
    expect(await messageId('ffeeddccbbaa99887766554433221100', 0)).not.toBe(first)
  })

  it('are random without a seed (no Idempotency-Key)', async () => {
    const idOf = messageIds(null)
    const [a, b] = await Promise.all([idOf(0), idOf(0)])
    expect(a).toMatch(V4)
    expect(b).toMatch(V4)
    expect(a).not.toBe(b)
  })
})
