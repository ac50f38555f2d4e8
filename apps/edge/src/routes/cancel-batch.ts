/**
 * `DELETE /v1/batches/{batchId}`: cancels a batch. A synchronous batch is 8x8's batch: one cancel
 * at 8x8. An asynchronous batch's messages the gateway still holds it cancels itself (never
 * sent); those already at 8x8 went one by one, and are cancelled at 8x8 one by one, by umid.
 * What is cancelled becomes `cancelled`.
 *
 * @module
 */
import { Hono } from 'hono'
import {
  type BatchMember,
  batchMembers,
  CANCELLED,
  cancelHeld,
  cancelOutcome,
  markCancelled,
  stopRetries,
} from '../db/messages/cancel'
import { admission } from '../http/admission'
import { methodNotAllowed } from '../http/method-not-allowed'
import { signature } from '../http/signature'
import { upstreamObserver } from '../observability/observed'
import { Problem } from '../problems'
import { createUpstream } from '../upstream/chatapps-api'
import {
  askCancel,
  CANCELLED_RANK,
  type CancelEnv,
  cancelAt8x8,
  cancelProblem,
  claim,
  notCancellable,
  RACED,
  release,
  rememberUnknown,
  settleEarlierCancels,
  stored,
  type Vars,
} from './cancel-steps'

/** The route of a batch, mounted at `/v1/batches`. */
export const batches = new Hono<CancelEnv>()

const BATCH_SENT_ALREADY =
  '8x8 holds no scheduled message of this batch to cancel: they were sent, never scheduled, or cancelled already.'

/** This request stopped messages whose earlier attempt's outcome is unknown (`stopRetries`). */
const BATCH_STOPPED =
  'An earlier attempt to send messages of this batch has no known outcome: 8x8 may have them. The gateway will not send them again (their state is now unknown); cancel each once a receipt gives it a umid.'

/** A message left is `unknown`, without a umid: 8x8 may hold it under one not known yet. */
const BATCH_UMIDS_UNKNOWN =
  '8x8 may have messages of this batch, under umids the gateway does not know: cancel each once a receipt gives it one.'

/**
 * 8x8 holds nothing under messages an earlier cancel of which had no known outcome, too late to
 * tell (as for one message, routes/cancel.ts).
 */
const BATCH_EARLIER_CANCEL_UNKNOWN =
  'An earlier cancel of messages of this batch has no known outcome, and 8x8 holds none of them scheduled now: that cancel took effect, or they were sent. Their receipts will tell.'

/** Cancels at 8x8 asked at once: a Worker keeps at most six connections open per request. */
const CANCELS_AT_ONCE = 6

/**
 * Cancels messages at 8x8 one by one, by umid (a batch's queued messages: 8x8 holds them in no
 * batch), six at a time; those 8x8 cancelled are recorded `cancelled` as each group settles, so
 * that a failure part way loses none of them. A message 8x8 refuses to cancel stays as it is and
 * the others go on; a failure of 8x8 itself (or the open circuit) stops after its group and is
 * thrown, and the cancel asked again goes on with what is left. An ambiguous failure is
 * remembered on its message; one to which 8x8 then holds nothing is settled by that memory
 * (`settleEarlierCancels`). Returns how many were cancelled, and 8x8's first refusal.
 */
async function cancelEach(
  c: Vars,
  upstream: ReturnType<typeof createUpstream>,
  members: readonly (BatchMember & { readonly umid: string })[],
): Promise<{
  readonly cancelled: number
  readonly refused: Problem | null
  /** Another request held some of them. */
  readonly raced: boolean
  /** 8x8 holds nothing under some whose earlier cancel's outcome stays unknown. */
  readonly earlierUnknown: boolean
}> {
  const { keyId } = c.var.verified
  let cancelled = 0
  let refused: Problem | null = null
  let raced = false
  let earlierUnknown = false
  for (let start = 0; start < members.length; start += CANCELS_AT_ONCE) {
    const slice = members.slice(start, start + CANCELS_AT_ONCE)
    // Each with the sub-account it was sent under; those another request claimed are its to cancel.
    const held = await claim(
      c,
      slice.map((member) => member.id),
    )
    const claimed = new Map(held.claimed.map((message) => [message.id, message.subAccount]))
    const asking = slice.filter((member) => claimed.has(member.id))
    const asked = await Promise.all(
      asking.map((member) =>
        askCancel(c, held, [member.id], claimed.get(member.id) ?? '', (subAccount) =>
          upstream.cancel(subAccount, member.umid),
        ),
      ),
    )
    // A claim another cancel took before the call (this one held up past its lease) is its own.
    const group = asking.filter((_, index) => asked[index] !== null)
    const outcomes = asked.filter((outcome) => outcome !== null)
    raced ||= group.length < slice.length
    const cancelledNow = (_: unknown, index: number) => {
      const outcome = outcomes[index]
      return outcome?.ok === true && outcome.cancelledCount > 0
    }
    const heldNothing = (_: unknown, index: number) => {
      const outcome = outcomes[index]
      return outcome?.ok === true
        ? outcome.cancelledCount === 0
        : outcome?.kind === 'rejected' && outcome.status === 404
    }
    const ambiguous = (_: unknown, index: number) => {
      const outcome = outcomes[index]
      return outcome?.ok === false && outcome.kind === 'ambiguous'
    }
    const ids = group.filter(cancelledNow).map((member) => member.id)
    await stored(() => markCancelled(c.env.DB, keyId, ids, Date.now()))
    await rememberUnknown(
      c,
      group.filter(ambiguous).map((member) => member.id),
    )
    const earlier = await settleEarlierCancels(
      c,
      group.filter(heldNothing).map((member) => member.id),
    )
    const settled = new Set([...ids, ...earlier.cancelled])
    await release(
      c,
      held,
      group.filter((member) => !settled.has(member.id)).map((member) => member.id),
    )
    cancelled += settled.size
    earlierUnknown ||= earlier.unknown.length > 0
    // 8x8's failure, an ambiguous one first: it may have cancelled a message, and the answer says so.
    const failures = outcomes.filter(
      (outcome): outcome is Exclude<typeof outcome, { ok: true }> =>
        !outcome.ok && !(outcome.kind === 'rejected' && outcome.status === 404),
    )
    const failed =
      failures.find((outcome) => outcome.kind === 'ambiguous') ??
      failures.find((outcome) => outcome.kind !== 'rejected')
    if (failed !== undefined) throw cancelProblem(failed, 'message', 'messages of this batch')
    for (const outcome of failures) refused ??= cancelProblem(outcome, 'message')
  }
  return { cancelled, refused, raced, earlierUnknown }
}

/**
 * Cancels the messages of an asynchronous batch the gateway still holds (`cancelHeld`); of those
 * left, one whose earlier attempt has no known outcome (8x8 may have it) is never sent again
 * (`unknown`: `stopped`), and the others are being sent now (`inFlight`).
 */
async function cancelHeldMembers(
  c: Vars,
  members: readonly BatchMember[],
): Promise<{ readonly cancelled: number; readonly stopped: number; readonly inFlight: boolean }> {
  const { keyId } = c.var.verified
  const db = c.env.DB
  const ids = members
    .filter((member) => member.umid === null && member.status === 'accepted')
    .map((member) => member.id)
  const now = Date.now()
  const cancelled = new Set(await stored(() => cancelHeld(db, keyId, ids, now)))
  const left = ids.filter((id) => !cancelled.has(id))
  const stopped = new Set(await stored(() => stopRetries(db, keyId, left, now)))
  return {
    cancelled: cancelled.size,
    stopped: stopped.size,
    inFlight: left.some((id) => !stopped.has(id)),
  }
}

/**
 * Cancels a synchronous batch at 8x8 (8x8's batch id): when it cancelled every message it holds
 * of the batch, they are recorded cancelled; fewer, and each record follows its own receipts
 * (8x8 says how many, not which). Only when this request claims every one of them: otherwise
 * another request is cancelling some, and 8x8's batch is its to ask about now. An ambiguous
 * failure is remembered on them all; when 8x8 then holds nothing of the batch, that memory
 * settles them (`settleEarlierCancels`).
 */
async function cancelBatchAt8x8(
  c: Vars,
  upstream: ReturnType<typeof createUpstream>,
  batchId: string,
  members: readonly BatchMember[],
): Promise<{
  readonly cancelled: number
  readonly raced: boolean
  /** 8x8 holds nothing of the batch, and an earlier cancel's outcome stays unknown. */
  readonly earlierUnknown: boolean
}> {
  if (members.length === 0) return { cancelled: 0, raced: false, earlierUnknown: false }
  const ids = members.map((member) => member.id)
  const held = await claim(c, ids)
  if (held.claimed.length < ids.length) {
    await release(
      c,
      held,
      held.claimed.map((message) => message.id),
    )
    return { cancelled: 0, raced: true, earlierUnknown: false }
  }
  const { keyId } = c.var.verified
  let count: number | null
  try {
    count = await cancelAt8x8(c, 'batch', held, (subAccount) =>
      upstream.cancelBatch(subAccount, batchId),
    )
  } catch (error) {
    await release(c, held, ids)
    throw error
  }
  if (count === null) {
    // Held up past its lease, another cancel took some of them: 8x8's batch is its to ask about.
    await release(c, held, ids)
    return { cancelled: 0, raced: true, earlierUnknown: false }
  }
  if (count >= ids.length) {
    await stored(() => markCancelled(c.env.DB, keyId, ids, Date.now()))
    return { cancelled: count, raced: false, earlierUnknown: false }
  }
  if (count === 0) {
    const earlier = await settleEarlierCancels(c, ids)
    const settled = new Set(earlier.cancelled)
    await release(
      c,
      held,
      ids.filter((id) => !settled.has(id)),
    )
    return {
      cancelled: settled.size,
      raced: false,
      earlierUnknown: earlier.unknown.length > 0,
    }
  }
  await release(c, held, ids)
  return { cancelled: count, raced: false, earlierUnknown: false }
}

batches.delete('/:batchId', signature('DELETE /v1/batches/:batchId'), admission, async (c) => {
  const { keyId } = c.get('verified')
  const batchId = c.req.param('batchId')
  const db = c.env.DB
  const members = await stored(() => batchMembers(db, keyId, batchId))
  if (members.length === 0) throw new Problem('not_found', { detail: 'No such batch.' })
  // What the gateway still holds it cancels first: a held message could otherwise be sent
  // while 8x8 is asked.
  const heldHere = await cancelHeldMembers(c, members)
  const atUpstream = members.filter(
    (member): member is BatchMember & { readonly umid: string } =>
      member.umid !== null && member.statusRank < CANCELLED_RANK,
  )
  // A synchronous batch is 8x8's batch; an asynchronous batch's messages went one by one.
  const inBatch = atUpstream.filter((member) => !member.viaQueue)
  const alone = atUpstream.filter((member) => member.viaQueue)
  const upstream = createUpstream(
    c.get('config'),
    c.env.UPSTREAM,
    upstreamObserver(c.get('observed')),
  )
  const inBatch8x8 = await cancelBatchAt8x8(c, upstream, batchId, inBatch)
  const each = await cancelEach(c, upstream, alone)
  const cancelledCount = heldHere.cancelled + inBatch8x8.cancelled + each.cancelled
  const after = await stored(() => batchMembers(db, keyId, batchId))
  if (cancelledCount === 0 && after.some((member) => member.status !== CANCELLED)) {
    // Nothing cancelled, and 8x8 refused a message: its refusal is the answer.
    if (each.refused !== null) throw each.refused
    // A message being sent now may be at 8x8 in a moment: it can be asked about then.
    if (heldHere.inFlight) {
      throw notCancellable(
        'An attempt to send a message of this batch to 8x8 is in flight: ask again once it has settled.',
        1000,
      )
    }
    if (inBatch8x8.raced || each.raced) {
      throw notCancellable(RACED('messages of this batch'), 1000)
    }
    // 8x8 may hold some scheduled under a umid the gateway does not know yet (as for one message,
    // routes/cancel.ts): they can be cancelled once a receipt gives them one.
    if (heldHere.stopped > 0) throw notCancellable(BATCH_STOPPED)
    if (after.some((member) => member.umid === null && member.status === 'unknown')) {
      throw notCancellable(BATCH_UMIDS_UNKNOWN)
    }
    if (inBatch8x8.earlierUnknown || each.earlierUnknown) {
      throw notCancellable(BATCH_EARLIER_CANCEL_UNKNOWN)
    }
    throw notCancellable(BATCH_SENT_ALREADY)
  }
  return c.json(
    {
      batchId,
      cancelledCount,
      messages: after.map(({ id, umid, status, statusRank, cancelUnknownAt }) => ({
        id,
        umid,
        status,
        ...cancelOutcome(cancelUnknownAt, statusRank),
      })),
    },
    200,
  )
})
batches.all('/:batchId', methodNotAllowed('DELETE'))
