/**
 * D1 statements of asynchronous delivery on `messages`: accepting messages, claiming one for an
 * attempt, recording the attempt's outcome, dead letters, and reconciliation's look-ups. Every write is conditional, so a queue's duplicate
 * delivery can never send a message that 8x8 already took.
 *
 * @module
 */
import { deliveryStateRank } from '@chatapps/dsl'
import { IDEMPOTENCY_RETENTION_MS } from '../../objects/admission/protocol'
import { MESSAGE_KEY_TEMPLATE_CHECK, type TemplateCheckPolicy, templateCheckOf } from '../keys'
import { GATEWAY_GAVE_UP } from './receipts'
import { issuesColumn, type TemplateIssueRecord } from './records'
import { sentTwiceReason } from './sent-twice'

/** A message accepted for asynchronous delivery. */
export interface AcceptedMessage {
  readonly id: string
  readonly keyId: string
  readonly idempotencyKey: string
  readonly clientMessageId: string
  readonly subAccount: string
  /** The canonical JSON sent to 8x8's single-message endpoint. */
  readonly payload: string
  readonly createdAt: number
  readonly batchId?: string
  readonly batchIndex?: number
  /** `closed`: accepted outside the recipient's service window (policy observe). */
  readonly serviceWindow?: 'closed'
  /** The template send's mismatches with the registry (policy observe). */
  readonly templateIssues?: readonly TemplateIssueRecord[]
  /** A LINE Official Notification (8x8's `/lon`) rather than a message. */
  readonly type?: 'line_notification'
  /** The recipient (msisdn or channel user id), for the console's search. */
  readonly recipient?: string
  /** The caller's `traceparent` as sent to 8x8: its receipts' callbacks continue that trace. */
  readonly traceparent?: string
}

/** A message as recorded for delivery: its ids, the first try's on a retry. */
export interface AcceptedRecord {
  readonly id: string
  /** The caller's reference (the id, when it gave none). */
  readonly clientMessageId: string
  readonly batchId: string | null
}

/**
 * Records accepted messages, in one D1 transaction. A client retrying a request whose answer
 * it lost gets the records of the first try (same key, idempotency key and index, and that
 * batch's id); a request that reuses the idempotency key after its retention (the admission
 * object has forgotten it) first retires the earlier request's records, and gets its own.
 *
 * @returns each message's record, in order.
 */
export async function acceptMessages(
  db: D1Database,
  messages: readonly AcceptedMessage[],
): Promise<AcceptedRecord[]> {
  const first = messages[0]
  if (first === undefined) return []
  // One request's messages share its key, idempotency key and time. The live generation is
  // retired whole once its newest record (a retry's) is older than the retention: the admission
  // object forgets a key no earlier than that.
  const retire = db
    .prepare(
      `UPDATE messages SET idempotency_retired_at = ?1
       WHERE key_id = ?2 AND idempotency_key = ?3 AND via_queue = 1 AND idempotency_retired_at = 0
         AND NOT EXISTS (SELECT 1 FROM messages n WHERE n.key_id = ?2 AND n.idempotency_key = ?3
           AND n.via_queue = 1 AND n.idempotency_retired_at = 0 AND n.created_at > ?1 - ?4)`,
    )
    .bind(first.createdAt, first.keyId, first.idempotencyKey, IDEMPOTENCY_RETENTION_MS)
  const statements = messages.map((message) =>
    db
      .prepare(
        `INSERT INTO messages (id, key_id, idempotency_key, client_message_id, umid, status,
          status_rank, created_at, updated_at, batch_id, batch_index, sub_account, payload,
          service_window, type, recipient, traceparent, template_issues, via_queue)
         VALUES (?1, ?2, ?3, ?4, NULL, 'accepted', 0, ?5, ?5,
           COALESCE((SELECT batch_id FROM messages WHERE key_id = ?2 AND idempotency_key = ?3
             AND via_queue = 1 AND idempotency_retired_at = 0 LIMIT 1), ?6),
           ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, 1)
         ON CONFLICT (key_id, idempotency_key, idempotency_retired_at, batch_index)
           WHERE via_queue = 1 DO UPDATE SET updated_at = updated_at
         RETURNING id, client_message_id, batch_id`,
      )
      .bind(
        message.id,
        message.keyId,
        message.idempotencyKey,
        message.clientMessageId,
        message.createdAt,
        message.batchId ?? null,
        message.batchIndex ?? 0,
        message.subAccount,
        message.payload,
        message.serviceWindow ?? null,
        message.type ?? 'message',
        message.recipient ?? null,
        message.traceparent ?? null,
        issuesColumn(message.templateIssues),
      ),
  )
  const results = await db.batch<{
    id: string
    client_message_id: string
    batch_id: string | null
  }>([retire, ...statements])
  return messages.map((message, index) => {
    const row = results[index + 1]?.results[0]
    return row === undefined
      ? {
          id: message.id,
          clientMessageId: message.clientMessageId,
          batchId: message.batchId ?? null,
        }
      : { id: row.id, clientMessageId: row.client_message_id, batchId: row.batch_id }
  })
}

/**
 * What the reason of a message the gateway stopped trying gets when an attempt may have reached
 * 8x8 (the message is then `unknown`, never `failed`).
 */
const MAYBE_AT_8X8 = '; an earlier attempt may have reached 8x8'

/**
 * The one rule of a message the gateway stops trying (8x8 refused it, its attempts ran out, its
 * recipient opted out): `failed`, or `unknown` with `reason` saying so when an attempt may have
 * reached 8x8. That is one answered ambiguously (`ambiguous_attempts`) or, for a statement made
 * by no attempt of its own (`lease_until <= now`: `dead`), one whose lease ran out unreleased
 * (its worker stopped, or D1 failed, after the send), which it then counts as ambiguous.
 * `reason` is an SQL expression; the SET clause's other values are the caller's.
 */
function givingUp(reason: string, dead: boolean): string {
  const maybe = dead ? '(ambiguous_attempts > 0 OR lease_until > 0)' : 'ambiguous_attempts > 0'
  return `status = CASE WHEN ${maybe} THEN 'unknown' ELSE 'failed' END,
    status_rank = CASE WHEN ${maybe} THEN ${deliveryStateRank('unknown')}
      ELSE ${deliveryStateRank('failed')} END,
    reason = CASE WHEN ${maybe} THEN (${reason}) || '${MAYBE_AT_8X8}' ELSE (${reason}) END,
    ambiguous_attempts = ambiguous_attempts + ${dead ? '(lease_until > 0)' : '0'}`
}

/** An asynchronous message the gateway gave up on, whose key has a callback URL. */
export interface GaveUp {
  readonly key_id: string
  readonly id: string
  readonly client_message_id: string
  /** `failed` or `unknown`. */
  readonly status: string
  readonly reason: string | null
  /** When the gateway set the state. */
  readonly updated_at: number
  /** The send's `traceparent`, when its caller sent one. */
  readonly traceparent: string | null
}

/**
 * Those of `ids` that are asynchronous records the gateway settled as not sent
 * ({@link GATEWAY_GAVE_UP}), of an active key with a callback URL (as receipts' callbacks
 * decide it): each is called back with its state. Read after the state's write, and again by a
 * retried job that finds it so, so that a callback whose queueing failed is queued again.
 */
export async function gaveUpWithCallback(
  db: D1Database,
  ids: readonly string[],
): Promise<GaveUp[]> {
  if (ids.length === 0) return []
  const { results } = await db
    .prepare(
      `SELECT key_id, id, client_message_id, status, reason, updated_at, traceparent
       FROM messages
       WHERE id IN (${ids.map(() => '?').join(', ')}) AND via_queue = 1 AND ${GATEWAY_GAVE_UP}
         AND key_id IN (SELECT key_id FROM client_keys
           WHERE status = 'active' AND callback_url IS NOT NULL)
       ORDER BY id`,
    )
    .bind(...ids)
    .all<GaveUp>()
  return results
}

/** A message claimed for one attempt. */
export interface Claimed {
  readonly payload: string
  /** Attempts so far, this one included. */
  readonly attempts: number
  readonly ambiguousAttempts: number
  /** `line_notification` goes to 8x8's `/lon`; anything else is a message. */
  readonly type: string
  /** The key that sent it. */
  readonly keyId: string
  /**
   * The key's `templateCheck` now, not when the message was accepted: the message is checked
   * again as it leaves (src/delivery/template-check.ts), under what its key's owner wants now.
   */
  readonly templateCheck: TemplateCheckPolicy
  /** Whether the record holds template issues (found when it was accepted, or at an attempt). */
  readonly templateIssues: boolean
}

/** Why a message could not be claimed. */
export type Unclaimable =
  | { readonly kind: 'missing' }
  /** 8x8 already took it, or it is settled: acknowledge, never send again. */
  | { readonly kind: 'settled'; readonly status: string }
  /**
   * Another delivery of the same job holds it, or an earlier attempt's wait (8x8's Retry-After,
   * the wait for a receipt after an ambiguous answer) has not passed.
   */
  | { readonly kind: 'leased'; readonly retryAfterMs: number }

/** How a claim treats an attempt that left its lease behind unreleased. */
export interface ClaimSettings {
  /** How long one attempt holds a message. */
  readonly leaseMs: number
  /** How long to wait for a receipt after an attempt whose outcome is unknown. */
  readonly ambiguousRetryAfterMs: number
  /** Ambiguous attempts after which the message is `unknown`, never sent again. */
  readonly ambiguousRetries: number
}

/** The reason of a message whose attempt ended without its outcome recorded. */
const DEAD_ATTEMPT_REASON =
  'an attempt ended without its outcome recorded (its worker stopped, or D1 failed, after the send): 8x8 may have taken it'

/**
 * Claims a message for one attempt (a lease of `leaseMs`), counting the attempt, if it is still
 * waiting for 8x8, its earlier attempt's wait (`not_before`) has passed and nobody else holds it.
 * A lease that ran out without being released is an attempt that may have reached 8x8: it is
 * counted as ambiguous, and waited for as one (or, past `ambiguousRetries`, the message becomes
 * `unknown`) before anything is sent again.
 */
export async function claim(
  db: D1Database,
  id: string,
  now: number,
  settings: ClaimSettings,
): Promise<Claimed | Unclaimable> {
  const claimed = await claimFree(db, id, now, settings.leaseMs)
  if (claimed !== null) return claimed
  const abandoned = await db
    .prepare(
      `UPDATE messages SET lease_until = 0, ambiguous_attempts = ambiguous_attempts + 1,
         not_before = MAX(not_before, lease_until + ?1),
         status = CASE WHEN ambiguous_attempts + 1 > ?2 THEN 'unknown' ELSE status END,
         status_rank = CASE WHEN ambiguous_attempts + 1 > ?2 THEN ?3 ELSE status_rank END,
         reason = ?4, updated_at = ?5
       WHERE id = ?6 AND status = 'accepted' AND umid IS NULL AND lease_until > 0
         AND lease_until <= ?5
       RETURNING id`,
    )
    .bind(
      settings.ambiguousRetryAfterMs,
      settings.ambiguousRetries,
      deliveryStateRank('unknown'),
      DEAD_ATTEMPT_REASON,
      now,
      id,
    )
    .first<{ id: string }>()
  if (abandoned !== null)
    return (await claimFree(db, id, now, settings.leaseMs)) ?? unclaimable(db, id, now)
  return unclaimable(db, id, now)
}

/** Claims a message nobody holds and no wait keeps; null when the update took nothing. */
async function claimFree(
  db: D1Database,
  id: string,
  now: number,
  leaseMs: number,
): Promise<Claimed | null> {
  const row = await db
    .prepare(
      `UPDATE messages SET attempts = attempts + 1, lease_until = ?, updated_at = ?
       WHERE id = ? AND status = 'accepted' AND umid IS NULL AND lease_until = 0
         AND not_before <= ?
       RETURNING payload, attempts, ambiguous_attempts, type, key_id,
         ${MESSAGE_KEY_TEMPLATE_CHECK} AS template_check,
         template_issues IS NOT NULL AS template_issues`,
    )
    .bind(now + leaseMs, now, id, now)
    .first<{
      payload: string | null
      attempts: number
      ambiguous_attempts: number
      type: string
      key_id: string
      template_check: string | null
      template_issues: number
    }>()
  if (row === null || row.payload === null) return null
  return {
    payload: row.payload,
    attempts: row.attempts,
    ambiguousAttempts: row.ambiguous_attempts,
    type: row.type,
    keyId: row.key_id,
    templateCheck: templateCheckOf(row.template_check),
    templateIssues: row.template_issues === 1,
  }
}

/** Why a message that an update did not take cannot be claimed now. */
async function unclaimable(db: D1Database, id: string, now: number): Promise<Unclaimable> {
  const current = await db
    .prepare('SELECT status, umid, lease_until, not_before FROM messages WHERE id = ?')
    .bind(id)
    .first<{ status: string; umid: string | null; lease_until: number; not_before: number }>()
  if (current === null) return { kind: 'missing' }
  if (current.status !== 'accepted' || current.umid !== null) {
    return { kind: 'settled', status: current.status }
  }
  const until = Math.max(current.lease_until, current.not_before)
  return { kind: 'leased', retryAfterMs: Math.max(1, until - now) }
}

/**
 * 8x8 took the message: its umid and state, whatever the gateway decided meanwhile without one
 * (a dead-letter copy's `failed`). The payload stays: the console shows the request as it was
 * sent. A record that already has another umid (a receipt proved an earlier attempt reached 8x8
 * while this one was at 8x8) keeps it and its state: 8x8 took the message twice, which its reason
 * states with both umids, and `duplicate_umid` keeps the second for the record's `sentTwice` (the
 * one case where the gateway knows it sent a message twice).
 */
export async function markSent(
  db: D1Database,
  id: string,
  umid: string,
  state: string,
  now: number,
): Promise<void> {
  const rank = deliveryStateRank(state)
  await db
    .prepare(
      `UPDATE messages SET
         status = CASE WHEN umid IS NOT NULL AND umid <> ?1 THEN status
           WHEN status_rank < ?3 OR ${GATEWAY_GAVE_UP} THEN ?2 ELSE status END,
         status_rank = CASE WHEN umid IS NOT NULL AND umid <> ?1 THEN status_rank
           WHEN status_rank < ?3 OR ${GATEWAY_GAVE_UP} THEN ?3 ELSE status_rank END,
         status_channel = CASE WHEN umid IS NOT NULL AND umid <> ?1 THEN status_channel
           WHEN status_rank < ?3 OR ${GATEWAY_GAVE_UP} THEN NULL ELSE status_channel END,
         reason = CASE WHEN umid IS NOT NULL AND umid <> ?1
           THEN ${sentTwiceReason('umid', '?1', 'receipt')}
           ELSE NULL END,
         duplicate_umid = CASE WHEN umid IS NOT NULL AND umid <> ?1 THEN ?1 ELSE duplicate_umid END,
         umid = COALESCE(umid, ?1), lease_until = 0, not_before = 0, updated_at = ?4
       WHERE id = ?5`,
    )
    .bind(umid, state, rank, now, id)
    .run()
}

/**
 * Settles a message that 8x8 refused for good, by the attempt that holds it: `failed`, or
 * `unknown` when an earlier attempt may have reached 8x8 ({@link givingUp}). Only a message still
 * waiting is changed.
 */
export async function markFailed(
  db: D1Database,
  id: string,
  reason: string,
  now: number,
): Promise<void> {
  await settleUnsent(db, id, reason, now, '')
}

/** `failed`/`unknown` ({@link givingUp}) for a message still waiting, with `more` SET clauses. */
async function settleUnsent(
  db: D1Database,
  id: string,
  reason: string,
  now: number,
  more: string,
): Promise<void> {
  await db
    .prepare(
      `UPDATE messages SET ${givingUp('?1', false)}, ${more} lease_until = 0, updated_at = ?2
       WHERE id = ?3 AND status = 'accepted' AND umid IS NULL`,
    )
    .bind(reason, now, id)
    .run()
}

/**
 * Settles a claimed message that must not leave (its template is no longer sendable, policy
 * enforce; its recipient opted out while it waited), by the attempt that holds it, before anything went to 8x8: `failed`, or `unknown`
 * when an earlier attempt may have reached 8x8 ({@link givingUp}). The claim's attempt is not
 * counted: it never reached 8x8.
 */
export async function refuseClaimed(
  db: D1Database,
  id: string,
  reason: string,
  now: number,
): Promise<void> {
  await settleUnsent(db, id, reason, now, 'attempts = attempts - 1,')
}

/**
 * Records what the check of a claimed template message found as it leaves (policy observe): its
 * issues, or none (null) once it fits. `GET /v1/messages/{id}` shows them as `templateIssues`.
 */
export async function recordTemplateIssues(
  db: D1Database,
  id: string,
  issues: readonly TemplateIssueRecord[],
  now: number,
): Promise<void> {
  await db
    .prepare('UPDATE messages SET template_issues = ?, updated_at = ? WHERE id = ?')
    .bind(issuesColumn(issues), now, id)
    .run()
}

/**
 * Settles a message whose last ambiguous answer used up its retries: `unknown`, a receipt may
 * still settle it. Only a message still waiting is changed.
 */
export async function markUnknown(
  db: D1Database,
  id: string,
  reason: string,
  now: number,
): Promise<void> {
  await db
    .prepare(
      `UPDATE messages SET status = 'unknown', status_rank = ?, reason = ?, lease_until = 0,
         updated_at = ?
       WHERE id = ? AND status = 'accepted' AND umid IS NULL`,
    )
    .bind(deliveryStateRank('unknown'), reason, now, id)
    .run()
}

/**
 * Gives a claim back untouched but for its lease, by the attempt that holds it, when the message
 * waits for its recipient's pace before anything went to 8x8: the claim's attempt is not counted,
 * and the record's reason and waits are as they were.
 */
export async function unclaim(db: D1Database, id: string): Promise<void> {
  await db
    .prepare(
      `UPDATE messages SET attempts = attempts - 1, lease_until = 0
       WHERE id = ? AND status = 'accepted' AND umid IS NULL AND lease_until > 0`,
    )
    .bind(id)
    .run()
}

/**
 * Releases the lease after a failed attempt that will be retried, with the reason, and the time
 * before which no copy of its job may send it again (`notBefore`).
 */
export async function release(
  db: D1Database,
  id: string,
  ambiguous: boolean,
  reason: string,
  now: number,
  notBefore: number,
): Promise<void> {
  await db
    .prepare(
      `UPDATE messages SET lease_until = 0, not_before = ?, reason = ?, updated_at = ?,
        ambiguous_attempts = ambiguous_attempts + ? WHERE id = ? AND status = 'accepted'`,
    )
    .bind(notBefore, reason, now, ambiguous ? 1 : 0, id)
    .run()
}

/**
 * Marks messages whose attempts ran out `failed` (or `unknown`: {@link givingUp}), keeping the
 * last reason, unless 8x8 took them meanwhile or another copy of the job is at 8x8 now (its lease:
 * that copy settles the message; the dead-letter queue's consumer).
 */
export async function markExhausted(
  db: D1Database,
  ids: readonly string[],
  now: number,
): Promise<void> {
  if (ids.length === 0) return
  await db.batch(
    ids.map((id) =>
      db
        .prepare(
          `UPDATE messages SET ${givingUp(
            `'delivery attempts exhausted' || COALESCE(' (last: ' || reason || ')', '')`,
            true,
          )}, lease_until = 0, updated_at = ?1
           WHERE id = ?2 AND status = 'accepted' AND umid IS NULL AND lease_until <= ?1`,
        )
        .bind(now, id),
    ),
  )
}

/** A message that waits for a receipt. */
export interface Stale {
  readonly id: string
  readonly umid: string
  readonly sub_account: string
}

/**
 * Messages 8x8 took that have been quiet (`queued` or `sent`) since before `quietSince`, oldest
 * first (reconciliation).
 */
export async function staleMessages(
  db: D1Database,
  quietSince: number,
  limit: number,
): Promise<readonly Stale[]> {
  const { results } = await db
    .prepare(
      `SELECT id, umid, sub_account FROM messages
       WHERE umid IS NOT NULL AND status IN ('queued', 'sent') AND updated_at < ?
       ORDER BY updated_at LIMIT ?`,
    )
    .bind(quietSince, limit)
    .all<Stale>()
  return results
}

/** Marks a message looked up now, so that it is not looked up again before the next period. */
export async function touch(db: D1Database, umid: string, now: number): Promise<void> {
  await db.prepare('UPDATE messages SET updated_at = ? WHERE umid = ?').bind(now, umid).run()
}
