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
  renewCancelClaim,
} from '../db/messages/cancel'
import type { AdmissionVariables } from '../http/admission'
import type { SignatureVariables } from '../http/signature'
import { circuitOpen, upstreamProblem } from '../http/upstream-problems'
import type { ClaimGuard } from '../objects/admission/client'
import { claimLeaseMs, leaseCoversCall } from '../objects/admission/protocol'
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
 * 8x8's cancel of `ids` (claimed by `held`) through the sub-account's circuit breaker, as it
 * answered: the sub-account the messages were sent under (their records'), where 8x8 holds them.
 * The key's may have changed since (`pnpm keys add` upserts it), and 8x8 holds nothing under
 * another. Null when the claim passed to another cancel before the call (8x8 not asked).
 */
export async function askCancel(
  c: Vars,
  held: CancelClaim,
  ids: readonly string[],
  subAccount: string,
  call: (subAccount: string) => Promise<UpstreamCancelResult>,
) {
  const settings = c.var.config
  try {
    return await sendNow(
      { circuits: c.env.CIRCUIT, settings, claim: held.guard(ids) },
      subAccount,
      () => call(subAccount),
    )
  } catch (error) {
    if (error instanceof ClaimLost) return null
    throw error
  }
}

/**
 * The problem of a cancel 8x8 did not make (a 404 is not one: see {@link cancelAt8x8}).
 *
 * @param what What was asked: "message", "batch" (8x8's refusal names it).
 * @param maybe What an ambiguous failure may have cancelled: "the message" unless told.
 */
export function cancelProblem(
  failed: Exclude<Awaited<ReturnType<typeof askCancel>>, { ok: true } | null>,
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
 * scheduled under that id any more: none), or null when another cancel took the claim before
 * the call (8x8 not asked). An ambiguous failure is remembered on them first.
 */
export async function cancelAt8x8(
  c: Vars,
  what: string,
  held: CancelClaim,
  call: (subAccount: string) => Promise<UpstreamCancelResult>,
): Promise<number | null> {
  const ids = held.claimed.map((message) => message.id)
  // A synchronous batch went to 8x8 in one request: its messages share their sub-account.
  const done = await askCancel(c, held, ids, held.claimed[0]?.subAccount ?? '', call)
  if (done === null) return null
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

/** A cancel's claim on messages at 8x8 ({@link claim}). */
export interface CancelClaim {
  /** Those claimed, each with the sub-account it was sent under. */
  readonly claimed: readonly ClaimedMessage[]
  /** Where the claim's lease ends now (renewed by {@link CancelClaim.guard}). */
  leaseUntil(): number
  /**
   * The check right before a call to 8x8 about `ids` (the last step, after the circuit breaker):
   * renews the claim when what is left of its lease would not cover the call; rejects with
   * {@link ClaimLost} when another cancel took one of them meanwhile (its lease ran out).
   */
  guard(ids: readonly string[]): ClaimGuard
}

/** The claim on a message passed to another cancel before this one's call: 8x8 is not asked. */
class ClaimLost extends Error {
  override readonly name = 'ClaimLost'
}

/**
 * Claims messages at 8x8 for this request's cancel (`claimForCancel`), for the lease of a
 * request's one call to 8x8 (`claimLeaseMs`: the steps before it, the call, the steps after it),
 * renewed before the call when the steps before it stalled, as a send's idempotency claim is
 * (src/http/admission.ts). A shorter lease could run out while this request is held up before its
 * call: another cancel would then take the message and cancel it, and this one, asking 8x8 after
 * it, would hear "nothing to cancel" and say so.
 *
 * @example
 * const held = await claim(c, [id])
 * if (held.claimed.length === 0) throw notCancellable(RACED('this message'), 1000)
 */
export async function claim(c: Vars, ids: readonly string[]): Promise<CancelClaim> {
  const { keyId } = c.var.verified
  const callMs = c.var.config.upstreamTimeoutMs
  const now = Date.now()
  let until = now + claimLeaseMs(callMs)
  const claimed = await stored(() => claimForCancel(c.env.DB, keyId, ids, now, until))
  let held = new Set(claimed.map((message) => message.id))
  // One renewal at a time: a group's calls check the claim together.
  let renewing: Promise<void> | null = null
  const renew = async (at: number) => {
    const next = at + claimLeaseMs(callMs)
    const renewed = await stored(() => renewCancelClaim(c.env.DB, keyId, [...held], until, next))
    held = new Set(renewed)
    until = next
  }
  return {
    claimed,
    leaseUntil: () => until,
    guard: (asked) => ({
      async beforeCall() {
        await c.var.claim.beforeCall()
        const at = Date.now()
        if (!leaseCoversCall(until, at, callMs)) {
          renewing ??= renew(at).finally(() => {
            renewing = null
          })
          await renewing
        }
        if (asked.some((id) => !held.has(id))) {
          console.warn('cancel claim taken by another request: 8x8 not asked')
          throw new ClaimLost()
        }
      },
    }),
  }
}

/**
 * Ends this request's claims on messages 8x8 did not cancel (not one another cancel took since);
 * if D1 fails here, they expire on their own.
 */
export async function release(c: Vars, held: CancelClaim, ids: readonly string[]): Promise<void> {
  try {
    await releaseCancel(c.env.DB, c.var.verified.keyId, ids, held.leaseUntil())
  } catch (error) {
    console.error('cancel claim not released', error instanceof Error ? error.name : 'error')
  }
}

export const RACED = (what: string) =>
  `Another request is cancelling ${what} at 8x8 now: ask again once it has settled.`
