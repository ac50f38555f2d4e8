/**
 * Cloudflare Access's signing keys (the team's JWKS), kept per isolate for {@link JWKS_TTL_MS}.
 * A token signed by a key not in memory fetches them again (Access rotates its keys), at most
 * once per {@link JWKS_REFETCH_MS}. When a fetch fails, the keys in memory still serve for
 * {@link JWKS_STALE_MS} past their time (Access keeps a rotated key valid for a while), fetched
 * again at most once per {@link JWKS_REFETCH_MS}.
 *
 * One fetch at a time per isolate: the requests that need the keys while a fetch is in flight
 * take its outcome. They never await another request's promise: in workerd that request's I/O
 * (its fetch) is cancelled with it, and a promise of a request that ended or was cancelled never
 * settles for the others, which then hang (tried in workerd: requests awaiting a fetch started
 * by a request that had answered were never answered; requests awaiting a promise that another
 * request resolved were cancelled as hung; see also the key cache, apps/edge/README.md). A
 * waiting request looks at the fetch's outcome, plain data, every {@link JWKS_WAIT_STEP_MS} on a
 * timer of its own; when none has come within {@link JWKS_FETCH_TIMEOUT_MS} (the fetching
 * request was cancelled, its client gone), it fetches itself.
 *
 * @module
 */
import type { HonoJsonWebKey } from 'hono/utils/jwt/jws'

/** How long an isolate trusts the keys it fetched. */
export const JWKS_TTL_MS = 10 * 60_000
/** How often a token with an unknown `kid`, or a failed fetch, may fetch the keys again. */
export const JWKS_REFETCH_MS = 30_000
/** How long past {@link JWKS_TTL_MS} the keys serve while their fetch fails. */
export const JWKS_STALE_MS = 60 * 60_000
/** How long one fetch of the keys (its answer's body included) may take. */
export const JWKS_FETCH_TIMEOUT_MS = 5_000
/** How often a request waiting for another's fetch looks at its outcome. */
export const JWKS_WAIT_STEP_MS = 10

/** The looks a waiting request takes: a little longer than the fetch may take. */
const WAIT_STEPS = Math.ceil(JWKS_FETCH_TIMEOUT_MS / JWKS_WAIT_STEP_MS) + 10

interface Entry {
  readonly keys: HonoJsonWebKey[]
  /** When they were fetched. */
  readonly at: number
  /** When a fetch last failed since, if one did. */
  readonly failedAt?: number
}

/** A fetch in flight, and once it settled what its requester got: the keys, or why none. */
interface Flight {
  outcome?: { readonly keys: HonoJsonWebKey[] } | { readonly error: string }
}

const cached = new Map<string, Entry>()
const flights = new Map<string, Flight>()

async function fetchKeys(url: string, now: number): Promise<HonoJsonWebKey[]> {
  const response = await fetch(url, {
    headers: { accept: 'application/json' },
    signal: AbortSignal.timeout(JWKS_FETCH_TIMEOUT_MS),
  })
  if (!response.ok) {
    await response.body?.cancel()
    throw new Error(`JWKS answered ${response.status}`)
  }
  const body = (await response.json()) as { keys?: unknown }
  if (!Array.isArray(body.keys)) throw new Error('JWKS without keys')
  const keys = body.keys.filter(
    (key): key is HonoJsonWebKey => typeof key === 'object' && key !== null,
  )
  cached.set(url, { keys, at: now })
  return keys
}

/** Fetches the keys; on failure, the ones in memory while they may still serve. */
async function refresh(url: string, entry: Entry | undefined, now: number) {
  try {
    return await fetchKeys(url, now)
  } catch (error) {
    if (entry === undefined || now - entry.at >= JWKS_TTL_MS + JWKS_STALE_MS) throw error
    console.error('Access keys not refreshed', error instanceof Error ? error.message : 'error')
    cached.set(url, { ...entry, failedAt: now })
    return entry.keys
  }
}

/** Whether the keys in memory serve a token of `kid` at `now`, or must be fetched first. */
function mustFetch(entry: Entry | undefined, kid: string | undefined, now: number): boolean {
  if (entry === undefined) return true
  const waiting = entry.failedAt !== undefined && now - entry.failedAt < JWKS_REFETCH_MS
  if (now - entry.at >= JWKS_TTL_MS) return !waiting
  const known = entry.keys.some((key) => key.kid === kid)
  return !known && !waiting && now - entry.at >= JWKS_REFETCH_MS
}

/** Fetches the keys as this isolate's one fetch, and leaves its outcome for the waiting. */
async function lead(url: string, entry: Entry | undefined, now: number) {
  const flight: Flight = {}
  flights.set(url, flight)
  try {
    const keys = await refresh(url, entry, now)
    flight.outcome = { keys }
    return keys
  } catch (error) {
    flight.outcome = { error: error instanceof Error ? error.message : 'JWKS fetch failed' }
    throw error
  } finally {
    // Settled: the next request that needs keys applies the rules above to what is cached.
    if (flights.get(url) === flight) flights.delete(url)
  }
}

/** Waits, on this request's own timer, for another request's fetch to settle. */
async function follow(flight: Flight) {
  for (let step = 0; step < WAIT_STEPS && flight.outcome === undefined; step++) {
    await new Promise((resolve) => setTimeout(resolve, JWKS_WAIT_STEP_MS))
  }
  return flight.outcome
}

/**
 * The keys to verify a token of `kid` with at `now` (ms): those in memory, or fetched (by this
 * request, or by the one already fetching them). Rejects when they cannot be fetched and none in
 * memory may serve.
 *
 * @example
 * const keys = await accessKeys(settings.jwksUrl, decode(token).header.kid, Date.now())
 */
export async function accessKeys(
  url: string,
  kid: string | undefined,
  now: number,
): Promise<HonoJsonWebKey[]> {
  const entry = cached.get(url)
  if (entry !== undefined && !mustFetch(entry, kid, now)) return entry.keys
  const flight = flights.get(url)
  if (flight === undefined) return lead(url, entry, now)
  const outcome = await follow(flight)
  if (outcome === undefined) {
    // Its request never finished (cancelled): this one fetches instead.
    if (flights.get(url) === flight) flights.delete(url)
    return accessKeys(url, kid, now)
  }
  if ('error' in outcome) throw new Error(outcome.error)
  return outcome.keys
}

/** Forgets the fetched keys (tests). */
export function forgetAccessKeys(): void {
  cached.clear()
  flights.clear()
}
