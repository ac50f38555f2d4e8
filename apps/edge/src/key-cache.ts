/**
 * Client keys as signature verification needs them, kept by each isolate for `KEY_CACHE_MS`
 * (60 s by default), with their key material already imported: the hot path reads D1 and
 * imports a key once a minute instead of on every request.
 *
 * Revocation does not wait for that: the gateway's admin route marks the key revoked in its
 * admission object, which every request passes, so a revoked key is refused from the next
 * request on. A key revoked in D1 alone (`wrangler d1 execute`, no gateway reachable) is refused
 * by each isolate within `KEY_CACHE_MS`.
 *
 * @module
 */
import { importPublicKey, importSecret } from '@chatapps/signature'
import type { ClientKey } from './store'

/** Enough for every key of a deployment; the oldest entry goes first beyond it. */
const MAX_ENTRIES = 10_000

interface Entry {
  readonly key: ClientKey
  readonly until: number
}

/** One isolate's memory of client keys. */
export class KeyCache {
  private readonly entries = new Map<string, Entry>()

  /**
   * The active key of this id, from memory while it is fresh, else from `load` (D1). Unknown and
   * revoked keys are not remembered: a key added a moment ago works at once.
   *
   * @param ttlMs How long a loaded key is trusted; 0 reads D1 every time.
   */
  async find(
    keyId: string,
    load: () => Promise<ClientKey | null>,
    ttlMs: number,
    now: number = Date.now(),
  ): Promise<ClientKey | null> {
    const hit = this.entries.get(keyId)
    if (ttlMs > 0 && hit !== undefined && hit.until > now) return hit.key
    const loaded = await load()
    if (loaded === null) {
      this.entries.delete(keyId)
      return null
    }
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

  /** Forgets a key (it was revoked). */
  forget(keyId: string): void {
    this.entries.delete(keyId)
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
