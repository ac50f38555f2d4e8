/**
 * The steps of 8x8's webhook before its handler: 8x8's static `Authorization` value
 * (docs/8x8-facts.md#webhooks), then the body read within its cap, whatever `Content-Length`
 * claims, as strict JSON and as an 8x8 event (@chatapps/dsl).
 *
 * @module
 */
import { type ChatappsEvent, safeParseEvent } from '@chatapps/dsl'
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../bindings'
import { readCapped } from '../lib/read-capped'
import { parseStrictJson } from '../lib/strict-json'
import { Problem } from '../problems'
import { isAuthorized } from './static-authorization'

/** What the webhook's handler sees. */
export interface WebhookVariables {
  /** The event, parsed. */
  event: ChatappsEvent
  /** Its body as received (an event the gateway does not model is stored raw). */
  eventBytes: Uint8Array<ArrayBuffer>
}

/**
 * 503 `unavailable` until a webhook authorization is configured (accepting anything would let
 * anyone write receipts), 401 `webhook_unauthorized` unless the request carries it.
 *
 * @example
 * webhooks.post('/', webhookAuthorization, webhookEvent, store)
 */
export const webhookAuthorization = createMiddleware<AppEnv>(async (c, next) => {
  const accepted = c.get('config').webhookAuthorizations
  if (accepted.length === 0) {
    console.error('CONFIGURATION FAULT: WEBHOOK_AUTHORIZATION is not set; webhooks refused')
    throw new Problem('unavailable', { detail: 'The webhook is not configured.' })
  }
  if (!(await isAuthorized(c.req.header('authorization'), accepted))) {
    throw new Problem('webhook_unauthorized')
  }
  await next()
})

/**
 * The event in `c.var.event`: 413 over 64 KiB, 415 unless JSON, 400 `malformed_json` unless
 * strict JSON, 400 `invalid_event` with its issues unless an 8x8 event.
 */
export const webhookEvent = createMiddleware<AppEnv & { Variables: WebhookVariables }>(
  async (c, next) => {
    checkDeclaredLength(c.req.header('content-length'))
    const mediaType = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase()
    if (mediaType !== 'application/json') {
      throw new Problem('unsupported_media_type', { detail: 'The body must be application/json.' })
    }
    const bytes = await readCapped(c.req.raw.body, MAX_WEBHOOK_BYTES)
    if (bytes === null) throw tooLarge()
    const parsed = parseStrictJson(bytes)
    if (!parsed.ok) throw new Problem('malformed_json', { detail: parsed.reason })
    const result = safeParseEvent(parsed.value)
    if (!result.success) {
      throw new Problem('invalid_event', {
        detail: `The event has ${result.issues.length} issue(s).`,
        extra: {
          issues: result.issues.map((issue) => ({ path: issue.path, message: issue.message })),
        },
      })
    }
    c.set('event', result.output)
    c.set('eventBytes', bytes)
    await next()
  },
)

/** 8x8's events are small; anything larger is refused (413). */
export const MAX_WEBHOOK_BYTES = 64 * 1024

function tooLarge(): Problem {
  return new Problem('payload_too_large', {
    detail: `The body is over ${MAX_WEBHOOK_BYTES} bytes.`,
  })
}

/** 413 when the declared length is over the cap (checked before reading anything). */
function checkDeclaredLength(contentLength: string | undefined): void {
  if (contentLength !== undefined && Number(contentLength) > MAX_WEBHOOK_BYTES) throw tooLarge()
}
