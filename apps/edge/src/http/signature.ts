/**
 * The signature step of a signed route: the RFC 9421 signature verified against the key in D1
 * (kept by the isolate, src/db/key-cache.ts), then the key's route permission. Nothing has a
 * side effect before the signature verifies.
 *
 * @module
 */
import {
  acceptSignatureFor,
  type VerifyResult,
  type VerifySuccess,
  verifyRequest,
} from '@chatapps/signature'
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../bindings'
import { clientKeys, KeyLookupShed } from '../db/key-cache'
import { type ClientKey, findActiveKey } from '../db/keys'
import { timed } from '../observability/timed'
import { Problem, UNAVAILABLE } from '../problems'
import { type LookupSeen, logRefusal } from './refusal-log'

/** What the steps after the signature see. */
export interface SignatureVariables {
  verified: VerifySuccess<ClientKey>
}

/**
 * The headers of a signed route's 401: `Accept-Signature` states what this request must cover
 * (the GET profile for a GET, `prefer` if it sent one).
 */
export function unauthorizedHeaders(request: Request): {
  readonly headers: Record<string, string>
} {
  return { headers: { 'accept-signature': acceptSignatureFor(request) } }
}

/**
 * How a route's body is verified: at most `maxBodyBytes` (256 KiB unless said; 0 for a route
 * that takes none), read whole, or, with `deferBody`, left to the route, which checks it against
 * `verified.contentDigest` while it streams it (`POST /v1/files`, docs/signing.md).
 */
export interface SignedBody {
  readonly maxBodyBytes?: number
  readonly deferBody?: boolean
}

/**
 * Verifies the request's signature and the key's permission for `route`.
 *
 * @param route The route's name in a key's `allowed_routes` (`"POST /v1/messages"`).
 * @param body How the body is verified ({@link SignedBody}); by default read whole, 256 KiB.
 * @example
 * messages.get('/:id', signature('GET /v1/messages/:id'), admission, (c) => c.var.verified.keyId)
 */
export function signature(route: string, body: SignedBody = {}) {
  return timed('verify', null, verifySignature(route, body))
}

/** The signature step itself; {@link signature} times it. */
function verifySignature(route: string, body: SignedBody) {
  return createMiddleware<AppEnv & { Variables: SignatureVariables }>(async (c, next) => {
    const config = c.get('config')
    let result: VerifyResult<ClientKey>
    let lookup: LookupSeen | undefined
    try {
      result = await verifyRequest<ClientKey>(c.req.raw, {
        lookupKey: async (keyId) => {
          const found = await clientKeys.find(
            keyId,
            () => findActiveKey(c.env.DB, keyId, config.refusedKeyIds),
            config.keyCacheMs,
          )
          lookup = { alg: found?.alg ?? null }
          return found
        },
        ...body,
        ...(config.allowedAuthorities === undefined
          ? {}
          : { allowedAuthorities: config.allowedAuthorities }),
      })
    } catch (error) {
      // Shedding is this isolate protecting D1 from unknown key ids: retried like a store outage.
      if (!(error instanceof KeyLookupShed)) {
        console.error('key store unavailable', error instanceof Error ? error.name : 'error')
      }
      throw new Problem('unavailable', UNAVAILABLE)
    }
    if (!result.ok) {
      if (result.status !== 401) throw new Problem(result.code)
      logRefusal(c.req.raw, result.code, lookup)
      throw new Problem(result.code, unauthorizedHeaders(c.req.raw))
    }
    const key = result.keyRecord
    if (key.allowedRoutes !== null && !key.allowedRoutes.includes(route)) {
      throw new Problem('forbidden', { detail: `This key may not call ${route}.` })
    }
    c.set('verified', result)
    await next()
  })
}
