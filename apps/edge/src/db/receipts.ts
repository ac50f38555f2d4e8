/**
 * D1 `receipts`, `inbound_messages` and `webhook_events`: what 8x8's webhook delivers, each event
 * in one `db.batch` (one round trip, one transaction). Every write is idempotent: 8x8 retries,
 * and a duplicate changes nothing.
 *
 * @module
 */
import type { DeliveryReceiptEvent, InboundMessageEvent } from '@chatapps/dsl'
import { applyReceipt, type CallbackTarget, callbackTargetOf } from './messages/receipts'

/** What storing an event did. */
export interface StoredRows<Row> {
  /** False for a duplicate. */
  readonly fresh: boolean
  /** Who is called back (none for a duplicate). */
  readonly rows: readonly Row[]
  /** Removes the fresh row again, so that 8x8's retry redoes everything. */
  readonly undo: () => Promise<void>
}

/**
 * Stores a delivery receipt and moves its message forward (src/db/messages/receipts.ts). A
 * receipt with no record yet stays in `receipts`; writing the record applies it.
 *
 * @param rank The state's rank (`deliveryStateRank` of @chatapps/dsl).
 */
export async function insertReceipt(
  db: D1Database,
  event: DeliveryReceiptEvent,
  rank: number,
  receivedAt: number,
): Promise<StoredRows<CallbackTarget>> {
  const { umid, status, clientMessageId, subAccountId, step } = event.payload
  const state = status.state
  // One receipt per umid, state and channel: each fallback step reports its own states.
  const channel = event.payload.channel ?? ''
  const statements = [
    db
      .prepare(
        `INSERT OR IGNORE INTO receipts (umid, state, channel, step, state_rank, detail,
          error_code, error_message, timestamp, received_at, client_message_id, sub_account)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .bind(
        umid,
        state,
        channel,
        step ?? null,
        rank,
        status.detail ?? null,
        status.errorCode ?? null,
        status.errorMessage ?? null,
        status.timestamp,
        receivedAt,
        clientMessageId ?? null,
        subAccountId ?? null,
      ),
    ...applyReceipt(db, { umid, receivedAt, clientMessageId, subAccount: subAccountId }),
    callbackTargetOf(db, umid),
  ]
  const results = await db.batch<CallbackTarget>(statements)
  const fresh = (results[0]?.meta.changes ?? 0) > 0
  return {
    fresh,
    rows: fresh ? (results.at(-1)?.results ?? []) : [],
    undo: async () => {
      await db
        .prepare(
          'DELETE FROM receipts WHERE umid = ? AND state = ? AND channel = ? AND received_at = ?',
        )
        .bind(umid, state, channel, receivedAt)
        .run()
    },
  }
}

/** Stores an inbound message once (by umid); returns its sub-account's keys with a callback. */
export async function insertInbound(
  db: D1Database,
  event: InboundMessageEvent,
  receivedAt: number,
): Promise<StoredRows<{ readonly key_id: string }>> {
  const { umid, subAccountId, type, timestamp } = event.payload
  const results = await db.batch<{ key_id: string }>([
    db
      .prepare(
        `INSERT OR IGNORE INTO inbound_messages (umid, sub_account, type, timestamp, event,
          received_at) VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .bind(umid, subAccountId ?? null, type, timestamp, JSON.stringify(event), receivedAt),
    db
      .prepare(
        `SELECT key_id FROM client_keys WHERE sub_account = ? AND status = 'active'
          AND callback_url IS NOT NULL ORDER BY key_id`,
      )
      .bind(subAccountId ?? null),
  ])
  const fresh = (results[0]?.meta.changes ?? 0) > 0
  return {
    fresh,
    rows: fresh ? (results[1]?.results ?? []) : [],
    undo: async () => {
      await db
        .prepare('DELETE FROM inbound_messages WHERE umid = ? AND received_at = ?')
        .bind(umid, receivedAt)
        .run()
    },
  }
}

const hex = (bytes: ArrayBuffer) =>
  Array.from(new Uint8Array(bytes), (byte) => byte.toString(16).padStart(2, '0')).join('')

/** Stores another event raw, once (its id is the body's SHA-256). */
export async function insertRawEvent(
  db: D1Database,
  eventType: string,
  body: Uint8Array<ArrayBuffer>,
  receivedAt: number,
): Promise<StoredRows<never>> {
  const id = hex(await crypto.subtle.digest('SHA-256', body))
  const result = await db
    .prepare(
      'INSERT OR IGNORE INTO webhook_events (id, event_type, body, received_at) VALUES (?, ?, ?, ?)',
    )
    .bind(id, eventType, new TextDecoder().decode(body), receivedAt)
    .run()
  return { fresh: result.meta.changes > 0, rows: [], undo: async () => {} }
}

/**
 * An inbound message as the conversation routes need it: when it was sent and received, and on
 * which channel.
 */
export interface InboundSeen {
  /** 8x8's time of the message (ms), or null when it does not parse. */
  readonly sentAt: number | null
  /** When the gateway received it (ms). */
  readonly receivedAt: number
  /**
   * The channel it came on, as its event names it (`payload.recipient.channel`, lower-cased when
   * the webhook parsed it), or null when the stored event names none.
   */
  readonly channel: string | null
}

/**
 * An inbound message of a sub-account, by umid (null: unknown, or another sub-account's).
 *
 * @example
 * const seen = await findInbound(env.DB, key.subAccount, umid)
 */
export async function findInbound(
  db: D1Database,
  subAccount: string,
  umid: string,
): Promise<InboundSeen | null> {
  const row = await db
    .prepare(
      `SELECT timestamp, received_at,
        CASE WHEN json_valid(event) THEN json_extract(event, '$.payload.recipient.channel') END
          AS channel
        FROM inbound_messages WHERE umid = ? AND sub_account = ?`,
    )
    .bind(umid, subAccount)
    .first<{ timestamp: string; received_at: number; channel: unknown }>()
  if (row === null) return null
  const sentAt = Date.parse(row.timestamp)
  return {
    sentAt: Number.isNaN(sentAt) ? null : sentAt,
    receivedAt: row.received_at,
    channel: typeof row.channel === 'string' && row.channel !== '' ? row.channel : null,
  }
}
