/**
 * RFC 9457 problem+json answers, built in one place. Handlers throw {@link Problem}; `onError`
 * turns it (and anything unexpected) into a response.
 *
 * @module
 */
import { ACCEPT_SIGNATURE, OUTCOMES } from '@chatapps/signature'
import type { Context, ErrorHandler, NotFoundHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'

/** The gateway's own rows, beside the signature package's table. */
const GATEWAY_OUTCOMES = {
  not_found: { status: 404, title: 'Not found' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type' },
  malformed_json: { status: 400, title: 'Malformed JSON' },
  invalid_message: { status: 422, title: 'Invalid message' },
  invalid_event: { status: 400, title: 'Invalid event' },
  webhook_unauthorized: { status: 401, title: 'Webhook unauthorized' },
  admin_unauthorized: { status: 401, title: 'Admin unauthorized' },
  upstream_rejected: { status: 422, title: 'Rejected by 8x8' },
  upstream_unavailable: { status: 503, title: '8x8 unavailable' },
  /** 8x8 may have taken the message (500, timeout, connection lost): final, never resent. */
  upstream_outcome_unknown: { status: 502, title: "8x8's outcome unknown" },
  internal_error: { status: 500, title: 'Internal error' },
  /**
   * The recipient opted out (a stop keyword, an operator), blocked the sender on the message's
   * only channel (Viber), or opted out of the marketing template's category.
   */
  recipient_opted_out: { status: 422, title: 'Recipient opted out' },
  /** `serviceWindow: enforce`: a non-template WhatsApp-only message outside the 24-hour window. */
  outside_service_window: { status: 422, title: 'Outside the service window' },
  /** `templateCheck: enforce`: a template send that does not fit the registered template. */
  template_mismatch: { status: 422, title: 'Template mismatch' },
  // The conversation routes.
  /** `POST /v1/inbound/{umid}/typing` more than 2 hours after that inbound message. */
  inbound_too_old: { status: 422, title: 'Inbound message too old' },
  /** `POST /v1/inbound/{umid}/typing` for a message on a channel 8x8 shows no typing on. */
  typing_unsupported: { status: 422, title: 'Typing indicator unsupported' },
  /** `DELETE /v1/messages/{id}` (or a batch) that 8x8 no longer holds as scheduled. */
  not_cancellable: { status: 409, title: 'Not cancellable' },
} as const

const TABLE = { ...OUTCOMES, ...GATEWAY_OUTCOMES }

/** Every problem the gateway answers with: its default status and title, by `code`. */
export const PROBLEMS: Readonly<
  Record<ProblemCode, { readonly status: number; readonly title: string }>
> = TABLE

/** Every `code` the gateway answers with. */
export type ProblemCode = keyof typeof TABLE

export interface ProblemOptions {
  /** Overrides the table's status (504 for an upstream timeout). */
  readonly status?: number
  readonly detail?: string
  /** Extension members (`issues`, `upstream`). */
  readonly extra?: Readonly<Record<string, unknown>>
  /** Extra response headers (`Retry-After`, `Allow`). */
  readonly headers?: Readonly<Record<string, string>>
}

/**
 * A problem to answer with; thrown by middleware and routes only (domain code returns results),
 * answered by {@link onError}. It is hono's `HTTPException`, so that hono's own handling answers it
 * as problem+json too.
 *
 * @example
 * throw new Problem('not_found', { detail: 'No such message.' })
 */
export class Problem extends HTTPException {
  readonly code: ProblemCode
  readonly detail: string
  readonly extra: Readonly<Record<string, unknown>>
  readonly headers: Readonly<Record<string, string>>

  constructor(code: ProblemCode, options: ProblemOptions = {}) {
    const row = TABLE[code]
    super((options.status ?? row.status) as ContentfulStatusCode, {
      message: `${code}: ${row.title}`,
    })
    this.name = 'Problem'
    this.code = code
    this.detail = options.detail ?? row.title
    this.extra = options.extra ?? {}
    this.headers = options.headers ?? {}
  }

  /** The problem+json body, members in a fixed order. */
  body(): string {
    return JSON.stringify({
      type: `/problems/${this.code}`,
      title: TABLE[this.code].title,
      status: this.status,
      detail: this.detail,
      code: this.code,
      ...this.extra,
    })
  }

  /**
   * The response: problem+json, with `Accept-Signature` on a 401 of the signature profile (not on
   * the 401s of 8x8's webhook or of the admin routes, which take no RFC 9421 signature).
   */
  override getResponse(): Response {
    return this.toResponse()
  }

  /** The problem+json response (see {@link getResponse}). */
  toResponse(): Response {
    const headers = new Headers({ 'content-type': 'application/problem+json' })
    if (this.status === 401 && this.code in OUTCOMES) {
      headers.set('accept-signature', ACCEPT_SIGNATURE)
    }
    for (const [name, value] of Object.entries(this.headers)) headers.set(name, value)
    return new Response(this.body(), { status: this.status, headers })
  }
}

/** A transient failure of a store: 503 `unavailable`, to be retried in a second. */
export const UNAVAILABLE: ProblemOptions = { headers: { 'retry-after': '1' } }

/** `app.onError`: a {@link Problem} answers itself; anything else is logged and becomes a 500. */
export const onError: ErrorHandler = (error: Error, _c: Context) => {
  if (error instanceof Problem) return error.toResponse()
  console.error('unhandled error', error.name, error.message)
  return new Problem('internal_error', { detail: 'An unexpected error occurred.' }).toResponse()
}

/** `app.notFound`: 404 `not_found`. */
export const notFound: NotFoundHandler = (c) =>
  new Problem('not_found', { detail: `No route for ${new URL(c.req.url).pathname}.` }).toResponse()
