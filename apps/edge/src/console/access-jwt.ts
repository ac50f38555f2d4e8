/**
 * Cloudflare Access's JWT (`Cf-Access-Jwt-Assertion`), verified against the team's signing keys
 * (RS256, a JWKS at `https://<team>.cloudflareaccess.com/cdn-cgi/access/certs`, kept and fetched
 * by access-keys.ts): the issuer is the team domain, the audience the Access application's tag,
 * and the time claims hold.
 *
 * A token must carry `exp`; its times hold within {@link CLOCK_SKEW_S} of ours (Access's clock and
 * the Worker's differ by a little).
 *
 * @module
 */
import { decode, verifyWithJwks } from 'hono/jwt'
import { accessKeys } from './access-keys'

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
  const keys = await accessKeys(settings.jwksUrl, kid, now)
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
