/**
 * `POST /v1/webhooks/chatapps`: 8x8's delivery receipts and inbound messages
 * (docs/8x8-facts.md#delivery-receipts-and-inbound-messages).
 *
 * 8x8 authenticates with a static `Authorization` value, retries on anything but 2xx (1, 10, 30,
 * 90 s) and gives up after 5 s, so the route answers fast: one D1 batch per event, callbacks
 * queued, never an upstream call. Stored, duplicate and unknown events are all answered 200,
 * which stops 8x8's retries.
 *
 * | Situation | Answer |
 * | --- | --- |
 * | no webhook authorization configured | 503 `unavailable` (logged) |
 * | `Authorization` missing or wrong | 401 `webhook_unauthorized`, nothing stored |
 * | over 64 KiB | 413 `payload_too_large` |
 * | not `application/json` | 415 `unsupported_media_type` |
 * | not strict JSON | 400 `malformed_json` |
 * | not an 8x8 event | 400 `invalid_event` with issues |
 * | D1 fails | 503 `unavailable` (8x8 retries) |
 * | queueing a callback fails | 503 `unavailable`, the event removed so 8x8's retry redoes it |
 *
 * @module
 */
import { safeParseEvent } from '@chatapps/dsl'
import { Hono } from 'hono'
import { isAuthorized } from '../authorization'
import type { CallbackJob } from '../callbacks/events'
import type { AppEnv } from '../env'
import { Problem, UNAVAILABLE } from '../errors'
import { parseStrictJson } from '../json'
import { methodNotAllowed } from '../middleware/body-checks'
import { sendAll } from '../queues'
import { checkDeclaredLength, readCapped } from './body'
import { type Stored, storeInbound, storeRawEvent, storeReceipt } from './records'

/** The webhook's router, mounted at `/v1/webhooks/chatapps`. */
export const webhooks = new Hono<AppEnv>()

webhooks.post('/', async (c) => {
  const accepted = c.var.config.webhookAuthorizations
  if (accepted.length === 0) {
    // Accepting anything would let anyone write receipts: refuse until it is configured.
    console.error('CONFIGURATION FAULT: WEBHOOK_AUTHORIZATION is not set; webhooks refused')
    throw new Problem('unavailable', { detail: 'The webhook is not configured.' })
  }
  if (!(await isAuthorized(c.req.header('authorization'), accepted))) {
    throw new Problem('webhook_unauthorized')
  }
  checkDeclaredLength(c.req.header('content-length'))
  const mediaType = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase()
  if (mediaType !== 'application/json') {
    throw new Problem('unsupported_media_type', { detail: 'The body must be application/json.' })
  }
  const bytes = await readCapped(c.req.raw.body)
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

  const event = result.output
  const now = Date.now()
  let stored: Stored
  try {
    switch (event.kind) {
      case 'delivery_receipt':
        stored = await storeReceipt(c.env.DB, event, now)
        break
      case 'inbound_message':
        stored = await storeInbound(c.env.DB, event, now)
        break
      default:
        stored = await storeRawEvent(c.env.DB, event.eventType, new Uint8Array(bytes), now)
    }
  } catch (error) {
    // Nothing was stored (one transaction): 8x8 retries on the 503.
    console.error('webhook store failed', error instanceof Error ? error.name : 'error')
    throw new Problem('unavailable', UNAVAILABLE)
  }
  if (stored.callbacks.length > 0) await enqueue(c.env.CALLBACKS, stored)
  return c.json({ received: true }, 200)
})
webhooks.all('/', methodNotAllowed('POST'))

async function enqueue(queue: Queue<CallbackJob>, stored: Stored): Promise<void> {
  try {
    await sendAll(queue, stored.callbacks)
  } catch (error) {
    console.error('queueing callbacks failed', error instanceof Error ? error.name : 'error')
    // A duplicate calls for no callback: forget the event so that 8x8's retry queues them.
    await stored.undo().catch(() => console.error('undoing a webhook event failed'))
    throw new Problem('unavailable', UNAVAILABLE)
  }
}
