/**
 * The admission step of a signed route: before the handler, the key's admission object decides
 * (revocation, nonce replay, idempotency claim or replay of the stored answer, rate limit); after
 * it, the completion keeps the answer for replay and the messages sent for D1, in one call.
 * Each request makes its own calls (src/objects/admission/client.ts says why they are not shared
 * between requests); a read waits for the key's records to reach D1 first.
 *
 * @module
 */
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../bindings'
import type { CallbackJob } from '../callbacks/events'
import { clientKeys } from '../db/key-cache'
import type { NewMessage } from '../db/messages/records'
import { prefersAsync } from '../lib/prefer'
import { sendAll } from '../lib/queues'
import {
  type AdmissionCalls,
  type ClaimCalls,
  type ClaimGuard,
  completeSend,
  NO_CLAIM,
} from '../objects/admission/client'
import { isFinalAnswer } from '../objects/admission/final'
import {
  type AdmitInput,
  type AdmitResult,
  CLAIM_AFTER_CALL_MS,
  claimLeaseMs,
  leaseCoversCall,
  REPLAYED_HEADERS,
  type RenewInput,
  type StoredResponse,
} from '../objects/admission/protocol'
import { timed } from '../observability/timed'
import { Problem, UNAVAILABLE } from '../problems'
import { writeRecords } from '../receipts/early'
import { messageIds } from '../send/message-ids'
import { logRefusal } from './refusal-log'
import { type SignatureVariables, unauthorizedHeaders } from './signature'

/** What the handler sees. */
export interface AdmissionVariables {
  /**
   * Records messages the handler sent. They are kept with the answer in the completion call and
   * reach D1 within `RECORD_FLUSH_MS`, or before the key reads them; the answer stands even if
   * that fails (logged).
   */
  record: (messages: readonly NewMessage[]) => void
  /**
   * The request's idempotency claim, which its call to 8x8 checks first (src/send/now.ts): the
   * claim must outlast the call. Without an idempotency key (a GET, a DELETE), nothing to check.
   */
  claim: ClaimGuard
  /**
   * When an earlier try of this request claimed its Idempotency-Key, if this request took that
   * claim over after its lease ended without an answer; else null. That try may have reached
   * 8x8: a synchronous send's answer and records say so (`maybeSentTwice`). An asynchronous
   * send needs nothing: a retry gets the records of the first try, and the queue sends each once.
   */
  earlierTryAt: number | null
  /**
   * The gateway's id of the request's message at `index` (its index in the caller's list; 0
   * for a single message), also 8x8's `clientMessageId`. A synchronous send with an
   * Idempotency-Key derives it from its claim, so every try of the request sends the same id
   * and an earlier try's receipts join the record of the try that answered (src/send/message-ids.ts).
   * Otherwise random: an asynchronous send's retry is answered the ids its first try recorded.
   */
  messageId: (index: number) => Promise<string>
}

/** The headers of an answer that a replay repeats. */
function replayedHeaders(headers: Headers): Record<string, string> {
  return Object.fromEntries(
    REPLAYED_HEADERS.flatMap((name) => {
      const value = headers.get(name)
      return value === null ? [] : [[name, value] as const]
    }),
  )
}

/** A stored answer, replayed. */
function replayOf(response: StoredResponse): Response {
  return new Response(response.body, {
    status: response.status,
    headers: {
      ...response.headers,
      'content-type': response.contentType,
      'idempotency-replayed': 'true',
    },
  })
}

/** How a route's requests are admitted. */
interface AdmissionOptions {
  /**
   * The timeout of the route's one call to 8x8 (default `UPSTREAM_TIMEOUT_MS`): the claim's lease
   * is {@link claimLeaseMs} of it, so that a retry never takes the claim of a request whose call
   * may still be running.
   */
  readonly callTimeoutMs?: number
}

/**
 * The claim as a request's call to 8x8 checks it. While what is left of the lease covers the call
 * and {@link CLAIM_AFTER_CALL_MS} after it, nothing is asked (every request whose steps before
 * the call took under `CLAIM_BEFORE_CALL_MS`). Otherwise the claim is renewed first: the steps
 * before the call (Durable Objects, D1) have no deadline of their own, and a lease that ran out
 * while they stalled lets a retry take the claim and send. If a retry took it, the request calls
 * nothing and answers 409 `idempotency_key_in_flight` (`lost` says what a try of the key gets).
 */
function claimGuard(
  object: ClaimCalls,
  claim: Omit<RenewInput, 'now'>,
  callTimeoutMs: number,
  lost: (answer: AdmitResult) => void,
): ClaimGuard {
  let leaseUntil = claim.claimedAt + claim.leaseMs
  return {
    async beforeCall() {
      const now = Date.now()
      if (leaseCoversCall(leaseUntil, now, callTimeoutMs)) return
      let renewed: AdmitResult
      try {
        renewed = await object.renew({ ...claim, now })
      } catch (error) {
        // Transient: the completion releases the claim (if it is still this request's).
        console.error('admission unavailable', error instanceof Error ? error.name : 'error')
        throw new Problem('unavailable', UNAVAILABLE)
      }
      if (renewed.kind === 'proceed') {
        leaseUntil = now + claim.leaseMs
        return
      }
      console.warn('claim taken by a retry: nothing sent')
      lost(renewed)
      const retryAfter = renewed.kind === 'in_flight' ? renewed.retryAfter : 1
      throw new Problem('idempotency_key_in_flight', {
        headers: { 'retry-after': String(retryAfter) },
      })
    },
  }
}

/**
 * Admits a verified request, runs the handler, then completes it.
 *
 * @example
 * messages.post('/', jsonBody, signature('POST /v1/messages'), admission, validMessage, send)
 */
const admissionStep = ({ callTimeoutMs }: AdmissionOptions = {}) =>
  createMiddleware<AppEnv & { Variables: SignatureVariables & AdmissionVariables }>(
    async (c, next) => {
      const config = c.get('config')
      const verified = c.get('verified')
      const key = verified.keyRecord
      // Idempotency applies to sends; a GET is safe and answered afresh each time.
      const idempotencyKey = c.req.method === 'POST' ? verified.idempotencyKey : null
      const url = new URL(c.req.url)
      // The same key reused with another mode (sync or respond-async) is another request.
      const mode = prefersAsync(c.req.header('prefer')) ? ' async' : ''
      const fingerprint = `${c.req.method} ${url.pathname}${url.search} ${verified.contentDigest ?? ''}${mode}`
      const keyId = verified.keyId
      // Made in this request's context, and used only by it.
      const object = c.env.ADMISSION.get(c.env.ADMISSION.idFromName(keyId))
      const callMs = callTimeoutMs ?? config.upstreamTimeoutMs
      const leaseMs = claimLeaseMs(callMs)
      const input: AdmitInput = {
        nonce: verified.nonce,
        idempotencyKey,
        fingerprint,
        ratePerSecond: key.ratePerSecond,
        rateBurst: key.rateBurst,
        now: Date.now(),
        keyId,
        leaseMs,
      }
      let admitted: AdmitResult
      try {
        // A request without an idempotency key (not a send) waits for the key's records in D1.
        admitted = await object.admit(input)
      } catch (error) {
        console.error('admission unavailable', error instanceof Error ? error.name : 'error')
        throw new Problem('unavailable', UNAVAILABLE)
      }
      switch (admitted.kind) {
        case 'revoked':
          clientKeys.forget(keyId)
          logRefusal(c.req.raw, 'revoked', { alg: key.alg })
          throw new Problem('signature_invalid', unauthorizedHeaders(c.req.raw))
        case 'nonce_replayed':
          throw new Problem('signature_replayed', unauthorizedHeaders(c.req.raw))
        case 'idempotency_reused':
          throw new Problem('idempotency_key_reused', {
            detail: 'This idempotency key was used with another request.',
          })
        case 'in_flight':
          throw new Problem('idempotency_key_in_flight', {
            headers: { 'retry-after': String(admitted.retryAfter) },
          })
        case 'rate_limited':
          throw new Problem('rate_limited', {
            headers: { 'retry-after': String(admitted.retryAfter) },
          })
        case 'replay':
          return replayOf(admitted.response)
        case 'proceed':
          break
      }

      c.set('messageId', messageIds(mode === '' ? (admitted.seed ?? null) : null))
      const earlierTryAt = admitted.earlierTryAt ?? null
      if (earlierTryAt !== null) console.warn('lapsed claim taken over: may be sent twice')
      c.set('earlierTryAt', earlierTryAt)
      const records: NewMessage[] = []
      c.set('record', (messages) => {
        records.push(
          ...(earlierTryAt === null ? messages : messages.map((m) => ({ ...m, earlierTryAt }))),
        )
      })
      // A retry that took the claim while this request stalled: the key's answer is the retry's.
      const claim: { lost: AdmitResult | null } = { lost: null }
      c.set(
        'claim',
        idempotencyKey === null
          ? NO_CLAIM
          : claimGuard(
              object,
              { idempotencyKey, fingerprint, claimedAt: input.now, leaseMs },
              callMs,
              (answer) => {
                claim.lost = answer
              },
            ),
      )
      await next()
      const taken = claim.lost
      if (taken?.kind === 'replay') {
        // What any try of the key gets now, rather than the 409 the handler answered (unset
        // first: hono would carry the 409's headers over).
        c.res = undefined
        c.res = replayOf(taken.response)
      }
      // Nothing was sent: nothing to complete, and the claim is not this request's to end.
      if (taken !== null && records.length === 0) return
      if (idempotencyKey === null && records.length === 0) return
      await complete(
        c.res,
        {
          idempotencyKey: taken === null ? idempotencyKey : null,
          claimedAt: input.now,
          records,
          recordFlushMs: config.recordFlushMs,
          keyId,
        },
        { object, db: c.env.DB, callbacks: c.env.CALLBACKS },
      )
    },
  )

/** The `code` of a problem+json body (`unknown` when the body is not one). */
function problemCodeOf(body: string): string {
  try {
    const code = (JSON.parse(body) as { code?: unknown }).code
    return typeof code === 'string' && /^[a-z_]{1,64}$/.test(code) ? code : 'unknown'
  } catch {
    return 'unknown'
  }
}

/**
 * Keeps a final answer for replay (a transient one releases the claim) and the messages sent;
 * when the object did not keep them, the request writes its records itself.
 */
async function complete(
  response: Response,
  request: {
    readonly idempotencyKey: string | null
    /** When the request took its claim: only its own claim is completed. */
    readonly claimedAt: number
    readonly records: readonly NewMessage[]
    readonly recordFlushMs: number
    readonly keyId: string
  },
  deps: {
    readonly object: AdmissionCalls
    readonly db: D1Database
    readonly callbacks: Queue<CallbackJob>
  },
): Promise<void> {
  const body = await response.clone().text()
  const stored = isFinalAnswer(response.status, body)
    ? {
        status: response.status,
        contentType: response.headers.get('content-type') ?? '',
        body,
        headers: replayedHeaders(response.headers),
      }
    : null
  const code = response.status >= 400 ? problemCodeOf(body) : undefined
  const { keyId, ...completion } = request
  let kept = false
  try {
    kept = await completeSend(deps.object, {
      ...completion,
      response: stored,
      now: Date.now(),
      ...(code === undefined ? {} : { refusal: { keyId, code } }),
    })
  } catch (error) {
    // The claim expires on its own lease; the answer itself is still correct.
    console.error('completion failed', error instanceof Error ? error.name : 'error')
  }
  if (!kept && request.records.length > 0) {
    try {
      await sendAll(deps.callbacks, await writeRecords(deps.db, request.records))
    } catch (failure) {
      console.error('message record failed', failure instanceof Error ? failure.name : 'error')
    }
  }
}

/**
 * Admits a verified request, runs the handler, then completes it; timed as the `admission` and
 * `record` steps of the request's log line (src/observability). Its claim's lease is
 * {@link claimLeaseMs} of `UPSTREAM_TIMEOUT_MS`: the route makes at most one call to 8x8, of at
 * most that long.
 *
 * @example
 * messages.post('/', jsonBody, signature('POST /v1/messages'), admission, validMessage, send)
 */
export const admission = timed('admission', 'record', admissionStep())

/**
 * {@link admission} for a route whose call to 8x8 has its own timeout (an upload's, 120 s): its
 * claim holds for {@link claimLeaseMs} of it.
 *
 * @example
 * files.post('/', multipartBody, signature('POST /v1/files'), admissionFor({ callTimeoutMs: UPLOAD_TIMEOUT_MS }), upload)
 */
export const admissionFor = (options: AdmissionOptions) =>
  timed('admission', 'record', admissionStep(options))
