/**
 * Operator routes, behind the `ADMIN_TOKEN` bearer token (off when it is unset: 404).
 * `POST /admin/keys/:keyId/revoke` revokes a client key in D1 and in its admission object, so
 * that it is refused from the next request on even by isolates that remember it
 * (src/db/key-cache.ts). `pnpm keys revoke` calls it after its own D1 update.
 *
 * @module
 */
import { Hono } from 'hono'
import type { AppEnv } from '../bindings'
import { clientKeys } from '../db/key-cache'
import { revokeKey } from '../db/keys'
import { methodNotAllowed } from '../http/method-not-allowed'
import { isAuthorized } from '../http/static-authorization'
import { notFound, Problem, UNAVAILABLE } from '../problems'

export const admin = new Hono<AppEnv>()

admin.use(async (c, next) => {
  const token = c.var.config.adminToken
  // Off: answered as a route that does not exist.
  if (token === undefined) return notFound(c)
  if (!(await isAuthorized(c.req.header('authorization'), [`Bearer ${token}`]))) {
    throw new Problem('admin_unauthorized', { headers: { 'www-authenticate': 'Bearer' } })
  }
  await next()
})

admin.post('/keys/:keyId/revoke', async (c) => {
  const keyId = c.req.param('keyId')
  let found: boolean
  try {
    found = await revokeKey(c.env.DB, keyId)
  } catch (error) {
    console.error('key store unavailable', error instanceof Error ? error.name : 'error')
    throw new Problem('unavailable', UNAVAILABLE)
  }
  if (!found) throw new Problem('not_found', { detail: 'No such key.' })
  const stub = c.env.ADMISSION.get(c.env.ADMISSION.idFromName(keyId))
  let revokedAt: number
  try {
    ;({ revokedAt } = await stub.revoke(Date.now()))
  } catch (error) {
    // D1 already says revoked: isolates see it within KEY_CACHE_MS; the operator may retry.
    console.error('admission unavailable', error instanceof Error ? error.name : 'error')
    throw new Problem('unavailable', UNAVAILABLE)
  }
  clientKeys.forget(keyId)
  return c.json({ keyId, status: 'revoked', revokedAt: new Date(revokedAt).toISOString() }, 200)
})
admin.all('/keys/:keyId/revoke', methodNotAllowed('POST'))
