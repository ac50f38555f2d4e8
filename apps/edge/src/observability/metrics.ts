/**
 * Counters and latencies for Workers Analytics Engine (the `METRICS` dataset of wrangler.jsonc's
 * staging and production environments); without that binding (local development, the tests)
 * each data point is a `metric` log line instead. One shape for every event, so that one SQL
 * table answers every dashboard (docs/observability.md, Metrics):
 *
 * | column    | holds                                                                         |
 * | --------- | ----------------------------------------------------------------------------- |
 * | `index1`  | the event: `request`, `upstream`, `delivery`, `callback`, `callback_dropped`  |
 * | `blob1`   | the event again (SQL reads blobs more easily than the index)                  |
 * | `blob2`   | the route (`/v1/messages`), the upstream call (`send`), the queue, the event  |
 * |           | type of a callback given up (`message.status`)                                |
 * | `blob3`   | the outcome: a problem code, `ok`, `ack`, `retry`, an upstream class, the     |
 * |           | last error of a callback given up (`refused`, `TimeoutError`, `dead_letter`)  |
 * | `blob4`   | the client key id, or empty                                                   |
 * | `double1` | 1 (a count: `SUM(_sample_interval * double1)`)                                |
 * | `double2` | the HTTP status (the answer's, 8x8's or the callback's), 0 when none          |
 * | `double3` | the duration in milliseconds                                                  |
 *
 * @module
 */
import { writeLogLine } from './log-line'

/** The events written. */
export type MetricEvent = 'request' | 'upstream' | 'delivery' | 'callback' | 'callback_dropped'

/** One data point. */
export interface DataPoint {
  readonly event: MetricEvent
  /** The route, the upstream call, the queue, or a dropped callback's event type. */
  readonly subject: string
  /** A problem code, `ok`, the queue's or 8x8's outcome, or a dropped callback's last error. */
  readonly outcome: string
  readonly keyId: string | null
  /** An HTTP status, or null when there was none (no answer, a queue message). */
  readonly status: number | null
  readonly durationMs: number
}

/** Where data points go. */
export interface Metrics {
  write(point: DataPoint): void
}

/**
 * Metrics into an Analytics Engine dataset, or, without one, into the log.
 *
 * @example
 * const metrics = createMetrics(env.METRICS)
 * metrics.write({ event: 'upstream', subject: 'send', outcome: 'ok', keyId: null, status: 200, durationMs: 84 })
 */
export function createMetrics(dataset: AnalyticsEngineDataset | undefined, quiet = false): Metrics {
  if (dataset === undefined && quiet) return { write: () => {} }
  if (dataset === undefined) {
    return {
      write: (point) =>
        writeLogLine({
          event: 'metric',
          metric: point.event,
          subject: point.subject,
          outcome: point.outcome,
          keyId: point.keyId,
          status: point.status,
          durationMs: Math.round(point.durationMs),
        }),
    }
  }
  return {
    write(point) {
      try {
        dataset.writeDataPoint({
          indexes: [point.event],
          blobs: [point.event, point.subject, point.outcome, point.keyId ?? ''],
          doubles: [1, point.status ?? 0, point.durationMs],
        })
      } catch (error) {
        // A metric is never worth a failed request.
        console.warn('metric not written', error instanceof Error ? error.name : 'error')
      }
    },
  }
}
