/**
 * The steps both cancel routes take (`routes/cancel.ts`, `routes/cancel-batch.ts`): D1 or 503,
 * 8x8's cancel through the sub-account's circuit breaker, the claim that lets one request at a
 * time ask 8x8 about a message, and the `not_cancellable` answer.
 *
 * @module
 */
import { deliveryStateRank } from '@chatapps/dsl'
import type { AppEnv } from '../bindings'
import { CANCELLED, claimForCancel, releaseCancel } from '../db/messages/cancel'
import type { AdmissionVariables } from '../http/admission'
import type { SignatureVariables } from '../http/signature'
import { circuitOpen, upstreamProblem } from '../http/upstream-problems'
import { Problem, UNAVAILABLE } from '../problems'
import { sendNow } from '../send/now'
import type { UpstreamCancelResult } from '../upstream/chatapps-api'

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

/** 8x8's cancel through the sub-account's circuit breaker, as it answered. */
export function askCancel(c: Vars, call: () => Promise<UpstreamCancelResult>) {
  const { config, verified } = c.var
  return sendNow({ circuits: c.env.CIRCUIT, settings: config }, verified.keyRecord.subAccount, call)
}

/** The problem of a cancel 8x8 did not make (a 404 is not one: see {@link cancelAt8x8}). */
export function cancelProblem(
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
export async function cancelAt8x8(
  c: Vars,
  what: string,
  call: () => Promise<UpstreamCancelResult>,
): Promise<number> {
  const done = await askCancel(c, call)
  if (done.ok) return done.cancelledCount
  if (done.kind === 'rejected' && done.status === 404) return 0
  throw cancelProblem(done, what)
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
 * take to answer, and a little more. Returns the ids claimed.
 */
export function claim(c: Vars, ids: readonly string[]): Promise<string[]> {
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
