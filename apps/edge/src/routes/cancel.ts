/**
 * `DELETE /v1/messages/{id}` and `DELETE /v1/batches/{batchId}`: cancel a scheduled message or
 * batch at 8x8 (its `scheduled` time not reached yet), or a message the gateway still holds
 * (accepted for the delivery queue, not yet posted to 8x8, scheduled or not: it is then never
 * sent). What is cancelled becomes `cancelled`. Idempotent: a record already `cancelled` is
 * answered again without asking 8x8.
 *
 * @module
 */
import { deliveryStateRank } from '@chatapps/dsl'
import { Hono } from 'hono'
import type { AppEnv } from '../bindings'
import {
  type BatchMember,
  batchMembers,
  CANCELLED,
  cancelHeld,
  claimForCancel,
  markCancelled,
  type NotHeld,
  notHeld,
  releaseCancel,
  stopRetries,
} from '../db/messages/cancel'
import { findMessage, type MessageRecord } from '../db/messages/read'
import { type AdmissionVariables, admission } from '../http/admission'
import { methodNotAllowed } from '../http/method-not-allowed'
import { type SignatureVariables, signature } from '../http/signature'
import { circuitOpen, upstreamProblem } from '../http/upstream-problems'
import { upstreamObserver } from '../observability/observed'
import { Problem, UNAVAILABLE } from '../problems'
import { sendNow } from '../send/now'
import { createUpstream, type UpstreamCancelResult } from '../upstream/chatapps-api'

type Env = AppEnv & { Variables: SignatureVariables & AdmissionVariables }
type Vars = { env: Env['Bindings']; var: Env['Variables'] }

/** The route of a message, mounted at `/v1/messages` before its other methods. */
export const cancelMessage = new Hono<Env>()

/** The route of a batch, mounted at `/v1/batches`. */
export const batches = new Hono<Env>()

/** D1, or 503 `unavailable`. */
async function stored<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    console.error('message store unavailable', error instanceof Error ? error.name : 'error')
    throw new Problem('unavailable', UNAVAILABLE)
  }
}

/** 8x8's cancel through the sub-account's circuit breaker, as it answered. */
function askCancel(c: Vars, call: () => Promise<UpstreamCancelResult>) {
  const { config, verified } = c.var
  return sendNow({ circuits: c.env.CIRCUIT, settings: config }, verified.keyRecord.subAccount, call)
}

/** The problem of a cancel 8x8 did not make (a 404 is not one: see {@link cancelAt8x8}). */
function cancelProblem(
  failed: Exclude<Awaited<ReturnType<typeof askCancel>>, { ok: true }>,
  what: string,
) {
  return failed.kind === 'circuit_open'
    ? circuitOpen(failed.retryAfterMs)
    : upstreamProblem(failed, what)
}

/**
 * 8x8's cancel: how many it cancelled (8x8's 404, code 1300, holds nothing scheduled under that
 * id any more: none).
 */
async function cancelAt8x8(
  c: Vars,
  what: string,
  call: () => Promise<UpstreamCancelResult>,
): Promise<number> {
  const done = await askCancel(c, call)
  if (done.ok) return done.cancelledCount
  if (done.kind === 'rejected' && done.status === 404) return 0
  throw cancelProblem(done, what)
}

function notCancellable(detail: string, retryAfterMs?: number): Problem {
  return new Problem('not_cancellable', {
    detail,
    ...(retryAfterMs === undefined
      ? {}
      : {
          headers: {
            'retry-after': String(Math.min(5, Math.max(1, Math.ceil(retryAfterMs / 1000)))),
          },
        }),
  })
}

const CANCELLED_RANK = deliveryStateRank(CANCELLED)

const SENT_ALREADY = '8x8 holds no scheduled message to cancel: it was sent, or never scheduled.'

const BATCH_SENT_ALREADY =
  '8x8 holds no scheduled message of this batch to cancel: they were sent, or never scheduled.'

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
        : notCancellable(`Nothing to cancel: the message is ${why.status}.`)
    default:
      // Its state changed between the two reads (a dead letter replayed): the next try decides.
      return notCancellable('The message is changing state: ask again.', 1000)
  }
}

/**
 * Claims messages at 8x8 for this request's cancel (`claimForCancel`): for as long as 8x8 may
 * take to answer, and a little more. Returns the ids claimed.
 */
function claim(c: Vars, ids: readonly string[]): Promise<string[]> {
  const now = Date.now()
  const leaseUntil = now + c.var.config.upstreamTimeoutMs + CLAIM_MARGIN_MS
  return stored(() => claimForCancel(c.env.DB, c.var.verified.keyId, ids, now, leaseUntil))
}

/** Margin of a cancel's claim beyond the upstream timeout. */
const CLAIM_MARGIN_MS = 5_000

/** Ends claims on messages 8x8 did not cancel; if D1 fails here, they expire on their own. */
async function release(c: Vars, ids: readonly string[]): Promise<void> {
  try {
    await releaseCancel(c.env.DB, c.var.verified.keyId, ids)
  } catch (error) {
    console.error('cancel claim not released', error instanceof Error ? error.name : 'error')
  }
}

const RACED = (what: string) =>
  `Another request is cancelling ${what} at 8x8 now: ask again once it has settled.`

cancelMessage.delete('/:id', signature('DELETE /v1/messages/:id'), admission, async (c) => {
  const { keyId, keyRecord } = c.get('verified')
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
  if ((await claim(c, [id])).length === 0) {
    const now = await stored(() => findMessage(db, keyId, id))
    if (now?.status.state === CANCELLED) return c.json(now, 200)
    throw notCancellable(RACED('this message'), 1000)
  }
  const upstream = createUpstream(
    c.get('config'),
    c.env.UPSTREAM,
    upstreamObserver(c.get('observed')),
  )
  let count: number
  try {
    count = await cancelAt8x8(c, 'message', () => upstream.cancel(keyRecord.subAccount, umid))
  } catch (error) {
    await release(c, [id])
    throw error
  }
  if (count === 0) {
    await release(c, [id])
    throw notCancellable(SENT_ALREADY)
  }
  const cancelled: MessageRecord | null = await stored(async () => {
    await markCancelled(db, keyId, [id], Date.now())
    return findMessage(db, keyId, id)
  })
  return c.json(cancelled ?? record, 200)
})

/** Cancels at 8x8 asked at once: a Worker keeps at most six connections open per request. */
const CANCELS_AT_ONCE = 6

/**
 * Cancels messages at 8x8 one by one, by umid (a batch's queued messages: 8x8 holds them in no
 * batch), six at a time; those 8x8 cancelled are recorded `cancelled` as each group settles, so
 * that a failure part way loses none of them. A message 8x8 refuses to cancel stays as it is and
 * the others go on; a failure of 8x8 itself (or the open circuit) stops after its group and is
 * thrown, and the cancel asked again goes on with what is left. Returns how many 8x8 cancelled,
 * and its first refusal.
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
}> {
  const { keyId, keyRecord } = c.var.verified
  let cancelled = 0
  let refused: Problem | null = null
  let raced = false
  for (let start = 0; start < members.length; start += CANCELS_AT_ONCE) {
    const slice = members.slice(start, start + CANCELS_AT_ONCE)
    const claimed = new Set(
      await claim(
        c,
        slice.map((member) => member.id),
      ),
    )
    // Those another request claimed are its to cancel.
    const group = slice.filter((member) => claimed.has(member.id))
    raced ||= group.length < slice.length
    const outcomes = await Promise.all(
      group.map((member) => askCancel(c, () => upstream.cancel(keyRecord.subAccount, member.umid))),
    )
    const cancelledNow = (_: unknown, index: number) => {
      const outcome = outcomes[index]
      return outcome?.ok === true && outcome.cancelledCount > 0
    }
    const ids = group.filter(cancelledNow).map((member) => member.id)
    await stored(() => markCancelled(c.env.DB, keyId, ids, Date.now()))
    const notCancelled = group.filter((member, index) => !cancelledNow(member, index))
    await release(
      c,
      notCancelled.map((member) => member.id),
    )
    cancelled += ids.length
    for (const outcome of outcomes) {
      if (outcome.ok || (outcome.kind === 'rejected' && outcome.status === 404)) continue
      if (outcome.kind !== 'rejected') throw cancelProblem(outcome, 'message')
      refused ??= cancelProblem(outcome, 'message')
    }
  }
  return { cancelled, refused, raced }
}

batches.delete('/:batchId', signature('DELETE /v1/batches/:batchId'), admission, async (c) => {
  const { keyId, keyRecord } = c.get('verified')
  const batchId = c.req.param('batchId')
  const db = c.env.DB
  const members = await stored(() => batchMembers(db, keyId, batchId))
  if (members.length === 0) throw new Problem('not_found', { detail: 'No such batch.' })
  // What the gateway still holds (an asynchronous batch's messages before their delivery) it
  // cancels itself, first: a held message could otherwise be sent while 8x8 is asked.
  const held = members.filter((member) => member.umid === null && member.status === 'accepted')
  const ids = held.map((member) => member.id)
  const now = Date.now()
  const heldCancelled = await stored(() => cancelHeld(db, keyId, ids, now))
  let cancelledCount = heldCancelled.length
  const cancelledHere = new Set(heldCancelled)
  const left = ids.filter((id) => !cancelledHere.has(id))
  // Those whose earlier attempt has no known outcome (8x8 may have them) are never sent again;
  // the others left are being sent now.
  const stopped = new Set(await stored(() => stopRetries(db, keyId, left, now)))
  const inFlight = left.some((id) => !stopped.has(id))
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
  let raced = false
  const inBatchIds = inBatch.map((member) => member.id)
  const claimed = await claim(c, inBatchIds)
  if (claimed.length < inBatchIds.length) {
    // Another request is cancelling some of them: 8x8's batch is its to ask about now.
    raced = true
    await release(c, claimed)
  } else if (inBatch.length > 0) {
    let count: number
    try {
      count = await cancelAt8x8(c, 'batch', () =>
        upstream.cancelBatch(keyRecord.subAccount, batchId),
      )
    } catch (error) {
      await release(c, inBatchIds)
      throw error
    }
    // 8x8 says how many, not which: when it cancelled every message it holds of the batch, they
    // are recorded cancelled; fewer, and each record follows its own receipts.
    if (count >= inBatch.length) {
      await stored(() => markCancelled(db, keyId, inBatchIds, Date.now()))
    } else {
      await release(c, inBatchIds)
    }
    cancelledCount += count
  }
  const each = await cancelEach(c, upstream, alone)
  raced ||= each.raced
  cancelledCount += each.cancelled
  const after = await stored(() => batchMembers(db, keyId, batchId))
  if (cancelledCount === 0 && after.some((member) => member.status !== CANCELLED)) {
    // Nothing cancelled, and 8x8 refused a message: its refusal is the answer.
    if (each.refused !== null) throw each.refused
    // A message being sent now may be at 8x8 in a moment: it can be asked about then.
    if (inFlight) {
      throw notCancellable(
        'An attempt to send a message of this batch to 8x8 is in flight: ask again once it has settled.',
        1000,
      )
    }
    throw raced
      ? notCancellable(RACED('messages of this batch'), 1000)
      : notCancellable(BATCH_SENT_ALREADY)
  }
  return c.json(
    {
      batchId,
      cancelledCount,
      messages: after.map(({ id, umid, status }) => ({ id, umid, status })),
    },
    200,
  )
})
batches.all('/:batchId', methodNotAllowed('DELETE'))
