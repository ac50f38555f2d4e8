/**
 * The gateway's routes as the OpenAPI document describes them: what each answers, and with which
 * problems. The one list the document and the reference page are made from.
 *
 * @module
 */
import type { ProblemCode } from '../problems'

/** A problem a route can answer with; `status` when it differs from the table's. */
export interface RouteProblem {
  readonly code: ProblemCode
  readonly status?: number
}

/** One operation of the gateway. */
export interface RouteDoc {
  readonly method: 'get' | 'post'
  /** OpenAPI path template. */
  readonly path: string
  readonly operationId: string
  readonly summary: string
  readonly description: string
  /** RFC 9421 signed (signing.md), or open. */
  readonly signed: boolean
  /** The request body's component schema. */
  readonly body?: string
  /** The 200 answer's component schema and media type. */
  readonly success: { readonly schema: string; readonly mediaType: string }
  /** With `Prefer: respond-async`: the 202 answer's component schema. */
  readonly accepted?: { readonly schema: string; readonly location: boolean }
  /** Authenticated by 8x8's static `Authorization` value instead of a signature. */
  readonly webhook?: boolean
  readonly problems: readonly RouteProblem[]
}

const code = (c: ProblemCode, status?: number): RouteProblem =>
  status === undefined ? { code: c } : { code: c, status }

const SIGNATURE: readonly RouteProblem[] = [
  code('signature_missing'),
  code('signature_malformed'),
  code('signature_insufficient_coverage'),
  code('signature_expired'),
  code('signature_invalid'),
  code('signature_replayed'),
  code('forbidden'),
  code('rate_limited'),
  code('unavailable'),
  code('internal_error'),
]

const SEND: readonly RouteProblem[] = [
  code('unsupported_media_type'),
  code('payload_too_large'),
  code('digest_mismatch'),
  code('idempotency_key_invalid'),
  ...SIGNATURE,
  code('idempotency_key_reused'),
  code('idempotency_key_in_flight'),
  code('malformed_json'),
  code('invalid_message'),
  code('recipient_opted_out'),
  code('outside_service_window'),
  code('upstream_rejected'),
  code('upstream_unavailable'),
  code('upstream_outcome_unknown'),
  code('upstream_outcome_unknown', 504),
]

/** Every documented operation, in the order of the reference page. */
export const ROUTES: readonly RouteDoc[] = [
  {
    method: 'post',
    path: '/v1/messages',
    operationId: 'sendMessage',
    summary: 'Send one message',
    description:
      "Validates one message (8x8's wire format) and sends its canonical JSON to 8x8 for the key's sub-account, with the caller's clientMessageId or a generated one. With `Prefer: respond-async` it answers 202 at once and a queue delivers the message with retries.",
    signed: true,
    body: 'Message',
    success: { schema: 'SendResult', mediaType: 'application/json' },
    accepted: { schema: 'Accepted', location: true },
    problems: SEND,
  },
  {
    method: 'post',
    path: '/v1/messages/batch',
    operationId: 'sendBatch',
    summary: 'Send a batch of 1 to 1,000 messages',
    description:
      "Validates the batch (issues inside a message have paths starting with messages.<index>) and sends it through 8x8's batch endpoint; every message gets a clientMessageId and a gateway id. With `Prefer: respond-async` it answers 202 at once and each message is delivered on its own by the queue.",
    signed: true,
    body: 'Batch',
    success: { schema: 'BatchResult', mediaType: 'application/json' },
    accepted: { schema: 'BatchAccepted', location: false },
    problems: SEND,
  },
  {
    method: 'get',
    path: '/v1/messages/{id}',
    operationId: 'getMessage',
    summary: 'A message record',
    description:
      "The record of a message this key sent, with the history of 8x8's delivery receipts; another key's message is 404.",
    signed: true,
    success: { schema: 'MessageRecord', mediaType: 'application/json' },
    problems: [...SIGNATURE, code('not_found')],
  },
  {
    method: 'get',
    path: '/v1/contacts/{recipient}',
    operationId: 'getContact',
    summary: 'A recipient: service window, consent, pacing',
    description:
      "What the gateway knows of one recipient (an msisdn such as `+15551234567`, `%2B` in a URL, or a channel user id) of the key's sub-account: the 24-hour customer-service window, consent with its history (who, when, why), the recipient's pacing bucket, and the last inbound and outbound messages. Route permission `GET /v1/contacts/:recipient`. docs/conversations.md.",
    signed: true,
    success: { schema: 'Contact', mediaType: 'application/json' },
    problems: [...SIGNATURE, code('not_found')],
  },
  {
    method: 'post',
    path: '/v1/webhooks/chatapps',
    operationId: 'chatappsWebhook',
    summary: "8x8's delivery receipts and inbound messages",
    description:
      'Where 8x8 sends its webhooks, with the Authorization value configured at 8x8 (compared in constant time; WEBHOOK_AUTHORIZATION and, during a rotation, WEBHOOK_AUTHORIZATION_NEXT). Receipts are deduplicated on (umid, state) and applied in order of rank; inbound messages are deduplicated on umid; an unknown event type is stored and answered 200.',
    signed: false,
    webhook: true,
    body: 'Event',
    success: { schema: 'WebhookReceived', mediaType: 'application/json' },
    problems: [
      code('webhook_unauthorized'),
      code('payload_too_large'),
      code('unsupported_media_type'),
      code('malformed_json'),
      code('invalid_event'),
      code('unavailable'),
      code('internal_error'),
    ],
  },
  {
    method: 'get',
    path: '/health',
    operationId: 'health',
    summary: 'Liveness',
    description: 'Answers 200 while the worker runs. Not signed.',
    signed: false,
    success: { schema: 'Health', mediaType: 'application/json' },
    problems: [],
  },
  {
    method: 'get',
    path: '/openapi.json',
    operationId: 'openapi',
    summary: 'This OpenAPI 3.1 document',
    description: 'Generated from the valibot schemas of @chatapps/dsl. Not signed.',
    signed: false,
    success: { schema: 'OpenApiDocument', mediaType: 'application/json' },
    problems: [],
  },
  {
    method: 'get',
    path: '/docs',
    operationId: 'docs',
    summary: 'The reference page',
    description: 'This document as a self-contained HTML page. Not signed. `GET /` redirects here.',
    signed: false,
    success: { schema: 'HtmlPage', mediaType: 'text/html' },
    problems: [],
  },
  {
    method: 'get',
    path: '/problems/{code}',
    operationId: 'problemType',
    summary: 'What a problem code means',
    description:
      "The page a problem's `type` URI points to: when the gateway answers the code, and what to do. Not signed.",
    signed: false,
    success: { schema: 'HtmlPage', mediaType: 'text/html' },
    problems: [code('not_found')],
  },
]
