/**
 * D1 `dropped_callbacks` (migration 0017): callbacks the gateway gave up on, for operators
 * (`GET /admin/dropped-callbacks`). Ids, counts and error classes only, never a secret nor a body.
 *
 * @module
 */

/** A callback given up. */
export interface DroppedCallback {
  readonly keyId: string
  /** `webhook-id`: the same for every copy of the event. */
  readonly webhookId: string
  /** `message.status`, `message.inbound`. */
  readonly eventType: string
  /** The message the event is about; null for an inbound message. */
  readonly messageId: string | null
  /**
   * Posts made; null when not counted: the dead-letter queue gave it up (the queue does not
   * say), or it was given up before a post (`url_not_allowed`, `secret_unreadable`).
   */
  readonly attempts: number | null
  /**
   * The last attempt's class: `refused`, an error's name (`TimeoutError`), `dead_letter`, or,
   * given up at once, `url_not_allowed` (the environment refuses the stored URL) or
   * `secret_unreadable` (the stored secret cannot sign).
   */
  readonly lastError: string
  /** The client's last HTTP status; null when it did not answer. */
  readonly lastStatus: number | null
  readonly droppedAt: number
}

/**
 * Records a callback given up; a copy of it given up again replaces the row (one per callback
 * and key). Throws when D1 fails: the caller keeps the callback and retries.
 *
 * @example
 * await recordDroppedCallback(env.DB, { keyId, webhookId, eventType: 'message.status', messageId, attempts: 8, lastError: 'refused', lastStatus: 503, droppedAt: Date.now() })
 */
export async function recordDroppedCallback(
  db: D1Database,
  dropped: DroppedCallback,
): Promise<void> {
  await db
    .prepare(
      `INSERT INTO dropped_callbacks (key_id, webhook_id, event_type, message_id, attempts,
        last_error, last_status, dropped_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
       ON CONFLICT (key_id, webhook_id) DO UPDATE SET event_type = ?3, message_id = ?4,
         attempts = ?5, last_error = ?6, last_status = ?7, dropped_at = ?8`,
    )
    .bind(
      dropped.keyId,
      dropped.webhookId,
      dropped.eventType,
      dropped.messageId,
      dropped.attempts,
      dropped.lastError.slice(0, 100),
      dropped.lastStatus,
      dropped.droppedAt,
    )
    .run()
}

interface DroppedRow {
  key_id: string
  webhook_id: string
  event_type: string
  message_id: string | null
  attempts: number | null
  last_error: string
  last_status: number | null
  dropped_at: number
}

/** Where a page of dropped callbacks ends: its last row's time and ids. */
export interface DroppedCursor {
  readonly droppedAt: number
  readonly keyId: string
  readonly webhookId: string
}

/**
 * Callbacks given up, newest first: `limit` of them after `before` (the previous page's last
 * row), or from the newest when null.
 *
 * @example
 * const page = await listDroppedCallbacks(env.DB, null, 100)
 */
export async function listDroppedCallbacks(
  db: D1Database,
  before: DroppedCursor | null,
  limit: number,
): Promise<DroppedCallback[]> {
  const after = before === null ? '' : 'WHERE (dropped_at, key_id, webhook_id) < (?, ?, ?)'
  const { results } = await db
    .prepare(
      `SELECT key_id, webhook_id, event_type, message_id, attempts, last_error, last_status,
        dropped_at FROM dropped_callbacks ${after}
       ORDER BY dropped_at DESC, key_id DESC, webhook_id DESC LIMIT ?`,
    )
    .bind(...(before === null ? [] : [before.droppedAt, before.keyId, before.webhookId]), limit)
    .all<DroppedRow>()
  return results.map((row) => ({
    keyId: row.key_id,
    webhookId: row.webhook_id,
    eventType: row.event_type,
    messageId: row.message_id,
    attempts: row.attempts,
    lastError: row.last_error,
    lastStatus: row.last_status,
    droppedAt: row.dropped_at,
  }))
}
