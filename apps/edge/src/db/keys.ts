/**
 * D1 `client_keys`: the keys requests are signed with, as the gateway reads and revokes them
 * (`pnpm keys` adds them).
 *
 * @module
 */
import type { KeyRecord, SignatureAlgorithm } from '@chatapps/signature'
import type { ServiceWindowPolicy } from '../objects/contact/protocol'

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
  /** The customer-service window policy (docs/conversations.md). */
  readonly serviceWindow: ServiceWindowPolicy
  /** Pacing per recipient; null: the deployment's default. */
  readonly contactRatePerSecond: number | null
  readonly contactBurst: number | null
  /** The check of template sends against the registry (docs/templates.md). */
  readonly templateCheck: TemplateCheckPolicy
}

/** How a key's template sends are checked against the registry (docs/templates.md). */
export type TemplateCheckPolicy = 'off' | 'observe' | 'enforce'

/** A policy column read leniently: anything unknown is the default, `observe`. */
function policy(value: string | null): 'off' | 'observe' | 'enforce' {
  return value === 'off' || value === 'enforce' ? value : 'observe'
}

/**
 * A key's `template_check` as read with another table's row (the delivery consumer's claim):
 * leniently, as {@link findActiveKey} reads it; null (no such key any more) is the default.
 *
 * @example
 * templateCheckOf(row.template_check) // 'enforce'
 */
export function templateCheckOf(value: string | null): TemplateCheckPolicy {
  return policy(value)
}

/**
 * The key's policy as an SQL expression over a `messages` row, for a statement of the owner of
 * `messages` that needs it (one statement, no read of its own). Unfiltered by status: a key
 * revoked after a message was accepted keeps its policy for that message.
 */
export const MESSAGE_KEY_TEMPLATE_CHECK =
  '(SELECT template_check FROM client_keys WHERE client_keys.key_id = messages.key_id)'

interface ClientKeyRow {
  key_id: string
  alg: SignatureAlgorithm
  secret: string
  sub_account: string
  allowed_routes: string | null
  allowed_types: string | null
  rate_per_second: number
  rate_burst: number
  service_window: string
  contact_rate_per_second: number | null
  contact_burst: number | null
  template_check: string
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
        rate_burst, service_window, contact_rate_per_second, contact_burst, template_check
        FROM client_keys WHERE key_id = ? AND status = 'active'`,
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
    serviceWindow: policy(row.service_window),
    contactRatePerSecond: row.contact_rate_per_second,
    contactBurst: row.contact_burst,
    templateCheck: policy(row.template_check),
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

/** Where a key's callbacks go, and the secret they are signed with (null: none registered). */
export interface CallbackTarget {
  readonly callback_url: string | null
  readonly callback_secret: string | null
}

/**
 * An active key's callback URL and secret, read at each attempt (a change applies at once), or
 * null when the key is revoked or unknown.
 */
export async function findCallbackTarget(
  db: D1Database,
  keyId: string,
): Promise<CallbackTarget | null> {
  return db
    .prepare(
      "SELECT callback_url, callback_secret FROM client_keys WHERE key_id = ? AND status = 'active'",
    )
    .bind(keyId)
    .first<CallbackTarget>()
}

/** A client key as the console lists it: never its key material nor its callback secret. */
export interface KeySummary {
  readonly keyId: string
  readonly alg: string
  readonly subAccount: string
  readonly status: string
  readonly callbackUrl: string | null
  /** Whether a callback secret is registered (the secret itself is never read here). */
  readonly hasCallbackSecret: boolean
  readonly ratePerSecond: number
  readonly rateBurst: number
  readonly serviceWindow: string
  readonly templateCheck: string
  readonly createdAt: number
}

/**
 * Every client key, active first, then by id; secrets are not selected.
 *
 * @example
 * const keys = await listKeys(env.DB)
 */
export async function listKeys(db: D1Database): Promise<KeySummary[]> {
  const { results } = await db
    .prepare(
      `SELECT key_id, alg, sub_account, status, callback_url,
        callback_secret IS NOT NULL AS has_secret, rate_per_second, rate_burst, service_window,
        template_check, created_at FROM client_keys ORDER BY status = 'revoked', key_id LIMIT 1000`,
    )
    .all<{
      key_id: string
      alg: string
      sub_account: string
      status: string
      callback_url: string | null
      has_secret: number
      rate_per_second: number
      rate_burst: number
      service_window: string
      template_check: string
      created_at: number
    }>()
  return results.map((row) => ({
    keyId: row.key_id,
    alg: row.alg,
    subAccount: row.sub_account,
    status: row.status,
    callbackUrl: row.callback_url,
    hasCallbackSecret: row.has_secret === 1,
    ratePerSecond: row.rate_per_second,
    rateBurst: row.rate_burst,
    serviceWindow: row.service_window,
    templateCheck: row.template_check,
    createdAt: row.created_at,
  }))
}

/** A new ed25519 key (its public key, SPKI base64: no secret). */
export interface NewPublicKey {
  readonly keyId: string
  readonly publicKey: string
  readonly subAccount: string
  readonly createdAt: number
}

/**
 * Adds an ed25519 client key. A key id already used (active or revoked) is never reused.
 *
 * @returns false when the id is taken.
 * @example
 * await addPublicKey(env.DB, { keyId: 'acme-2', publicKey: 'MCowBQYDK2VwAyEA…', subAccount: 'acme', createdAt: Date.now() })
 */
export async function addPublicKey(db: D1Database, key: NewPublicKey): Promise<boolean> {
  const result = await db
    .prepare(
      `INSERT INTO client_keys (key_id, alg, secret, sub_account, status, created_at)
       VALUES (?, 'ed25519', ?, ?, 'active', ?) ON CONFLICT (key_id) DO NOTHING`,
    )
    .bind(key.keyId, key.publicKey, key.subAccount, key.createdAt)
    .run()
  return result.meta.changes === 1
}

/**
 * Rotates an active key to a new ed25519 key: the new one takes every setting of the old one
 * (sub-account, permissions, rates, window and template policies, pacing, callback URL and
 * secret); both stay
 * active until the old one is revoked, as `pnpm keys rotate` does.
 *
 * @returns false when the old key is not active or the new id is taken.
 * @example
 * await rotateToPublicKey(env.DB, 'acme-1', 'acme-2', 'MCowBQYDK2VwAyEA…', Date.now())
 */
export async function rotateToPublicKey(
  db: D1Database,
  oldKeyId: string,
  newKeyId: string,
  publicKey: string,
  createdAt: number,
): Promise<boolean> {
  const result = await db
    .prepare(
      `INSERT INTO client_keys (key_id, alg, secret, sub_account, allowed_routes, allowed_types,
        rate_per_second, rate_burst, status, created_at, callback_url, callback_secret,
        service_window, contact_rate_per_second, contact_burst, template_check)
       SELECT ?, 'ed25519', ?, sub_account, allowed_routes, allowed_types, rate_per_second,
        rate_burst, 'active', ?, callback_url, callback_secret, service_window,
        contact_rate_per_second, contact_burst, template_check
       FROM client_keys WHERE key_id = ? AND status = 'active'
       ON CONFLICT (key_id) DO NOTHING`,
    )
    .bind(newKeyId, publicKey, createdAt, oldKeyId)
    .run()
  return result.meta.changes === 1
}

/**
 * Changes an active key's callback URL, keeping its secret (a new secret is `pnpm keys
 * set-callback`'s, which shows it once); null stops callbacks but keeps the secret.
 *
 * @returns false when the key is not active or has no callback secret yet.
 * @example
 * await setCallbackUrl(env.DB, 'acme-1', 'https://hooks.acme.example/chatapps')
 */
export async function setCallbackUrl(
  db: D1Database,
  keyId: string,
  url: string | null,
): Promise<boolean> {
  const result = await db
    .prepare(
      `UPDATE client_keys SET callback_url = ? WHERE key_id = ? AND status = 'active'
        AND callback_secret IS NOT NULL`,
    )
    .bind(url, keyId)
    .run()
  return result.meta.changes === 1
}
