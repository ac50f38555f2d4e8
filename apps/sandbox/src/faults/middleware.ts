/**
 * Applies the fault plan to a send request (single or batch). The store decides the fault in one
 * atomic call; then:
 *
 * - `429`, `500`, `503`: answered at once with 8x8's error envelope; the message did not arrive
 *   (not recorded, no receipts).
 * - `timeout`: hangs for `TIMEOUT_HANG_MS`, then 504; the message did not arrive.
 * - `slow`: waits, then handles the request normally.
 * - `500_accepted`, `timeout_accepted`: handles the request normally (the message arrives, is
 *   recorded, its receipts follow), but answers 500, or hangs then answers 504: 8x8's ambiguous
 *   failures, where retrying sends the message twice.
 *
 * @module
 */
import { createMiddleware } from 'hono/factory'
import { readConfig } from '../config'
import type { AppEnv } from '../env'
import { ERRORS, errorResponse } from '../errors'
import { Store } from '../store/client'

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** 8x8's 429 wording (docs/8x8-facts.md#api-error-codes). */
export function quotaExceeded(seconds: number) {
  return { code: 429, message: `Quota exceeded. Please try again in ${seconds} second(s).` }
}

/** Injects the planned fault, if any, into this send request. */
export const injectFaults = createMiddleware<AppEnv>(async (c, next) => {
  const fault = await new Store(c.env).decideSend()
  switch (fault.kind) {
    case 'ok':
      return next()
    case 'slow':
      await sleep(fault.delayMs)
      return next()
    case '429':
      c.header('Retry-After', String(fault.retryAfter))
      return errorResponse(c, 429, quotaExceeded(fault.retryAfter))
    case '500':
    case '503':
      return errorResponse(c, fault.kind === '500' ? 500 : 503, ERRORS.internal)
    case 'timeout':
      await sleep(readConfig(c.env).timeoutHangMs)
      return errorResponse(c, 504, ERRORS.timeout)
    case '500_accepted':
    case 'timeout_accepted': {
      await next()
      // Only a request that was really accepted becomes ambiguous; a 400 stays a 400.
      if (c.res.status !== 200) return
      if (fault.kind === '500_accepted') {
        c.res = errorResponse(c, 500, ERRORS.internal)
        return
      }
      await sleep(readConfig(c.env).timeoutHangMs)
      c.res = errorResponse(c, 504, ERRORS.timeout)
      return
    }
  }
})
