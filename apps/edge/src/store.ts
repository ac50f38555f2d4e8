/**
 * D1: client keys and message records.
 *
 * @module
 */
import type { KeyRecord, SignatureAlgorithm } from '@chatapps/signature'
import { rankOf, stateOf } from './delivery/states'

/** A client key as the gateway uses it; `key` is what verifyRequest needs. */
export interface ClientKey extends KeyRecord {
  readonly keyId: string
  readonly subAccount: string
  /** null: every route. */
  readonly allowedRoutes: readonly string[] | null
  /** null: every message type. */
  readonly allowedTypes: readonly string[] | null
  readonly ratePerSecond: number
  readonly rateBurst: number
}

interface ClientKeyRow {
  key_id: string
  alg: SignatureAlgorithm
  secret: string
  sub_account: string
  allowed_routes: string | null
  allowed_types: string | null
  rate_per_second: number
  rate_burst: number
}

/** A JSON list column; NULL allows everything, anything unreadable allows nothing. */
function list(json: string | null): readonly string[] | null {
  if (json === null) return null
  try {
    const value: unknown = JSON.parse(json)
    return Array.isArray(value) ? value.filter((item) => typeof item === 'string') : []
  } catch {
    return []
  }
}

/**
 * An active key by id, or null (unknown, revoked, or refused by this deployment). A D1 failure
 * rejects: the caller answers 503, not 401.
 */
export async function findActiveKey(
  db: D1Database,
  keyId: string,
  refused: ReadonlySet<string>,
): Promise<ClientKey | null> {
  if (refused.has(keyId)) return null
  const row = await db
    .prepare(
      `SELECT key_id, alg, secret, sub_account, allowed_routes, allowed_types, rate_per_second,
        rate_burst FROM client_keys WHERE key_id = ? AND status = 'active'`,
    )
    .bind(keyId)
    .first<ClientKeyRow>()
  if (row === null) return null
  return {
    keyId: row.key_id,
    alg: row.alg,
    key: row.secret,
    subAccount: row.sub_account,
    allowedRoutes: list(row.allowed_routes),
    allowedTypes: list(row.allowed_types),
    ratePerSecond: row.rate_per_second,
    rateBurst: row.rate_burst,
  }
}

/**
 * Marks a key revoked in D1. Revocation is final: a key id is never active again.
 *
 * @returns false when no key has this id.
 */
export async function revokeKey(db: D1Database, keyId: string): Promise<boolean> {
  const [, found] = await db.batch([
    db.prepare("UPDATE client_keys SET status = 'revoked' WHERE key_id = ?").bind(keyId),
    db.prepare('SELECT 1 AS found FROM client_keys WHERE key_id = ?').bind(keyId),
  ])
  return (found?.results.length ?? 0) > 0
}

/**
 * A message's state, the same object in every answer, record and callback
 * (docs/gateway-contract.md#the-message-record): 8x8's own status shape, with the gateway's
 * `reason` when the gateway set the state.
 *
 * @example
 * { "state": "failed", "timestamp": "2026-11-24T09:31:00.000Z",
 *   "reason": "delivery attempts exhausted (last: 8x8: HTTP 503)" }
 * { "state": "undelivered", "timestamp": "2026-11-24T09:30:02.000Z",
 *   "detail": "undelivered_to_recipient", "errorCode": 7001, "errorMessage": "Not on WhatsApp" }
 */
export interface MessageStatus {
  /** accepted, unknown, queued, sent, delivered, read, undelivered, rejected or failed. */
  readonly state: string
  /** ISO-8601: 8x8's time of its state; the gateway's when it set the state itself. */
  readonly timestamp: string
  /** The gateway's words: why it failed, is unknown, or is being retried. */
  readonly reason?: string
  /** 8x8's detail (`delivered_to_recipient`, `undelivered_to_recipient`, …). */
  readonly detail?: string
  /** 8x8's error code, with an error. */
  readonly errorCode?: number | string
  /** 8x8's error message, with an error. */
  readonly errorMessage?: string
}

/** The parts of a status; absent, undefined and null members are left out. */
export interface StatusParts {
  readonly state: string
  readonly timestamp: string
  readonly reason?: string | null | undefined
  readonly detail?: string | null | undefined
  readonly errorCode?: number | string | null | undefined
  readonly errorMessage?: string | null | undefined
}

/** A {@link MessageStatus} with its members always in the same order. */
export function messageStatus(parts: StatusParts): MessageStatus {
  const { reason, detail, errorCode, errorMessage } = parts
  return {
    state: parts.state,
    timestamp: parts.timestamp,
    ...(typeof reason === 'string' ? { reason } : {}),
    ...(typeof detail === 'string' ? { detail } : {}),
    ...(typeof errorCode === 'number' || typeof errorCode === 'string' ? { errorCode } : {}),
    ...(typeof errorMessage === 'string' ? { errorMessage } : {}),
  }
}

/**
 * The status 8x8 answered a send with, in the gateway's shape: the state in lower case
 * (`fallback` when 8x8 gave none), 8x8's timestamp (else `at`), its detail and error.
 */
export function statusOf8x8(status: unknown, fallback: string, at: number): MessageStatus {
  const raw: Readonly<Record<string, unknown>> =
    typeof status === 'object' && status !== null ? (status as Record<string, unknown>) : {}
  const { timestamp, detail, errorCode, errorMessage } = raw
  return messageStatus({
    state: stateOf(status, fallback),
    timestamp: typeof timestamp === 'string' ? timestamp : new Date(at).toISOString(),
    detail: typeof detail === 'string' ? detail : undefined,
    errorCode:
      typeof errorCode === 'number' || typeof errorCode === 'string' ? errorCode : undefined,
    errorMessage: typeof errorMessage === 'string' ? errorMessage : undefined,
  })
}

/**
 * What every answer and callback about a message carries: its ids and its status. The record of
 * `GET /v1/messages/{id}` has these and more.
 */
export interface MessageSummary {
  /** The gateway's id: also the clientMessageId 8x8 received, unique. */
  readonly id: string
  /** The caller's reference (its clientMessageId, or the id when it gave none). */
  readonly clientMessageId: string
  /** 8x8's message id; null until 8x8 has taken the message. */
  readonly umid: string | null
  readonly status: MessageStatus
}

/** One delivery receipt of a message, as its history shows it. */
export interface HistoryEntry {
  readonly state: string
  readonly detail?: string
  readonly errorCode?: number | string
  readonly errorMessage?: string
  /** 8x8's time of the state change. */
  readonly timestamp: string
  /** When the gateway received the receipt. */
  readonly receivedAt: string
}

/** A message the gateway sent, as `GET /v1/messages/:id` shows it. */
export interface MessageRecord extends MessageSummary {
  /**
   * How many times the gateway posted the message to 8x8: 1 for a synchronous send, the
   * queue's attempts for an asynchronous one (0 while it waits for its first).
   */
  readonly deliveryAttempts: number
  readonly batchId: string | null
  readonly createdAt: string
  readonly updatedAt: string
  /** Receipts, ordered by state rank, then 8x8's timestamp. */
  readonly history: readonly HistoryEntry[]
}

/** A message to record; a batch's messages carry its id and their index. */
export interface NewMessage {
  /** The gateway's id, sent to 8x8 as clientMessageId. */
  readonly id: string
  readonly keyId: string
  readonly idempotencyKey: string
  /** The caller's reference (its clientMessageId, or the id when it gave none). */
  readonly clientMessageId: string
  readonly umid: string | null
  readonly status: string
  readonly subAccount: string
  readonly createdAt: number
  readonly batchId?: string
  readonly batchIndex?: number
  /** Why the state is what it is (a send whose outcome at 8x8 is unknown). */
  readonly reason?: string
}

/**
 * The insert of the record of a synchronous send: one delivery attempt. Writing a record twice
 * changes nothing (the admission object's outbox may retry a write D1 took); neither does a send
 * that reused an idempotency key after its 24 h, whose first record stays.
 */
export function recordStatement(db: D1Database, message: NewMessage): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO messages (id, key_id, idempotency_key, client_message_id, umid, status,
        status_rank, sub_account, created_at, updated_at, batch_id, batch_index, attempts, reason)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?) ON CONFLICT DO NOTHING`,
    )
    .bind(
      message.id,
      message.keyId,
      message.idempotencyKey,
      message.clientMessageId,
      message.umid,
      message.status,
      rankOf(message.status),
      message.subAccount,
      message.createdAt,
      message.createdAt,
      message.batchId ?? null,
      message.batchIndex ?? 0,
      message.reason ?? null,
    )
}

interface MessageRow {
  id: string
  client_message_id: string
  umid: string | null
  status: string
  status_rank: number
  reason: string | null
  attempts: number
  batch_id: string | null
  created_at: number
  updated_at: number
}

interface ReceiptRow {
  state: string
  state_rank: number
  detail: string | null
  error_code: number | string | null
  error_message: string | null
  timestamp: string
  received_at: number
}

/**
 * A message of this key with its receipts, or null (unknown, or another key's). Receipts are
 * matched by umid, or, while the record has no umid, by the gateway's message id that 8x8
 * carries as clientMessageId; a receipt that arrived before its record was written is merged the
 * same way.
 */
export async function findMessage(
  db: D1Database,
  keyId: string,
  id: string,
): Promise<MessageRecord | null> {
  const [records, receipts] = await db.batch<MessageRow | ReceiptRow>([
    db
      .prepare(
        `SELECT id, client_message_id, umid, status, status_rank, reason, attempts, batch_id,
          created_at, updated_at FROM messages WHERE id = ? AND key_id = ?`,
      )
      .bind(id, keyId),
    db
      .prepare(
        `SELECT r.state, r.state_rank, r.detail, r.error_code, r.error_message, r.timestamp,
          r.received_at FROM messages m JOIN receipts r
          ON (m.umid IS NOT NULL AND r.umid = m.umid)
            OR (m.umid IS NULL AND r.sub_account = m.sub_account AND r.client_message_id = m.id
              AND NOT EXISTS (SELECT 1 FROM messages o WHERE o.umid = r.umid))
         WHERE m.id = ? AND m.key_id = ? ORDER BY r.state_rank, r.timestamp, r.received_at`,
      )
      .bind(id, keyId),
  ])
  const row = records?.results[0] as MessageRow | undefined
  if (row === undefined) return null
  const history = (receipts?.results ?? []) as ReceiptRow[]
  // The record's state unless a receipt ranks strictly higher (a late record never hides one).
  let state = row.status
  let rank = row.status_rank
  const changedAt = Math.max(row.created_at, row.updated_at)
  let updatedAt = changedAt
  for (const receipt of history) {
    if (receipt.state_rank > rank) {
      state = receipt.state
      rank = receipt.state_rank
    }
    updatedAt = Math.max(updatedAt, receipt.received_at)
  }
  return {
    id: row.id,
    clientMessageId: row.client_message_id,
    umid: row.umid,
    status: currentStatus(state, history, row.reason, changedAt),
    deliveryAttempts: row.attempts,
    batchId: row.batch_id,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(updatedAt).toISOString(),
    history: history.map((receipt) => ({
      state: receipt.state,
      ...(receipt.detail === null ? {} : { detail: receipt.detail }),
      ...(receipt.error_code === null ? {} : { errorCode: receipt.error_code }),
      ...(receipt.error_message === null ? {} : { errorMessage: receipt.error_message }),
      timestamp: receipt.timestamp,
      receivedAt: new Date(receipt.received_at).toISOString(),
    })),
  }
}

/**
 * The status a record shows for `state`: the latest receipt of that state, with 8x8's time,
 * detail and error, so that an undelivered message says why; or, when the gateway set the state
 * itself (accepted, unknown, failed, or the state 8x8 answered a send with), the gateway's time
 * and reason (a dead-lettered message's "delivery attempts exhausted (last: …)").
 */
function currentStatus(
  state: string,
  history: readonly ReceiptRow[],
  reason: string | null,
  changedAt: number,
): MessageStatus {
  const receipt = history.findLast((entry) => entry.state === state)
  if (receipt !== undefined) {
    return messageStatus({
      state,
      timestamp: receipt.timestamp,
      detail: receipt.detail,
      errorCode: receipt.error_code,
      errorMessage: receipt.error_message,
    })
  }
  return messageStatus({ state, timestamp: new Date(changedAt).toISOString(), reason })
}
