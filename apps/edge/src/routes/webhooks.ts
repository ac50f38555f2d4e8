/**
 * `POST /v1/webhooks/chatapps`: 8x8's delivery receipts and inbound messages, stored in one D1
 * batch each and called back; every answer is in the README (The map: the webhook).
 *
 * @module
 */
import { Hono } from 'hono'
import type { AppEnv } from '../bindings'
import type { CallbackJob } from '../callbacks/events'
import { methodNotAllowed } from '../http/method-not-allowed'
import { type WebhookVariables, webhookAuthorization, webhookEvent } from '../http/webhook'
import { sendAll } from '../lib/queues'
import { traceparentOf } from '../observability/observed'
import { Problem, UNAVAILABLE } from '../problems'
import {
  type Stored,
  storeInbound,
  storeRawEvent,
  storeReceipt,
  tellContact,
} from '../receipts/intake'
import { applyTemplateEvent, isTemplateEvent } from '../templates/events'
import { syncTemplates } from '../templates/sync'

/** The webhook's router, mounted at `/v1/webhooks/chatapps`. */
export const webhooks = new Hono<AppEnv & { Variables: WebhookVariables }>()

webhooks.post('/', webhookAuthorization, webhookEvent, async (c) => {
  const event = c.get('event')
  const bytes = c.get('eventBytes')
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
        stored = await storeRawEvent(c.env.DB, event.eventType, bytes, now)
    }
  } catch (error) {
    // Nothing was stored (one transaction): 8x8 retries on the 503.
    console.error('webhook store failed', error instanceof Error ? error.name : 'error')
    throw new Problem('unavailable', UNAVAILABLE)
  }
  // A duplicate too: when the first try's contact call or index write failed and its undo failed
  // as well, 8x8's retry is the one left to finish it (the contact changes nothing twice).
  if (event.kind === 'delivery_receipt' || event.kind === 'inbound_message') {
    try {
      await tellContact(
        { contacts: c.env.CONTACT, db: c.env.DB, settings: c.get('config').contact },
        event,
        now,
      )
    } catch (error) {
      // The contact did not hear of it (a stop must not be lost): forget the event, so that
      // 8x8's retry (1, 10, 30, 90 s) stores it and tells the contact again.
      console.error('contact unavailable', error instanceof Error ? error.name : 'error')
      await stored.undo().catch(() => console.error('undoing a webhook event failed'))
      throw new Problem('unavailable', UNAVAILABLE)
    }
  }
  if (isTemplateEvent(event)) {
    const config = c.get('config')
    let channels: Awaited<ReturnType<typeof applyTemplateEvent>>
    try {
      // At once, before any sync: a paused template is refused from the next send on.
      channels = await applyTemplateEvent(c.env.DB, config, event)
    } catch (error) {
      console.error('template event not applied', error instanceof Error ? error.name : 'error')
      await stored.undo().catch(() => console.error('undoing a webhook event failed'))
      throw new Problem('unavailable', UNAVAILABLE)
    }
    // The sync calls 8x8, which the webhook never waits for (8x8 gives up after 5 s): it runs
    // after the answer. A sync lost with its isolate is the cron's, a minute later.
    if (channels.length > 0) {
      c.executionCtx.waitUntil(
        syncTemplates({ db: c.env.DB, upstream: c.env.UPSTREAM, config }, channels),
      )
    }
  }
  if (stored.callbacks.length > 0)
    await enqueue(c.env.CALLBACKS, stored, traceparentOf(c.get('observed')))
  return c.json({ received: true }, 200)
})
webhooks.all('/', methodNotAllowed('POST'))

async function enqueue(
  queue: Queue<CallbackJob>,
  stored: Stored,
  traceparent: string | undefined,
): Promise<void> {
  try {
    // A callback continues the trace of the send it reports on (src/receipts/intake.ts), else
    // that of the webhook request, when it carried one.
    const jobs = stored.callbacks.map((job) =>
      job.traceparent !== undefined || traceparent === undefined ? job : { ...job, traceparent },
    )
    await sendAll(queue, jobs)
  } catch (error) {
    console.error('queueing callbacks failed', error instanceof Error ? error.name : 'error')
    // A duplicate calls for no callback: forget the event so that 8x8's retry queues them.
    await stored.undo().catch(() => console.error('undoing a webhook event failed'))
    throw new Problem('unavailable', UNAVAILABLE)
  }
}
