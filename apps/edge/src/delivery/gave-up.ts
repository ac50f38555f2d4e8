/**
 * The `message.status` callbacks of states the gateway sets itself on asynchronous messages it
 * gives up (`failed`, `unknown`): without them an asynchronous client would learn them only by
 * polling. `cancelled` has none: only the client's own cancel sets it, and its answer says so.
 *
 * @module
 */
import { type CallbackJob, gatewayStatusCallback } from '../callbacks/events'
import { gaveUpWithCallback } from '../db/messages/delivery'
import { sendAll } from '../lib/queues'

/**
 * Queues the callback of each of `ids` the gateway gave up on, whose key has a callback URL.
 * Called after the state's write, and by a job that finds its record already given up: a
 * queueing that failed (or an isolate that stopped in between) is redone by the job's retry, and
 * the `webhook-id` (`msg_status_<id>_<state>`) makes the copies harmless. Throws when D1 or the
 * queue fails: the caller retries its job.
 *
 * @example
 * await markFailed(deps.db, job.id, reason, done)
 * await callBackGaveUp(deps.db, deps.callbacks, [job.id])
 */
export async function callBackGaveUp(
  db: D1Database,
  callbacks: Queue<CallbackJob>,
  ids: readonly string[],
): Promise<void> {
  const rows = await gaveUpWithCallback(db, ids)
  await sendAll(
    callbacks,
    rows.map((row) => {
      const job = gatewayStatusCallback(
        { keyId: row.key_id, id: row.id, clientMessageId: row.client_message_id },
        { state: row.status, reason: row.reason, at: row.updated_at },
      )
      // The callback continues the trace of the send it reports on, as a receipt's does.
      return row.traceparent === null ? job : { ...job, traceparent: row.traceparent }
    }),
  )
}
