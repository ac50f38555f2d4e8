/**
 * The send of one message or LINE notification, shared by `POST /v1/messages` and
 * `POST /v1/line-notifications`. Synchronous: through the sub-account's circuit to 8x8, then its
 * record, written with 8x8's umid and state; or, when 8x8 did not take it, the answer thrown
 * (recorded `unknown` first when 8x8 may have it, so that it is never sent again). With
 * `Prefer: respond-async`: accepted, and queued for delivery.
 *
 * @module
 */
import type { Config } from '../config'
import type { AcceptedMessage } from '../db/messages/delivery'
import type { NewMessage } from '../db/messages/records'
import type { DeliveryJob } from '../delivery/jobs'
import { failedSend } from '../http/upstream-problems'
import { acceptedStatus, type MessageStatus, statusOf8x8 } from '../lib/message-status'
import type { ClaimGuard } from '../objects/admission/client'
import type { Circuit } from '../objects/circuit/object'
import { type Observed, upstreamObserver } from '../observability/observed'
import { Problem, UNAVAILABLE } from '../problems'
import { type LaterDeps, sendLater } from '../send/later'
import { sendNow } from '../send/now'
import { createUpstream, type Upstream, type UpstreamResult } from '../upstream/chatapps-api'

/** One send, as its route prepared it. */
export interface SingleSend {
  /** Its record, without what 8x8's answer decides. */
  readonly record: Omit<NewMessage, 'umid' | 'status' | 'createdAt'>
  /** `message` or `LINE notification`, for the detail of 8x8's refusal. */
  readonly what: string
  /** The call to 8x8. */
  readonly post: (upstream: Upstream) => Promise<UpstreamResult>
}

/** What the route lends it: its bindings, configuration, observation and record step. */
export interface SingleDeps {
  readonly config: Config
  readonly upstream: Fetcher | undefined
  readonly circuits: DurableObjectNamespace<Circuit>
  readonly observed: Observed
  /** The admission step's `record` (src/http/admission.ts). */
  readonly record: (messages: readonly NewMessage[]) => void
  /** The admission step's `claim`, checked right before the call to 8x8. */
  readonly claim: ClaimGuard
}

/** The route's context, as far as a synchronous send reads it. */
export interface SingleContext {
  readonly env: { readonly UPSTREAM?: Fetcher; readonly CIRCUIT: DurableObjectNamespace<Circuit> }
  get(key: 'config'): Config
  get(key: 'observed'): Observed
  get(key: 'record'): SingleDeps['record']
  get(key: 'claim'): ClaimGuard
}

/**
 * What a route lends {@link sendSingleNow}, from its context.
 *
 * @example
 * const { umid, status } = await sendSingleNow(singleDeps(c), { record, what, post })
 */
export function singleDeps(c: SingleContext): SingleDeps {
  return {
    config: c.get('config'),
    upstream: c.env.UPSTREAM,
    circuits: c.env.CIRCUIT,
    observed: c.get('observed'),
    record: c.get('record'),
    claim: c.get('claim'),
  }
}

/**
 * Sends one message now and records it; throws the problem to answer when 8x8 did not take it.
 *
 * @example
 * const { umid, status } = await sendSingleNow(singleDeps(c), {
 *   record, what: 'message', post: (upstream) => upstream.send(key.subAccount, canonical),
 * })
 */
export async function sendSingleNow(
  deps: SingleDeps,
  send: SingleSend,
): Promise<{ readonly umid: string; readonly status: MessageStatus }> {
  const { config } = deps
  const { record } = send
  const upstream = createUpstream(config, deps.upstream, upstreamObserver(deps.observed))
  const sent = await sendNow(
    { circuits: deps.circuits, settings: config, claim: deps.claim },
    record.subAccount,
    () => send.post(upstream),
  )
  if (!sent.ok) {
    const recordUnknown = (reason: string) =>
      deps.record([{ ...record, umid: null, status: 'unknown', reason, createdAt: Date.now() }])
    throw failedSend(
      sent,
      { id: record.id, clientMessageId: record.clientMessageId },
      recordUnknown,
      send.what,
    )
  }
  const createdAt = Date.now()
  const status = statusOf8x8(sent.status, 'sent', createdAt)
  deps.record([{ ...record, umid: sent.umid, status: status.state, createdAt }])
  return { umid: sent.umid, status }
}

/**
 * Accepts one message for delivery (`Prefer: respond-async`): its ids (the first try's, on a
 * retry) and accepted status; 503
 * `unavailable` when D1 did not take it.
 *
 * @example
 * const { id, clientMessageId, status } = await sendSingleLater({ db, delivery, traceparent }, record, { recipient, pace })
 */
export async function sendSingleLater(
  deps: LaterDeps,
  record: Omit<AcceptedMessage, 'createdAt'>,
  pacing?: Pick<DeliveryJob, 'recipient' | 'pace'>,
): Promise<{
  readonly id: string
  readonly clientMessageId: string
  readonly status: MessageStatus
}> {
  const createdAt = Date.now()
  const records = await sendLater(
    deps,
    [{ ...record, createdAt }],
    pacing === undefined ? [] : [pacing],
  )
  const [recorded] = records ?? []
  if (recorded === undefined) throw new Problem('unavailable', UNAVAILABLE)
  return { ...recorded, status: acceptedStatus(createdAt) }
}
