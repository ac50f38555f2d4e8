/**
 * The cheapest checks of a request with a body, before its signature: media type, then size.
 *
 * @module
 */
import { PROFILE_LIMITS } from '@chatapps/signature'
import { createMiddleware } from 'hono/factory'
import { Problem } from '../errors'

/** The body cap of docs/gateway-contract.md and docs/signing.md: 256 KiB. */
export const MAX_BODY_BYTES = PROFILE_LIMITS.maxBodyBytes

export const bodyChecks = createMiddleware(async (c, next) => {
  const mediaType = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase()
  if (mediaType !== 'application/json') {
    throw new Problem('unsupported_media_type', { detail: 'The body must be application/json.' })
  }
  const length = c.req.header('content-length')
  if (length !== undefined && Number(length) > MAX_BODY_BYTES) {
    throw new Problem('payload_too_large', {
      detail: `The body is over ${MAX_BODY_BYTES} bytes.`,
    })
  }
  await next()
})

/** A route's fallback for the other methods: 405 with `Allow`. */
export function methodNotAllowed(allow: string) {
  return createMiddleware(async (c) => {
    throw new Problem('method_not_allowed', {
      detail: `${c.req.method} is not allowed here.`,
      headers: { allow },
    })
  })
}
