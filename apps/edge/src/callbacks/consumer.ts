/**
 * The callbacks queue's consumer: posts each event, signed (Standard Webhooks), to the URL its key
 * registered (README, The map: the callbacks consumer).
 *
 * @module
 */

import type { Config } from '../config'
import { type CallbackAttempt, recordCallbackAttempt } from '../db/attempts'
import { type DroppedCallback, recordDroppedCallback } from '../db/dropped-callbacks'
import { type CallbackTarget, findCallbackTarget } from '../db/keys'
import type { Metrics } from '../observability/metrics'
import { traceparentOf } from '../observability/observed'
import { observedOf } from '../observability/queue-log'
import type { CallbackJob } from './events'
import { CALLBACK_ATTEMPTS, callbackRetrySeconds } from './schedule'
import { signCallback } from './signing'
import { isAllowedCallbackUrl } from './urls'

/** How long a client's endpoint has to answer one callback. */
const CALLBACK_TIMEOUT_MS = 10_000

/** What the consumer needs; `fetch`, `random`, `now` and `timeoutMs` are injectable for tests. */
export interface CallbackDeps {
  readonly db: D1Database
  readonly config: Config
  /** Where a callback given up is counted (`callback_dropped`). */
  readonly metrics?: Metrics
  readonly fetch?: typeof fetch
  readonly random?: () => number
  readonly now?: () => number
  readonly timeoutMs?: number
}

/**
 * Handles one batch of the callbacks queue: each message is acknowledged or retried on its own,
 * and the handler never throws (a failed handler would have the queue retry the whole batch).
 * wrangler.jsonc still gives it one message per batch: a TLS failure fails workerd's queue event
 * whatever the handler does.
 */
export async function deliverCallbacks(
  batch: MessageBatch<CallbackJob>,
  deps: CallbackDeps,
): Promise<void> {
  await Promise.all(
    batch.messages.map(async (message) => {
      try {
        await deliverOne(message, deps)
      } catch (error) {
        console.error('callback: unexpected', error instanceof Error ? error.name : 'error')
        message.retry()
      }
    }),
  )
}

async function deliverOne(message: Message<CallbackJob>, deps: CallbackDeps): Promise<void> {
  const job = message.body
  const retry = () =>
    message.retry({ delaySeconds: callbackRetrySeconds(message.attempts, deps.random) })
  let target: CallbackTarget | null
  try {
    target = await findCallbackTarget(deps.db, job.keyId)
  } catch (error) {
    console.error('callback: key store failed', error instanceof Error ? error.name : 'error')
    retry()
    return
  }
  if (target?.callback_url == null || target.callback_secret == null) {
    console.warn('callback dropped: no callback registered', job.keyId, job.webhookId)
    message.ack()
    return
  }
  // A URL this environment refuses (stored before the rule, or by hand) or a secret that cannot
  // sign will not change by waiting: given up at once, and listed for operators, unlike a key
  // whose callback was removed or revoked (the operator's own choice, logged only).
  if (!isAllowedCallbackUrl(target.callback_url, deps.config.environment)) {
    await dropAtOnce(message, deps, 'url_not_allowed')
    return
  }
  let headers: Record<string, string>
  try {
    const timestamp = Math.floor((deps.now ?? Date.now)() / 1000)
    headers = await signCallback(target.callback_secret, job.webhookId, timestamp, job.body)
  } catch {
    await dropAtOnce(message, deps, 'secret_unreadable')
    return
  }
  const attempt = (
    outcome: CallbackAttempt['outcome'],
    httpStatus: number | null,
    detail: string,
  ): Promise<void> =>
    recordCallbackAttempt(deps.db, {
      ...aboutOf(job),
      attempt: message.attempts,
      at: (deps.now ?? Date.now)(),
      httpStatus,
      outcome,
      detail,
    })
  // The trace of the job, if it has one, reaches the client with the gateway's span as parent.
  const traceparent = traceparentOf(observedOf(message))
  let status: number
  try {
    const response = await (deps.fetch ?? fetch)(target.callback_url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...headers,
        ...(traceparent === undefined ? {} : { traceparent }),
      },
      body: job.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(deps.timeoutMs ?? CALLBACK_TIMEOUT_MS),
    })
    await response.body?.cancel()
    status = response.status
  } catch (error) {
    const name = error instanceof Error ? error.name : 'error'
    console.warn('callback failed', job.keyId, job.webhookId, name)
    await attempt('failed', null, name)
    return retryOrDrop(message, deps, name, null)
  }
  if (status >= 200 && status < 300) {
    await attempt('delivered', status, '')
    message.ack()
    return
  }
  console.warn('callback refused', job.keyId, job.webhookId, status)
  await attempt('refused', status, '')
  return retryOrDrop(message, deps, 'refused', status)
}

/**
 * After a failed post: retried on the schedule, or, the schedule's last attempt done, recorded
 * as dropped (D1, a metric, a log line) and acknowledged. Should D1 fail, the callback is kept
 * (retried): the dead-letter queue then records it if the queue's retries run out.
 */
async function retryOrDrop(
  message: Message<CallbackJob>,
  deps: CallbackDeps,
  lastError: string,
  lastStatus: number | null,
): Promise<void> {
  if (message.attempts < CALLBACK_ATTEMPTS) {
    message.retry({ delaySeconds: callbackRetrySeconds(message.attempts, deps.random) })
    return
  }
  await drop(message.body, deps, {
    attempts: message.attempts,
    lastError,
    lastStatus,
    droppedAt: (deps.now ?? Date.now)(),
  })
  message.ack()
}

/**
 * Gives a callback up before any post of this attempt: recorded as dropped (the posts of earlier
 * attempts not counted: `attempts` null) and acknowledged. Throws when D1 fails: the batch's
 * handler then retries it.
 */
async function dropAtOnce(
  message: Message<CallbackJob>,
  deps: CallbackDeps,
  lastError: 'url_not_allowed' | 'secret_unreadable',
): Promise<void> {
  await drop(message.body, deps, {
    attempts: null,
    lastError,
    lastStatus: null,
    droppedAt: (deps.now ?? Date.now)(),
  })
  message.ack()
}

/** Records a callback given up, counts it and logs it (ids only). Throws when D1 fails. */
async function drop(
  job: CallbackJob,
  deps: Pick<CallbackDeps, 'db' | 'metrics'>,
  outcome: Pick<DroppedCallback, 'attempts' | 'lastError' | 'lastStatus' | 'droppedAt'>,
): Promise<void> {
  const { webhookId, keyId, messageId, eventType } = aboutOf(job)
  await recordDroppedCallback(deps.db, { webhookId, keyId, messageId, eventType, ...outcome })
  console.error('callback given up', keyId, webhookId, outcome.lastError, outcome.attempts)
  deps.metrics?.write({
    event: 'callback_dropped',
    subject: eventType,
    outcome: outcome.lastError,
    keyId,
    status: outcome.lastStatus,
    durationMs: 0,
  })
}

/** What a callback is about, read from its body: its type and the message's id. */
function aboutOf(
  job: CallbackJob,
): Pick<CallbackAttempt, 'webhookId' | 'keyId' | 'messageId' | 'eventType'> {
  let eventType = 'unknown'
  let messageId: string | null = null
  try {
    const body = JSON.parse(job.body) as { type?: unknown; data?: { id?: unknown } }
    if (typeof body.type === 'string') eventType = body.type
    if (body.type === 'message.status' && typeof body.data?.id === 'string')
      messageId = body.data.id
  } catch {
    // The body is the gateway's own JSON; unreadable, it is recorded as unknown.
  }
  return { webhookId: job.webhookId, keyId: job.keyId, messageId, eventType }
}

/**
 * The dead-letter queue's consumer: a callback the queue gave up on (its retries ran out on
 * something other than its posts, such as the key store failing) is recorded as dropped, like
 * one whose posts ran out; should D1 fail, it is retried.
 */
export async function deadLetterCallbacks(
  batch: MessageBatch<CallbackJob>,
  deps: Pick<CallbackDeps, 'db' | 'metrics' | 'now'>,
): Promise<void> {
  await Promise.all(
    batch.messages.map(async (message) => {
      try {
        await drop(message.body, deps, {
          attempts: null,
          lastError: 'dead_letter',
          lastStatus: null,
          droppedAt: (deps.now ?? Date.now)(),
        })
        message.ack()
      } catch (error) {
        console.error(
          'dropped callback not recorded',
          error instanceof Error ? error.name : 'error',
        )
        message.retry()
      }
    }),
  )
}
