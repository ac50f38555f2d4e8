/**
 * The asynchronous half of the send routes (`Prefer: respond-async`, RFC 7240): record each
 * message as `accepted`, put one job per message on the delivery queue, answer 202 at once.
 *
 * @module
 */
import type { Bindings } from '../env'
import { Problem, UNAVAILABLE } from '../errors'
import { sendAll } from '../queues'
import type { DeliveryJob } from './jobs'
import { type AcceptedMessage, acceptMessages } from './records'

/** Whether the `Prefer` header asks for `respond-async` (tokens may carry parameters). */
export function prefersAsync(prefer: string | undefined): boolean {
  if (prefer === undefined) return false
  return prefer
    .split(',')
    .some((preference) => preference.split(';')[0]?.trim().toLowerCase() === 'respond-async')
}

/**
 * Records the messages and queues their delivery.
 *
 * @returns each message's id (the first recording's, when a client retries).
 * @throws Problem 503 `unavailable` when D1 or the queue fails: nothing was queued, and the
 *   client's retry with the same idempotency key finds the same records.
 */
export async function acceptForDelivery(
  env: Bindings,
  messages: readonly AcceptedMessage[],
): Promise<string[]> {
  try {
    const ids = await acceptMessages(env.DB, messages)
    const jobs: DeliveryJob[] = ids.map((id, index) => ({
      id,
      subAccount: messages[index]?.subAccount ?? '',
    }))
    await sendAll(env.DELIVERY, jobs)
    return ids
  } catch (error) {
    console.error('accepting for delivery failed', error instanceof Error ? error.name : 'error')
    throw new Problem('unavailable', UNAVAILABLE)
  }
}

/** The headers of a 202. */
export function acceptedHeaders(location: string | null): Record<string, string> {
  return {
    'preference-applied': 'respond-async',
    ...(location === null ? {} : { location }),
  }
}
