import { describe, expect, test } from 'vitest'
import { DELIVERY_STATE_RANKS, deliveryStateRank } from '../src/index'
import { DELIVERY_STATES } from '../src/schemas/index'

describe('the order of delivery states', () => {
  test('a message moves accepted, unknown, queued, sent, the final states, read', () => {
    const order = ['accepted', 'unknown', 'queued', 'sent', 'delivered', 'read']
    const ranks = order.map(deliveryStateRank)
    expect(ranks).toEqual([0, 1, 2, 3, 4, 5])
  })

  test('the final states share one rank, below read', () => {
    for (const state of ['delivered', 'undelivered', 'rejected', 'failed', 'cancelled']) {
      expect(deliveryStateRank(state)).toBe(DELIVERY_STATE_RANKS.delivered)
      expect(deliveryStateRank(state)).toBeLessThan(DELIVERY_STATE_RANKS.read)
    }
  })

  test("every state 8x8 names has a rank of its own, and the table can't be changed", () => {
    for (const state of DELIVERY_STATES)
      expect(Object.hasOwn(DELIVERY_STATE_RANKS, state)).toBe(true)
    expect(Object.isFrozen(DELIVERY_STATE_RANKS)).toBe(true)
  })

  test('a state the table does not know ranks with queued, whatever its name', () => {
    for (const state of ['pending_review', 'READ', '', 'constructor', 'toString', '__proto__']) {
      expect(deliveryStateRank(state)).toBe(DELIVERY_STATE_RANKS.queued)
    }
  })
})
