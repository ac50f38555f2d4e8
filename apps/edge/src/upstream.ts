/**
 * The 8x8 ChatApps client: one POST per message, with the gateway's API key. Its answers are
 * mapped to the gateway's outcomes; the key never appears in a result, error or log line.
 *
 * @module
 */
import type { Config } from './env'

export interface UpstreamSuccess {
  readonly ok: true
  readonly umid: string
  readonly clientMessageId: string
  readonly status: unknown
}

export type UpstreamFailure =
  /** 8x8 refused the message itself (its 4xx): deterministic, 422 `upstream_rejected`. */
  | {
      readonly ok: false
      readonly kind: 'rejected'
      readonly code: unknown
      readonly message: string
    }
  /** 429, 5xx, an auth failure of the gateway's own key, a network error: transient, 503. */
  | { readonly ok: false; readonly kind: 'unavailable'; readonly retryAfter: number }
  /** No answer in time: 504. */
  | { readonly ok: false; readonly kind: 'timeout'; readonly retryAfter: number }

export type UpstreamResult = UpstreamSuccess | UpstreamFailure

function retryAfterOf(response: Response): number {
  const value = Number(response.headers.get('retry-after'))
  return Number.isInteger(value) && value > 0 && value <= 3600 ? value : 1
}

async function jsonOf(response: Response): Promise<Record<string, unknown>> {
  try {
    const value: unknown = await response.json()
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}

/** A 2xx answer of 8x8 with a JSON object body, before its shape is checked. */
interface UpstreamOk {
  readonly ok: true
  readonly json: Record<string, unknown>
}

/**
 * POSTs a canonical body to one 8x8 path of a sub-account and maps every answer that is not a
 * 2xx to a failure.
 */
async function post(
  config: Config,
  fetcher: Fetcher | undefined,
  path: string,
  body: string,
): Promise<UpstreamOk | UpstreamFailure> {
  const url = `${config.baseUrl}${path}`
  const init: RequestInit = {
    method: 'POST',
    headers: {
      authorization: `Bearer ${config.apiKey}`,
      'content-type': 'application/json',
      accept: 'application/json',
    },
    body,
    signal: AbortSignal.timeout(config.upstreamTimeoutMs),
  }
  let response: Response
  try {
    response = await (fetcher === undefined ? fetch(url, init) : fetcher.fetch(url, init))
  } catch (error) {
    const timedOut = error instanceof Error && error.name === 'TimeoutError'
    console.warn('upstream request failed', timedOut ? 'timeout' : 'network error')
    return { ok: false, kind: timedOut ? 'timeout' : 'unavailable', retryAfter: 1 }
  }
  const json = await jsonOf(response)
  if (response.ok) return { ok: true, json }
  if (response.status === 401 || response.status === 403) {
    console.error('upstream refused the gateway credentials', response.status)
    return { ok: false, kind: 'unavailable', retryAfter: 30 }
  }
  if (response.status >= 400 && response.status < 500 && response.status !== 429) {
    return {
      ok: false,
      kind: 'rejected',
      code: json.code ?? null,
      message: typeof json.message === 'string' ? json.message : `HTTP ${response.status}`,
    }
  }
  console.warn('upstream unavailable', response.status)
  return { ok: false, kind: 'unavailable', retryAfter: retryAfterOf(response) }
}

const MALFORMED: UpstreamFailure = { ok: false, kind: 'unavailable', retryAfter: 1 }

function messagesPath(subAccount: string): string {
  return `/api/v1/subaccounts/${encodeURIComponent(subAccount)}/messages`
}

/**
 * Sends one canonical message body for a sub-account.
 *
 * @param fetcher The sandbox service binding in local development, otherwise global `fetch`.
 */
export async function sendMessage(
  config: Config,
  fetcher: Fetcher | undefined,
  subAccount: string,
  body: string,
): Promise<UpstreamResult> {
  const result = await post(config, fetcher, messagesPath(subAccount), body)
  if (!result.ok) return result
  const { json } = result
  if (typeof json.umid !== 'string') {
    console.warn('upstream answered without a umid')
    return MALFORMED
  }
  return {
    ok: true,
    umid: json.umid,
    clientMessageId: typeof json.clientMessageId === 'string' ? json.clientMessageId : '',
    status: json.status ?? null,
  }
}

/** 8x8's answer to a batch: its fields as received (`batchId`, counts, `messages`). */
export interface UpstreamBatchSuccess {
  readonly ok: true
  readonly batchId: string
  readonly result: Readonly<Record<string, unknown>>
}

/** The outcome of a batch send. */
export type UpstreamBatchResult = UpstreamBatchSuccess | UpstreamFailure

/**
 * Sends one canonical batch body for a sub-account (8x8's `…/messages/batch`).
 *
 * @param fetcher The sandbox service binding in local development, otherwise global `fetch`.
 */
export async function sendBatch(
  config: Config,
  fetcher: Fetcher | undefined,
  subAccount: string,
  body: string,
): Promise<UpstreamBatchResult> {
  const result = await post(config, fetcher, `${messagesPath(subAccount)}/batch`, body)
  if (!result.ok) return result
  const { json } = result
  if (typeof json.batchId !== 'string') {
    console.warn('upstream answered without a batchId')
    return MALFORMED
  }
  return { ok: true, batchId: json.batchId, result: json }
}
