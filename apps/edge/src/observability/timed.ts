/**
 * Times a pipeline step (a hono middleware) into the request's {@link Timings}: the time until
 * it passes the request on (or answers it) is `before`; with `after`, the time it spends once
 * the steps after it are done (admission's completion is the `record` step).
 *
 * @module
 */
import type { Env, Input, MiddlewareHandler } from 'hono'
import type { Observed } from './observed'
import type { Step } from './timings'

/**
 * The same middleware, timed. Steps after it are not counted in its time.
 *
 * @example
 * export const admission = timed('admission', 'record', createMiddleware(async (c, next) => { … }))
 */
export function timed<E extends Env, P extends string, I extends Input>(
  before: Step,
  after: Step | null,
  middleware: MiddlewareHandler<E, P, I>,
): MiddlewareHandler<E, P, I> {
  return async (c, next) => {
    // `c.get`, not `c.var`: hono builds a new object of every variable on each read of `c.var`.
    const read = c.get as (name: string) => unknown
    const observed = read('observed') as Observed | undefined
    if (observed === undefined) return middleware(c, next)
    const started = Date.now()
    let passed: number | undefined
    let returned: number | undefined
    try {
      return await middleware(c, async () => {
        passed = Date.now()
        observed.timings.add(before, passed - started)
        // The key is known once the signature step passes the request on.
        observed.keyId =
          (read('verified') as { keyId: string } | undefined)?.keyId ?? observed.keyId
        try {
          await next()
        } finally {
          returned = Date.now()
        }
      })
    } finally {
      // A step that refuses (throws a problem) has its time counted too.
      const ended = Date.now()
      if (passed === undefined) observed.timings.add(before, ended - started)
      else if (after !== null) observed.timings.add(after, ended - (returned ?? ended))
    }
  }
}
