/**
 * The log line and the `request` metric of every HTTP request (the first middleware of app.ts):
 *
 * ```json
 * {"event":"request","requestId":"8c2f…","traceId":"4bf9…","spanId":"a1b2…","method":"POST",
 *  "route":"/v1/messages","status":200,"code":null,"keyId":"test-key-ed25519","durationMs":41,
 *  "durations":{"verify":3,"admission":6,"validation":0,"upstream":28,"record":2}}
 * ```
 *
 * `code` is the problem's stable code when the answer is problem+json; `route` is the route as
 * registered (`/v1/messages/:id`), never the path with its ids; `durations` holds the steps that
 * ran. No header, body or query string is logged.
 *
 * @module
 */
import type { Context, MiddlewareHandler } from 'hono'
import { routePath } from 'hono/route'
import { writeLogLine } from './log-line'
import { createMetrics } from './metrics'
import { type ObservabilityVariables, observe } from './observed'
import { parseTraceparent } from './trace-context'

type Env = {
  Bindings: { readonly METRICS?: AnalyticsEngineDataset; readonly LOG_LINES?: string }
  Variables: ObservabilityVariables
}

/** The problem code of a problem+json answer, else null. */
async function problemCode(response: Response): Promise<string | null> {
  if (response.headers.get('content-type') !== 'application/problem+json') return null
  try {
    const { code } = (await response.clone().json()) as { code?: unknown }
    return typeof code === 'string' ? code : null
  } catch {
    return null
  }
}

/** The route as registered, or null for a path no route has. */
function routeOf(c: Context): string | null {
  const route = routePath(c)
  return route === '' || route === '*' || route === '/*' ? null : route
}

/**
 * Observes the request (its id: Cloudflare's `cf-ray`, else a new UUID; the caller's valid
 * `traceparent`), then writes its line and metric once the answer is ready.
 *
 * @example
 * app.use(requestLog)
 */
export const requestLog: MiddlewareHandler<Env> = async (c, next) => {
  const started = Date.now()
  // LOG_LINES=off (src/config.ts): read here, before the configuration is, as the first step.
  const quiet = c.env.LOG_LINES === 'off'
  const observed = observe(
    c.req.header('cf-ray') ?? crypto.randomUUID(),
    parseTraceparent(c.req.header('traceparent')),
    createMetrics(c.env.METRICS, quiet),
  )
  c.set('observed', observed)
  await next()
  const durationMs = Date.now() - started
  const code = await problemCode(c.res)
  const route = routeOf(c)
  if (!quiet)
    writeLogLine({
      event: 'request',
      requestId: observed.requestId,
      traceId: observed.trace?.traceId ?? null,
      spanId: observed.spanId,
      method: c.req.method,
      route,
      status: c.res.status,
      code,
      keyId: observed.keyId,
      durationMs,
      durations: observed.timings.toJSON(),
    })
  observed.metrics.write({
    event: 'request',
    subject: `${c.req.method} ${route ?? '(no route)'}`,
    outcome: code ?? 'ok',
    keyId: observed.keyId,
    status: c.res.status,
    durationMs,
  })
}
