/**
 * D1: client keys and message records.
 *
 * @module
 */
import type { KeyRecord, SignatureAlgorithm } from '@chatapps/signature'
import { rankOf } from './delivery/states'

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

/** A message the gateway sent, as `GET /v1/messages/:id` shows it. */
export interface MessageRecord {
  readonly id: string
  readonly clientMessageId: string
  readonly umid: string | null
  readonly status: string
  readonly createdAt: string
}

/** A message to record; a batch's messages carry its id and their index. */
export interface NewMessage {
  readonly id: string
  readonly keyId: string
  readonly idempotencyKey: string
  readonly clientMessageId: string
  readonly umid: string | null
  readonly status: string
  readonly subAccount: string
  readonly createdAt: number
  readonly batchId?: string
  readonly batchIndex?: number
}

function insertStatement(db: D1Database, message: NewMessage): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO messages (id, key_id, idempotency_key, client_message_id, umid, status,
        status_rank, sub_account, created_at, updated_at, batch_id, batch_index)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
    )
}

/** Records one sent message. */
export async function insertMessage(db: D1Database, message: NewMessage): Promise<void> {
  await insertStatement(db, message).run()
}

/** Records the messages of a batch in one D1 transaction. */
export async function insertMessages(
  db: D1Database,
  messages: readonly NewMessage[],
): Promise<void> {
  if (messages.length === 0) return
  await db.batch(messages.map((message) => insertStatement(db, message)))
}

interface MessageRow {
  id: string
  client_message_id: string
  umid: string | null
  status: string
  created_at: number
}

/** A message of this key, or null (unknown, or another key's). */
export async function findMessage(
  db: D1Database,
  keyId: string,
  id: string,
): Promise<MessageRecord | null> {
  const row = await db
    .prepare(
      'SELECT id, client_message_id, umid, status, created_at FROM messages WHERE id = ? AND key_id = ?',
    )
    .bind(id, keyId)
    .first<MessageRow>()
  if (row === null) return null
  return {
    id: row.id,
    clientMessageId: row.client_message_id,
    umid: row.umid,
    status: row.status,
    createdAt: new Date(row.created_at).toISOString(),
  }
}
