/**
 * The drain of what a refusal left unread (see {@link drainUnreadBody}).
 *
 * @module
 */
import { createMiddleware } from 'hono/factory'
import { MAX_BODY_BYTES } from './json-body'

/**
 * How much of a refused body the gateway reads to keep the client's connection: four times the
 * cap, so that a body somewhat over it still gets its 413 on a connection that survives.
 */
const DRAIN_MAX_BYTES = 4 * MAX_BODY_BYTES

/**
 * Reads and discards a stream, at most `maxBytes`.
 *
 * @returns Whether the stream ended within `maxBytes` (false: cancelled, or unreadable).
 */
async function discard(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<boolean> {
  let reader: ReadableStreamDefaultReader<Uint8Array>
  try {
    reader = body.getReader()
  } catch {
    return false // locked by someone still reading it
  }
  let total = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return true
      total += value.byteLength
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined)
        return false
      }
    }
  } catch {
    return false
  }
}

/**
 * Wraps the whole app: before an answer goes out, a request body nobody read (a 401, 403, 405,
 * 413 or 415 answered before the body) is read and discarded, at most {@link DRAIN_MAX_BYTES}.
 * workerd closes a keep-alive connection whose request body was left unread, without a
 * `Connection: close` (and it drops that header from a worker's answer), so the client's next
 * request on that socket fails with ECONNRESET. A body declared larger than the bound is not read:
 * that connection closes, as it would anyway.
 *
 * @example
 * ```ts
 * const app = new Hono<AppEnv>()
 * app.use(drainUnreadBody) // first, so that it sees every answer, errors included
 * ```
 */
export const drainUnreadBody = createMiddleware(async (c, next) => {
  await next()
  const request = c.req.raw
  if (request.body === null || request.bodyUsed) return
  const declared = Number(request.headers.get('content-length') ?? 0)
  if (declared > DRAIN_MAX_BYTES) return
  await discard(request.body, DRAIN_MAX_BYTES)
})
