/**
 * Cloudflare Access's JWT (`Cf-Access-Jwt-Assertion`), verified against the team's signing keys
 * (RS256, a JWKS at `https://<team>.cloudflareaccess.com/cdn-cgi/access/certs`): the issuer is
 * the team domain, the audience the Access application's tag, and the time claims hold.
 *
 * The keys are kept per isolate for {@link JWKS_TTL_MS}; a token signed by a key not in memory
 * fetches them again (Access rotates its keys), at most once per {@link JWKS_REFETCH_MS}.
 *
 * @module
 */
import { decode, verifyWithJwks } from 'hono/jwt'
import type { HonoJsonWebKey } from 'hono/utils/jwt/jws'

/** How long an isolate trusts the keys it fetched. */
export const JWKS_TTL_MS = 10 * 60_000
/** How often a token with an unknown `kid` may fetch the keys again. */
export const JWKS_REFETCH_MS = 30_000

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

const cached = new Map<string, { readonly keys: HonoJsonWebKey[]; readonly at: number }>()

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

async function keysFor(url: string, kid: string | undefined, now: number) {
  const entry = cached.get(url)
  if (entry === undefined || now - entry.at >= JWKS_TTL_MS) return fetchKeys(url, now)
  const known = entry.keys.some((key) => key.kid === kid)
  if (!known && now - entry.at >= JWKS_REFETCH_MS) return fetchKeys(url, now)
  return entry.keys
}

/**
 * The identity in a valid Access JWT, or null (malformed, unknown key, bad signature, wrong
 * issuer or audience, expired). A JWKS that cannot be fetched rejects (the caller answers 503).
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
      verification: { iss: `https://${settings.teamDomain}`, aud: settings.audience },
    })
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
