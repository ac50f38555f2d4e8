/**
 * The steps both cancel routes take (`routes/cancel.ts`, `routes/cancel-batch.ts`): D1 or 503,
 * 8x8's cancel through the sub-account's circuit breaker, the claim that lets one request at a
 * time ask 8x8 about a message, what a cancel with no known outcome leaves for the next one, and
 * the `not_cancellable` answer.
 *
 * @module
 */
import { deliveryStateRank } from '@chatapps/dsl'
import type { AppEnv } from '../bindings'
import {
  CANCEL_INFERRED_REASON,
  CANCELLED,
  type ClaimedMessage,
  claimForCancel,
  type EarlierCancel,
  earlierCancels,
  markCancelled,
  releaseCancel,
  rememberCancelUnknown,
} from '../db/messages/cancel'
import type { AdmissionVariables } from '../http/admission'
import type { SignatureVariables } from '../http/signature'
import { circuitOpen, upstreamProblem } from '../http/upstream-problems'
import { Problem, UNAVAILABLE } from '../problems'
import { sendNow } from '../send/now'
import type { UpstreamCancelResult, UpstreamFailure } from '../upstream/chatapps-api'

/** The environment of the cancel routes. */
export type CancelEnv = AppEnv & { Variables: SignatureVariables & AdmissionVariables }
/** What a step reads of a cancel route's context. */
export type Vars = { env: CancelEnv['Bindings']; var: CancelEnv['Variables'] }

/** The rank of `cancelled`: a record below it may still be cancelled. */
export const CANCELLED_RANK = deliveryStateRank(CANCELLED)

/** D1, or 503 `unavailable`. */
export async function stored<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    console.error('message store unavailable', error instanceof Error ? error.name : 'error')
    throw new Problem('unavailable', UNAVAILABLE)
  }
}

/**
 * 8x8's cancel through the sub-account's circuit breaker, as it answered: the sub-account the
 * message was sent under (its record's), where 8x8 holds it. The key's may have changed since
 * (`pnpm keys add` upserts it), and 8x8 holds nothing under another.
 */
export function askCancel(
  c: Vars,
  subAccount: string,
  call: (subAccount: string) => Promise<UpstreamCancelResult>,
) {
  const { config, claim } = c.var
  return sendNow({ circuits: c.env.CIRCUIT, settings: config, claim }, subAccount, () =>
    call(subAccount),
  )
}

/**
 * The problem of a cancel 8x8 did not make (a 404 is not one: see {@link cancelAt8x8}).
 *
 * @param what What was asked: "message", "batch" (8x8's refusal names it).
 * @param maybe What an ambiguous failure may have cancelled: "the message" unless told.
 */
export function cancelProblem(
  failed: Exclude<Awaited<ReturnType<typeof askCancel>>, { ok: true }>,
  what: string,
  maybe = `the ${what}`,
) {
  if (failed.kind === 'circuit_open') return circuitOpen(failed.retryAfterMs)
  if (failed.kind === 'ambiguous') return cancelOutcomeUnknown(failed, maybe)
  return upstreamProblem(failed, what)
}

/**
 * 503 (504: no answer in time) `upstream_unavailable` for a cancel 8x8 failed ambiguously (a 5xx
 * after the request was sent, a timeout, the connection lost): 8x8 may have cancelled it. Unlike
 * a send's `upstream_outcome_unknown`, asking again is safe, and says what happened: the failure is
 * remembered on the records ({@link rememberUnknown}), and a later cancel to which 8x8 holds
 * nothing reads it ({@link settleEarlierCancels}).
 */
function cancelOutcomeUnknown(failure: UpstreamFailure, maybe: string): Problem {
  const what = failure.timedOut
    ? '8x8 did not answer the cancel in time'
    : '8x8 failed after the cancel was sent'
  return new Problem('upstream_unavailable', {
    status: failure.timedOut ? 504 : 503,
    detail: `${what}: it may have cancelled ${maybe}. Asking again is safe.`,
    headers: { 'retry-after': String(failure.retryAfter) },
  })
}

/**
 * 8x8's cancel of the messages claimed: how many it cancelled (8x8's 404, code 1300, holds nothing
 * scheduled under that id any more: none). An ambiguous failure is remembered on them first.
 */
export async function cancelAt8x8(
  c: Vars,
  what: string,
  claimed: readonly ClaimedMessage[],
  call: (subAccount: string) => Promise<UpstreamCancelResult>,
): Promise<number> {
  const ids = claimed.map((message) => message.id)
  // A synchronous batch went to 8x8 in one request: its messages share their sub-account.
  const done = await askCancel(c, claimed[0]?.subAccount ?? '', call)
  if (done.ok) return done.cancelledCount
  if (done.kind === 'rejected' && done.status === 404) return 0
  if (done.kind === 'ambiguous') await rememberUnknown(c, ids)
  throw cancelProblem(done, what)
}

/**
 * Remembers that a cancel of these messages failed ambiguously, and ends this request's claim on
 * them. If D1 fails here, the answer still says what happened, and the claims expire on their
 * own; a later cancel to which 8x8 holds nothing then says the message was not scheduled.
 */
export async function rememberUnknown(c: Vars, ids: readonly string[]): Promise<void> {
  try {
    await rememberCancelUnknown(c.env.DB, c.var.verified.keyId, ids, Date.now())
  } catch (error) {
    console.error('cancel outcome not remembered', error instanceof Error ? error.name : 'error')
  }
}

/**
 * How far ahead a message's scheduled time must still be for 8x8 not to have sent it: a margin
 * for the difference between 8x8's clock and the gateway's.
 */
const SCHEDULE_MARGIN_MS = 60_000

/**
 * Of messages to which 8x8 holds nothing scheduled any more (its 404, code 1300, or
 * `cancelledCount: 0`), those an earlier cancel with no known outcome reached: while a message's
 * scheduled time is ahead, 8x8 cannot have sent it, so that cancel took effect: they are recorded
 * `cancelled` (`CANCEL_INFERRED_REASON`). Returns those, and those whose earlier cancel's outcome
 * stays unknown (the time passed, or none: cancelled then, or sent; their receipts tell).
 */
export async function settleEarlierCancels(
  c: Vars,
  ids: readonly string[],
): Promise<{ readonly cancelled: readonly string[]; readonly unknown: readonly string[] }> {
  const { keyId } = c.var.verified
  const earlier = await stored(() => earlierCancels(c.env.DB, keyId, ids))
  const now = Date.now()
  const ahead = ({ scheduled }: EarlierCancel) =>
    scheduled !== null && Date.parse(scheduled) > now + SCHEDULE_MARGIN_MS
  const cancelled = earlier.filter(ahead).map((message) => message.id)
  await stored(() => markCancelled(c.env.DB, keyId, cancelled, now, CANCEL_INFERRED_REASON))
  return {
    cancelled,
    unknown: earlier.filter((message) => !ahead(message)).map((message) => message.id),
  }
}

export function notCancellable(detail: string, retryAfterMs?: number): Problem {
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

/**
 * Claims messages at 8x8 for this request's cancel (`claimForCancel`): for as long as 8x8 may
 * take to answer, and a little more. Returns those claimed, with their sub-accounts.
 */
export function claim(c: Vars, ids: readonly string[]): Promise<ClaimedMessage[]> {
  const now = Date.now()
  const leaseUntil = now + c.var.config.upstreamTimeoutMs + CLAIM_MARGIN_MS
  return stored(() => claimForCancel(c.env.DB, c.var.verified.keyId, ids, now, leaseUntil))
}

/** Margin of a cancel's claim beyond the upstream timeout. */
const CLAIM_MARGIN_MS = 5_000

/** Ends claims on messages 8x8 did not cancel; if D1 fails here, they expire on their own. */
export async function release(c: Vars, ids: readonly string[]): Promise<void> {
  try {
    await releaseCancel(c.env.DB, c.var.verified.keyId, ids)
  } catch (error) {
    console.error('cancel claim not released', error instanceof Error ? error.name : 'error')
  }
}

export const RACED = (what: string) =>
  `Another request is cancelling ${what} at 8x8 now: ask again once it has settled.`
