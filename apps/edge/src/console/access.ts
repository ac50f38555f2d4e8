/**
 * Who may use the console, decided before any page: behind Cloudflare Access, a valid
 * `Cf-Access-Jwt-Assertion` (access-jwt.ts); in local development and tests, the admin token's
 * session cookie (session.ts). Anything else is refused: 401, or, for a page read without a
 * session where the admin token can sign in, a redirect to the login form. In staging and
 * production without Access settings the console does not exist (404).
 *
 * @module
 */
import type { Context, MiddlewareHandler } from 'hono'
import { getCookie } from 'hono/cookie'
import type { AppEnv } from '../bindings'
import type { Config } from '../config'
import { verifyAccessJwt } from './access-jwt'
import { csrfToken, isCsrfToken, isSession, SESSION_COOKIE } from './session'

/** The operator a request acts for. */
export interface Operator {
  /** Access's email (or service token), or `admin-token`. */
  readonly name: string
  /** The CSRF token POST forms carry. */
  readonly csrf: string
  /** The credential the CSRF token is bound to. */
  readonly credential: string
}

/** The console's Hono environment. */
export type ConsoleEnv = AppEnv & {
  Variables: { operator: Operator; secureHeadersNonce?: string }
}

/**
 * Whether the admin token may sign in here: in local development and tests only. Staging talks to
 * the real 8x8, so it is as closed as production: Access, or no console.
 */
export function tokenLoginAllowed(config: Config): config is Config & { adminToken: string } {
  return config.adminToken !== undefined && config.environment === 'local'
}

/** The key of CSRF tokens: secrets only the deployment knows. */
export function csrfSecret(config: Config): string {
  return `${config.apiKey}|${config.adminToken ?? ''}`
}

function refuse(c: Context<ConsoleEnv>, status: 401 | 403 | 404 | 503, text: string) {
  return c.text(text, status, { 'cache-control': 'no-store' })
}

/** Lets a request through with its operator, or refuses it. */
export const consoleAccess: MiddlewareHandler<ConsoleEnv> = async (c, next) => {
  const config = c.get('config')
  const access = config.consoleAccess
  if (access !== undefined) {
    const jwt = c.req.header('cf-access-jwt-assertion')
    if (jwt !== undefined) {
      let who: Awaited<ReturnType<typeof verifyAccessJwt>>
      try {
        who = await verifyAccessJwt(jwt, access)
      } catch (error) {
        console.error('Access keys unavailable', error instanceof Error ? error.message : 'error')
        return refuse(c, 503, 'Cloudflare Access keys unavailable; try again.')
      }
      if (who === null) return refuse(c, 401, 'Not signed in: Access token refused.')
      const credential = `access|${who.name}`
      c.set('operator', {
        name: who.name,
        credential,
        csrf: await csrfToken(csrfSecret(config), credential),
      })
      return next()
    }
  }
  if (tokenLoginAllowed(config)) {
    const session = getCookie(c, SESSION_COOKIE)
    if (session !== undefined && (await isSession(session, config.adminToken, Date.now()))) {
      c.set('operator', {
        name: 'admin-token',
        credential: session,
        csrf: await csrfToken(csrfSecret(config), session),
      })
      return next()
    }
    if (c.req.method === 'GET') return c.redirect('/console/login', 303)
    return refuse(c, 401, 'Not signed in.')
  }
  if (access === undefined) return refuse(c, 404, 'Not found.')
  return refuse(c, 401, 'Not signed in: sign in through Cloudflare Access.')
}

/** POSTs must carry the operator's CSRF token (`csrf` form field). */
export const csrfField: MiddlewareHandler<ConsoleEnv> = async (c, next) => {
  if (c.req.method !== 'POST') return next()
  const form = await c.req.parseBody({ all: true })
  const presented = form.csrf
  const operator = c.get('operator')
  const config = c.get('config')
  if (
    typeof presented !== 'string' ||
    !(await isCsrfToken(presented, csrfSecret(config), operator.credential))
  ) {
    return refuse(c, 403, 'Refused: the form is stale or not from this console.')
  }
  return next()
}
