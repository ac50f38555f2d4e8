/**
 * What the gateway observes of one request or one queue message while it runs: its id, the
 * caller's trace, the gateway's span, the durations of its steps and what 8x8 answered. The
 * request's log line (./request-log.ts) and the queue's (./queue-log.ts) are written from it.
 *
 * @module
 */
import type { UpstreamObserver } from '../upstream/chatapps-api'
import type { Metrics } from './metrics'
import { Timings } from './timings'
import { childTraceparent, newSpanId, type TraceContext } from './trace-context'

/** One request's or queue message's observations. */
export interface Observed {
  readonly requestId: string
  /** The caller's valid `traceparent`, or null (none, or invalid and dropped). */
  readonly trace: TraceContext | null
  /** The gateway's span in the trace. */
  readonly spanId: string
  readonly timings: Timings
  readonly metrics: Metrics
  /** The client key, once the signature is verified. */
  keyId: string | null
  /** 8x8's last answer: its status (null: none came) and class. */
  upstream: { readonly status: number | null; readonly outcome: string } | null
}

/** What hono's context holds: set by the first middleware (./request-log.ts). */
export interface ObservabilityVariables {
  observed: Observed
}

/** A fresh observation. */
export function observe(
  requestId: string,
  trace: TraceContext | null,
  metrics: Metrics,
  keyId: string | null = null,
): Observed {
  return {
    requestId,
    trace,
    spanId: newSpanId(),
    timings: new Timings(),
    metrics,
    keyId,
    upstream: null,
  }
}

/** The `traceparent` to send on from here, or undefined when the caller sent none. */
export function traceparentOf(observed: Observed | undefined): string | undefined {
  return observed?.trace == null ? undefined : childTraceparent(observed.trace, observed.spanId)
}

/**
 * `{ traceparent }` for a record, or nothing when the caller sent none: a message keeps the trace
 * it was sent in, so that the callbacks of its receipts continue it.
 *
 * @example
 * const record = { id, ...traced(traceparentOf(c.var.observed)) }
 */
export function traced(traceparent: string | undefined): { traceparent?: string } {
  return traceparent === undefined ? {} : { traceparent }
}

/**
 * What the 8x8 client reports to: each answer's duration (the `upstream` step, and an
 * `upstream` metric) and the trace to carry.
 *
 * @example
 * createUpstream(config, c.env.UPSTREAM, upstreamObserver(c.var.observed))
 */
export function upstreamObserver(observed: Observed | undefined): UpstreamObserver | undefined {
  if (observed === undefined) return undefined
  const traceparent = traceparentOf(observed)
  return {
    ...(traceparent === undefined ? {} : { traceparent }),
    answered(call, status, outcome, ms) {
      observed.timings.add('upstream', ms)
      observed.upstream = { status, outcome }
      observed.metrics.write({
        event: 'upstream',
        subject: call,
        outcome,
        keyId: observed.keyId,
        status,
        durationMs: ms,
      })
    },
  }
}
