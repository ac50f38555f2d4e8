/**
 * The signed-request guard: signature (keys from D1, kept by the isolate) → route permission →
 * admission (Durable Object) → the handler → completion: the answer kept for replay and the
 * messages sent recorded, in one call. Nothing has a side effect before the signature verifies.
 * A send's admission and completion go through the key's {@link AdmissionChannel}, shared with
 * the isolate's other requests of that key; a read is admitted on its own.
 *
 * @module
 */
import {
  acceptSignatureFor,
  type VerifyResult,
  type VerifySuccess,
  verifyRequest,
} from '@chatapps/signature'
import { createMiddleware } from 'hono/factory'
import {
  type AdmitInput,
  type AdmitResult,
  channelFor,
  isFinalAnswer,
  REPLAYED_HEADERS,
  type RequestScope,
} from '../admission'
import { prefersAsync } from '../delivery/accept'
import type { AppEnv } from '../env'
import { Problem, UNAVAILABLE } from '../errors'
import { clientKeys, KeyLookupShed } from '../key-cache'
import { sendAll } from '../queues'
import { writeRecords } from '../records'
import { type ClientKey, findActiveKey, type NewMessage } from '../store'
import { type LookupSeen, logRefusal } from './refusal-log'

/** What a signed route's handler sees. */
export interface SignedVariables {
  verified: VerifySuccess<ClientKey>
  /**
   * Records messages the handler sent. They are kept with the answer in the completion call and
   * reach D1 within `RECORD_FLUSH_MS`, or before the key reads them; the answer stands even if
   * that fails (logged).
   */
  record: (messages: readonly NewMessage[]) => void
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

/**
 * @param route The route's name in a key's `allowed_routes` (`"POST /v1/messages"`).
 */
export function signed(route: string) {
  return createMiddleware<AppEnv & { Variables: SignedVariables }>(async (c, next) => {
    const { config } = c.var
    let result: VerifyResult<ClientKey>
    let lookup: LookupSeen | undefined
    try {
      result = await verifyRequest<ClientKey>(c.req.raw, {
        lookupKey: async (keyId) => {
          const found = await clientKeys.find(
            keyId,
            () => findActiveKey(c.env.DB, keyId, config.refusedKeyIds),
            config.keyCacheMs,
          )
          lookup = { alg: found?.alg ?? null }
          return found
        },
        ...(config.allowedAuthorities === undefined
          ? {}
          : { allowedAuthorities: config.allowedAuthorities }),
      })
    } catch (error) {
      // Shedding is this isolate protecting D1 from unknown key ids: retried like a store outage.
      if (!(error instanceof KeyLookupShed)) {
        console.error('key store unavailable', error instanceof Error ? error.name : 'error')
      }
      throw new Problem('unavailable', UNAVAILABLE)
    }
    // A 401 states what this request must cover: the GET profile for a GET, `prefer` if sent.
    const unauthorized = { headers: { 'accept-signature': acceptSignatureFor(c.req.raw) } }
    if (!result.ok) {
      if (result.status === 401) logRefusal(c.req.raw, result.code, lookup)
      throw new Problem(result.code, result.status === 401 ? unauthorized : {})
    }
    const key = result.keyRecord
    if (key.allowedRoutes !== null && !key.allowedRoutes.includes(route)) {
      throw new Problem('forbidden', { detail: `This key may not call ${route}.` })
    }

    // Idempotency applies to sends; a GET is safe and answered afresh each time.
    const idempotencyKey = c.req.method === 'POST' ? result.idempotencyKey : null
    const url = new URL(c.req.url)
    // The same key reused with another mode (sync or respond-async) is another request.
    const mode = prefersAsync(c.req.header('prefer')) ? ' async' : ''
    const fingerprint = `${c.req.method} ${url.pathname}${url.search} ${result.contentDigest ?? ''}${mode}`
    const namespace = c.env.ADMISSION
    const keyId = result.keyId
    const scope: RequestScope = {
      connect: () => namespace.get(namespace.idFromName(keyId)),
      waitUntil: (promise) => c.executionCtx.waitUntil(promise),
    }
    const channel = channelFor(namespace, keyId, config.shareAdmissionCalls)
    const input: AdmitInput = {
      nonce: result.nonce,
      idempotencyKey,
      fingerprint,
      ratePerSecond: key.ratePerSecond,
      rateBurst: key.rateBurst,
      now: Date.now(),
    }
    let admission: AdmitResult
    try {
      // A read is not a send: it waits for the key's records to reach D1, alone.
      admission =
        c.req.method === 'POST'
          ? await channel.admit(input, scope)
          : await namespace.get(namespace.idFromName(keyId)).admit(input)
    } catch (error) {
      console.error('admission unavailable', error instanceof Error ? error.name : 'error')
      throw new Problem('unavailable', UNAVAILABLE)
    }
    switch (admission.kind) {
      case 'revoked':
        clientKeys.forget(result.keyId)
        logRefusal(c.req.raw, 'revoked', { alg: key.alg })
        throw new Problem('signature_invalid', unauthorized)
      case 'nonce_replayed':
        throw new Problem('signature_replayed', unauthorized)
      case 'idempotency_reused':
        throw new Problem('idempotency_key_reused', {
          detail: 'This idempotency key was used with another request.',
        })
      case 'in_flight':
        throw new Problem('idempotency_key_in_flight', {
          headers: { 'retry-after': String(admission.retryAfter) },
        })
      case 'rate_limited':
        throw new Problem('rate_limited', {
          headers: { 'retry-after': String(admission.retryAfter) },
        })
      case 'replay':
        return new Response(admission.response.body, {
          status: admission.response.status,
          headers: {
            ...admission.response.headers,
            'content-type': admission.response.contentType,
            'idempotency-replayed': 'true',
          },
        })
      case 'proceed':
        break
    }

    c.set('verified', result)
    const records: NewMessage[] = []
    c.set('record', (messages) => {
      records.push(...messages)
    })
    await next()

    if (idempotencyKey === null && records.length === 0) return
    const response = c.res
    const body = await response.clone().text()
    const stored = isFinalAnswer(response.status, body)
      ? {
          status: response.status,
          contentType: response.headers.get('content-type') ?? '',
          body,
          headers: replayedHeaders(response.headers),
        }
      : null
    const completion = { idempotencyKey, response: stored, now: Date.now(), records }
    let kept = false
    try {
      kept = await channel.complete(completion, scope)
    } catch (error) {
      // The claim expires on its own lease; the answer itself is still correct.
      console.error('completion failed', error instanceof Error ? error.name : 'error')
    }
    if (!kept && records.length > 0) {
      try {
        await sendAll(c.env.CALLBACKS, await writeRecords(c.env.DB, records))
      } catch (failure) {
        console.error('message record failed', failure instanceof Error ? failure.name : 'error')
      }
    }
  })
}
