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
/**
 * What a claim's lease gives its request before its call to 8x8: the steps between admission and
 * the call (validation, the template registry in D1, the recipients' `Contact` objects, the
 * circuit breaker). A request still short of its call past this renews its claim first
 * (`Admission.renew`), so that the lease outlasts the call; a normal request never does.
 */
export const CLAIM_BEFORE_CALL_MS = 10_000
/**
 * What a claim's lease keeps after its request's call to 8x8 has ended, at the latest: the report
 * to the circuit breaker and the completion that stores the answer. Only a request whose call
 * ended and whose next two Durable Object calls then took longer than this can meet a retry that
 * took its claim (README, "Idempotency claims").
 */
export const CLAIM_AFTER_CALL_MS = 20_000

/**
 * The lease of a claim whose request makes one call to 8x8 of at most `callTimeoutMs` (the abort
 * signal of every call covers its answer's body too): until the lease ends, a retry is 409
 * `idempotency_key_in_flight`; after it, the object takes the claim as abandoned (the worker that
 * held it died) and lets a retry proceed. A route that made several calls would not need a longer
 * lease: before each call, its request renews the claim if what is left of it does not cover that
 * call (src/http/admission.ts).
 *
 * @example
 * claimLeaseMs(10_000) // 40_000: a send under the default UPSTREAM_TIMEOUT_MS
 * claimLeaseMs(UPLOAD_TIMEOUT_MS) // 150_000: an upload
 */
export function claimLeaseMs(callTimeoutMs: number): number {
  return CLAIM_BEFORE_CALL_MS + callTimeoutMs + CLAIM_AFTER_CALL_MS
}

/**
 * Whether what is left of a lease at `now` covers a call of at most `callTimeoutMs` and
 * {@link CLAIM_AFTER_CALL_MS} after it; when not, the claim is renewed before the call (its
 * steps before the call stalled past {@link CLAIM_BEFORE_CALL_MS}).
 *
 * @example
 * if (!leaseCoversCall(leaseUntil, Date.now(), config.upstreamTimeoutMs)) await renew()
 */
export function leaseCoversCall(leaseUntil: number, now: number, callTimeoutMs: number): boolean {
  return now + callTimeoutMs + CLAIM_AFTER_CALL_MS <= leaseUntil
}

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
   * How long this request's claim holds before a retry may take it as abandoned: {@link
   * claimLeaseMs} of the route's call to 8x8 (the worker's `UPSTREAM_TIMEOUT_MS`, or an upload's
   * 120 s), or a retry would repeat a call still running.
   */
  readonly leaseMs: number
}

/** A request's claim, renewed before its call to 8x8 (`Admission.renew`). */
export interface RenewInput {
  readonly idempotencyKey: string
  readonly fingerprint: string
  /** When the request took its claim (its `AdmitInput.now`): which claim is its own. */
  readonly claimedAt: number
  /** The claim then holds until `now + leaseMs`. */
  readonly leaseMs: number
  readonly now: number
}

export type AdmitResult =
  | {
      readonly kind: 'proceed'
      /**
       * The request took over a claim whose lease had ended without an answer (its worker
       * stopped, or stalled past its lease): when that earlier try claimed the key. It may have
       * reached 8x8, so what this request sends may be sent twice (`maybeSentTwice`).
       */
      readonly earlierTryAt?: number
      /**
       * The seed of the claim's message ids (src/send/message-ids.ts), when the request claimed
       * an Idempotency-Key: the same for every try of one request (a retry that takes over a
       * lapsed claim keeps it), new when the key is claimed anew or again after its answer
       * expired.
       */
      readonly seed?: string
    }
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
  /**
   * When the request took its claim (its `AdmitInput.now`): the answer is kept, or the claim
   * released, only while the claim is still this request's, not a retry's that took it after its
   * lease. Unset: whoever holds it.
   */
  readonly claimedAt?: number
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
