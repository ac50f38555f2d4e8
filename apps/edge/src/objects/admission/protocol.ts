/**
 * What the worker and its admission object say to each other.
 *
 * @module
 */
import type { NewMessage } from '../../db/messages/records'

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
export const REPLAYED_HEADERS: readonly string[] = [
  'location',
  'preference-applied',
  'chatapps-service-window',
]

export interface AdmitInput {
  readonly nonce: string
  /** null for a request without an idempotency key (a GET). */
  readonly idempotencyKey: string | null
  /** method, path and content digest. */
  readonly fingerprint: string
  readonly ratePerSecond: number
  readonly rateBurst: number
  readonly now: number
  /** The key's id, for the refusal counts (src/objects/admission/refusals.ts). */
  readonly keyId?: string
  /**
   * How long this request's claim holds before a retry may take it as abandoned (default
   * {@link CLAIM_LEASE_MS}): at least the route's longest call to 8x8, or a retry would repeat a
   * call still running (an upload may take 120 s).
   */
  readonly leaseMs?: number
}

export type AdmitResult =
  | { readonly kind: 'proceed' }
  /** The key was revoked through the gateway: answered as an unknown key. */
  | { readonly kind: 'revoked' }
  | { readonly kind: 'nonce_replayed' }
  | { readonly kind: 'idempotency_reused' }
  | { readonly kind: 'in_flight'; readonly retryAfter: number }
  | { readonly kind: 'replay'; readonly response: StoredResponse }
  | { readonly kind: 'rate_limited'; readonly retryAfter: number }

/** A finished request, as the worker reports it (`Admission.complete`). */
export interface Completion {
  /** null for a request without one: only `records` are kept. */
  readonly idempotencyKey: string | null
  /** The answer to keep for replay; null releases the claim (a transient failure). */
  readonly response: StoredResponse | null
  readonly now: number
  /** The messages the request sent, for D1. */
  readonly records: readonly NewMessage[]
  /** How long they may wait for a D1 write shared with others (`RECORD_FLUSH_MS`). */
  readonly recordFlushMs: number
  /** The answer was a refusal: the key and the problem's code, counted by the object. */
  readonly refusal?: { readonly keyId: string; readonly code: string }
}

/**
 * The problem code of each refusal the object decides itself (src/http/admission.ts answers it
 * with that code), for the refusal counts.
 */
export const ADMISSION_REFUSALS = {
  revoked: 'signature_invalid',
  nonce_replayed: 'signature_replayed',
  idempotency_reused: 'idempotency_key_reused',
  in_flight: 'idempotency_key_in_flight',
  rate_limited: 'rate_limited',
} as const satisfies Record<Exclude<AdmitResult['kind'], 'proceed' | 'replay'>, string>
