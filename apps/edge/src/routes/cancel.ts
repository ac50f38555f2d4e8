/**
 * `DELETE /v1/messages/{id}` and `DELETE /v1/batches/{batchId}`: cancel a scheduled message or
 * batch at 8x8 (its `scheduled` time not reached yet); what 8x8 cancelled becomes `cancelled`.
 * Idempotent: a record already `cancelled` is answered again without asking 8x8.
 *
 * @module
 */
import { Hono } from 'hono'
import type { AppEnv } from '../bindings'
import { batchMembers, CANCELLED, markCancelled } from '../db/messages/cancel'
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

/** 8x8's cancel through the sub-account's circuit breaker: how many it cancelled. */
async function cancelAt8x8(
  c: Vars,
  what: string,
  call: () => Promise<UpstreamCancelResult>,
): Promise<number> {
  const { config, verified } = c.var
  const done = await sendNow(
    { circuits: c.env.CIRCUIT, settings: config },
    verified.keyRecord.subAccount,
    call,
  )
  if (done.ok) return done.cancelledCount
  if (done.kind === 'circuit_open') throw circuitOpen(done.retryAfterMs)
  // 8x8's 404 (code 1300): it holds nothing scheduled under this id any more.
  if (done.kind === 'rejected' && done.status === 404) throw notCancellable(what)
  throw upstreamProblem(done, what)
}

function notCancellable(what: string, detail?: string): Problem {
  return new Problem('not_cancellable', {
    detail: detail ?? `8x8 holds no scheduled ${what} to cancel: it was sent, or never scheduled.`,
  })
}

cancelMessage.delete('/:id', signature('DELETE /v1/messages/:id'), admission, async (c) => {
  const { keyId, keyRecord } = c.get('verified')
  const id = c.req.param('id')
  const record = await stored(() => findMessage(c.env.DB, keyId, id))
  if (record === null) throw new Problem('not_found', { detail: 'No such message.' })
  if (record.status.state === CANCELLED) return c.json(record, 200)
  const { umid } = record
  if (umid === null) {
    throw notCancellable(
      'message',
      '8x8 has not taken this message yet: cancel it once it has a umid.',
    )
  }
  const upstream = createUpstream(
    c.get('config'),
    c.env.UPSTREAM,
    upstreamObserver(c.get('observed')),
  )
  const count = await cancelAt8x8(c, 'message', () => upstream.cancel(keyRecord.subAccount, umid))
  if (count === 0) throw notCancellable('message')
  const cancelled: MessageRecord | null = await stored(async () => {
    await markCancelled(c.env.DB, keyId, [id], Date.now())
    return findMessage(c.env.DB, keyId, id)
  })
  return c.json(cancelled ?? record, 200)
})

batches.delete('/:batchId', signature('DELETE /v1/batches/:batchId'), admission, async (c) => {
  const { keyId, keyRecord } = c.get('verified')
  const batchId = c.req.param('batchId')
  const members = await stored(() => batchMembers(c.env.DB, keyId, batchId))
  if (members.length === 0) throw new Problem('not_found', { detail: 'No such batch.' })
  const open = members.filter((member) => member.status !== CANCELLED)
  let cancelledCount = 0
  if (open.length > 0) {
    const upstream = createUpstream(
      c.get('config'),
      c.env.UPSTREAM,
      upstreamObserver(c.get('observed')),
    )
    cancelledCount = await cancelAt8x8(c, 'batch', () =>
      upstream.cancelBatch(keyRecord.subAccount, batchId),
    )
    if (cancelledCount === 0) throw notCancellable('batch')
    // 8x8 says how many, not which: when it cancelled every open message, they are recorded
    // cancelled; fewer, and each record follows its own receipts (or GET /v1/messages/{id}).
    if (cancelledCount >= open.length) {
      const ids = open.map((member) => member.id)
      await stored(() => markCancelled(c.env.DB, keyId, ids, Date.now()))
    }
  }
  return c.json(
    {
      batchId,
      cancelledCount,
      messages: await stored(async () =>
        (await batchMembers(c.env.DB, keyId, batchId)).map(({ id, umid, status }) => ({
          id,
          umid,
          status,
        })),
      ),
    },
    200,
  )
})
batches.all('/:batchId', methodNotAllowed('DELETE'))
