/**
 * The asynchronous half of the send routes (`Prefer: respond-async`, RFC 7240): record each
 * message as `accepted` and put one job per message on the delivery queue; src/delivery sends it.
 *
 * @module
 */
import { type AcceptedMessage, type AcceptedRecord, acceptMessages } from '../db/messages/delivery'
import type { DeliveryJob } from '../delivery/jobs'
import { sendAll } from '../lib/queues'

/** Where accepted messages go. */
export interface LaterDeps {
  readonly db: D1Database
  readonly delivery: Queue<DeliveryJob>
  /** The trace the jobs carry to 8x8, when the request had one. */
  readonly traceparent?: string | undefined
}

/**
 * Records the messages and queues their delivery. Once D1 holds the records the messages are
 * accepted, whatever the queue does: a job the queue did not take is queued again by the cron
 * trigger (src/delivery/requeue.ts), so the answer never says "nothing" of messages that will
 * leave, and a retry never meets half a batch.
 *
 * @returns each message's record (the first try's, when a client retries), or null when D1
 *   failed: nothing was recorded, and the client's retry with the same idempotency key starts
 *   afresh.
 * @example
 * const records = await sendLater({ db: env.DB, delivery: env.DELIVERY }, [message])
 * if (records === null) throw new Problem('unavailable', UNAVAILABLE)
 */
export async function sendLater(
  deps: LaterDeps,
  messages: readonly AcceptedMessage[],
  pacing: readonly Pick<DeliveryJob, 'recipient' | 'pace'>[] = [],
): Promise<AcceptedRecord[] | null> {
  let records: AcceptedRecord[]
  try {
    records = await acceptMessages(deps.db, messages)
  } catch (error) {
    console.error('accepting for delivery failed', error instanceof Error ? error.name : 'error')
    return null
  }
  const jobs: DeliveryJob[] = records.map(({ id }, index) => ({
    id,
    subAccount: messages[index]?.subAccount ?? '',
    ...pacing[index],
    ...(deps.traceparent === undefined ? {} : { traceparent: deps.traceparent }),
  }))
  try {
    // A job queued twice (a retry of this request) is harmless: the consumer's claim sends a
    // record once.
    await sendAll(deps.delivery, jobs)
  } catch (error) {
    console.error(
      'queueing accepted messages failed; the cron trigger queues them',
      error instanceof Error ? error.name : 'error',
    )
  }
  return records
}
