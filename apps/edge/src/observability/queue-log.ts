/**
 * The log line and the metric of every queue message (index.ts wraps each batch): what the
 * consumer decided (`ack`, `retry` with its delay, or `none` when it decided nothing), the
 * message's attempt, 8x8's answer when it was called, and the durations:
 *
 * ```json
 * {"event":"queue_message","queue":"delivery","messageId":"…","jobId":"5f0c…","traceId":null,
 *  "spanId":"…","keyId":null,"attempt":1,"outcome":"ack","retryDelayS":null,
 *  "upstream":{"status":200,"outcome":"ok"},"durationMs":35,"durations":{"upstream":30}}
 * ```
 *
 * `jobId` is the gateway's message id (delivery) or the callback's `webhook-id` (callbacks).
 *
 * @module
 */
import { writeLogLine } from './log-line'
import { createMetrics, type MetricEvent } from './metrics'
import { type Observed, observe } from './observed'
import { parseTraceparent } from './trace-context'

/** What the line reads of a queued job. */
interface JobFields {
  readonly id?: unknown
  readonly webhookId?: unknown
  readonly keyId?: unknown
  readonly traceparent?: unknown
}

/** One queue message's observation and its outcome, as its consumer decided it. */
interface Watched {
  readonly observed: Observed
  readonly started: number
  outcome: 'ack' | 'retry' | 'none'
  retryDelayS: number | null
}

const watched = new WeakMap<Message<unknown>, Watched>()

/** The observation of a message of a batch that {@link observeBatch} wraps, if it is one. */
export function observedOf(message: Message<unknown>): Observed | undefined {
  return watched.get(message)?.observed
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null)

/**
 * Runs a queue's consumer on a batch whose messages record their `ack` and `retry`, then writes
 * one line and one metric per message.
 *
 * @param queue The queue's kind (`delivery`, `callbacks`, …).
 * @example
 * await observeBatch(batch, 'delivery', env.METRICS, (watched) => deliverBatch(watched, deps))
 */
export async function observeBatch<T>(
  batch: MessageBatch<T>,
  queue: string,
  dataset: AnalyticsEngineDataset | undefined,
  consume: (batch: MessageBatch<T>) => Promise<void>,
  quiet = false,
): Promise<void> {
  const metrics = createMetrics(dataset, quiet)
  const messages = batch.messages.map((message) => {
    const job = (
      typeof message.body === 'object' && message.body !== null ? message.body : {}
    ) as JobFields
    const state: Watched = {
      observed: observe(
        message.id,
        parseTraceparent(text(job.traceparent)),
        metrics,
        text(job.keyId),
      ),
      started: Date.now(),
      outcome: 'none',
      retryDelayS: null,
    }
    const wrapped: Message<T> = {
      get id() {
        return message.id
      },
      get timestamp() {
        return message.timestamp
      },
      get body() {
        return message.body
      },
      get attempts() {
        return message.attempts
      },
      ack() {
        state.outcome = 'ack'
        message.ack()
      },
      retry(options?: QueueRetryOptions) {
        state.outcome = 'retry'
        state.retryDelayS = options?.delaySeconds ?? null
        message.retry(options)
      },
    }
    watched.set(wrapped as Message<unknown>, state)
    return { wrapped, state, job, attempts: message.attempts }
  })
  const wrappedBatch: MessageBatch<T> = {
    queue: batch.queue,
    metadata: batch.metadata,
    messages: messages.map(({ wrapped }) => wrapped),
    ackAll() {
      for (const { wrapped } of messages) wrapped.ack()
    },
    retryAll(options?: QueueRetryOptions) {
      for (const { wrapped } of messages) wrapped.retry(options)
    },
  }
  try {
    await consume(wrappedBatch)
  } finally {
    const metric: MetricEvent = queue.startsWith('callbacks') ? 'callback' : 'delivery'
    for (const { state, job, attempts } of messages) {
      const { observed } = state
      const durationMs = Date.now() - state.started
      if (!quiet)
        writeLogLine({
          event: 'queue_message',
          queue,
          messageId: observed.requestId,
          jobId: text(job.id) ?? text(job.webhookId),
          traceId: observed.trace?.traceId ?? null,
          spanId: observed.spanId,
          keyId: observed.keyId,
          attempt: attempts,
          outcome: state.outcome,
          retryDelayS: state.retryDelayS,
          upstream: observed.upstream,
          durationMs,
          durations: observed.timings.toJSON(),
        })
      metrics.write({
        event: metric,
        subject: queue,
        outcome: state.outcome,
        keyId: observed.keyId,
        status: observed.upstream?.status ?? null,
        durationMs,
      })
    }
  }
}
