import { describe, expect, it } from 'vitest'
import {
  KeyCache,
  KeyLookupShed,
  NEGATIVE_TTL_MS,
  UNKNOWN_LOOKUPS_PER_SECOND,
} from '../src/db/key-cache'
import type { ClientKey } from '../src/db/keys'
import { HMAC_SECRET } from './helpers'

const known: ClientKey = {
  keyId: 'known',
  alg: 'hmac-sha256',
  key: HMAC_SECRET,
  subAccount: 'demo-subaccount',
  allowedRoutes: null,
  allowedTypes: null,
  ratePerSecond: 10,
  rateBurst: 60,
  serviceWindow: 'observe',
  contactRatePerSecond: null,
  contactBurst: null,
  templateCheck: 'observe',
}

/** A D1 stand-in that counts its reads: `rows` holds the keys it knows. */
function store(rows: Map<string, ClientKey> = new Map()) {
  const state = { reads: 0 }
  const loadFor = (keyId: string) => async () => {
    state.reads++
    return rows.get(keyId) ?? null
  }
  return { state, rows, loadFor }
}

describe('KeyCache: unknown key ids', () => {
  it('remembers an unknown id for 5 s: no D1 read within, one after', async () => {
    expect(NEGATIVE_TTL_MS).toBe(5_000)
    const cache = new KeyCache()
    const { state, rows, loadFor } = store()
    expect(await cache.find('k', loadFor('k'), 60_000, 1_000)).toBeNull()
    expect(await cache.find('k', loadFor('k'), 60_000, 5_999)).toBeNull()
    expect(state.reads).toBe(1)
    rows.set('k', known)
    expect((await cache.find('k', loadFor('k'), 60_000, 6_000))?.keyId).toBe('known')
    expect(state.reads).toBe(2)
  })

  it('never remembers an unknown id longer than KEY_CACHE_MS', async () => {
    const cache = new KeyCache()
    const { state, loadFor } = store()
    await cache.find('k', loadFor('k'), 1_000, 0)
    await cache.find('k', loadFor('k'), 1_000, 999)
    await cache.find('k', loadFor('k'), 1_000, 1_000)
    expect(state.reads).toBe(2)
  })

  it('holds a bounded number of unknown ids, dropping the oldest', async () => {
    const cache = new KeyCache({ maxNegativeEntries: 2, unknownLookupsPerSecond: 100 })
    const { state, loadFor } = store()
    for (const id of ['a', 'b', 'c']) await cache.find(id, loadFor(id), 60_000, 0)
    await cache.find('c', loadFor('c'), 60_000, 1)
    await cache.find('b', loadFor('b'), 60_000, 1)
    expect(state.reads).toBe(3)
    await cache.find('a', loadFor('a'), 60_000, 1)
    expect(state.reads).toBe(4)
  })

  it('concurrent look-ups of one id each read D1 (none waits on another), then the id is remembered', async () => {
    const cache = new KeyCache()
    const { state, loadFor } = store()
    const results = await Promise.all(
      Array.from({ length: 20 }, () => cache.find('k', loadFor('k'), 60_000, 0)),
    )
    expect(results).toEqual(Array.from({ length: 20 }, () => null))
    expect(state.reads).toBe(20)
    expect(await cache.find('k', loadFor('k'), 60_000, 1)).toBeNull()
    expect(state.reads).toBe(20)
  })

  it('the many requests of a key whose entry just expired each read D1, none charged to the budget', async () => {
    const cache = new KeyCache({ unknownLookupsPerSecond: 1 })
    const { state, loadFor } = store(new Map([['known', known]]))
    expect((await cache.find('known', loadFor('known'), 1_000, 0))?.keyId).toBe('known')
    const results = await Promise.all(
      Array.from({ length: 5 }, () => cache.find('known', loadFor('known'), 1_000, 5_000)),
    )
    expect(results.map((key) => key?.keyId)).toEqual(Array(5).fill('known'))
    expect(state.reads).toBe(6)
    // The budget is whole: an unknown id is still looked up this second.
    expect(await cache.find('other', loadFor('other'), 1_000, 5_000)).toBeNull()
    expect(state.reads).toBe(7)
  })

  it(`sheds D1 look-ups past ${UNKNOWN_LOOKUPS_PER_SECOND} unknown ids a second; known keys are not charged`, async () => {
    const cache = new KeyCache({ unknownLookupsPerSecond: 3 })
    const { state, rows, loadFor } = store(new Map([['known', known]]))
    // A key found is refunded: it does not spend the budget.
    expect((await cache.find('known', loadFor('known'), 60_000, 10_000))?.keyId).toBe('known')
    for (const id of ['x', 'y', 'z'])
      expect(await cache.find(id, loadFor(id), 60_000, 10_100)).toBeNull()
    await expect(cache.find('w', loadFor('w'), 60_000, 10_200)).rejects.toBeInstanceOf(
      KeyLookupShed,
    )
    rows.set('new', { ...known, keyId: 'new' })
    await expect(cache.find('new', loadFor('new'), 60_000, 10_999)).rejects.toBeInstanceOf(
      KeyLookupShed,
    )
    // What memory answers costs nothing: the known key and the unknown ids already seen.
    expect((await cache.find('known', loadFor('known'), 60_000, 10_999))?.keyId).toBe('known')
    expect(await cache.find('x', loadFor('x'), 60_000, 10_999)).toBeNull()
    expect(state.reads).toBe(4)
    // The next second, the budget is back.
    expect((await cache.find('new', loadFor('new'), 60_000, 11_000))?.keyId).toBe('new')
    expect(await cache.find('w', loadFor('w'), 60_000, 11_000)).toBeNull()
    expect(state.reads).toBe(6)
  })

  it('concurrent look-ups of distinct unknown ids are bounded by the budget too', async () => {
    const cache = new KeyCache({ unknownLookupsPerSecond: 5 })
    const { state, loadFor } = store()
    const settled = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) => cache.find(`id-${i}`, loadFor(`id-${i}`), 60_000, 0)),
    )
    expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(5)
    expect(settled.filter((s) => s.status === 'rejected')).toHaveLength(7)
    expect(state.reads).toBe(5)
  })

  it('a failed D1 read is refunded and not remembered', async () => {
    const cache = new KeyCache({ unknownLookupsPerSecond: 1 })
    let reads = 0
    const failing = async () => {
      reads++
      throw new Error('D1 down')
    }
    await expect(cache.find('k', failing, 60_000, 0)).rejects.toThrow('D1 down')
    await expect(cache.find('k', failing, 60_000, 1)).rejects.toThrow('D1 down')
    expect(reads).toBe(2)
  })
})
