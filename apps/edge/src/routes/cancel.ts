/**
 * `DELETE /v1/messages/{id}`: cancels a scheduled message at 8x8 (its `scheduled` time not
 * reached yet), or a message the gateway still holds (accepted for the delivery queue, not yet
 * posted to 8x8, scheduled or not: it is then never sent). What is cancelled becomes
 * `cancelled`. Idempotent: a record already `cancelled` is answered again without asking 8x8.
 * A cancel 8x8 failed ambiguously (it may have cancelled the message) is remembered on the record,
 * and the next cancel, to which 8x8 then holds nothing, reads it (`settleEarlierCancels`).
 *
 * @module
 */
import { deliveryStateRank } from '@chatapps/dsl'
import { Hono } from 'hono'
import {
  CANCELLED,
  cancelHeld,
  markCancelled,
  type NotHeld,
  notHeld,
  stopRetries,
} from '../db/messages/cancel'
import { findMessage, type MessageRecord } from '../db/messages/read'
import { admission } from '../http/admission'
import { signature } from '../http/signature'
import { upstreamObserver } from '../observability/observed'
import { Problem } from '../problems'
import { createUpstream } from '../upstream/chatapps-api'
import {
  CANCELLED_RANK,
  type CancelEnv,
  cancelAt8x8,
  claim,
  notCancellable,
  RACED,
  release,
  settleEarlierCancels,
  stored,
} from './cancel-steps'

/** The route of a message, mounted at `/v1/messages` before its other methods. */
export const cancelMessage = new Hono<CancelEnv>()

const SENT_ALREADY =
  '8x8 holds no scheduled message to cancel: it was sent, never scheduled, or cancelled already.'

/** 8x8 holds nothing under a message an earlier cancel of which had no known outcome, too late to tell. */
const EARLIER_CANCEL_UNKNOWN =
  'An earlier cancel of this message has no known outcome, and 8x8 holds nothing scheduled under it now: that cancel took effect, or the message was sent. Its receipts will tell.'

/**
 * "Nothing to cancel", naming the message's state: a final state other than `cancelled` (rank 4
 * or more: delivered, read, rejected, failed, undelivered), which no cancel changes.
 */
const nothingToCancel = (state: string) =>
  notCancellable(`Nothing to cancel: the message is ${state}.`)

/** The answer for a message without a umid that the gateway did not cancel. */
function notHeldProblem(why: NotHeld | null): Problem {
  switch (why?.kind) {
    case 'in_flight':
      return notCancellable(
        'An attempt to send this message to 8x8 is in flight: ask again once it has settled.',
        why.retryAfterMs,
      )
    case 'maybe_at_8x8':
      return notCancellable(
        'An earlier attempt to send this message has no known outcome: 8x8 may have it. The gateway will not send it again (its state is now unknown); cancel it once a receipt gives it a umid.',
      )
    case 'settled':
      return why.status === 'unknown'
        ? notCancellable(
            '8x8 may have this message, under a umid the gateway does not know: cancel it once a receipt gives it one.',
          )
        : nothingToCancel(why.status)
    default:
      // Its state changed between the two reads (a dead letter replayed): the next try decides.
      return notCancellable('The message is changing state: ask again.', 1000)
  }
}

cancelMessage.delete('/:id', signature('DELETE /v1/messages/:id'), admission, async (c) => {
  const { keyId } = c.get('verified')
  const id = c.req.param('id')
  const db = c.env.DB
  let record = await stored(() => findMessage(db, keyId, id))
  if (record === null) throw new Problem('not_found', { detail: 'No such message.' })
  if (record.status.state === CANCELLED) return c.json(record, 200)
  if (record.umid === null) {
    // The gateway may still hold it: then it cancels it itself, and nothing is ever sent.
    const now = Date.now()
    if (record.status.state === 'accepted') await stored(() => cancelHeld(db, keyId, [id], now))
    record = (await stored(() => findMessage(db, keyId, id))) ?? record
    // Cancelled here, or by a DELETE that raced this one.
    if (record.status.state === CANCELLED) return c.json(record, 200)
    // Still without a umid: say why. With one, the queue sent it meanwhile: ask 8x8.
    if (record.umid === null) {
      const why = await stored(() => notHeld(db, keyId, id, now))
      // 8x8 may have it: the gateway cannot cancel it, but it sends it no more.
      const stop = () => stopRetries(db, keyId, [id], now)
      if (why?.kind === 'maybe_at_8x8' && (await stored(stop)).length === 0) {
        throw notHeldProblem({ kind: 'in_flight', retryAfterMs: 5_000 })
      }
      throw notHeldProblem(why)
    }
  }
  const { umid } = record
  // One request at a time asks 8x8: another would hear "nothing to cancel" while this one is
  // cancelling it.
  // Not claimed (or no longer: this request was held up before its call past its lease, and
  // another cancel took it): cancelled, in a final state (which no cancel changes: asking again
  // would never help), or held by another cancel now.
  const notClaimed = async () => {
    const now = await stored(() => findMessage(db, keyId, id))
    if (now?.status.state === CANCELLED) return c.json(now, 200)
    if (now !== null && deliveryStateRank(now.status.state) >= CANCELLED_RANK) {
      throw nothingToCancel(now.status.state)
    }
    throw notCancellable(RACED('this message'), 1000)
  }
  const held = await claim(c, [id])
  if (held.claimed.length === 0) return notClaimed()
  const upstream = createUpstream(
    c.get('config'),
    c.env.UPSTREAM,
    upstreamObserver(c.get('observed')),
  )
  let count: number | null
  try {
    count = await cancelAt8x8(c, 'message', held, (subAccount) => upstream.cancel(subAccount, umid))
  } catch (error) {
    await release(c, held, [id])
    throw error
  }
  if (count === null) return notClaimed()
  if (count === 0) {
    // 8x8 holds nothing under it: after an earlier cancel with no known outcome, that may be
    // the earlier cancel's doing.
    const earlier = await settleEarlierCancels(c, [id])
    if (earlier.cancelled.length === 0) {
      await release(c, held, [id])
      throw notCancellable(earlier.unknown.length > 0 ? EARLIER_CANCEL_UNKNOWN : SENT_ALREADY)
    }
  } else {
    await stored(() => markCancelled(db, keyId, [id], Date.now()))
  }
  const cancelled: MessageRecord | null = await stored(() => findMessage(db, keyId, id))
  return c.json(cancelled ?? record, 200)
})
