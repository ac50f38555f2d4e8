/**
 * The OpenAPI components besides the message schemas: the gateway's answers, the problem shape,
 * one example per problem code, and the signature headers of signing.md.
 *
 * @module
 */
import { ACCEPT_SIGNATURE } from '@chatapps/signature'
import { PROBLEMS } from '../problems'

const uuid = { type: 'string', format: 'uuid' } as const
const status8x8 = {
  type: 'object',
  description: "8x8's status: `state` (queued, rejected, …) and `timestamp`, as 8x8 sent them.",
  properties: { state: { type: 'string' }, timestamp: { type: 'string', format: 'date-time' } },
} as const

/** The answer schemas of the gateway's own routes. */
export const ANSWER_SCHEMAS = {
  SendResult: {
    type: 'object',
    required: ['id', 'umid', 'clientMessageId', 'status'],
    properties: {
      id: {
        ...uuid,
        description: "The gateway's id of the message, sent to 8x8 as its clientMessageId.",
      },
      umid: { type: 'string', description: "8x8's message id." },
      clientMessageId: {
        type: 'string',
        description: "The caller's reference: its clientMessageId, or the id when it gave none.",
      },
      status: status8x8,
    },
  },
  BatchResult: {
    type: 'object',
    description: "8x8's batch result; `messages` always holds every message with the gateway's id.",
    required: ['batchId', 'acceptedCount', 'rejectedCount', 'messages'],
    properties: {
      batchId: { type: 'string' },
      clientBatchId: { type: 'string' },
      acceptedCount: { type: 'integer' },
      rejectedCount: { type: 'integer' },
      messages: {
        type: 'array',
        items: {
          type: 'object',
          required: ['id', 'clientMessageId'],
          properties: {
            id: { ...uuid, description: "The gateway's id of the message." },
            umid: { type: 'string' },
            user: { type: 'object' },
            clientMessageId: { type: 'string' },
            status: status8x8,
          },
        },
      },
    },
  },
  Accepted: {
    type: 'object',
    description: 'With `Prefer: respond-async`: the message is recorded and queued.',
    required: ['id', 'clientMessageId', 'status'],
    properties: {
      id: uuid,
      clientMessageId: { type: 'string' },
      status: { type: 'object', properties: { state: { const: 'accepted' } } },
    },
  },
  BatchAccepted: {
    type: 'object',
    description: 'With `Prefer: respond-async`: each message is recorded and queued on its own.',
    required: ['batchId', 'acceptedCount', 'messages'],
    properties: {
      batchId: uuid,
      clientBatchId: { type: 'string' },
      acceptedCount: { type: 'integer' },
      messages: { type: 'array', items: { $ref: '#/components/schemas/Accepted' } },
    },
  },
  MessageRecord: {
    type: 'object',
    required: [
      'id',
      'clientMessageId',
      'umid',
      'status',
      'reason',
      'attempts',
      'batchId',
      'createdAt',
      'updatedAt',
      'history',
    ],
    properties: {
      id: uuid,
      clientMessageId: {
        type: 'string',
        description: "The caller's reference (not unique): its clientMessageId, or the id.",
      },
      umid: { type: ['string', 'null'] },
      status: {
        type: 'string',
        description:
          'accepted, unknown, queued, sent, delivered, read, undelivered, rejected or failed: the highest-ranked of the record and its receipts.',
      },
      reason: {
        type: ['string', 'null'],
        description: 'Why the message failed, is unknown, or is being retried.',
      },
      attempts: { type: 'integer', description: 'Attempts of the queue (asynchronous sends).' },
      batchId: { type: ['string', 'null'] },
      createdAt: { type: 'string', format: 'date-time' },
      updatedAt: { type: 'string', format: 'date-time' },
      history: {
        type: 'array',
        description: "8x8's delivery receipts for this message, in order of rank.",
        items: {
          type: 'object',
          required: ['state', 'timestamp', 'receivedAt'],
          properties: {
            state: { type: 'string' },
            detail: { type: 'string' },
            errorCode: { type: ['integer', 'string'] },
            errorMessage: { type: 'string' },
            timestamp: { type: 'string' },
            receivedAt: { type: 'string', format: 'date-time' },
          },
        },
      },
    },
  },
  WebhookReceived: {
    type: 'object',
    required: ['received'],
    properties: { received: { const: true } },
  },
  Health: {
    type: 'object',
    required: ['status'],
    properties: { status: { const: 'ok' } },
  },
  OpenApiDocument: { type: 'object' },
  HtmlPage: { type: 'string' },
  Problem: {
    type: 'object',
    description: 'RFC 9457 problem details.',
    required: ['type', 'title', 'status', 'detail', 'code'],
    properties: {
      type: { type: 'string', format: 'uri-reference' },
      title: { type: 'string' },
      status: { type: 'integer' },
      detail: { type: 'string' },
      code: { type: 'string', enum: Object.keys(PROBLEMS) },
      issues: {
        type: 'array',
        description:
          '`invalid_message`: every issue, with its dot path, up to the first 100 (then `truncated` and `issuesTotal`).',
        maxItems: 100,
        items: {
          type: 'object',
          required: ['path', 'message'],
          properties: {
            path: { type: 'string', maxLength: 500 },
            message: { type: 'string', maxLength: 500 },
          },
        },
      },
      truncated: {
        const: true,
        description:
          '`invalid_message`: present when there were more than 100 issues; validation stopped there and `issues` holds the first 100.',
      },
      issuesTotal: {
        type: 'integer',
        minimum: 101,
        description:
          '`invalid_message`, with `truncated`: how many issues validation found before it stopped (it stops at the 101st). A lower bound: the rest of the body was not looked at.',
      },
      upstream: {
        type: 'object',
        description:
          "`upstream_rejected`: 8x8's `code` (a number or a string; `null` when 8x8 sent another kind) and `message`, each string cut to 500 characters.",
        properties: { code: {}, message: { type: 'string', maxLength: 500 } },
      },
      id: {
        type: 'string',
        description:
          "`upstream_outcome_unknown` of `POST /v1/messages`: the message's id (also in `Location`); follow it with `GET /v1/messages/{id}`.",
      },
      clientMessageId: {
        type: 'string',
        description: "`upstream_outcome_unknown`: the caller's reference of the message.",
      },
      messages: {
        type: 'array',
        description:
          '`upstream_outcome_unknown` of `POST /v1/messages/batch`: every message, by id and reference.',
        items: {
          type: 'object',
          required: ['id', 'clientMessageId'],
          properties: { id: { type: 'string' }, clientMessageId: { type: 'string' } },
        },
      },
    },
  },
} as const

/** One example per problem code, keyed by code (`#/components/examples/<code>`). */
export function problemExamples(): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [code, row] of Object.entries(PROBLEMS)) {
    out[code] = {
      summary: row.title,
      value: {
        type: `/problems/${code}`,
        title: row.title,
        status: row.status,
        detail: row.title,
        code,
      },
    }
  }
  return out
}

const header = (description: string, schema: object = { type: 'string' }) => ({
  in: 'header',
  required: true,
  description,
  schema,
})

/** The request headers of signing.md, as parameters. */
export const SIGNATURE_PARAMETERS = {
  SignatureInput: {
    name: 'Signature-Input',
    ...header('RFC 9421 signature parameters (label sig1), covering the components of signing.md.'),
  },
  Signature: { name: 'Signature', ...header('RFC 9421 signature (label sig1).') },
  ContentDigest: {
    name: 'Content-Digest',
    ...header('RFC 9530 digest of the body: sha-256=:<base64>:.'),
  },
  IdempotencyKey: {
    name: 'Idempotency-Key',
    ...header('A quoted string, unique per logical send; a retry reuses it.'),
  },
  Prefer: {
    name: 'Prefer',
    in: 'header',
    required: false,
    description:
      '`respond-async` (RFC 7240): answer 202 at once and deliver through the queue. Not covered by the signature; part of the idempotency fingerprint.',
    schema: { type: 'string', example: 'respond-async' },
  },
} as const

/** Response headers by name. */
export const RESPONSE_HEADERS = {
  RetryAfter: { description: 'Seconds to wait before retrying.', schema: { type: 'integer' } },
  AcceptSignature: {
    description: 'What the gateway accepts (RFC 9421).',
    schema: { type: 'string', example: ACCEPT_SIGNATURE },
  },
  Location: {
    description: 'Where the message record is: `/v1/messages/{id}`.',
    schema: { type: 'string' },
  },
  PreferenceApplied: {
    description: '`respond-async` when the answer is 202.',
    schema: { type: 'string', const: 'respond-async' },
  },
  IdempotencyReplayed: {
    description: '`true` when the answer is the stored one of an earlier request.',
    schema: { type: 'string', const: 'true' },
  },
} as const

/** The headers a problem of a status comes with. */
export function problemHeaders(status: number): Record<string, { $ref: string }> {
  const ref = (name: keyof typeof RESPONSE_HEADERS) => ({ $ref: `#/components/headers/${name}` })
  if (status === 401) return { 'Accept-Signature': ref('AcceptSignature') }
  // 502 and 504 are `upstream_outcome_unknown`: the message's Location, never "retry after".
  if (status === 502 || status === 504) return { Location: ref('Location') }
  if ([409, 429, 503].includes(status)) return { 'Retry-After': ref('RetryAfter') }
  return {}
}
