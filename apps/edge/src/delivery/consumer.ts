/**
 * The delivery queue's consumer: one attempt per message, each acknowledged or retried on its
 * own, so that one failure never retries a whole batch.
 *
 * | 8x8's answer | record | queue |
 * | --- | --- | --- |
 * | 2xx | umid and 8x8's state | ack |
 * | 400, 404, 410, 422, other 4xx | `failed`, 8x8's code and message as the reason | ack |
 * | 401, 403 (the gateway's credentials) | `failed`, logged as a configuration fault | ack |
 * | 408, 429, 502, 503, 504, no connection | reason; attempts exhausted: to the dead-letter queue | retry, full-jitter backoff, at least `Retry-After` |
 * | 500, other 5xx, timeout, connection lost | after the 3rd such answer: `unknown` until a receipt settles it | retry after `AMBIGUOUS_RETRY_AFTER_MS`, unless a receipt came meanwhile |
 * | circuit open | unchanged, no attempt counted | retry when it may close |
 *
 * @module
 */
import type { Config } from '../env'
import { sendMessage, type UpstreamFailure } from '../upstream'
import { CircuitClient } from './circuit-client'
import { backoffSeconds, type DeliveryJob } from './jobs'
import { claim, markSent, markUnsent, release } from './records'
import { stateOf } from './states'

/** Ambiguous answers (500, timeout) are retried at most this many times. */
export const AMBIGUOUS_RETRIES = 2
/** How long one attempt holds a message: longer than any upstream timeout. */
const LEASE_MS = 60_000

/** What the consumer needs from the worker's bindings. */
export interface DeliveryDeps {
  readonly db: D1Database
  readonly circuits: DurableObjectNamespace<import('../circuit').Circuit>
  readonly deadLetters: Queue<DeliveryJob>
  readonly upstream: Fetcher | undefined
  readonly config: Config
  readonly random?: () => number
}

/** Handles one batch of the delivery queue. */
export async function deliverBatch(
  batch: MessageBatch<DeliveryJob>,
  deps: DeliveryDeps,
): Promise<void> {
  // Messages of one batch go in parallel: they are independent, and 8x8 answers slowly.
  const circuits = new Map<string, CircuitClient>()
  const circuitOf = (subAccount: string) => {
    let circuit = circuits.get(subAccount)
    if (circuit === undefined) {
      circuit = new CircuitClient(deps.circuits, subAccount, deps.config)
      circuits.set(subAccount, circuit)
    }
    return circuit
  }
  await Promise.all(
    batch.messages.map((message) => deliverOne(message, deps, circuitOf(message.body.subAccount))),
  )
  // The breaker weighs the batch's outcomes together (failures come back first in a burst).
  await Promise.all([...circuits.values()].map((circuit) => circuit.flush()))
}

async function deliverOne(
  message: Message<DeliveryJob>,
  deps: DeliveryDeps,
  circuit: CircuitClient,
): Promise<void> {
  const { config } = deps
  const job = message.body
  try {
    const permit = await circuit.acquire()
    if (!permit.allowed) {
      // Waiting for the circuit is not an attempt: the record is not touched.
      message.retry({ delaySeconds: Math.max(1, Math.ceil(permit.retryAfterMs / 1000)) })
      return
    }
    const now = Date.now()
    const claimed = await claim(deps.db, job.id, now, LEASE_MS)
    if ('kind' in claimed) {
      if (claimed.kind === 'leased') {
        message.retry({ delaySeconds: Math.max(1, Math.ceil(claimed.retryAfterMs / 1000)) })
      } else {
        // Missing or settled: never send it (again).
        if (claimed.kind === 'missing') console.warn('delivery job without a record')
        message.ack()
      }
      return
    }

    const sent = await sendMessage(config, deps.upstream, job.subAccount, claimed.payload)
    await circuit.tally(permit, sent.ok ? null : sent)
    const done = Date.now()
    if (sent.ok) {
      const state = stateOf(sent.status, 'queued')
      await markSent(deps.db, job.id, sent.umid, state, done)
      message.ack()
      return
    }
    const reason = describeFailure(sent)
    if (sent.kind === 'rejected' || sent.kind === 'configuration') {
      if (sent.kind === 'configuration') {
        console.error('CONFIGURATION FAULT: 8x8 refused the gateway credentials', sent.status)
      }
      await markUnsent(deps.db, job.id, 'failed', reason, done)
      message.ack()
      return
    }
    if (sent.kind === 'ambiguous' && claimed.ambiguousAttempts + 1 > AMBIGUOUS_RETRIES) {
      await markUnsent(deps.db, job.id, 'unknown', `${reason}; 8x8 may have taken it`, done)
      message.ack()
      return
    }
    if (claimed.attempts >= config.delivery.maxAttempts) {
      await release(deps.db, job.id, sent.kind === 'ambiguous', reason, done)
      await deps.deadLetters.send(job)
      message.ack()
      return
    }
    await release(deps.db, job.id, sent.kind === 'ambiguous', reason, done)
    const backoff = backoffSeconds(claimed.attempts, sent.retryAfter, config.delivery, deps.random)
    // 8x8 may have taken it: a receipt of its id (8x8's clientMessageId) within the wait gives
    // the record its umid, and the next attempt then finds it sent and never sends it again.
    const wait = sent.kind === 'ambiguous' ? Math.ceil(config.ambiguousRetryAfterMs / 1000) : 0
    message.retry({ delaySeconds: Math.max(backoff, wait) })
  } catch (error) {
    // D1 or the queue failed: try the whole step again later; the lease keeps it single.
    console.error('delivery step failed', error instanceof Error ? error.name : 'error')
    message.retry({
      delaySeconds: backoffSeconds(message.attempts, 1, config.delivery, deps.random),
    })
  }
}

/** A failure as a reason a person can read; never includes the API key. */
export function describeFailure(failure: UpstreamFailure): string {
  const answer =
    failure.status === null
      ? failure.timedOut
        ? 'no answer in time'
        : failure.kind === 'ambiguous'
          ? 'connection lost'
          : 'no connection'
      : `HTTP ${failure.status}${failure.code === null ? '' : ` (code ${String(failure.code)})`}`
  const message = failure.message === '' ? '' : `: ${failure.message}`
  return `8x8: ${answer}${message}`
}

/**
 * The dead-letter queue's consumer: a message whose attempts ran out is marked `failed`,
 * keeping the last reason, unless 8x8 took it meanwhile.
 */
export async function deadLetterBatch(
  batch: MessageBatch<DeliveryJob>,
  db: D1Database,
): Promise<void> {
  const now = Date.now()
  await db.batch(
    batch.messages.map((message) =>
      db
        .prepare(
          `UPDATE messages SET status = 'failed', status_rank = 4, lease_until = 0, updated_at = ?,
            reason = 'delivery attempts exhausted' || COALESCE(' (last: ' || reason || ')', '')
           WHERE id = ? AND status = 'accepted' AND umid IS NULL`,
        )
        .bind(now, message.body.id),
    ),
  )
  batch.ackAll()
}
