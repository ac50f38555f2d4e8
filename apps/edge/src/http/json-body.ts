/**
 * The first step of a route with a JSON body, before its signature: the cheapest checks (media
 * type, then declared size). The body is read by the signature step (which enforces the size
 * whatever was declared) and parsed strictly by the validation step (./valid.ts).
 *
 * @module
 */
import { PROFILE_LIMITS } from '@chatapps/signature'
import { createMiddleware } from 'hono/factory'
import { Problem } from '../problems'

/** The body cap of docs/gateway-contract.md and docs/signing.md: 256 KiB. */
export const MAX_BODY_BYTES = PROFILE_LIMITS.maxBodyBytes

/**
 * 415 `unsupported_media_type` unless `application/json`; 413 `payload_too_large` when the
 * declared length is over {@link MAX_BODY_BYTES}.
 *
 * @example
 * messages.post('/', jsonBody, signature('POST /v1/messages'), admission, validMessage, send)
 */
export const jsonBody = createMiddleware(async (c, next) => {
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
