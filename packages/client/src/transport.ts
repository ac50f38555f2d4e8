/**
 * One logical call: sign, send, and retry with the same idempotency key, a fresh nonce and
 * signature each attempt, until an answer is final or the retries are spent.
 *
 * @module
 */
import {
  importPrivateKey,
  importSecret,
  type SignatureAlgorithm,
  serializeIdempotencyKey,
  signRequest,
} from '@chatapps/signature'
import { ChatappsError, type ChatappsErrorInit, chatappsError, problemInit } from './errors'
import { backoffDelay, isRetryableStatus, parseRetryAfter, type RetryPolicy } from './retry'
import type { CallMeta, FetchLike } from './types'

/** @internal The client's settings, validated. */
export interface TransportSettings {
  readonly baseUrl: URL
  readonly keyId: string
  readonly alg: SignatureAlgorithm
  readonly key: () => Promise<CryptoKey>
  readonly fetch: FetchLike
  readonly timeoutMs: number
  readonly policy: RetryPolicy
}

/** @internal One call to make. */
export interface CallSpec {
  readonly method: 'GET' | 'POST' | 'DELETE'
  readonly path: string
  /** The query, without `?` (signed as `@query`). */
  readonly query?: URLSearchParams
  readonly body?: string | Uint8Array<ArrayBuffer> | Blob
  /** The body's media type; `application/json` unless said (an upload's multipart form). */
  readonly contentType?: string
  /**
   * The body's `Content-Digest`, computed as it streamed: the body is then signed without being
   * read (an upload, which may be larger than memory should hold).
   */
  readonly contentDigest?: string
  readonly idempotencyKey?: string
  readonly prefer?: string
  readonly traceparent?: string | undefined
  readonly signal?: AbortSignal | undefined
}

/** @internal A final, successful answer. */
export interface CallAnswer {
  readonly status: number
  readonly headers: Headers
  readonly json: unknown
  readonly meta: CallMeta
}

/** @internal Imports a text key once; a CryptoKey is used as is. */
export function keyLoader(
  alg: SignatureAlgorithm,
  key: string | CryptoKey,
): () => Promise<CryptoKey> {
  let loaded: Promise<CryptoKey> | undefined
  return () => {
    if (typeof key !== 'string') return Promise.resolve(key)
    loaded ??= alg === 'hmac-sha256' ? importSecret(key) : importPrivateKey(key)
    return loaded
  }
}

type Attempt =
  | { readonly kind: 'answer'; readonly response: Response; readonly text: string }
  | { readonly kind: 'failed'; readonly init: ChatappsErrorInit }
  | { readonly kind: 'aborted'; readonly cause: unknown }

/** @internal Makes the call, with its retries. */
export async function call(settings: TransportSettings, spec: CallSpec): Promise<CallAnswer> {
  const { policy } = settings
  const idempotencyKey = spec.idempotencyKey
  const fieldValue =
    idempotencyKey === undefined ? undefined : serializeIdempotencyKey(idempotencyKey)
  const key = await settings.key()
  const keyed = idempotencyKey === undefined ? {} : { idempotencyKey }

  for (let attempt = 1; ; attempt++) {
    throwIfAborted(spec.signal, attempt - 1, idempotencyKey)
    const result = await attemptOnce(settings, spec, key, fieldValue)
    if (result.kind === 'aborted') throw aborted(result.cause, attempt, idempotencyKey)
    let failure: ChatappsErrorInit
    if (result.kind === 'answer') {
      const { response, text } = result
      if (response.ok) return success(response, text, attempt, idempotencyKey)
      const retryAfter = parseRetryAfter(response.headers.get('retry-after'))
      failure = problemInit(response.status, parseJson(text), {
        retryAfter,
        requests: attempt,
        idempotencyKey,
      })
      if (!isRetryableStatus(response.status, failure.code)) throw chatappsError(failure)
    } else {
      failure = { ...result.init, requests: attempt, ...keyed }
    }
    if (attempt > policy.retries) throw new ChatappsError(failure)
    const delay =
      failure.retryAfter === undefined ? backoffDelay(policy, attempt) : failure.retryAfter * 1000
    if (delay > policy.maxRetryAfterMs) throw new ChatappsError(failure)
    try {
      await policy.sleep(delay, spec.signal)
    } catch (cause) {
      throw aborted(cause, attempt, idempotencyKey)
    }
  }
}

async function attemptOnce(
  settings: TransportSettings,
  spec: CallSpec,
  key: CryptoKey,
  idempotencyField: string | undefined,
): Promise<Attempt> {
  const url = new URL(settings.baseUrl)
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${spec.path}`
  if (spec.query !== undefined && spec.query.size > 0) url.search = spec.query.toString()
  const headers = new Headers({ accept: 'application/json, application/problem+json' })
  if (spec.body !== undefined) headers.set('content-type', spec.contentType ?? 'application/json')
  if (idempotencyField !== undefined) headers.set('idempotency-key', idempotencyField)
  // Set before signing: signRequest covers `prefer` whenever it is there (signing.md requires it).
  if (spec.prefer !== undefined) headers.set('prefer', spec.prefer)
  if (spec.contentDigest !== undefined) headers.set('content-digest', spec.contentDigest)
  if (spec.traceparent !== undefined) headers.set('traceparent', spec.traceparent)
  const unsigned = new Request(url, {
    method: spec.method,
    headers,
    ...(spec.body === undefined ? {} : { body: spec.body }),
  })
  // Each attempt signs again: a fresh nonce, `created` and signature, the same idempotency key.
  const signed = await signRequest(unsigned, {
    keyId: settings.keyId,
    alg: settings.alg,
    key,
    deferBody: spec.contentDigest !== undefined,
  })

  const controller = new AbortController()
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    controller.abort(new Error(`no answer within ${settings.timeoutMs} ms`))
  }, settings.timeoutMs)
  const onAbort = () => controller.abort(spec.signal?.reason)
  spec.signal?.addEventListener('abort', onAbort, { once: true })
  try {
    const response = await raceAbort(
      settings.fetch(signed, { signal: controller.signal }),
      controller.signal,
    )
    const text = await raceAbort(response.text(), controller.signal)
    return { kind: 'answer', response, text }
  } catch (cause) {
    if (spec.signal?.aborted) return { kind: 'aborted', cause }
    const init: ChatappsErrorInit = timedOut
      ? { source: 'network', status: 0, code: 'timeout', title: 'Timeout', cause }
      : {
          source: 'network',
          status: 0,
          code: 'network_error',
          title: 'Network error',
          detail: cause instanceof Error ? cause.message : String(cause),
          cause,
        }
    return { kind: 'failed', init }
  } finally {
    clearTimeout(timer)
    spec.signal?.removeEventListener('abort', onAbort)
  }
}

function success(
  response: Response,
  text: string,
  requests: number,
  idempotencyKey: string | undefined,
): CallAnswer {
  const json = text === '' ? null : parseJson(text)
  if (json === undefined) {
    throw new ChatappsError({
      source: 'gateway',
      status: response.status,
      code: 'invalid_response',
      title: 'Invalid response',
      detail: 'The gateway answered with a body that is not JSON.',
      requests,
      ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
    })
  }
  return {
    status: response.status,
    headers: response.headers,
    json,
    meta: {
      requests,
      idempotencyKey,
      replayed: response.headers.get('idempotency-replayed') === 'true',
      status: response.status,
    },
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

function aborted(cause: unknown, requests: number, idempotencyKey: string | undefined) {
  if (cause instanceof ChatappsError) return cause
  return new ChatappsError({
    source: 'network',
    status: 0,
    code: 'aborted',
    title: 'Aborted',
    requests,
    cause,
    ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
  })
}

function throwIfAborted(
  signal: AbortSignal | undefined,
  requests: number,
  idempotencyKey: string | undefined,
) {
  if (signal?.aborted) throw aborted(signal.reason, requests, idempotencyKey)
}

/** Settles with `promise`, or rejects as soon as `signal` aborts (a fetch may ignore it). */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason)
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(error)
      },
    )
  })
}
