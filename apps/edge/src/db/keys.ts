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
  service_window: string
  contact_rate_per_second: number | null
  contact_burst: number | null
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
        rate_burst, service_window, contact_rate_per_second, contact_burst FROM client_keys WHERE key_id = ? AND status = 'active'`,
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
    serviceWindow:
      row.service_window === 'off' || row.service_window === 'enforce'
        ? row.service_window
        : 'observe',
    contactRatePerSecond: row.contact_rate_per_second,
    contactBurst: row.contact_burst,
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
