/**
 * The delivery queue's consumer: one attempt per message, each acknowledged or retried on its own
 * (README, The map: the delivery consumer, for what each answer of 8x8 does).
 *
 * @module
 */
import type { CallbackJob } from '../callbacks/events'
import type { Config } from '../config'
import { type DeliveryAttempt, recordDeliveryAttempt } from '../db/attempts'
import {
  type Claimed,
  claim,
  markExhausted,
  markFailed,
  markSent,
  markUnknown,
  recordTemplateIssues,
  refuseClaimed,
  release,
  type Unclaimable,
  unclaim,
} from '../db/messages/delivery'
import { backoffSeconds } from '../lib/backoff'
import { stateOf } from '../lib/message-status'
import { CircuitClient } from '../objects/circuit/client'
import { contactOf } from '../objects/contact/client'
import type { ConsentChange, PaceGrant } from '../objects/contact/protocol'
import { upstreamObserver } from '../observability/observed'
import { observedOf } from '../observability/queue-log'
import { createUpstream, describeFailure } from '../upstream/chatapps-api'
import { consentFactsAtDelivery } from './consent-facts'
import { callBackGaveUp } from './gave-up'
import type { DeliveryJob } from './jobs'
import { templateAtDelivery } from './template-check'

/** Ambiguous answers (500, timeout) are retried at most this many times. */
export const AMBIGUOUS_RETRIES = 2
/** How long one attempt holds a message: longer than any upstream timeout. */
const LEASE_MS = 60_000

/** What the consumer needs from the worker's bindings. */
export interface DeliveryDeps {
  readonly db: D1Database
  readonly circuits: DurableObjectNamespace<import('../objects/circuit/object').Circuit>
  /** The delivery queue itself: a umid whose record write failed is carried on it. */
  readonly delivery: Queue<DeliveryJob>
  readonly deadLetters: Queue<DeliveryJob>
  /** Client callbacks: the states the gateway sets itself on a message it gives up. */
  readonly callbacks: Queue<CallbackJob>
  readonly contacts: DurableObjectNamespace<import('../objects/contact/object').Contact>
  readonly upstream: Fetcher | undefined
  readonly config: Config
  readonly random?: () => number
}

/** Handles one batch of the delivery queue. */
export async function deliverBatch(
  batch: MessageBatch<DeliveryJob>,
  deps: DeliveryDeps,
): Promise<void> {
  // Messages of one batch go in parallel: they are independent, and 8x8 answers slowly.
  const circuits = new Map<string, CircuitClient>()
  const circuitOf = (subAccount: string) => {
    let circuit = circuits.get(subAccount)
    if (circuit === undefined) {
      circuit = new CircuitClient(deps.circuits, subAccount, deps.config)
      circuits.set(subAccount, circuit)
    }
    return circuit
  }
  await Promise.all(
    batch.messages.map((message) => deliverOne(message, deps, circuitOf(message.body.subAccount))),
  )
  // The breaker weighs the batch's outcomes together (failures come back first in a burst).
  await Promise.all([...circuits.values()].map((circuit) => circuit.flush()))
}

async function deliverOne(
  message: Message<DeliveryJob>,
  deps: DeliveryDeps,
  circuit: CircuitClient,
): Promise<void> {
  const { config } = deps
  const job = message.body
  if (job.sent !== undefined) return recordSent(message, deps, job.sent)
  // A token taken from the recipient's pace, given back when the message does not leave.
  let unpace: () => Promise<void> = async () => undefined
  // A half-open probe taken, given back when the message does not leave (no outcome of 8x8's).
  let unprobe: () => Promise<void> = async () => undefined
  // Whether the message went to 8x8: from then on its token stays spent, whatever fails later.
  let left = false
  try {
    const permit = await circuit.acquire()
    if (!permit.allowed) {
      // Waiting for the circuit is not an attempt: the record is not touched.
      message.retry({ delaySeconds: Math.max(1, Math.ceil(permit.retryAfterMs / 1000)) })
      return
    }
    unprobe = () => circuit.release(permit)
    const now = Date.now()
    const claimed = await claim(deps.db, job.id, now, {
      leaseMs: LEASE_MS,
      ambiguousRetryAfterMs: config.ambiguousRetryAfterMs,
      ambiguousRetries: AMBIGUOUS_RETRIES,
    })
    if ('kind' in claimed) {
      // Cancelled, settled, or held by another delivery: nothing leaves now.
      await unprobe()
      if (claimed.kind === 'leased') {
        message.retry({ delaySeconds: Math.max(1, Math.ceil(claimed.retryAfterMs / 1000)) })
      } else {
        // Missing or settled: never send it (again). One the gateway gave up on is called back
        // again: this may be the retry of a job whose callback's queueing failed.
        if (claimed.kind === 'missing') console.warn('delivery job without a record')
        if (gaveUp(claimed)) await callBackGaveUp(deps.db, deps.callbacks, [job.id])
        message.ack()
      }
      return
    }

    // The template first: its registry read says the category the contact weighs.
    const template = await templateBeforeSend(message, deps, claimed, now)
    const paced =
      template === 'done' ? 'done' : await paceBeforeSend(message, deps, claimed, template)
    if (paced === 'done') {
      // Nothing left: a half-open probe goes back (8x8 was not asked).
      await unprobe()
      return
    }
    unpace = paced

    const upstream = createUpstream(config, deps.upstream, upstreamObserver(observedOf(message)))
    left = true
    const sent =
      claimed.type === 'line_notification'
        ? await upstream.sendLineNotification(job.subAccount, claimed.payload)
        : await upstream.send(job.subAccount, claimed.payload)
    await circuit.tally(permit, sent.ok ? null : sent)
    const done = Date.now()
    const attempt: DeliveryAttempt = {
      messageId: job.id,
      attempt: claimed.attempts,
      at: now,
      outcome: sent.ok ? 'sent' : sent.kind,
      httpStatus: sent.ok ? null : sent.status,
      detail: sent.ok ? `umid ${sent.umid}` : describeFailure(sent),
      durationMs: done - now,
    }
    if (sent.ok) {
      const state = stateOf(sent.status, 'queued')
      try {
        await recordDeliveryAttempt(deps.db, attempt)
        await markSent(deps.db, job.id, sent.umid, state, done)
      } catch (error) {
        // 8x8 took it but D1 failed: the umid goes on in a job of its own, which only writes it
        // (never sends). Should the queue fail too, the lease stays unreleased, and the next
        // claim counts this attempt as ambiguous and waits for its receipt.
        console.error(
          'delivery record failed after 8x8 took it',
          error instanceof Error ? error.name : 'error',
        )
        await deps.delivery.send({
          id: job.id,
          subAccount: job.subAccount,
          sent: { umid: sent.umid, state },
        })
      }
      message.ack()
      return
    }
    await recordDeliveryAttempt(deps.db, attempt)
    const reason = describeFailure(sent)
    if (sent.kind === 'rejected' || sent.kind === 'configuration') {
      if (sent.kind === 'configuration') {
        console.error('CONFIGURATION FAULT: 8x8 refused the gateway credentials', sent.status)
      }
      await markFailed(deps.db, job.id, reason, done)
      await callBackGaveUp(deps.db, deps.callbacks, [job.id])
      message.ack()
      return
    }
    if (sent.kind === 'ambiguous' && claimed.ambiguousAttempts + 1 > AMBIGUOUS_RETRIES) {
      await markUnknown(deps.db, job.id, `${reason}; 8x8 may have taken it`, done)
      await callBackGaveUp(deps.db, deps.callbacks, [job.id])
      message.ack()
      return
    }
    const ambiguous = sent.kind === 'ambiguous'
    if (claimed.attempts >= config.delivery.maxAttempts) {
      await release(deps.db, job.id, ambiguous, reason, done, 0)
      await deps.deadLetters.send(job)
      message.ack()
      return
    }
    const backoff = backoffSeconds(claimed.attempts, sent.retryAfter, config.delivery, deps.random)
    // 8x8 may have taken it: a receipt of its id (8x8's clientMessageId) within the wait gives
    // the record its umid, and the next attempt then finds it sent and never sends it again.
    const wait = ambiguous ? Math.ceil(config.ambiguousRetryAfterMs / 1000) : 0
    const delaySeconds = Math.max(backoff, wait)
    // The record keeps the wait, so that every copy of the job waits it out, not only this one.
    await release(deps.db, job.id, ambiguous, reason, done, done + delaySeconds * 1000)
    message.retry({ delaySeconds })
  } catch (error) {
    // D1 or the queue failed: try the whole step again later. The lease keeps it single; left
    // unreleased after the send, the next claim counts this attempt as one that may have
    // reached 8x8 (src/db/messages/delivery.ts).
    console.error('delivery step failed', error instanceof Error ? error.name : 'error')
    if (!left) {
      await unpace()
      await unprobe()
    }
    message.retry({
      delaySeconds: backoffSeconds(message.attempts, 1, config.delivery, deps.random),
    })
  }
}

/** Whether an unclaimable message is one the gateway may have given up on (`failed`, `unknown`). */
function gaveUp(why: Unclaimable): boolean {
  return why.kind === 'settled' && (why.status === 'failed' || why.status === 'unknown')
}

/**
 * The template check as the claimed message leaves (src/delivery/template-check.ts): go, with
 * the record saying what was found under observe, and the category the registry holds; or `done`
 * when the message is settled without being sent (enforce: `failed`, or `unknown` when an earlier
 * attempt may have reached 8x8), or when D1 failed (the lease released, the job retried: nothing
 * left, so the attempt is not taken for one that may have reached 8x8).
 */
async function templateBeforeSend(
  message: Message<DeliveryJob>,
  deps: DeliveryDeps,
  claimed: Claimed,
  now: number,
): Promise<TemplateGo | 'done'> {
  const job = message.body
  try {
    const verdict = await templateAtDelivery(deps.db, deps.config, job.subAccount, job.id, claimed)
    if (verdict.kind === 'refuse') {
      await refuseClaimed(deps.db, job.id, verdict.reason, Date.now())
      // The client hears of it as of any state the gateway sets (a retry of this job, should
      // the queueing fail, finds the record settled and calls back again).
      await callBackGaveUp(deps.db, deps.callbacks, [job.id])
      message.ack()
      return 'done'
    }
    if (verdict.kind === 'flag') await recordTemplateIssues(deps.db, job.id, verdict.issues, now)
    return { category: verdict.category }
  } catch (error) {
    // D1 failed before anything left: released now, the lease is not taken for an attempt that
    // may have reached 8x8 (should the release fail too, the consumer's catch retries).
    console.error('delivery template check failed', error instanceof Error ? error.name : 'error')
    await release(deps.db, job.id, false, 'template registry unavailable; not sent yet', now, 0)
    message.retry({
      delaySeconds: backoffSeconds(message.attempts, 1, deps.config.delivery, deps.random),
    })
    return 'done'
  }
}

/** A claimed message the template check lets go: its template's category, as the registry holds it. */
interface TemplateGo {
  readonly category: string | null
}

/**
 * The recipient's contact as the claimed message leaves, after the template check (whose read
 * gave the category): consent again, weighed on the record's channels and the registry's
 * category whichever path queued the job, then a pacing token. Go, with the way to give the
 * token back; or `done` when the recipient opted out meanwhile (the record settled as not sent,
 * called back) or the message must wait for its pace or for an unreachable contact (the claim
 * given back as it was, its attempt not counted, the job retried).
 */
async function paceBeforeSend(
  message: Message<DeliveryJob>,
  deps: DeliveryDeps,
  claimed: Claimed,
  template: TemplateGo,
): Promise<(() => Promise<void>) | 'done'> {
  const job = message.body
  const kept = async () => undefined
  // A LINE notification, or a job queued before contacts existed, is not paced.
  if (job.recipient === undefined || job.pace === undefined) return kept
  const contact = contactOf(deps.contacts, job.subAccount, job.recipient)
  const settings = { ...deps.config.contact, pace: job.pace }
  const facts = consentFactsAtDelivery(claimed.payload, template.category)
  const grantedAt = Date.now()
  let grant: PaceGrant
  try {
    grant = await contact.pace(settings, facts, grantedAt)
  } catch (error) {
    // Consent cannot be asked: nothing leaves (a stop must never be missed); asked again later.
    console.error('contact unavailable', error instanceof Error ? error.name : 'error')
    await unclaim(deps.db, job.id)
    message.retry({
      delaySeconds: backoffSeconds(message.attempts, 1, deps.config.delivery, deps.random),
    })
    return 'done'
  }
  if (!grant.ok && grant.kind === 'opted_out') {
    // Accepted before the recipient said STOP (or blocked the business on its only channel, or
    // opted out of marketing for a marketing template): it never leaves.
    await refuseClaimed(deps.db, job.id, optedOutReason(grant.consent), grantedAt)
    await callBackGaveUp(deps.db, deps.callbacks, [job.id])
    message.ack()
    return 'done'
  }
  if (!grant.ok) {
    // Over the pace: not an attempt, never refused; it waits until the bucket has a token.
    await unclaim(deps.db, job.id)
    message.retry({ delaySeconds: Math.max(1, Math.ceil(grant.retryAfterMs / 1000)) })
    return 'done'
  }
  return async () => {
    try {
      await contact.unpace(settings, grant.grant, grant.before, Date.now())
    } catch (error) {
      console.error('contact unavailable', error instanceof Error ? error.name : 'error')
    }
  }
}

/**
 * A job that carries a umid 8x8 gave (its record's write failed): writes it, never sends. D1
 * failing again retries the job as it is, umid and all.
 */
async function recordSent(
  message: Message<DeliveryJob>,
  deps: DeliveryDeps,
  sent: NonNullable<DeliveryJob['sent']>,
): Promise<void> {
  try {
    await markSent(deps.db, message.body.id, sent.umid, sent.state, Date.now())
    message.ack()
  } catch (error) {
    console.error(
      'delivery record failed after 8x8 took it',
      error instanceof Error ? error.name : 'error',
    )
    message.retry({
      delaySeconds: backoffSeconds(message.attempts, 1, deps.config.delivery, deps.random),
    })
  }
}

/** The reason a queued message to a recipient who opted out meanwhile keeps on its record. */
export function optedOutReason(consent: ConsentChange): string {
  const who = consent.by === 'user' ? 'the recipient' : consent.by
  return `recipient_opted_out: ${consent.state} (${who}: ${consent.reason}) before it was sent; not sent`
}

/**
 * The dead-letter queue's consumer: a message whose attempts ran out is marked `failed`,
 * keeping the last reason, unless 8x8 took it meanwhile, and its key is called back. D1 or the
 * callbacks queue failing retries the batch, whose copy calls back what the first marked.
 */
export async function deadLetterBatch(
  batch: MessageBatch<DeliveryJob>,
  deps: Pick<DeliveryDeps, 'db' | 'callbacks'>,
): Promise<void> {
  const ids = batch.messages.map((message) => message.body.id)
  try {
    await markExhausted(deps.db, ids, Date.now())
    await callBackGaveUp(deps.db, deps.callbacks, ids)
    batch.ackAll()
  } catch (error) {
    console.error('dead letters not settled', error instanceof Error ? error.name : 'error')
    batch.retryAll()
  }
}
