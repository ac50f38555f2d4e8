/**
 * Bearer authentication like 8x8's: `Authorization: Bearer <key>`, compared in constant time
 * with `SANDBOX_API_KEY`; anything else is a 401 with code 1200.
 *
 * @module
 */
import { createMiddleware } from 'hono/factory'
import { timingSafeEqual } from 'hono/utils/buffer'
import type { AppEnv } from './env'
import { ERRORS, errorResponse } from './errors'

const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i

/** Refuses a request whose bearer key is missing or is not `SANDBOX_API_KEY`. */
export const bearerAuth = createMiddleware<AppEnv>(async (c, next) => {
  const expected = c.env.SANDBOX_API_KEY
  if (!expected) throw new Error('SANDBOX_API_KEY is not configured')
  const match = BEARER.exec(c.req.header('Authorization') ?? '')
  const given = match?.[1]
  if (given === undefined || !(await timingSafeEqual(given, expected))) {
    return errorResponse(c, 401, ERRORS.unauthorized)
  }
  await next()
})
