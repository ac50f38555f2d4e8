/**
 * The chatapps edge gateway, as Workers runs it: HTTP (./app.ts), the queues' consumers, the
 * cron trigger, and the Durable Object classes wrangler.jsonc binds.
 *
 * @module
 */
import { app } from './app'
import type { Bindings } from './bindings'
import { deadLetterCallbacks, deliverCallbacks } from './callbacks/consumer'
import type { CallbackJob } from './callbacks/events'
import { readConfig } from './config'
import { deadLetterBatch, deliverBatch } from './delivery/consumer'
import type { DeliveryJob } from './delivery/jobs'
import { reconcile } from './delivery/reconcile'
import { requeueUnclaimed } from './delivery/requeue'
import { createMetrics } from './observability/metrics'
import { observeBatch } from './observability/queue-log'
import { syncTemplates } from './templates/sync'

export { Admission } from './objects/admission/object'
export { Circuit } from './objects/circuit/object'
export { Contact } from './objects/contact/object'

/** Queue names, as wrangler.jsonc binds them (a staging or production name ends with its environment). */
function queueKind(
  name: string,
): 'delivery' | 'delivery-dlq' | 'callbacks' | 'callbacks-dlq' | null {
  const base = name.replace(/-(staging|production)$/, '')
  if (base === 'chatapps-delivery') return 'delivery'
  if (base === 'chatapps-delivery-dlq') return 'delivery-dlq'
  if (base === 'chatapps-callbacks') return 'callbacks'
  if (base === 'chatapps-callbacks-dlq') return 'callbacks-dlq'
  return null
}

export default {
  fetch: app.fetch,
  async queue(batch: MessageBatch<unknown>, env: Bindings): Promise<void> {
    const config = readConfig(env)
    const kind = queueKind(batch.queue)
    // Callbacks given up are counted (the queue's own metric says only `ack`).
    const metrics = createMetrics(env.METRICS, env.LOG_LINES === 'off')
    // One log line and metric per message (src/observability), whatever the consumer decides.
    const observed = <T>(consume: (watched: MessageBatch<T>) => Promise<void> | void) =>
      observeBatch(
        batch as MessageBatch<T>,
        kind ?? batch.queue,
        env.METRICS,
        async (watched) => consume(watched),
        env.LOG_LINES === 'off',
      )
    switch (kind) {
      case 'delivery':
        return observed<DeliveryJob>((watched) =>
          deliverBatch(watched, {
            db: env.DB,
            circuits: env.CIRCUIT,
            contacts: env.CONTACT,
            delivery: env.DELIVERY,
            deadLetters: env.DELIVERY_DLQ,
            callbacks: env.CALLBACKS,
            upstream: env.UPSTREAM,
            config,
          }),
        )
      case 'delivery-dlq':
        return observed<DeliveryJob>((watched) =>
          deadLetterBatch(watched, { db: env.DB, callbacks: env.CALLBACKS }),
        )
      case 'callbacks':
        return observed<CallbackJob>((watched) =>
          deliverCallbacks(watched, { db: env.DB, config, metrics }),
        )
      case 'callbacks-dlq':
        return observed<CallbackJob>((watched) =>
          deadLetterCallbacks(watched, { db: env.DB, metrics }),
        )
      default:
        console.error('message from an unknown queue', batch.queue)
        batch.retryAll()
    }
  },
  /**
   * The cron trigger of wrangler.jsonc: reconciles messages whose receipts never came, queues
   * again accepted messages whose job never reached the queue, and syncs the template registry;
   * each runs whatever the others do.
   */
  async scheduled(_controller: ScheduledController, env: Bindings): Promise<void> {
    const config = readConfig(env)
    const [reconciled, requeued, synced] = await Promise.allSettled([
      reconcile({ db: env.DB, callbacks: env.CALLBACKS, upstream: env.UPSTREAM, config }),
      requeueUnclaimed({ db: env.DB, delivery: env.DELIVERY, config }),
      syncTemplates({ db: env.DB, upstream: env.UPSTREAM, config }),
    ])
    if (reconciled.status === 'fulfilled' && reconciled.value > 0) {
      console.log('reconciled', reconciled.value, 'messages with 8x8')
    }
    if (requeued.status === 'fulfilled' && requeued.value > 0) {
      console.log('queued again', requeued.value, 'accepted messages no attempt claimed')
    }
    if (reconciled.status === 'rejected') console.error('reconciliation failed')
    if (requeued.status === 'rejected') console.error('queueing unclaimed messages again failed')
    if (synced.status === 'rejected') console.error('template sync failed')
  },
} satisfies ExportedHandler<Bindings>
