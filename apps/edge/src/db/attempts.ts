/**
 * D1 `delivery_attempts` and `callback_attempts`: every post of a message to 8x8 and of a
 * callback to a client, with what came of it, as the console shows them (migration 0006).
 * Recording is best effort: a failed write is logged and never fails the attempt it describes.
 *
 * @module
 */

/** One post of an asynchronous message to 8x8. */
export interface DeliveryAttempt {
  readonly messageId: string
  /** 1 for the first attempt (the record's `attempts` after the claim). */
  readonly attempt: number
  readonly at: number
  readonly outcome: 'sent' | 'rejected' | 'configuration' | 'retryable' | 'ambiguous'
  /** 8x8's HTTP status; null when no answer came. */
  readonly httpStatus: number | null
  /** 8x8's umid when it took it, else why it did not (never a secret). */
  readonly detail: string
  readonly durationMs: number
}

/** One post of a callback to a client's URL. */
export interface CallbackAttempt {
  readonly webhookId: string
  readonly attempt: number
  readonly keyId: string
  /** The message the event is about; null for an inbound message. */
  readonly messageId: string | null
  readonly eventType: string
  readonly at: number
  readonly httpStatus: number | null
  readonly outcome: 'delivered' | 'refused' | 'failed' | 'dropped'
  readonly detail: string
}

/**
 * Records a delivery attempt (each claim counts one, so each is recorded once).
 *
 * @example
 * await recordDeliveryAttempt(env.DB, { messageId, attempt: 1, at, outcome: 'sent', httpStatus: 200, detail: umid, durationMs: 120 })
 */
export async function recordDeliveryAttempt(
  db: D1Database,
  attempt: DeliveryAttempt,
): Promise<void> {
  try {
    await db
      .prepare(
        `INSERT INTO delivery_attempts (message_id, attempt, at, outcome, http_status, detail,
          duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .bind(
        attempt.messageId,
        attempt.attempt,
        attempt.at,
        attempt.outcome,
        attempt.httpStatus,
        attempt.detail.slice(0, 500),
        attempt.durationMs,
      )
      .run()
  } catch (error) {
    console.error('attempt not recorded', error instanceof Error ? error.name : 'error')
  }
}

/**
 * Records a callback attempt.
 *
 * @example
 * await recordCallbackAttempt(env.DB, { webhookId, attempt: 1, keyId, messageId, eventType: 'message.status', at, httpStatus: 204, outcome: 'delivered', detail: '' })
 */
export async function recordCallbackAttempt(
  db: D1Database,
  attempt: CallbackAttempt,
): Promise<void> {
  try {
    await db
      .prepare(
        `INSERT INTO callback_attempts (webhook_id, attempt, key_id, message_id, event_type, at,
          http_status, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .bind(
        attempt.webhookId,
        attempt.attempt,
        attempt.keyId,
        attempt.messageId,
        attempt.eventType,
        attempt.at,
        attempt.httpStatus,
        attempt.outcome,
        attempt.detail.slice(0, 500),
      )
      .run()
  } catch (error) {
    console.error('callback attempt not recorded', error instanceof Error ? error.name : 'error')
  }
}
