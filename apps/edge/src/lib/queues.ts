/**
 * Putting jobs on a Cloudflare Queue: `sendBatch` takes at most 100 messages, so longer lists go
 * in slices.
 *
 * @module
 */

/** Queues accept at most 100 messages per `sendBatch`. */
const QUEUE_BATCH = 100

/** Sends every body to the queue as JSON, 100 per call, in order. */
export async function sendAll<T>(queue: Queue<T>, bodies: readonly T[]): Promise<void> {
  for (let start = 0; start < bodies.length; start += QUEUE_BATCH) {
    await queue.sendBatch(
      bodies.slice(start, start + QUEUE_BATCH).map((body) => ({ body, contentType: 'json' })),
    )
  }
}
