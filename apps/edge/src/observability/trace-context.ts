/**
 * W3C Trace Context (https://www.w3.org/TR/trace-context/): the `traceparent` a caller sends is
 * validated as the specification says, and invalid values are dropped, never forwarded. The
 * gateway is one hop of the trace: what it sends on (to 8x8, to a client's callback) keeps the
 * caller's trace id and flags and names the gateway's own span as the parent.
 *
 * @module
 */

/** A valid `traceparent`, parsed. */
export interface TraceContext {
  /** 32 lowercase hex digits, not all zero. */
  readonly traceId: string
  /** 16 lowercase hex digits, not all zero: the caller's span. */
  readonly parentId: string
  /** 2 lowercase hex digits (`01`: sampled). */
  readonly flags: string
}

const VERSION_00 = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/
// A later version may append fields after a dash; its first four fields keep version 00's shape.
const LATER_VERSION = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/
const ZERO_TRACE = '0'.repeat(32)
const ZERO_PARENT = '0'.repeat(16)

/**
 * Parses a `traceparent` header, or returns null for anything the specification says to ignore:
 * version `ff`, upper-case hex, a wrong length, an all-zero trace id or parent id.
 *
 * @example
 * parseTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')
 * // { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', parentId: '00f067aa0ba902b7', flags: '01' }
 */
export function parseTraceparent(value: string | null | undefined): TraceContext | null {
  if (value === null || value === undefined) return null
  const header = value.trim()
  let traceId: string | undefined
  let parentId: string | undefined
  let flags: string | undefined
  const v00 = VERSION_00.exec(header)
  if (v00 !== null) {
    ;[, traceId, parentId, flags] = v00
  } else {
    const later = LATER_VERSION.exec(header)
    if (later === null || later[1] === '00' || later[1] === 'ff') return null
    ;[, , traceId, parentId, flags] = later
  }
  if (traceId === undefined || parentId === undefined || flags === undefined) return null
  if (traceId === ZERO_TRACE || parentId === ZERO_PARENT) return null
  return { traceId, parentId, flags }
}

/** A new span id: 16 random lowercase hex digits, never all zero. */
export function newSpanId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8))
  bytes[7] = (bytes[7] ?? 0) | 1
  return [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('')
}

/**
 * The `traceparent` the gateway sends on: the caller's trace id and flags, with `spanId` (the
 * gateway's span) as the parent. Always version 00, the version this gateway speaks.
 *
 * @example
 * childTraceparent(parseTraceparent(header)!, newSpanId()) // '00-4bf9…-<span>-01'
 */
export function childTraceparent(trace: TraceContext, spanId: string): string {
  return `00-${trace.traceId}-${spanId}-${trace.flags}`
}
