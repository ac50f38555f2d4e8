/**
 * The gateway's routes as the OpenAPI document describes them: what each answers, and with which
 * problems. The one list the document and the reference page are made from.
 *
 * @module
 */
import { CONSENT_FACTS } from '../objects/contact/protocol'
import type { ProblemCode } from '../problems'

/** A problem a route can answer with; `status` when it differs from the table's. */
export interface RouteProblem {
  readonly code: ProblemCode
  readonly status?: number
}

/** One operation of the gateway. */
export interface RouteDoc {
  readonly method: 'get' | 'post' | 'put' | 'delete'
  /** OpenAPI path template. */
  readonly path: string
  readonly operationId: string
  readonly summary: string
  readonly description: string
  /** RFC 9421 signed (signing.md), or open. */
  readonly signed: boolean
  /** The request body's component schema. */
  readonly body?: string
  /** The request body's media type, when not `application/json` (an upload's multipart form). */
  readonly bodyMediaType?: string
  /** The success is 201 Created with `Location` (an upload), not 200. */
  readonly created?: boolean
  /** The 200 answer's component schema and media type. */
  readonly success: { readonly schema: string; readonly mediaType: string }
  /** With `Prefer: respond-async`: the 202 answer's component schema. */
  readonly accepted?: { readonly schema: string; readonly location: boolean }
  /** Authenticated by 8x8's static `Authorization` value instead of a signature. */
  readonly webhook?: boolean
  /** An operator route, behind the `ADMIN_TOKEN` bearer token instead of a signature. */
  readonly admin?: boolean
  /** Optional query parameters, each with its values when they are a fixed list. */
  readonly query?: readonly QueryDoc[]
  readonly problems: readonly RouteProblem[]
}

/** An optional query parameter of a route. */
export interface QueryDoc {
  readonly name: string
  readonly description: string
  readonly values?: readonly string[]
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

// What every signed request with a body or an idempotency key may meet before it is handled.
const SIGNED_WRITE: readonly RouteProblem[] = [
  code('payload_too_large'),
  code('digest_mismatch'),
  code('idempotency_key_invalid'),
  ...SIGNATURE,
  code('idempotency_key_reused'),
  code('idempotency_key_in_flight'),
]

// A call to 8x8 refused, or not reached (503; 504 when it timed out).
const UPSTREAM: readonly RouteProblem[] = [
  code('upstream_rejected'),
  code('upstream_unavailable'),
  code('upstream_unavailable', 504),
]

const SEND: readonly RouteProblem[] = [
  code('unsupported_media_type'),
  ...SIGNED_WRITE,
  code('malformed_json'),
  code('invalid_message'),
  code('recipient_opted_out'),
  code('outside_service_window'),
  code('template_mismatch'),
  code('upstream_rejected'),
  code('upstream_unavailable'),
  code('upstream_outcome_unknown'),
  code('upstream_outcome_unknown', 504),
]

// 8x8's conversation API (src/routes/inbound.ts, cancel.ts, files.ts).
const NO_BODY_POST: readonly RouteProblem[] = [...SIGNED_WRITE, code('not_found'), ...UPSTREAM]

// The operator routes (src/routes/admin.ts): `pnpm keys revoke` and `pnpm contacts` call them.
const ADMIN: readonly RouteProblem[] = [code('admin_unauthorized'), code('unavailable')]
const SUPPRESSION_CHANGE =
  "`?reason=` is kept with the change (at most 200 characters; default `operator`). The recipient's contact object decides sends; D1's `suppressions` lists them. docs/conversations.md."
const REASON: QueryDoc = {
  name: 'reason',
  description:
    "Why, kept in the contact's history with who (`operator`) and when; at most 200 characters, default `operator`.",
}

const ADMIN_ROUTES: readonly RouteDoc[] = [
  {
    method: 'post',
    path: '/admin/keys/{keyId}/revoke',
    operationId: 'revokeKey',
    summary: 'Revoke a client key',
    description:
      'Revokes the key in D1 and in its admission object, so that it is refused from the next request on, even by isolates that remember it. `pnpm keys revoke` calls it.',
    signed: false,
    admin: true,
    success: { schema: 'KeyRevoked', mediaType: 'application/json' },
    problems: [...ADMIN, code('not_found')],
  },
  {
    method: 'get',
    path: '/admin/dropped-callbacks',
    operationId: 'listDroppedCallbacks',
    summary: 'Callbacks given up',
    description:
      'Client callbacks the gateway gave up on, newest first: every attempt of the retry schedule failed, or the callbacks queue dead-lettered it (docs/delivery.md, Retries). Ids, counts and error classes only. `?limit=` (1 to 1,000, default 100) and `?after=` the `next` of the previous page (anything else is `invalid_message`).',
    signed: false,
    admin: true,
    success: { schema: 'DroppedCallbacks', mediaType: 'application/json' },
    problems: [...ADMIN, code('invalid_message')],
  },
  {
    method: 'get',
    path: '/admin/suppressions/{subAccount}',
    operationId: 'listSuppressions',
    summary: "A sub-account's suppressed recipients",
    description:
      'Recipients that may not be sent to, in recipient order: `?limit=` (1 to 1,000, default 100) and `?after=` the `next` of the previous page.',
    signed: false,
    admin: true,
    success: { schema: 'Suppressions', mediaType: 'application/json' },
    problems: ADMIN,
  },
  {
    method: 'put',
    path: '/admin/suppressions/{subAccount}/{recipient}',
    operationId: 'suppress',
    summary: 'Suppress a recipient',
    description: `Sends to the recipient are refused with \`422 recipient_opted_out\` from now on (the stop, beside any other fact: a Viber block stays). ${SUPPRESSION_CHANGE}`,
    signed: false,
    admin: true,
    query: [
      REASON,
      {
        name: 'fact',
        description:
          'A suppression sets the stop only: `opted_out`, or leave it out; any other is `invalid_message`.',
        values: ['opted_out'],
      },
    ],
    success: { schema: 'SuppressionChanged', mediaType: 'application/json' },
    problems: [...ADMIN, code('invalid_message')],
  },
  {
    method: 'delete',
    path: '/admin/suppressions/{subAccount}/{recipient}',
    operationId: 'unsuppress',
    summary: 'Lift a suppression',
    description: `Lifts the fact \`?fact=\` names, the others stay; without it, every fact (a stop, a Viber block, a marketing opt-out): the recipient is \`subscribed\` again. A fact that does not hold changes nothing; the answer's \`consent\` says what the contact holds. ${SUPPRESSION_CHANGE}`,
    signed: false,
    admin: true,
    query: [
      REASON,
      {
        name: 'fact',
        description:
          "The one fact to lift, as `consent.facts` names it: `opted_out` (a STOP or an operator's suppression), `blocked` (a Viber block, 2007), `marketing_opted_out` (1051). Any other value, or two, is `invalid_message` and changes nothing.",
        values: CONSENT_FACTS,
      },
    ],
    success: { schema: 'SuppressionChanged', mediaType: 'application/json' },
    problems: [...ADMIN, code('invalid_message')],
  },
  {
    method: 'post',
    path: '/admin/suppressions/{subAccount}/import',
    operationId: 'importSuppressions',
    summary: 'Suppress recipients from CSV',
    description:
      'CSV (RFC 4180: quoted fields may hold commas, doubled quotes and line breaks) `recipient,reason`, or any columns under a header row naming `recipient` (and `reason`), so that an export imports back as it is; reason optional, default `import`. A row that is not a recipient, or a header naming `reason` but no `recipient`, refuses the whole import (`invalid_message`, with its line); more than 1,000 rows or 1 MiB, `payload_too_large`. Rows are imported in file order; when the contact store fails part way the answer is `unavailable` with `imported`, the rows done, and importing the same file again is safe.',
    signed: false,
    admin: true,
    body: 'SuppressionsCsv',
    bodyMediaType: 'text/csv',
    success: { schema: 'SuppressionsImported', mediaType: 'application/json' },
    problems: [...ADMIN, code('invalid_message'), code('payload_too_large'), code('unavailable')],
  },
  {
    method: 'get',
    path: '/admin/suppressions/{subAccount}/export',
    operationId: 'exportSuppressions',
    summary: "A sub-account's suppressions as CSV",
    description:
      "CSV `recipient,state,by,reason,at,facts` (RFC 4180), every suppressed recipient (`state` and its change: the strongest fact that holds; `facts`: the states of every fact that holds, strongest first, space-separated); a reason a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) is written behind a `'`, which the import takes off.",
    signed: false,
    admin: true,
    success: { schema: 'SuppressionsCsv', mediaType: 'text/csv' },
    problems: ADMIN,
  },
]

const CONVERSATION_ROUTES: readonly RouteDoc[] = [
  {
    method: 'post',
    path: '/v1/inbound/{umid}/read',
    operationId: 'markRead',
    summary: 'Mark an inbound message read',
    description:
      "Marks an inbound message (its 8x8 `umid`, as the inbound callback carries it) read at 8x8: WhatsApp shows the customer blue ticks. No body (signed with the digest of the empty body). The gateway must have received the message on the key's sub-account, else 404. Idempotent by `Idempotency-Key`.",
    signed: true,
    success: { schema: 'InboundRead', mediaType: 'application/json' },
    problems: NO_BODY_POST,
  },
  {
    method: 'post',
    path: '/v1/inbound/{umid}/typing',
    operationId: 'typing',
    summary: 'Show the typing indicator',
    description:
      "Shows the customer of an inbound message that the business is typing (8x8's `typing` event), on that message's channel: WhatsApp or RCS (a stored message that names no channel: WhatsApp). Another channel (Viber, LINE, SMS, …) is 422 `typing_unsupported` with `channel`, nothing sent. Only within 2 hours of that message (the earlier of 8x8's time and the gateway's): older is 422 `inbound_too_old`. No body. Idempotent by `Idempotency-Key`.",
    signed: true,
    success: { schema: 'TypingShown', mediaType: 'application/json' },
    problems: [...NO_BODY_POST, code('typing_unsupported'), code('inbound_too_old')],
  },
  {
    method: 'delete',
    path: '/v1/messages/{id}',
    operationId: 'cancelMessage',
    summary: 'Cancel a scheduled message',
    description:
      "Cancels a message sent with `scheduled` whose time has not come (8x8's cancel), or a message the gateway still holds (accepted with `Prefer: respond-async`, not yet posted to 8x8, scheduled or not: it is never sent). Its record becomes `cancelled` and is answered. 8x8 is asked under the sub-account the message was sent under, whatever the key's is now. Idempotent: a cancelled record is answered again without asking 8x8. 409 `not_cancellable` when 8x8 holds nothing scheduled (sent already), when the message is past cancelling (`delivered`, `read`, `rejected`, `failed`, `undelivered`: the detail names the state, no `Retry-After`), when an attempt to send it is in flight or another request is cancelling it at 8x8 now (with `Retry-After`), or when 8x8 may have it under a umid the gateway does not know yet (a queued message is then not sent again: it becomes `unknown`). A cancel 8x8 failed after it was sent (a 5xx, no answer in time) is answered 503 (504) `upstream_unavailable` saying that 8x8 may have cancelled it and that asking again is safe; the gateway remembers it: asked again, when 8x8 then holds nothing under the message before its `scheduled` time, the earlier cancel took effect (200, `cancelled`); after that time, or without one, 409 `not_cancellable` says the earlier cancel's outcome is unknown and its receipts will tell.",
    signed: true,
    success: { schema: 'MessageRecord', mediaType: 'application/json' },
    problems: [...SIGNATURE, code('not_found'), code('not_cancellable'), ...UPSTREAM],
  },
  {
    method: 'delete',
    path: '/v1/batches/{batchId}',
    operationId: 'cancelBatch',
    summary: 'Cancel a scheduled batch',
    description:
      "Cancels the scheduled messages of a batch sent synchronously (8x8's batch id, as `POST /v1/messages/batch` answered it): when 8x8 cancelled every message it holds of the batch, their records become `cancelled`; fewer, and each record follows its receipts. Of a batch sent with `Prefer: respond-async`, the messages the gateway still holds are cancelled by the gateway (never sent), and those already at 8x8 (one by one, under no 8x8 batch) are cancelled at 8x8 one by one, by umid, six at a time; each that 8x8 cancelled is recorded `cancelled` at once, so that a failure of 8x8 part way (answered as that failure) loses none, and the cancel asked again goes on with the rest; a message 8x8 refuses to cancel stays as it is while the others go on (its refusal, 422 `upstream_rejected`, is the answer only when nothing was cancelled). `cancelledCount` counts all. 409 `not_cancellable` when nothing was cancelled: a message is being sent now, or another request is cancelling messages of the batch at 8x8 (with `Retry-After`), or 8x8 may have messages left under umids the gateway does not know yet (an earlier attempt's outcome unknown: not sent again, as for one message), or an earlier cancel's outcome is unknown and 8x8 holds none of them past their `scheduled` time, or 8x8 holds nothing scheduled. A cancel 8x8 failed after it was sent is answered and remembered as for one message.",
    signed: true,
    success: { schema: 'BatchCancelled', mediaType: 'application/json' },
    problems: [...SIGNATURE, code('not_found'), code('not_cancellable'), ...UPSTREAM],
  },
  {
    method: 'post',
    path: '/v1/files',
    operationId: 'upload',
    summary: 'Upload media',
    description:
      "Uploads a file to 8x8's media hosting: a `multipart/form-data` body with the file in field `file`, at most 100,000,000 bytes (8x8's cap is 100 MB). The body is streamed to 8x8, never held whole; its bytes are checked against the signed `Content-Digest` while they stream, and 8x8 never receives a complete form that does not match it (401 `digest_mismatch`, which a retry with the same key may repeat). Answers 201 with the hosted URL to use as a message's media `url`.",
    signed: true,
    body: 'Upload',
    bodyMediaType: 'multipart/form-data',
    created: true,
    success: { schema: 'Uploaded', mediaType: 'application/json' },
    problems: [code('unsupported_media_type'), ...SIGNED_WRITE, ...UPSTREAM],
  },
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
    method: 'post',
    path: '/v1/line-notifications',
    operationId: 'sendLineNotification',
    summary: 'Send one LINE Official Notification',
    description:
      "Validates one LINE Official Notification (8x8's `/lon` body: a phone number, a title and optional icon, emphasis, list, greeting, explanation, actions and SMS fallback) and sends it to 8x8's `/lon` for the key's sub-account, like a message: signed, idempotent, with `Prefer: respond-async` queued with retries. Its record is a message record with `type: line_notification`, read with `GET /v1/messages/{id}` and moved by receipts. Route permission `POST /v1/line-notifications`; type permission `line_notification`.",
    signed: true,
    body: 'LineNotification',
    success: { schema: 'SendResult', mediaType: 'application/json' },
    accepted: { schema: 'Accepted', location: true },
    problems: SEND.filter(
      (p) =>
        p.code !== 'recipient_opted_out' &&
        p.code !== 'outside_service_window' &&
        p.code !== 'template_mismatch',
    ),
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
      "What the gateway knows of one recipient (an msisdn such as `+15551234567`, `%2B` in a URL, or a channel user id) of the key's sub-account: the 24-hour customer-service window, consent (its summary `state`, every fact that holds, and its history: who, when, why), the recipient's pacing bucket, and the last inbound and outbound messages. Route permission `GET /v1/contacts/:recipient`. docs/conversations.md.",
    signed: true,
    success: { schema: 'Contact', mediaType: 'application/json' },
    problems: [...SIGNATURE, code('not_found')],
  },
  {
    method: 'get',
    path: '/v1/templates',
    operationId: 'listTemplates',
    summary: "The sub-account's registered templates",
    description:
      "The WhatsApp templates 8x8 has registered on the key's sub-account's channels, as the gateway last synced them (each minute, and at each template event of 8x8's webhook), with their status, quality and a ready-to-use parameter description; `?name=` and `?language=` narrow the list. Template sends are checked against them (`templateCheck`). Route permission `GET /v1/templates`. docs/templates.md.",
    signed: true,
    success: { schema: 'Templates', mediaType: 'application/json' },
    problems: SIGNATURE,
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
  ...CONVERSATION_ROUTES,
  ...ADMIN_ROUTES,
]
