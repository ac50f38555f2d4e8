/**
 * The asynchronous half of the send routes (`Prefer: respond-async`, RFC 7240): record each
 * message as `accepted` and put one job per message on the delivery queue; src/delivery sends it.
 *
 * @module
 */
import { type AcceptedMessage, acceptMessages } from '../db/messages/delivery'
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
 * Records the messages and queues their delivery.
 *
 * @returns each message's id (the first recording's, when a client retries), or null when D1 or
 *   the queue failed: nothing was queued, and the client's retry with the same idempotency key
 *   finds the same records.
 * @example
 * const ids = await sendLater({ db: env.DB, delivery: env.DELIVERY }, [message])
 * if (ids === null) throw new Problem('unavailable', UNAVAILABLE)
 */
export async function sendLater(
  deps: LaterDeps,
  messages: readonly AcceptedMessage[],
  pacing: readonly Pick<DeliveryJob, 'recipient' | 'pace'>[] = [],
): Promise<string[] | null> {
  try {
    const ids = await acceptMessages(deps.db, messages)
    const jobs: DeliveryJob[] = ids.map((id, index) => ({
      id,
      subAccount: messages[index]?.subAccount ?? '',
      ...pacing[index],
      ...(deps.traceparent === undefined ? {} : { traceparent: deps.traceparent }),
    }))
    await sendAll(deps.delivery, jobs)
    return ids
  } catch (error) {
    console.error('accepting for delivery failed', error instanceof Error ? error.name : 'error')
    return null
  }
}
