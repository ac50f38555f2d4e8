/**
 * What 8x8's webhook (and reconciliation) delivers, stored (src/db/receipts.ts) and turned into
 * the callbacks it calls for. A duplicate changes nothing and calls for no callback.
 *
 * @module
 */
import {
  type DeliveryReceiptEvent,
  deliveryStateRank,
  type InboundMessageEvent,
} from '@chatapps/dsl'
import { type CallbackJob, inboundCallback, statusCallback } from '../callbacks/events'
import { insertInbound, insertRawEvent, insertReceipt } from '../db/receipts'

/** What storing an event did. */
export interface Stored {
  /** False for a duplicate. */
  readonly fresh: boolean
  /** Callbacks to queue (none for a duplicate). */
  readonly callbacks: readonly CallbackJob[]
  /** Removes the fresh row again, so that 8x8's retry redoes everything (queueing failed). */
  readonly undo: () => Promise<void>
}

/**
 * Stores a delivery receipt and moves its message forward, never backwards; the message's key
 * is called back if it has a callback URL.
 *
 * @example
 * const stored = await storeReceipt(env.DB, event, Date.now())
 * await sendAll(env.CALLBACKS, stored.callbacks)
 */
export async function storeReceipt(
  db: D1Database,
  event: DeliveryReceiptEvent,
  receivedAt: number,
): Promise<Stored> {
  const stored = await insertReceipt(
    db,
    event,
    deliveryStateRank(event.payload.status.state),
    receivedAt,
  )
  return {
    fresh: stored.fresh,
    callbacks: stored.rows.map((row) =>
      statusCallback(
        { keyId: row.key_id, id: row.id, clientMessageId: row.client_message_id },
        event,
        receivedAt,
      ),
    ),
    undo: stored.undo,
  }
}

/** Stores an inbound message once (by umid); its sub-account's keys with a callback get it. */
export async function storeInbound(
  db: D1Database,
  event: InboundMessageEvent,
  receivedAt: number,
): Promise<Stored> {
  const stored = await insertInbound(db, event, receivedAt)
  return {
    fresh: stored.fresh,
    callbacks: stored.rows.map((row) => inboundCallback(row.key_id, event, receivedAt)),
    undo: stored.undo,
  }
}

/** Stores another event raw, once (its id is the body's SHA-256); nobody is called back. */
export async function storeRawEvent(
  db: D1Database,
  eventType: string,
  body: Uint8Array<ArrayBuffer>,
  receivedAt: number,
): Promise<Stored> {
  const stored = await insertRawEvent(db, eventType, body, receivedAt)
  return { fresh: stored.fresh, callbacks: [], undo: stored.undo }
}
