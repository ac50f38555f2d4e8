/**
 * What 8x8's webhook (and reconciliation) delivers, stored (src/db/receipts.ts) and turned into
 * the callbacks it calls for. A duplicate changes nothing and calls for no callback.
 *
 * @module
 */
import {
  type DeliveryReceiptEvent,
  deliveryStateRank,
  explainError,
  type InboundMessageEvent,
} from '@chatapps/dsl'
import { BSUID } from '@chatapps/dsl/schemas'
import { type CallbackJob, inboundCallback, statusCallback } from '../callbacks/events'
import { insertInbound, insertRawEvent, insertReceipt } from '../db/receipts'
import { indexConsent } from '../db/suppressions'
import { contactOf, recipientOf } from '../objects/contact/client'
import type { Contact } from '../objects/contact/object'
import type { ContactEvent, ContactSettings } from '../objects/contact/protocol'

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
    callbacks: stored.rows.map((row) => {
      const job = statusCallback(
        { keyId: row.key_id, id: row.id, clientMessageId: row.client_message_id },
        event,
        receivedAt,
      )
      // The callback continues the trace of the send it reports on, when its caller sent one.
      return row.traceparent === null ? job : { ...job, traceparent: row.traceparent }
    }),
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

/** What a contact is told of an event, or null when the event concerns no contact. */
function contactEventOf(
  event: DeliveryReceiptEvent | InboundMessageEvent,
  now: number,
): { subAccount: string; recipient: string; event: ContactEvent } | null {
  const { subAccountId, umid } = event.payload
  const recipient = recipientOf(event.payload.user)
  if (subAccountId === undefined || recipient === null) return null
  if (event.kind === 'inbound_message') {
    const text = event.payload.content?.text ?? null
    // 8x8's time of the message; one that does not parse, or lies ahead, counts as its arrival.
    const sentAt = Math.min(timeOf(event.payload.timestamp, now), now)
    const channel = event.payload.recipient?.channel?.toLowerCase()
    const opensWindow = channel === undefined || channel === 'whatsapp'
    return {
      subAccount: subAccountId,
      recipient,
      event: { kind: 'inbound', umid, text, sentAt, opensWindow },
    }
  }
  const code = event.payload.status.errorCode
  if (code === undefined) return null
  // What the code tells of the recipient comes from @chatapps/dsl's one table of 8x8's codes:
  // 1022 window closed, 1028 pair rate, 1051 marketing opt-out, 2007 blocked (docs/conversations.md).
  const { effect } = explainError(code, 'receipt')
  if (effect === null) return null
  return {
    subAccount: subAccountId,
    recipient,
    event: {
      kind: 'receipt',
      umid: `${umid}:${code}`,
      effect,
      errorCode: String(code),
      // As a message's time: one ahead of its arrival counts as its arrival.
      failedAt: Math.min(timeOf(event.payload.status.timestamp, now), now),
    },
  }
}

/** 8x8's timestamp in ms; one that is missing or does not parse counts as `now`. */
function timeOf(timestamp: string | undefined, now: number): number {
  const at = timestamp === undefined ? Number.NaN : Date.parse(timestamp)
  return Number.isNaN(at) ? now : at
}

/**
 * Tells the recipient's contact of an inbound message (its window, a stop or start keyword) or
 * of a receipt whose error code has an effect on the recipient (`explainError(code).effect`): one Durable Object call, and a D1 write
 * when consent changed. Throws when the contact (or D1) fails: the webhook then forgets the event
 * so that 8x8's retry tells it again. The contact changes nothing twice for an umid it has seen,
 * and answers its consent as it is, which the retry writes to the suppression index: what the
 * first try changed before D1 failed is indexed then.
 *
 * @example
 * await tellContact({ contacts: env.CONTACT, db: env.DB, settings: config.contact }, event, Date.now())
 */
export async function tellContact(
  deps: {
    readonly contacts: DurableObjectNamespace<Contact>
    readonly db: D1Database
    readonly settings: ContactSettings
  },
  event: DeliveryReceiptEvent | InboundMessageEvent,
  now: number,
): Promise<void> {
  const told = contactEventOf(event, now)
  if (told === null) return
  const result = await contactOf(deps.contacts, told.subAccount, told.recipient).event(
    deps.settings,
    told.event,
    now,
  )
  if (result.consent !== null) {
    await indexConsent(deps.db, told.subAccount, result.recipient ?? told.recipient, result.consent)
  }
  const alias = event.kind === 'inbound_message' ? aliasOf(event) : null
  if (alias === null) return
  // The user wrote with both names: the BSUID's contact joins the number's (once).
  const linked = await contactOf(deps.contacts, told.subAccount, alias).link(
    told.subAccount,
    alias,
    told.recipient,
    now,
  )
  if (!linked.linked) return
  if (linked.consent !== null) {
    await indexConsent(deps.db, told.subAccount, told.recipient, linked.consent)
  }
  // The alias has no state of its own any more: the index lists the person under the number.
  await indexConsent(deps.db, told.subAccount, alias, {
    state: 'subscribed',
    by: 'user',
    reason: 'linked',
    at: now,
  })
}

/**
 * The BSUID of a WhatsApp inbound message that also carries the number (the contact is named by
 * the number), else null.
 */
function aliasOf(event: InboundMessageEvent): string | null {
  const { user, recipient } = event.payload
  if (user?.msisdn === undefined || user.channelUserId === undefined) return null
  if (recipient?.channel?.toLowerCase() !== 'whatsapp') return null
  return BSUID.test(user.channelUserId) ? user.channelUserId : null
}
