import { describe, expect, it } from 'vitest'
import { KeyCache } from '../src/db/key-cache'
import type { ClientKey } from '../src/db/keys'
import { ED25519_PUBLIC, HMAC_SECRET } from './helpers'

const key = (alg: ClientKey['alg'], material: string): ClientKey => ({
  keyId: `k-${alg}`,
  alg,
  key: material,
  subAccount: 'demo-subaccount',
  allowedRoutes: null,
  allowedTypes: null,
  ratePerSecond: 10,
  rateBurst: 60,
  serviceWindow: 'observe',
  contactRatePerSecond: null,
  contactBurst: null,
  templateCheck: 'observe',
})

/** A loader that counts its D1 reads and answers what `row` holds at the time. */
function loader(initial: ClientKey | null) {
  const state = { row: initial, reads: 0 }
  const load = async () => {
    state.reads++
    return state.row
  }
  return { state, load }
}

describe('KeyCache', () => {
  it('reads a key once per KEY_CACHE_MS, with its material imported, then reads D1 again', async () => {
    const cache = new KeyCache()
    const { state, load } = loader(key('ed25519', ED25519_PUBLIC))
    const first = await cache.find('k', load, 60_000, 0)
    expect(first?.key).toBeInstanceOf(CryptoKey)
    expect((first?.key as CryptoKey | undefined)?.algorithm.name).toBe('Ed25519')
    expect(await cache.find('k', load, 60_000, 59_999)).toBe(first)
    expect(state.reads).toBe(1)
    // Revoked in D1 alone: refused once the memory has aged out.
    state.row = null
    expect(await cache.find('k', load, 60_000, 60_000)).toBeNull()
    expect(state.reads).toBe(2)
  })

  it('remembers nothing when the time is 0; forget drops a key', async () => {
    const cache = new KeyCache()
    const { state, load } = loader(null)
    expect(await cache.find('k', load, 0, 0)).toBeNull()
    state.row = key('hmac-sha256', HMAC_SECRET)
    const hmac = await cache.find('k', load, 60_000, 1)
    expect((hmac?.key as CryptoKey | undefined)?.algorithm.name).toBe('HMAC')
    cache.forget('k')
    await cache.find('k', load, 60_000, 2)
    await cache.find('k', load, 0, 3)
    await cache.find('k', load, 0, 4)
    expect(state.reads).toBe(5)
  })

  it('leaves material that does not import to verification, which refuses it', async () => {
    const cache = new KeyCache()
    const { load } = loader(key('ed25519', 'bm90IGEga2V5'))
    expect((await cache.find('k', load, 60_000, 0))?.key).toBe('bm90IGEga2V5')
  })
})
