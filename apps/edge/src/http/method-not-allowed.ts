/**
 * The fallback of a route for the methods it does not serve.
 *
 * @module
 */
import { createMiddleware } from 'hono/factory'
import { Problem } from '../problems'

/**
 * A route's fallback for the other methods: 405 with `Allow`.
 *
 * @example
 * messages.all('/', methodNotAllowed('POST'))
 */
export function methodNotAllowed(allow: string) {
  return createMiddleware(async (c) => {
    throw new Problem('method_not_allowed', {
      detail: `${c.req.method} is not allowed here.`,
      headers: { allow },
    })
  })
}
