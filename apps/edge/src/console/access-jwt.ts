/**
 * Cloudflare Access's JWT (`Cf-Access-Jwt-Assertion`), verified against the team's signing keys
 * (RS256, a JWKS at `https://<team>.cloudflareaccess.com/cdn-cgi/access/certs`): the issuer is
 * the team domain, the audience the Access application's tag, and the time claims hold.
 *
 * The keys are kept per isolate for {@link JWKS_TTL_MS}; a token signed by a key not in memory
 * fetches them again (Access rotates its keys), at most once per {@link JWKS_REFETCH_MS}. When a
 * fetch fails, the keys in memory still serve for {@link JWKS_STALE_MS} past their time (Access
 * keeps a rotated key valid for a while), fetched again at most once per {@link JWKS_REFETCH_MS}.
 * Each request fetches for itself: requests of an isolate awaiting one shared look-up hung in
 * workerd (apps/edge/README.md, the key cache), and only a cold isolate's first requests fetch.
 *
 * A token must carry `exp`; its times hold within {@link CLOCK_SKEW_S} of ours (Access's clock and
 * the Worker's differ by a little).
 *
 * @module
 */
import { decode, verifyWithJwks } from 'hono/jwt'
import type { HonoJsonWebKey } from 'hono/utils/jwt/jws'

/** How long an isolate trusts the keys it fetched. */
export const JWKS_TTL_MS = 10 * 60_000
/** How often a token with an unknown `kid`, or a failed fetch, may fetch the keys again. */
export const JWKS_REFETCH_MS = 30_000
/** How long past {@link JWKS_TTL_MS} the keys serve while their fetch fails. */
export const JWKS_STALE_MS = 60 * 60_000
/** The clock skew allowed on `exp`, `nbf` and `iat`, in seconds. */
export const CLOCK_SKEW_S = 60

/** The console's Access settings (config.ts `consoleAccess`). */
export interface AccessSettings {
  readonly teamDomain: string
  readonly audience: string
  readonly jwksUrl: string
}

/** Who Access let in. */
export interface AccessIdentity {
  /** The user's email, or the service token's client id, or the subject. */
  readonly name: string
}

interface Entry {
  readonly keys: HonoJsonWebKey[]
  /** When they were fetched. */
  readonly at: number
  /** When a fetch last failed since, if one did. */
  readonly failedAt?: number
}

const cached = new Map<string, Entry>()

async function fetchKeys(url: string, now: number): Promise<HonoJsonWebKey[]> {
  const response = await fetch(url, { headers: { accept: 'application/json' } })
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

async function keysFor(url: string, kid: string | undefined, now: number) {
  const entry = cached.get(url)
  if (entry === undefined) return refresh(url, entry, now)
  const waiting = entry.failedAt !== undefined && now - entry.failedAt < JWKS_REFETCH_MS
  if (now - entry.at >= JWKS_TTL_MS) return waiting ? entry.keys : refresh(url, entry, now)
  const known = entry.keys.some((key) => key.kid === kid)
  if (!known && !waiting && now - entry.at >= JWKS_REFETCH_MS) return refresh(url, entry, now)
  return entry.keys
}

/** Whether a payload's times hold at `now` (ms), within {@link CLOCK_SKEW_S}; `exp` is required. */
function timely(payload: Record<string, unknown>, now: number): boolean {
  const seconds = now / 1000
  const { exp, nbf, iat } = payload
  if (typeof exp !== 'number' || !Number.isFinite(exp) || exp + CLOCK_SKEW_S <= seconds) {
    return false
  }
  for (const claim of [nbf, iat]) {
    if (claim === undefined) continue
    if (typeof claim !== 'number' || !Number.isFinite(claim) || claim - CLOCK_SKEW_S > seconds) {
      return false
    }
  }
  return true
}

/**
 * The identity in a valid Access JWT, or null (malformed, unknown key, bad signature, wrong
 * issuer or audience, no `exp`, expired or not yet valid). A JWKS that cannot be fetched, with
 * no keys in memory that may still serve, rejects (the caller answers 503).
 *
 * @example
 * const who = await verifyAccessJwt(c.req.header('cf-access-jwt-assertion'), config.consoleAccess)
 */
export async function verifyAccessJwt(
  token: string | undefined,
  settings: AccessSettings,
  now: number = Date.now(),
): Promise<AccessIdentity | null> {
  if (token === undefined || token === '') return null
  let kid: string | undefined
  try {
    kid = decode(token).header.kid
  } catch {
    return null
  }
  const keys = await keysFor(settings.jwksUrl, kid, now)
  try {
    const payload = await verifyWithJwks(token, {
      keys,
      allowedAlgorithms: ['RS256'],
      // The times are checked below, with the skew hono does not allow.
      verification: {
        iss: `https://${settings.teamDomain}`,
        aud: settings.audience,
        exp: false,
        nbf: false,
        iat: false,
      },
    })
    if (!timely(payload, now)) return null
    const name = [payload.email, payload.common_name, payload.sub].find(
      (value): value is string => typeof value === 'string' && value !== '',
    )
    return name === undefined ? null : { name }
  } catch {
    return null
  }
}

/** Forgets the fetched keys (tests). */
export function forgetAccessKeys(): void {
  cached.clear()
}
