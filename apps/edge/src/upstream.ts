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
  const url = `${config.baseUrl}/api/v1/subaccounts/${encodeURIComponent(subAccount)}/messages`
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
  if (response.ok && typeof json.umid === 'string') {
    return {
      ok: true,
      umid: json.umid,
      clientMessageId: typeof json.clientMessageId === 'string' ? json.clientMessageId : '',
      status: json.status ?? null,
    }
  }
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
