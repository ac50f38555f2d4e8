/**
 * A message's status, the same object in every answer, record and callback
 * (docs/gateway-contract.md#the-message-record), and the state 8x8 answered a send with.
 *
 * @module
 */

/** The `state` of a `status` object 8x8 answered with (lower case), or `fallback`. */
export function stateOf(status: unknown, fallback: string): string {
  return typeof status === 'object' && status !== null && 'state' in status
    ? String(status.state).toLowerCase()
    : fallback
}

/**
 * A message's state, the same object in every answer, record and callback
 * (docs/gateway-contract.md#the-message-record): 8x8's own status shape, with the gateway's
 * `reason` when the gateway set the state.
 *
 * @example
 * { "state": "failed", "timestamp": "2026-11-24T09:31:00.000Z",
 *   "reason": "delivery attempts exhausted (last: 8x8: HTTP 503)" }
 * { "state": "undelivered", "timestamp": "2026-11-24T09:30:02.000Z",
 *   "detail": "undelivered_to_recipient", "errorCode": 7001, "errorMessage": "Not on WhatsApp" }
 */
export interface MessageStatus {
  /** accepted, unknown, queued, sent, delivered, read, undelivered, rejected or failed. */
  readonly state: string
  /** ISO-8601: 8x8's time of its state; the gateway's when it set the state itself. */
  readonly timestamp: string
  /**
   * The channel the state is of, as 8x8's receipts name it (lower case: `whatsapp`, `sms`), when
   * a receipt that named one set it: a message that fell back is on its later channel.
   */
  readonly channel?: string
  /** The gateway's words: why it failed, is unknown, or is being retried. */
  readonly reason?: string
  /** 8x8's detail (`delivered_to_recipient`, `undelivered_to_recipient`, …). */
  readonly detail?: string
  /** 8x8's error code, with an error. */
  readonly errorCode?: number | string
  /** 8x8's error message, with an error. */
  readonly errorMessage?: string
}

/** The parts of a status; absent, undefined and null members are left out. */
export interface StatusParts {
  readonly state: string
  readonly timestamp: string
  /** '' (a receipt that named no channel) is left out too. */
  readonly channel?: string | null | undefined
  readonly reason?: string | null | undefined
  readonly detail?: string | null | undefined
  readonly errorCode?: number | string | null | undefined
  readonly errorMessage?: string | null | undefined
}

/** A {@link MessageStatus} with its members always in the same order. */
export function messageStatus(parts: StatusParts): MessageStatus {
  const { channel, reason, detail, errorCode, errorMessage } = parts
  return {
    state: parts.state,
    timestamp: parts.timestamp,
    ...(typeof channel === 'string' && channel !== '' ? { channel } : {}),
    ...(typeof reason === 'string' ? { reason } : {}),
    ...(typeof detail === 'string' ? { detail } : {}),
    ...(typeof errorCode === 'number' || typeof errorCode === 'string' ? { errorCode } : {}),
    ...(typeof errorMessage === 'string' ? { errorMessage } : {}),
  }
}

/**
 * The status 8x8 answered a send with, in the gateway's shape: the state in lower case
 * (`fallback` when 8x8 gave none), 8x8's timestamp (else `at`), its detail and error.
 */
export function statusOf8x8(status: unknown, fallback: string, at: number): MessageStatus {
  const raw: Readonly<Record<string, unknown>> =
    typeof status === 'object' && status !== null ? (status as Record<string, unknown>) : {}
  const { timestamp, detail, errorCode, errorMessage } = raw
  return messageStatus({
    state: stateOf(status, fallback),
    timestamp: typeof timestamp === 'string' ? timestamp : new Date(at).toISOString(),
    detail: typeof detail === 'string' ? detail : undefined,
    errorCode:
      typeof errorCode === 'number' || typeof errorCode === 'string' ? errorCode : undefined,
    errorMessage: typeof errorMessage === 'string' ? errorMessage : undefined,
  })
}

/** The status of a message recorded for asynchronous delivery (the 202's). */
export function acceptedStatus(createdAt: number): MessageStatus {
  return messageStatus({ state: 'accepted', timestamp: new Date(createdAt).toISOString() })
}
