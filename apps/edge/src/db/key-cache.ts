/**
 * Client keys as signature verification needs them, kept by each isolate for `KEY_CACHE_MS`, with
 * unknown ids remembered briefly and their look-ups budgeted (README, The map: the key cache).
 *
 * @module
 */
import { importPublicKey, importSecret } from '@chatapps/signature'
import type { ClientKey } from './keys'

/** Enough for every key of a deployment; the oldest entry goes first beyond it. */
const MAX_ENTRIES = 10_000

/** How long an unknown key id is remembered: a key added to D1 works within this. */
export const NEGATIVE_TTL_MS = 5_000

/** Unknown ids remembered at once; the oldest goes first beyond it. */
const MAX_NEGATIVE_ENTRIES = 1_000

/** D1 look-ups of ids that prove unknown, per isolate and second, before look-ups are shed. */
export const UNKNOWN_LOOKUPS_PER_SECOND = 50

/** A key look-up refused because this isolate spent its budget on unknown key ids. */
export class KeyLookupShed extends Error {
  constructor() {
    super('key look-ups shed: too many unknown key ids this second')
    this.name = 'KeyLookupShed'
  }
}

interface Entry {
  readonly key: ClientKey
  readonly until: number
}

/** The bounds of a {@link KeyCache}; the module's defaults unless a test says otherwise. */
export interface KeyCacheLimits {
  readonly negativeTtlMs?: number
  readonly maxNegativeEntries?: number
  readonly unknownLookupsPerSecond?: number
}

/** One isolate's memory of client keys. */
export class KeyCache {
  private readonly entries = new Map<string, Entry>()
  /** Unknown key ids, until when they are taken as unknown, oldest first. */
  private readonly unknown = new Map<string, number>()
  private readonly negativeTtlMs: number
  private readonly maxNegativeEntries: number
  private readonly unknownLookupsPerSecond: number
  private budgetSecond = -1
  /** D1 look-ups this second not (yet) known to have found a key: in flight, or unknown. */
  private budgetSpent = 0
  private lookupCount = 0

  constructor(limits: KeyCacheLimits = {}) {
    this.negativeTtlMs = limits.negativeTtlMs ?? NEGATIVE_TTL_MS
    this.maxNegativeEntries = limits.maxNegativeEntries ?? MAX_NEGATIVE_ENTRIES
    this.unknownLookupsPerSecond = limits.unknownLookupsPerSecond ?? UNKNOWN_LOOKUPS_PER_SECOND
  }

  /**
   * The active key of this id, from memory while it is fresh, else from `load` (D1).
   *
   * @param ttlMs How long a loaded key is trusted; 0 reads D1 every time (and remembers no
   *   unknown id). An unknown id is remembered for the shorter of this and 5 s.
   * @throws KeyLookupShed when D1 would be asked and this second's budget for unknown ids is spent.
   */
  async find(
    keyId: string,
    load: () => Promise<ClientKey | null>,
    ttlMs: number,
    now: number = Date.now(),
  ): Promise<ClientKey | null> {
    const hit = this.entries.get(keyId)
    if (ttlMs > 0 && hit !== undefined && hit.until > now) return hit.key
    const unknownUntil = this.unknown.get(keyId)
    if (unknownUntil !== undefined) {
      if (unknownUntil > now && ttlMs > 0) return null
      this.unknown.delete(keyId)
    }
    // Each request that misses reads D1 itself: awaiting another request's look-up hangs
    // workerd (test-soak/isolate-load.test.ts, with a 20 ms KEY_CACHE_MS). The budget bounds
    // them; a key this isolate held is read again without charge (such ids are not made up), so
    // that the many requests of a busy key whose entry just expired are never shed.
    const charged = hit === undefined
    if (charged) this.spend(now)
    return this.lookUp(keyId, load, ttlMs, now, charged)
  }

  /** D1 look-ups made by this cache since the isolate started (tests observe it). */
  get lookups(): number {
    return this.lookupCount
  }

  /** Forgets a key (it was revoked). */
  forget(keyId: string): void {
    this.entries.delete(keyId)
  }

  /** Takes one D1 look-up from this second's budget, or sheds it. */
  private spend(now: number): void {
    const second = Math.floor(now / 1000)
    if (second !== this.budgetSecond) {
      this.budgetSecond = second
      this.budgetSpent = 0
    }
    if (this.budgetSpent >= this.unknownLookupsPerSecond) throw new KeyLookupShed()
    this.budgetSpent++
  }

  private async lookUp(
    keyId: string,
    load: () => Promise<ClientKey | null>,
    ttlMs: number,
    now: number,
    charged: boolean,
  ): Promise<ClientKey | null> {
    this.lookupCount++
    let loaded: ClientKey | null
    try {
      loaded = await load()
    } catch (error) {
      if (charged) this.refund(now)
      throw error
    }
    if (loaded === null) {
      this.entries.delete(keyId)
      this.rememberUnknown(keyId, Math.min(ttlMs, this.negativeTtlMs), now)
      return null
    }
    // A key found does not count against the budget for unknown ids.
    if (charged) this.refund(now)
    const key = await imported(loaded)
    this.entries.delete(keyId)
    if (ttlMs > 0) {
      this.entries.set(keyId, { key, until: now + ttlMs })
      if (this.entries.size > MAX_ENTRIES) {
        const oldest = this.entries.keys().next()
        if (oldest.done !== true) this.entries.delete(oldest.value)
      }
    }
    return key
  }

  private refund(now: number): void {
    if (Math.floor(now / 1000) === this.budgetSecond && this.budgetSpent > 0) this.budgetSpent--
  }

  private rememberUnknown(keyId: string, ttlMs: number, now: number): void {
    if (ttlMs <= 0) return
    this.unknown.delete(keyId)
    this.unknown.set(keyId, now + ttlMs)
    if (this.unknown.size > this.maxNegativeEntries) {
      const oldest = this.unknown.keys().next()
      if (oldest.done !== true) this.unknown.delete(oldest.value)
    }
  }
}

/** The key with its material imported; material that does not import is left to verification to refuse. */
async function imported(key: ClientKey): Promise<ClientKey> {
  if (typeof key.key !== 'string') return key
  try {
    const material =
      key.alg === 'ed25519' ? await importPublicKey(key.key) : await importSecret(key.key)
    return { ...key, key: material }
  } catch {
    return key
  }
}

/** This isolate's keys. */
export const clientKeys = new KeyCache()
