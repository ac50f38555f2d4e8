/**
 * The cron trigger's sweep of accepted messages whose job never reached the delivery queue: D1
 * took their records, then the queue refused the job (src/send/later.ts answered 202 all the
 * same). Records that no attempt claimed for `RECONCILE_AFTER_MS` are queued again, at most once
 * per period. A second job of a record that has one is harmless: the consumer's claim sends a
 * record once, and a job that finds it settled or held gives its pacing token back.
 *
 * @module
 */
import type { Config } from '../config'
import { touchUnclaimed, unclaimedMessages } from '../db/messages/unqueued'
import { sendAll } from '../lib/queues'
import { contactSettings } from '../objects/contact/client'
import type { DeliveryJob } from './jobs'

/** What the sweep needs from the worker's bindings. */
export interface RequeueDeps {
  readonly db: D1Database
  readonly delivery: Queue<DeliveryJob>
  readonly config: Config
}

/** At most this many records per run (five of the queue's batches). */
const REQUEUE_BATCH = 500

/**
 * Queues again the accepted messages no attempt claimed since before `RECONCILE_AFTER_MS`.
 *
 * @returns how many were queued again.
 */
export async function requeueUnclaimed(
  deps: RequeueDeps,
  now: number = Date.now(),
): Promise<number> {
  const { db, config } = deps
  const rows = await unclaimedMessages(db, now - config.reconcileAfterMs, REQUEUE_BATCH)
  const jobs = rows.map((row): DeliveryJob => {
    // As the routes queue them: a message is paced for its recipient, a LINE notification not.
    const pacing =
      row.type === 'line_notification'
        ? {}
        : {
            recipient: row.recipient ?? '',
            pace: contactSettings(config.contact, {
              contactRatePerSecond: row.contact_rate_per_second,
              contactBurst: row.contact_burst,
            }).pace,
          }
    return {
      id: row.id,
      subAccount: row.sub_account,
      ...pacing,
      ...(row.traceparent === null ? {} : { traceparent: row.traceparent }),
    }
  })
  await sendAll(deps.delivery, jobs)
  await touchUnclaimed(
    db,
    rows.map((row) => row.id),
    now,
  )
  return jobs.length
}
