/**
 * The 8x8 ChatApps API as the gateway calls it ({@link createUpstream}): one POST per message or
 * batch, and a message's details, with the gateway's API key. Its answers are
 * mapped to the gateway's outcomes; the key never appears in a result, error or log line.
 *
 * @module
 */
import { explainError } from '@chatapps/dsl'
import type { Config } from '../config'
import { readCapped } from '../lib/read-capped'

/** What the client needs of the configuration. */
export type UpstreamSettings = Pick<Config, 'baseUrl' | 'apiKey' | 'upstreamTimeoutMs'>

export interface UpstreamSuccess {
  readonly ok: true
  readonly umid: string
  readonly clientMessageId: string
  readonly status: unknown
}

/**
 * How a failed attempt is classified (issue 5): what the caller may do about it.
 *
 * - `rejected`: 8x8 refused the message itself (400, 404, 410, 422, other 4xx): permanent.
 * - `configuration`: 8x8 refused the gateway's own credentials (401, 403), or another 4xx whose
 *   8x8 `code` is a configuration fault (`explainError`: 1001 sub-account, 1012 IP address,
 *   1014 TLS, 2002 API version, …): permanent until an operator fixes the deployment; surfaced
 *   loudly, never retried.
 * - `retryable`: 408, 429, 502, 503, 504 or no connection, or another 4xx whose 8x8 `code` says
 *   retry or back off (1100 bulk limit, 1400 resent too soon): 8x8 did not take the message.
 * - `ambiguous`: 500 (or another 5xx), a timeout, or the connection lost after the request left:
 *   8x8 may have taken it. Never sent again on a guess (synchronous: `upstream_outcome_unknown`).
 */
export type FailureKind = 'rejected' | 'configuration' | 'retryable' | 'ambiguous'

/** A failed attempt: never carries the API key. */
export interface UpstreamFailure {
  readonly ok: false
  readonly kind: FailureKind
  /** 8x8's HTTP status, or null when no answer came (network error, timeout). */
  readonly status: number | null
  readonly timedOut: boolean
  /** Seconds: 8x8's `Retry-After`, else 1 (30 for a configuration fault). */
  readonly retryAfter: number
  /** 8x8's error `code` and `message`, when it answered with its error shape. */
  readonly code: unknown
  readonly message: string
}

export type UpstreamResult = UpstreamSuccess | UpstreamFailure

/**
 * Who watches the calls (src/observability): the W3C `traceparent` to send with each, and each
 * answer's duration. Never sees the API key or a body.
 */
export interface UpstreamObserver {
  /** Sent as `traceparent` on every call to 8x8. */
  readonly traceparent?: string
  /**
   * Called once per call when it ends: which call, 8x8's status (null: no answer), its class
   * (`ok` or a {@link FailureKind}) and the milliseconds it took.
   */
  answered?(call: string, status: number | null, outcome: string, ms: number): void
}

/** The trace header of a call, if it carries one. */
function traceHeaders(observer: UpstreamObserver | undefined): Record<string, string> {
  return observer?.traceparent === undefined ? {} : { traceparent: observer.traceparent }
}

/** Runs one call to 8x8 and reports it to the observer. */
async function observed<T extends UpstreamOk | UpstreamFailure>(
  observer: UpstreamObserver | undefined,
  name: string,
  run: () => Promise<T>,
): Promise<T> {
  const started = Date.now()
  const result = await run()
  observer?.answered?.(
    name,
    result.ok ? 200 : result.status,
    result.ok ? 'ok' : result.kind,
    Date.now() - started,
  )
  return result
}

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
  readonly headers: Headers
}

/** 8x8's answer: a 2xx, or the failure its status means (logged, never with the key). */
async function answerOf(response: Response): Promise<UpstreamOk | UpstreamFailure> {
  const json = await jsonOf(response)
  if (response.ok) return { ok: true, json, headers: response.headers }
  const kind = classify(response.status, json.code)
  if (kind === 'configuration') {
    console.error('upstream refused the gateway credentials', response.status)
    return failure(kind, response.status, false, 30, json)
  }
  if (kind !== 'rejected') console.warn('upstream unavailable', response.status)
  return failure(kind, response.status, false, retryAfterOf(response), json)
}

/**
 * POSTs a canonical body to one 8x8 path of a sub-account and maps every answer that is not a
 * 2xx to a failure.
 */
async function post(
  config: UpstreamSettings,
  fetcher: Fetcher | undefined,
  path: string,
  body: string,
  observer?: UpstreamObserver,
): Promise<UpstreamOk | UpstreamFailure> {
  const url = `${config.baseUrl}${path}`
  const init: RequestInit = {
    method: 'POST',
    headers: {
      authorization: `Bearer ${config.apiKey}`,
      'content-type': 'application/json',
      accept: 'application/json',
      ...traceHeaders(observer),
    },
    body,
    signal: AbortSignal.timeout(config.upstreamTimeoutMs),
  }
  let response: Response
  try {
    response = await (fetcher === undefined ? fetch(url, init) : fetcher.fetch(url, init))
  } catch (error) {
    return noAnswer(error)
  }
  return answerOf(response)
}

/**
 * The failure of a call that threw before 8x8 answered: the one rule for every call that asks
 * 8x8 to do something (a send, a batch, a cancel, an upload, a read receipt, a typing
 * indicator). No answer in time, or the connection lost once the request may have been written
 * (workerd's "Network connection lost"), is `ambiguous`: 8x8 may have done it. Any other error is
 * taken as no connection at all: `retryable`. What an ambiguous failure means is the caller's to
 * say: a send is never sent again, a cancel is remembered, a read or typing is simply asked again.
 */
function noAnswer(error: unknown): UpstreamFailure {
  const timedOut = error instanceof Error && error.name === 'TimeoutError'
  const lost = error instanceof Error && /connection lost/i.test(error.message)
  console.warn(
    'upstream request failed',
    timedOut ? 'timeout' : lost ? 'connection lost' : 'network error',
  )
  return failure(timedOut || lost ? 'ambiguous' : 'retryable', null, timedOut, 1, {})
}

/**
 * The class of an answer that is not 2xx. The status decides first: a 5xx stays ambiguous
 * whatever its code says, since 8x8 may have taken the message before failing, and sending it
 * again could deliver it twice. Only a 4xx (8x8 took nothing) is refined by 8x8's code, read
 * in @chatapps/dsl's one table of 8x8's codes.
 */
function classify(status: number, code: unknown): FailureKind {
  if (status === 401 || status === 403) return 'configuration'
  if ([408, 429, 502, 503, 504].includes(status)) return 'retryable'
  if (status >= 500) return 'ambiguous'
  if (typeof code !== 'number' && typeof code !== 'string') return 'rejected'
  const { action } = explainError(code, 'api')
  if (action === 'retry' || action === 'back_off') return 'retryable'
  return action === 'fix_configuration' ? 'configuration' : 'rejected'
}

function failure(
  kind: FailureKind,
  status: number | null,
  timedOut: boolean,
  retryAfter: number,
  json: Record<string, unknown>,
): UpstreamFailure {
  const message =
    typeof json.message === 'string' ? json.message : status === null ? '' : `HTTP ${status}`
  return { ok: false, kind, status, timedOut, retryAfter, code: json.code ?? null, message }
}

/**
 * A failure as a reason a person can read (a record's `status.reason`); never includes the API
 * key.
 *
 * @example
 * describeFailure(failure) // '8x8: HTTP 503 (code 1503): Service unavailable'
 */
export function describeFailure(failure: UpstreamFailure): string {
  const answer =
    failure.status === null
      ? failure.timedOut
        ? 'no answer in time'
        : failure.kind === 'ambiguous'
          ? 'connection lost'
          : 'no connection'
      : `HTTP ${failure.status}${failure.code === null ? '' : ` (code ${String(failure.code)})`}`
  const message = failure.message === '' ? '' : `: ${failure.message}`
  return `8x8: ${answer}${message}`
}

/** A 2xx without 8x8's success shape: it may have been taken, so it is ambiguous. */
const MALFORMED: UpstreamFailure = failure('ambiguous', 200, false, 1, {})

function messagesPath(subAccount: string): string {
  return `/api/v1/subaccounts/${encodeURIComponent(subAccount)}/messages`
}

/**
 * Sends one canonical message body for a sub-account.
 *
 */
async function sendMessage(
  config: UpstreamSettings,
  fetcher: Fetcher | undefined,
  subAccount: string,
  body: string,
  observer?: UpstreamObserver,
  // 8x8's LINE Official Notification endpoint answers like the messages endpoint.
  path = messagesPath(subAccount),
): Promise<UpstreamResult> {
  const result = await observed(observer, 'send', () => post(config, fetcher, path, body, observer))
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
 */
async function sendBatch(
  config: UpstreamSettings,
  fetcher: Fetcher | undefined,
  subAccount: string,
  body: string,
  observer?: UpstreamObserver,
): Promise<UpstreamBatchResult> {
  const result = await observed(observer, 'send_batch', () =>
    post(config, fetcher, `${messagesPath(subAccount)}/batch`, body, observer),
  )
  if (!result.ok) return result
  const { json } = result
  if (typeof json.batchId !== 'string') {
    console.warn('upstream answered without a batchId')
    return MALFORMED
  }
  return { ok: true, batchId: json.batchId, result: json }
}

/** 8x8's status of a message, as its message-details route shows it. */
export interface UpstreamStatus {
  readonly state: string
  readonly timestamp: string
  readonly detail?: string
  readonly errorCode?: number | string
  readonly errorMessage?: string
  /** The last step's channel (lower case, as receipts name it), when 8x8 named one. */
  readonly channel?: string
  /** The last step's attempt number in the fallback order (1 for the first), when 8x8 told it. */
  readonly step?: number
}

/**
 * 8x8's current status of one message (`GET …/messages/{umid}`), or null when 8x8 does not
 * answer with one. Of several records (one per fallback channel), the last step's.
 *
 */
async function fetchStatus(
  config: UpstreamSettings,
  fetcher: Fetcher | undefined,
  subAccount: string,
  umid: string,
  observer?: UpstreamObserver,
): Promise<UpstreamStatus | null> {
  const url = `${config.baseUrl}${messagesPath(subAccount)}/${encodeURIComponent(umid)}`
  const init: RequestInit = {
    headers: {
      authorization: `Bearer ${config.apiKey}`,
      accept: 'application/json',
      ...traceHeaders(observer),
    },
    signal: AbortSignal.timeout(config.upstreamTimeoutMs),
  }
  try {
    const response = await (fetcher === undefined ? fetch(url, init) : fetcher.fetch(url, init))
    if (!response.ok) {
      await response.body?.cancel()
      return null
    }
    const { data } = (await jsonOf(response)) as { data?: unknown }
    const last: unknown = Array.isArray(data) ? data.at(-1) : undefined
    const status =
      typeof last === 'object' && last !== null ? (last as { status?: unknown }).status : undefined
    if (typeof status !== 'object' || status === null) return null
    const { state, timestamp } = status as { state?: unknown; timestamp?: unknown }
    if (typeof state !== 'string' || typeof timestamp !== 'string') return null
    // 8x8 capitalises the channel here (`WhatsApp`) and writes it in lower case in receipts.
    const { channel, step } = last as { channel?: unknown; step?: unknown }
    return {
      ...(status as UpstreamStatus),
      state: state.toLowerCase(),
      ...(typeof channel === 'string' && channel !== '' ? { channel: channel.toLowerCase() } : {}),
      ...(Number.isInteger(step) && (step as number) >= 1 ? { step: step as number } : {}),
    }
  } catch {
    console.warn('upstream status request failed')
    return null
  }
}

/** 8x8's API for the gateway's senders and reconciliation. */
export interface Upstream {
  /** Sends one canonical message body for a sub-account. */
  send(subAccount: string, body: string): Promise<UpstreamResult>
  /** Sends one canonical LINE Official Notification body for a sub-account (8x8's `…/lon`). */
  sendLineNotification(subAccount: string, body: string): Promise<UpstreamResult>
  /** Sends one canonical batch body for a sub-account (8x8's `…/messages/batch`). */
  sendBatch(subAccount: string, body: string): Promise<UpstreamBatchResult>
  /** 8x8's current status of one message, or null when 8x8 does not answer with one. */
  status(subAccount: string, umid: string): Promise<UpstreamStatus | null>
  /**
   * Marks an inbound message read (`POST …/messages/{umid}/read`). Ambiguous (a 5xx, no answer in
   * time, the connection lost): 8x8 may have marked it; marking it again changes nothing more.
   */
  markRead(subAccount: string, umid: string): Promise<UpstreamDone>
  /**
   * Shows the typing indicator to the user of an inbound message, on that message's channel
   * (`POST …/events`). Ambiguous: 8x8 may show it; showing it again only shows it again.
   */
  typing(subAccount: string, umid: string, channel: TypingChannel): Promise<UpstreamDone>
  /**
   * Cancels a scheduled message (`DELETE …/messages/{umid}`). Ambiguous: 8x8 may have cancelled
   * it (src/routes/cancel-steps.ts remembers it on the record).
   */
  cancel(subAccount: string, umid: string): Promise<UpstreamCancelResult>
  /** Cancels a scheduled batch (`DELETE …/messages/batch/{batchId}`); ambiguous as `cancel`. */
  cancelBatch(subAccount: string, batchId: string): Promise<UpstreamCancelResult>
  /**
   * Streams a multipart form (field `file`) to 8x8's media hosting (`POST …/files`). Ambiguous:
   * 8x8 may host the file, under a name and token nobody was told; uploading again hosts another.
   */
  upload(
    subAccount: string,
    body: ReadableStream,
    contentType: string,
    abort?: AbortSignal,
  ): Promise<UpstreamUploadResult>
}

/**
 * 8x8's API with the gateway's settings.
 *
 * @param fetcher The sandbox service binding in local development; unset, global `fetch`.
 * @param observer Carries the caller's trace to 8x8 and times each send (src/observability).
 * @example
 * const upstream = createUpstream(config, env.UPSTREAM)
 * const sent = await upstream.send(key.subAccount, canonical)
 */
export function createUpstream(
  settings: UpstreamSettings,
  fetcher: Fetcher | undefined,
  observer?: UpstreamObserver,
): Upstream {
  return {
    send: (subAccount, body) => sendMessage(settings, fetcher, subAccount, body, observer),
    sendBatch: (subAccount, body) => sendBatch(settings, fetcher, subAccount, body, observer),
    sendLineNotification: (subAccount, body) =>
      sendMessage(
        settings,
        fetcher,
        subAccount,
        body,
        observer,
        `/api/v1/subaccounts/${encodeURIComponent(subAccount)}/lon`,
      ),
    status: (subAccount, umid) => fetchStatus(settings, fetcher, subAccount, umid, observer),
    ...conversationCalls(settings, fetcher, observer),
  }
}

// --- 8x8's conversation API: read, typing, cancel, files ------------------------------------

/** The channels 8x8 shows a typing indicator on (its `…/events` `channel`), as 8x8 spells them. */
export const TYPING_CHANNELS = ['whatsapp', 'rcs'] as const

/** A channel of {@link TYPING_CHANNELS}. */
export type TypingChannel = (typeof TYPING_CHANNELS)[number]

/** Whether 8x8 shows a typing indicator on this channel (lower case, as 8x8 spells it). */
export const isTypingChannel = (channel: string): channel is TypingChannel =>
  (TYPING_CHANNELS as readonly string[]).includes(channel)

/** A call that answers nothing but success. */
export type UpstreamDone = { readonly ok: true } | UpstreamFailure

/** 8x8's answer to a cancel: how many scheduled messages it cancelled. */
export type UpstreamCancelResult =
  | { readonly ok: true; readonly cancelledCount: number }
  | UpstreamFailure

/** 8x8's answer to an upload: the file's name, its token and its hosted URL. */
export type UpstreamUploadResult =
  | { readonly ok: true; readonly fileName: string; readonly token: string; readonly url: string }
  | UpstreamFailure

/** An upload may take longer than a send: the whole stream has this long (120 s). */
export const UPLOAD_TIMEOUT_MS = 120_000

/**
 * One call to 8x8 with the gateway's key; every answer that is not a 2xx is a failure, and no
 * answer is classed as a send's ({@link noAnswer}): a connection lost mid-call is ambiguous.
 */
async function call(
  config: UpstreamSettings,
  fetcher: Fetcher | undefined,
  method: 'POST' | 'DELETE',
  path: string,
  body: { readonly content: BodyInit; readonly type: string } | null,
  observer: UpstreamObserver | undefined,
  timeoutMs: number = config.upstreamTimeoutMs,
  abort?: AbortSignal,
): Promise<UpstreamOk | UpstreamFailure> {
  const url = `${config.baseUrl}${path}`
  const init: RequestInit = {
    method,
    headers: {
      authorization: `Bearer ${config.apiKey}`,
      accept: 'application/json',
      ...(body === null ? {} : { 'content-type': body.type }),
      ...traceHeaders(observer),
    },
    ...(body === null ? {} : { body: body.content }),
    signal:
      abort === undefined
        ? AbortSignal.timeout(timeoutMs)
        : AbortSignal.any([AbortSignal.timeout(timeoutMs), abort]),
  }
  let response: Response
  try {
    response = await (fetcher === undefined ? fetch(url, init) : fetcher.fetch(url, init))
  } catch (error) {
    return noAnswer(error)
  }
  return answerOf(response)
}

function subAccountPath(subAccount: string): string {
  return `/api/v1/subaccounts/${encodeURIComponent(subAccount)}`
}

function cancelledOf(result: UpstreamOk | UpstreamFailure): UpstreamCancelResult {
  if (!result.ok) return result
  const count = result.json.cancelledCount
  return typeof count === 'number' && Number.isInteger(count) && count >= 0
    ? { ok: true, cancelledCount: count }
    : MALFORMED
}

/** The conversation calls of {@link createUpstream}. */
function conversationCalls(
  config: UpstreamSettings,
  fetcher: Fetcher | undefined,
  observer: UpstreamObserver | undefined,
): Pick<Upstream, 'markRead' | 'typing' | 'cancel' | 'cancelBatch' | 'upload'> {
  return {
    markRead: async (subAccount, umid) => {
      const path = `${messagesPath(subAccount)}/${encodeURIComponent(umid)}/read`
      const result = await call(config, fetcher, 'POST', path, null, observer)
      return result.ok ? { ok: true } : result
    },
    typing: async (subAccount, umid, channel) => {
      const content = JSON.stringify({ channel, type: 'typing', umid })
      const path = `${subAccountPath(subAccount)}/events`
      const result = await call(
        config,
        fetcher,
        'POST',
        path,
        { content, type: 'application/json' },
        observer,
      )
      return result.ok ? { ok: true } : result
    },
    cancel: async (subAccount, umid) =>
      cancelledOf(
        await call(
          config,
          fetcher,
          'DELETE',
          `${messagesPath(subAccount)}/${encodeURIComponent(umid)}`,
          null,
          observer,
        ),
      ),
    cancelBatch: async (subAccount, batchId) =>
      cancelledOf(
        await call(
          config,
          fetcher,
          'DELETE',
          `${messagesPath(subAccount)}/batch/${encodeURIComponent(batchId)}`,
          null,
          observer,
        ),
      ),
    upload: async (subAccount, body, contentType, abort) => {
      const path = `${subAccountPath(subAccount)}/files`
      const result = await call(
        config,
        fetcher,
        'POST',
        path,
        { content: body, type: contentType },
        observer,
        UPLOAD_TIMEOUT_MS,
        abort,
      )
      if (!result.ok) return result
      const { fileName, token } = result.json
      if (typeof fileName !== 'string' || typeof token !== 'string') return MALFORMED
      // 8x8 hosts the file at {base}/files/{name}?token=… (its Location header, relative).
      const location = result.headers.get('location')
      const url = new URL(
        location ?? `/files/${encodeURIComponent(fileName)}?token=${encodeURIComponent(token)}`,
        config.baseUrl,
      ).toString()
      return { ok: true, fileName, token, url }
    },
  }
}

// --- 8x8's template management: the registry's source ---------------------------------------

/** The most a channel's template list may weigh: 8x8 pages nothing, so the gateway caps it. */
export const MAX_TEMPLATES_BYTES = 4 * 1024 * 1024

/** 8x8's answer to a template listing: its JSON as received, or a failure. */
export type UpstreamTemplatesResult =
  | { readonly ok: true; readonly json: unknown }
  | UpstreamFailure

/** Reads a body as JSON, giving up past `cap` bytes (null: too large or not JSON). */
async function cappedJson(response: Response, cap: number): Promise<unknown> {
  const bytes = await readCapped(response.body, cap)
  if (bytes === null) return null
  try {
    return JSON.parse(new TextDecoder().decode(bytes))
  } catch {
    return null
  }
}

/**
 * One channel's registered templates (`GET /api/v1/accounts/{accountId}/channels/{channelId}/templates`),
 * within the upstream timeout and {@link MAX_TEMPLATES_BYTES}. Nothing is sent, so every failure
 * can be retried: a timeout is `retryable` here, not ambiguous.
 *
 * @example
 * const listed = await fetchTemplates(config, env.UPSTREAM, 'acme-account', 'wa-channel-1')
 */
export async function fetchTemplates(
  config: UpstreamSettings,
  fetcher: Fetcher | undefined,
  accountId: string,
  channelId: string,
  observer?: UpstreamObserver,
): Promise<UpstreamTemplatesResult> {
  const path = `/api/v1/accounts/${encodeURIComponent(accountId)}/channels/${encodeURIComponent(channelId)}/templates`
  const init: RequestInit = {
    headers: {
      authorization: `Bearer ${config.apiKey}`,
      accept: 'application/json',
      ...traceHeaders(observer),
    },
    signal: AbortSignal.timeout(config.upstreamTimeoutMs),
  }
  const started = Date.now()
  const result = await (async (): Promise<UpstreamTemplatesResult> => {
    let response: Response
    try {
      const url = `${config.baseUrl}${path}`
      response = await (fetcher === undefined ? fetch(url, init) : fetcher.fetch(url, init))
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError'
      console.warn('upstream templates request failed', timedOut ? 'timeout' : 'network error')
      return failure('retryable', null, timedOut, 1, {})
    }
    if (!response.ok) {
      const failed = await answerOf(response)
      // A listing changes nothing at 8x8: an ambiguous answer is simply retried.
      return failed.ok
        ? MALFORMED
        : { ...failed, kind: failed.kind === 'ambiguous' ? 'retryable' : failed.kind }
    }
    try {
      const json = await cappedJson(response, MAX_TEMPLATES_BYTES)
      if (json === null) {
        console.warn('upstream templates answer too large or not JSON')
        return failure('rejected', response.status, false, 1, {
          message: `not JSON, or over ${MAX_TEMPLATES_BYTES} bytes`,
        })
      }
      return { ok: true, json }
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError'
      return failure('retryable', null, timedOut, 1, {})
    }
  })()
  observer?.answered?.(
    'templates',
    result.ok ? 200 : result.status,
    result.ok ? 'ok' : result.kind,
    Date.now() - started,
  )
  return result
}
