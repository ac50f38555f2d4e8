/**
 * Admission: one Durable Object per client key id (SQLite storage) decides, in one synchronous
 * and therefore atomic step, whether a verified request may proceed: nonce replay, idempotency
 * claim (or replay of the stored answer) and a token-bucket rate limit.
 *
 * @module
 */
import { DurableObject } from 'cloudflare:workers'

/** How long a nonce is remembered (signing.md: at least 420 s). */
export const NONCE_RETENTION_MS = 420_000
/** How long a finished idempotent answer is replayed (signing.md: 24 h). */
export const IDEMPOTENCY_RETENTION_MS = 24 * 60 * 60 * 1000
/** A claim older than this is considered abandoned (the worker that held it died). */
export const CLAIM_LEASE_MS = 60_000

export interface StoredResponse {
  readonly status: number
  readonly contentType: string
  readonly body: string
  /** Headers a replay must repeat (`Location`, `Preference-Applied` of a 202). */
  readonly headers?: Readonly<Record<string, string>>
}

/** The headers of an answer that are part of it, and so replayed with it. */
export const REPLAYED_HEADERS: readonly string[] = ['location', 'preference-applied']

export interface AdmitInput {
  readonly nonce: string
  /** null for a request without an idempotency key (a GET). */
  readonly idempotencyKey: string | null
  /** method, path and content digest. */
  readonly fingerprint: string
  readonly ratePerSecond: number
  readonly rateBurst: number
  readonly now: number
}

export type AdmitResult =
  | { readonly kind: 'proceed' }
  | { readonly kind: 'nonce_replayed' }
  | { readonly kind: 'idempotency_reused' }
  | { readonly kind: 'in_flight'; readonly retryAfter: number }
  | { readonly kind: 'replay'; readonly response: StoredResponse }
  | { readonly kind: 'rate_limited'; readonly retryAfter: number }

interface IdempotencyRow extends Record<string, SqlStorageValue> {
  fingerprint: string
  state: string
  claimed_at: number
  status: number | null
  content_type: string | null
  body: string | null
  headers: string | null
}

interface BucketRow extends Record<string, SqlStorageValue> {
  tokens: number
  updated_at: number
}

export class Admission extends DurableObject {
  private readonly sql: SqlStorage

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env)
    this.sql = ctx.storage.sql
    this.sql.exec(`CREATE TABLE IF NOT EXISTS nonces (nonce TEXT PRIMARY KEY, expires_at INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS nonces_expires ON nonces (expires_at);
      CREATE TABLE IF NOT EXISTS idempotency (
        key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, state TEXT NOT NULL,
        claimed_at INTEGER NOT NULL, expires_at INTEGER NOT NULL,
        status INTEGER, content_type TEXT, body TEXT);
      CREATE INDEX IF NOT EXISTS idempotency_expires ON idempotency (expires_at);
      CREATE TABLE IF NOT EXISTS bucket (id INTEGER PRIMARY KEY CHECK (id = 1),
        tokens REAL NOT NULL, updated_at INTEGER NOT NULL);`)
    // Objects created before replayed headers were kept gain the column.
    const columns = this.sql.exec<{ name: string }>('PRAGMA table_info(idempotency)').toArray()
    if (!columns.some((column) => column.name === 'headers')) {
      this.sql.exec('ALTER TABLE idempotency ADD COLUMN headers TEXT')
    }
  }

  /** The whole admission decision. Synchronous inside, so concurrent calls never interleave. */
  admit(input: AdmitInput): AdmitResult {
    const { now } = input
    this.sql.exec('DELETE FROM nonces WHERE expires_at <= ?', now)
    this.sql.exec('DELETE FROM idempotency WHERE expires_at <= ?', now)

    const seen = this.sql.exec('SELECT 1 FROM nonces WHERE nonce = ?', input.nonce).toArray()
    if (seen.length > 0) return { kind: 'nonce_replayed' }
    this.sql.exec(
      'INSERT INTO nonces (nonce, expires_at) VALUES (?, ?)',
      input.nonce,
      now + NONCE_RETENTION_MS,
    )

    if (input.idempotencyKey !== null) {
      const row = this.sql
        .exec<IdempotencyRow>(
          `SELECT fingerprint, state, claimed_at, status, content_type, body, headers
           FROM idempotency WHERE key = ?`,
          input.idempotencyKey,
        )
        .toArray()[0]
      if (row !== undefined) {
        if (row.fingerprint !== input.fingerprint) return { kind: 'idempotency_reused' }
        if (row.state === 'done' && row.status !== null && row.body !== null) {
          const response: StoredResponse = {
            status: row.status,
            contentType: row.content_type ?? '',
            body: row.body,
            ...(row.headers === null
              ? {}
              : { headers: JSON.parse(row.headers) as Record<string, string> }),
          }
          return { kind: 'replay', response }
        }
        if (now - row.claimed_at < CLAIM_LEASE_MS) {
          const retryAfter = Math.max(1, Math.ceil((row.claimed_at + CLAIM_LEASE_MS - now) / 1000))
          return { kind: 'in_flight', retryAfter: Math.min(retryAfter, 5) }
        }
        // An abandoned claim: the request may try again.
      }
    }

    const bucket = this.sql.exec<BucketRow>('SELECT tokens, updated_at FROM bucket').toArray()[0]
    const elapsed = bucket === undefined ? 0 : Math.max(0, now - bucket.updated_at) / 1000
    const tokens = Math.min(
      input.rateBurst,
      (bucket?.tokens ?? input.rateBurst) + elapsed * input.ratePerSecond,
    )
    if (tokens < 1) {
      this.sql.exec(
        'INSERT OR REPLACE INTO bucket (id, tokens, updated_at) VALUES (1, ?, ?)',
        tokens,
        now,
      )
      const retryAfter = Math.max(1, Math.ceil((1 - tokens) / input.ratePerSecond))
      return { kind: 'rate_limited', retryAfter }
    }
    this.sql.exec(
      'INSERT OR REPLACE INTO bucket (id, tokens, updated_at) VALUES (1, ?, ?)',
      tokens - 1,
      now,
    )
    if (input.idempotencyKey !== null) {
      this.sql.exec(
        `INSERT OR REPLACE INTO idempotency (key, fingerprint, state, claimed_at, expires_at)
         VALUES (?, ?, 'claimed', ?, ?)`,
        input.idempotencyKey,
        input.fingerprint,
        now,
        now + IDEMPOTENCY_RETENTION_MS,
      )
    }
    return { kind: 'proceed' }
  }

  /**
   * Finishes a claim: stores a deterministic answer for replay, or releases the claim (a
   * transient failure) so that the client's retry proceeds.
   */
  complete(idempotencyKey: string, response: StoredResponse | null, now: number): void {
    if (response === null) {
      this.sql.exec("DELETE FROM idempotency WHERE key = ? AND state = 'claimed'", idempotencyKey)
      return
    }
    this.sql.exec(
      `UPDATE idempotency SET state = 'done', status = ?, content_type = ?, body = ?, headers = ?,
        expires_at = ? WHERE key = ?`,
      response.status,
      response.contentType,
      response.body,
      response.headers === undefined ? null : JSON.stringify(response.headers),
      now + IDEMPOTENCY_RETENTION_MS,
      idempotencyKey,
    )
  }
}
