/**
 * The OpenAPI components besides the message schemas: the gateway's answers, the problem shape,
 * one example per problem code, and the signature headers of signing.md.
 *
 * @module
 */
import { ACCEPT_SIGNATURE } from '@chatapps/signature'
import { CONSENT_FACTS as FACT_NAMES } from '../objects/contact/protocol'
import { PROBLEMS } from '../problems'

const uuid = { type: 'string', format: 'uuid' } as const
const status = { $ref: '#/components/schemas/MessageStatus' } as const

/**
 * The members every answer and callback about a message has (docs/gateway-contract.md, the
 * message record): the same names and types in each schema below.
 */
const SUMMARY = {
  id: {
    ...uuid,
    description: "The gateway's id of the message, sent to 8x8 as its clientMessageId.",
  },
  clientMessageId: {
    type: 'string',
    description:
      "The caller's reference (not unique): its clientMessageId, or the id when it gave none.",
  },
  umid: {
    type: ['string', 'null'],
    description: "8x8's message id; `null` until 8x8 has taken the message.",
  },
  status: { ...status, description: "The message's state, always an object." },
  serviceWindow: {
    type: 'string',
    const: 'closed',
    description:
      "Only on a send the recipient's 24-hour customer-service window did not cover (a non-template message whose only channel is WhatsApp, key policy `serviceWindow: observe`): it went, and may be refused by Meta (receipt error 1022). docs/conversations.md.",
  },
  templateIssues: {
    type: 'array',
    description:
      'Only on a template send that does not fit its registered template (key policy `templateCheck: observe`): it went, and 8x8 or WhatsApp may refuse it; each issue as `template_mismatch` lists them. docs/templates.md.',
    maxItems: 100,
    items: { $ref: '#/components/schemas/TemplateIssue' },
  },
  maybeSentTwice: {
    type: 'object',
    description:
      "Only on a synchronous send that took over its Idempotency-Key from an earlier try whose claim's lease ended without an answer (its worker stopped, or it stalled past its lease after calling 8x8): that try may have reached 8x8, so the recipient may get the message twice. The gateway cannot tell; this says so. docs/errors.md#idempotency_key_in_flight.",
    required: ['earlierTryAt'],
    properties: {
      earlierTryAt: {
        type: 'string',
        format: 'date-time',
        description: 'When the earlier try claimed the key.',
      },
    },
  },
} as const

/** One mismatch of a template send with the registry (`template_mismatch`, `templateIssues`). */
const TEMPLATE_ISSUE = {
  type: 'object',
  required: ['path', 'message', 'rule', 'code'],
  properties: {
    path: {
      type: 'string',
      maxLength: 500,
      description:
        "The dot path in the request, as `invalid_message`'s: `content.template.components.1.parameters`.",
    },
    message: { type: 'string', maxLength: 500 },
    rule: {
      enum: [
        'unknown_name',
        'unknown_language',
        'not_approved',
        'header_missing',
        'header_unexpected',
        'header_format',
        'body_count',
        'parameter_type',
        'parameter_too_long',
        'button_index',
        'button_sub_type',
        'button_parameter',
        'card_count',
        'component_unexpected',
      ],
      description: 'Which rule the send breaks (stable).',
    },
    code: {
      type: ['integer', 'null'],
      description:
        'The 8x8 error code a real send draws (3038, 3033, 3040-3043, 3049, 3052, 3053, 3034); null when 8x8 takes the send and WhatsApp fails it later (a template not approved).',
    },
  },
} as const
const SUMMARY_REQUIRED = ['id', 'clientMessageId', 'umid', 'status'] as const

/** A batch's messages refused by their recipient's contact (absent when none was). */
const REFUSED = {
  type: 'array',
  description:
    'The messages of the batch that were not sent because of their recipient (opted out, outside the service window under `enforce`, over its pace) or of their template (`template_mismatch` under `templateCheck: enforce`), by their index in the request; the others went. When every message is refused, the answer is the first refusal as a problem instead.',
  items: {
    type: 'object',
    required: ['index', 'code', 'recipient', 'detail'],
    properties: {
      index: { type: 'integer' },
      code: {
        enum: [
          'recipient_opted_out',
          'outside_service_window',
          'rate_limited',
          'template_mismatch',
        ],
      },
      recipient: { type: 'string' },
      detail: { type: 'string' },
      retryAfter: { type: 'integer', description: '`rate_limited`: seconds to wait.' },
      windowClosedAt: {
        type: ['string', 'null'],
        format: 'date-time',
        description: '`outside_service_window`: when the window closed (null: never opened).',
      },
      issues: {
        type: 'array',
        description:
          '`template_mismatch`: every issue, up to the first 100 (then `truncated` and `issuesTotal`).',
        maxItems: 100,
        items: { $ref: '#/components/schemas/TemplateIssue' },
      },
      truncated: { const: true, description: '`template_mismatch`: more than 100 issues.' },
      issuesTotal: {
        type: 'integer',
        description: '`template_mismatch`, when `truncated`: how many issues there were.',
      },
    },
  },
} as const

const time = (description: string) =>
  ({ type: ['string', 'null'], format: 'date-time', description }) as const

const CONSENT_CHANGE = {
  type: 'object',
  required: ['state', 'by', 'reason', 'at'],
  properties: {
    state: { enum: ['subscribed', 'opted_out', 'blocked', 'marketing_opted_out'] },
    by: { enum: ['user', '8x8', 'operator'] },
    reason: {
      type: 'string',
      description: "The keyword, the receipt's error code (1051, 2007), or the operator's reason.",
    },
    at: { type: 'string', format: 'date-time' },
    fact: {
      enum: FACT_NAMES,
      description:
        "Only on an operator's removal of one fact (`?fact=`): the fact it lifted; absent, a removal lifted every fact.",
    },
  },
} as const

/** The consent facts that hold, each as the change that set it. */
const CONSENT_FACTS = {
  type: 'array',
  items: CONSENT_CHANGE,
  description:
    'Every consent fact that holds, strongest first (`opted_out`: a STOP or an operator; `blocked`: a Viber block, 2007; `marketing_opted_out`: 1051), each as the change that set it; empty when none holds. Each is kept on its own: a marketing opt-out and a Viber block hold together. `state` is the first, else `subscribed`.',
} as const

/** A consent as the admin routes answer it: the summary, by its strongest fact, and the facts. */
const CONSENT_NOW = {
  type: 'object',
  required: [...CONSENT_CHANGE.required, 'facts'],
  properties: { ...CONSENT_CHANGE.properties, facts: CONSENT_FACTS },
} as const

/** The answer schemas of the gateway's own routes. */
export const ANSWER_SCHEMAS = {
  TemplateIssue: TEMPLATE_ISSUE,
  Templates: {
    type: 'object',
    description:
      "The registered WhatsApp templates of the key's sub-account's channels, as the gateway last synced them from 8x8 (docs/templates.md). Each item is a `KnownTemplate` of `@chatapps/dsl/templates` (name, language, status, components).",
    required: ['templates', 'syncedAt'],
    properties: {
      templates: {
        type: 'array',
        items: {
          type: 'object',
          required: [
            'channelId',
            'name',
            'language',
            'status',
            'category',
            'quality',
            'components',
            'parameters',
            'updatedAt',
            'syncedAt',
          ],
          properties: {
            channelId: { type: 'string' },
            name: { type: 'string' },
            language: { type: 'string', example: 'en_US' },
            status: {
              type: 'string',
              description:
                'Lower case: `approved`, `pending`, `rejected`, `paused`, `disabled`, `flagged`, `pending_deletion`, or another of 8x8.',
            },
            category: { type: ['string', 'null'], example: 'UTILITY' },
            quality: {
              type: ['string', 'null'],
              description:
                "From 8x8's `template_quality_update` events: `GREEN`, `YELLOW`, `RED`, `UNKNOWN`; null until one came.",
            },
            components: {
              type: 'array',
              description:
                "8x8's registered components (HEADER, BODY, FOOTER, BUTTONS, CAROUSEL), as synced.",
              items: { type: 'object' },
            },
            parameters: {
              type: 'object',
              description:
                "`templateParameters(components)` of `@chatapps/dsl/templates`: the header format and its placeholders, the body's placeholder count, each button's index, sub-type and whether a send gives it a parameter.",
            },
            updatedAt: time("8x8's last update of the template."),
            syncedAt: {
              type: 'string',
              format: 'date-time',
              description: 'When the fetch of the listing that stored it started.',
            },
          },
        },
      },
      syncedAt: time(
        "The oldest of the channels' last successful syncs; null when one of them never synced (or none is configured for the sub-account).",
      ),
      truncated: {
        const: true,
        description:
          'Only when more than 5,000 templates matched: `templates` lists the first 5,000 (by name, language, channel); narrow with `name` and `language`.',
      },
    },
  },
  Contact: {
    type: 'object',
    description:
      "What the gateway knows of one recipient of the key's sub-account (docs/conversations.md). A recipient never seen is answered too: window never opened, subscribed, a full bucket.",
    required: [
      'recipient',
      'serviceWindow',
      'consent',
      'pacing',
      'lastInboundAt',
      'lastOutboundAt',
      'sameAs',
      'aliases',
    ],
    properties: {
      recipient: { type: 'string' },
      serviceWindow: {
        type: 'object',
        required: ['open', 'openUntil', 'closedAt'],
        properties: {
          open: { type: 'boolean' },
          openUntil: time("While open: 24 hours after the recipient's last message."),
          closedAt: time(
            'When it closed (its end, or a 1022 receipt); null while open or never opened.',
          ),
        },
      },
      consent: {
        type: 'object',
        required: ['state', 'facts', 'history'],
        properties: {
          state: {
            ...CONSENT_CHANGE.properties.state,
            description:
              'The strongest fact that holds (`opted_out`, `blocked`, `marketing_opted_out`), else `subscribed`.',
          },
          facts: CONSENT_FACTS,
          history: {
            type: 'array',
            items: CONSENT_CHANGE,
            description: 'Oldest first, the last 50.',
          },
        },
      },
      pacing: {
        type: 'object',
        required: ['ratePerSecond', 'burst', 'tokens', 'heldUntil'],
        properties: {
          ratePerSecond: { type: 'number' },
          burst: { type: 'integer' },
          tokens: { type: 'number', description: 'Sends that may go now (once any hold ends).' },
          heldUntil: time('After a 1028 receipt (pair rate limit): no send before this.'),
        },
      },
      lastInboundAt: time("The recipient's last message."),
      lastOutboundAt: time('The last send the gateway let through to this recipient.'),
      sameAs: {
        type: ['string', 'null'],
        description:
          "When `recipient` is a WhatsApp BSUID that an inbound message showed with the person's number: that number, under which the contact's state lives (and which this answer shows). Null otherwise.",
      },
      aliases: {
        type: 'array',
        items: { type: 'string' },
        description:
          "The BSUIDs linked to this number: sends and events under any of them share this contact's window, consent and pacing.",
      },
    },
  },
  MessageStatus: {
    type: 'object',
    description:
      "A message's state, the same object in every answer, record and callback: 8x8's status shape (`state`, `timestamp`, `detail`, `errorCode`, `errorMessage`), with the gateway's `reason` when the gateway set the state. A message that failed says why here: `reason`, or 8x8's `errorCode` and `errorMessage`.",
    required: ['state', 'timestamp'],
    properties: {
      state: {
        type: 'string',
        description:
          '`accepted`, `unknown`, `queued`, `sent`, `delivered`, `read`, `undelivered`, `rejected` or `failed` (lower case).',
      },
      timestamp: {
        type: 'string',
        format: 'date-time',
        description:
          "8x8's time of its state (a receipt's, or its answer to the send); the gateway's when it set the state itself (`accepted`: the latest attempt; `unknown`, `failed`).",
      },
      channel: {
        type: 'string',
        description:
          "The channel the state is of, as 8x8's receipts name it (lower case: `whatsapp`, `sms`), when a receipt that named one set it; a message 8x8 fell back on is on its later channel (`GET /v1/messages/{id}` only). docs/delivery.md#fallback-between-channels.",
      },
      reason: {
        type: 'string',
        description:
          "The gateway's words, when it set the state: why the message failed (`8x8: HTTP 400 (code 1002): …`, `delivery attempts exhausted (last: …)`), is unknown (`…; 8x8 may have taken it`), or is being retried.",
      },
      detail: {
        type: 'string',
        description: "8x8's detail: `delivered_to_recipient`, `undelivered_to_recipient`, …",
      },
      errorCode: { type: ['integer', 'string'], description: "8x8's error code, with an error." },
      errorMessage: { type: 'string', description: "8x8's error message, with an error." },
    },
  },
  MessageSummary: {
    type: 'object',
    description:
      'A message as every answer and callback shows it: its ids and its status. `GET /v1/messages/{id}` answers the whole record, these members and more.',
    required: SUMMARY_REQUIRED,
    properties: SUMMARY,
  },
  SendResult: {
    type: 'object',
    description:
      "The message 8x8 took: its ids, and 8x8's status in the gateway's shape (usually `queued`).",
    required: SUMMARY_REQUIRED,
    properties: { ...SUMMARY, umid: { type: 'string', description: "8x8's message id." } },
  },
  BatchResult: {
    type: 'object',
    description:
      "8x8's batch result; `messages` always holds every message, each as a `MessageSummary` (8x8's `rejected` ones with its `errorCode` and `errorMessage` on their status).",
    required: ['batchId', 'acceptedCount', 'rejectedCount', 'messages'],
    properties: {
      batchId: { type: 'string' },
      clientBatchId: { type: 'string' },
      acceptedCount: { type: 'integer' },
      rejectedCount: { type: 'integer' },
      messages: { type: 'array', items: { $ref: '#/components/schemas/MessageSummary' } },
      refused: REFUSED,
    },
  },
  Accepted: {
    type: 'object',
    description:
      'With `Prefer: respond-async`: the message is recorded and queued; its status is `accepted`, `umid` is `null`.',
    required: SUMMARY_REQUIRED,
    properties: { ...SUMMARY, umid: { type: 'null' } },
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
      refused: REFUSED,
    },
  },
  MessageRecord: {
    type: 'object',
    description:
      "A message's record: the members of every answer (`id`, `clientMessageId`, `umid`, `status`), and its delivery attempts, batch, times and receipt history.",
    required: [
      ...SUMMARY_REQUIRED,
      'deliveryAttempts',
      'batchId',
      'createdAt',
      'updatedAt',
      'history',
    ],
    properties: {
      ...SUMMARY,
      status: {
        ...status,
        description:
          "The record's state as its receipts decide it (by rank within a channel; between the channels 8x8 fell back on, a success stands and otherwise the later step wins: docs/delivery.md#fallback-between-channels); with the latest receipt of that state's `channel`, `detail`, `errorCode` and `errorMessage`, or the gateway's `reason`.",
      },
      sentTwice: {
        type: 'object',
        description:
          "Only when the gateway knows 8x8 took the message twice, as two umids under its one id: an asynchronous send whose earlier attempt's receipt proved it reached 8x8 while a retry was there (docs/delivery.md#the-delivery-queue), or a synchronous send with `maybeSentTwice` whose earlier try's receipt or late answer proved that try reached 8x8 too (docs/errors.md#a-retry-that-takes-over-an-earlier-try). The record (`umid`, `status`, `history`) follows one copy: an asynchronous send's first, a synchronous send's the one its answer named. `sentTwice.umid` is the other copy, which may reach the recipient as well.",
        required: ['umid'],
        properties: {
          umid: {
            type: 'string',
            description: "8x8's umid of the other copy: the one the record does not follow.",
          },
        },
      },
      cancel: {
        $ref: '#/components/schemas/CancelUnknown',
        description:
          'Only while an earlier cancel of the message has no known outcome and `status` is one that cancel would have ended (`accepted`, `unknown`, `queued`): 8x8 may have cancelled it, so `status` may not be the whole truth.',
      },
      deliveryAttempts: {
        type: 'integer',
        description:
          "How many times the gateway posted the message to 8x8: 1 for a synchronous send; the queue's attempts for an asynchronous one (0 before the first).",
      },
      batchId: {
        type: ['string', 'null'],
        description:
          "8x8's batchId (synchronous batch) or the gateway's (asynchronous batch); `null` for a single message.",
      },
      createdAt: { type: 'string', format: 'date-time' },
      updatedAt: {
        type: 'string',
        format: 'date-time',
        description: "The latest of the record's change and its receipts' arrival.",
      },
      history: {
        type: 'array',
        description:
          "8x8's delivery receipts for this message, ordered by state rank, then 8x8's timestamp.",
        items: {
          type: 'object',
          required: ['state', 'timestamp', 'receivedAt'],
          properties: {
            state: { type: 'string' },
            channel: {
              type: 'string',
              description:
                'The channel the receipt is of (lower case); absent when 8x8 named none.',
            },
            detail: { type: 'string' },
            errorCode: { type: ['integer', 'string'] },
            errorMessage: { type: 'string' },
            timestamp: { type: 'string', description: "8x8's time of the state." },
            receivedAt: {
              type: 'string',
              format: 'date-time',
              description: 'When the gateway received the receipt.',
            },
          },
        },
      },
    },
  },
  CancelUnknown: {
    type: 'object',
    description:
      "An earlier cancel of the message whose outcome is unknown: 8x8 failed (a 5xx), did not answer in time, or the connection was lost after the cancel was sent, so 8x8 may have cancelled the message. In the status object's words: the outcome, the gateway's time and its reason. Shown while the message's state is `accepted`, `unknown` or `queued`; gone once it is settled: `cancelled` (cancelling again before the scheduled time settles it), or a receipt of `sent` or later (the cancel did not take effect). docs/delivery.md#cancelling.",
    required: ['outcome', 'timestamp', 'reason'],
    properties: {
      outcome: { const: 'unknown' },
      timestamp: {
        type: 'string',
        format: 'date-time',
        description: 'When the gateway recorded the first such cancel.',
      },
      reason: {
        type: 'string',
        description: "The gateway's words: what happened, what settles it.",
      },
    },
  },
  MessageStatusCallback: {
    type: 'object',
    description:
      "What a key's callback URL receives for each new receipt of a message it sent, and for each `failed` or `unknown` the gateway sets itself on a message it accepted with `Prefer: respond-async` (signed per Standard Webhooks): `data` is the message's summary, the receipt's state on its status, or the gateway's state with its `reason` (and `umid` null).",
    required: ['type', 'timestamp', 'data'],
    properties: {
      type: { const: 'message.status' },
      timestamp: {
        type: 'string',
        format: 'date-time',
        description: 'When the gateway received the receipt, or set the state itself.',
      },
      data: {
        $ref: '#/components/schemas/MessageSummary',
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
  // The conversation routes.
  InboundRead: {
    type: 'object',
    description: '8x8 marked the inbound message read.',
    required: ['umid', 'read'],
    properties: { umid: { type: 'string' }, read: { const: true } },
  },
  TypingShown: {
    type: 'object',
    description:
      '8x8 shows the typing indicator; `typingUntil` is when the 2 hours after the inbound message end.',
    required: ['umid', 'typingUntil'],
    properties: { umid: { type: 'string' }, typingUntil: { type: 'string', format: 'date-time' } },
  },
  BatchCancelled: {
    type: 'object',
    description:
      "8x8's count of the messages it cancelled (0 when the batch was cancelled already), and each message's recorded state.",
    required: ['batchId', 'cancelledCount', 'messages'],
    properties: {
      batchId: { type: 'string' },
      cancelledCount: { type: 'integer', minimum: 0 },
      messages: {
        type: 'array',
        items: {
          type: 'object',
          required: ['id', 'umid', 'status'],
          properties: {
            id: uuid,
            umid: { type: ['string', 'null'] },
            status: { type: 'string', description: '`cancelled`, or the state it has.' },
            cancel: {
              $ref: '#/components/schemas/CancelUnknown',
              description:
                "Only while an earlier cancel of this message has no known outcome and its state is `accepted`, `unknown` or `queued`: as the record's `cancel`.",
            },
          },
        },
      },
    },
  },
  Upload: {
    type: 'object',
    description: 'The multipart form: the file in field `file` (its name and media type kept).',
    required: ['file'],
    properties: { file: { type: 'string', contentMediaType: 'application/octet-stream' } },
  },
  Uploaded: {
    type: 'object',
    description:
      "8x8 hosts the file: `url` (also `Location`) is what a message's media `url` takes; it carries the token, the only authorization of the download.",
    required: ['fileName', 'token', 'url'],
    properties: {
      fileName: { type: 'string' },
      token: { type: 'string' },
      url: { type: 'string', format: 'uri' },
    },
  },
  // The operator routes.
  KeyRevoked: {
    type: 'object',
    required: ['keyId', 'status', 'revokedAt'],
    properties: {
      keyId: { type: 'string' },
      status: { const: 'revoked' },
      revokedAt: { type: 'string', format: 'date-time' },
    },
  },
  DroppedCallbacks: {
    type: 'object',
    required: ['droppedCallbacks', 'next'],
    properties: {
      droppedCallbacks: {
        type: 'array',
        items: {
          type: 'object',
          required: [
            'keyId',
            'webhookId',
            'eventType',
            'messageId',
            'attempts',
            'lastError',
            'lastStatus',
            'droppedAt',
          ],
          properties: {
            keyId: { type: 'string' },
            webhookId: { type: 'string', description: "The callback's `webhook-id`." },
            eventType: { type: 'string', examples: ['message.status', 'message.inbound'] },
            messageId: {
              type: ['string', 'null'],
              description: "The gateway's message id; null for an inbound message.",
            },
            attempts: {
              type: ['integer', 'null'],
              description:
                'Posts made; null when not counted: the dead-letter queue gave it up, or it was given up before a post (`url_not_allowed`, `secret_unreadable`).',
            },
            lastError: {
              type: 'string',
              description:
                'The last attempt: `refused` (see `lastStatus`), an error class (`TimeoutError`, `TypeError`), `dead_letter`, or, given up at once, `url_not_allowed` (this environment refuses the stored URL) or `secret_unreadable` (the stored secret cannot sign).',
            },
            lastStatus: {
              type: ['integer', 'null'],
              description: "The client's last HTTP status; null when it did not answer.",
            },
            droppedAt: { type: 'string', format: 'date-time' },
          },
        },
      },
      next: {
        type: ['string', 'null'],
        description: "The next page's `?after=`; null on the last page.",
      },
    },
  },
  Suppressions: {
    type: 'object',
    required: ['suppressions', 'next'],
    properties: {
      suppressions: {
        type: 'array',
        items: {
          type: 'object',
          required: ['recipient', ...CONSENT_NOW.required],
          properties: { recipient: { type: 'string' }, ...CONSENT_NOW.properties },
        },
      },
      next: {
        type: ['string', 'null'],
        description: "The next page's `?after=`; null on the last page.",
      },
    },
  },
  SuppressionChanged: {
    type: 'object',
    required: ['subAccount', 'recipient', 'consent'],
    properties: {
      subAccount: { type: 'string' },
      recipient: { type: 'string' },
      consent: CONSENT_NOW,
    },
  },
  SuppressionsImported: {
    type: 'object',
    required: ['subAccount', 'imported'],
    properties: { subAccount: { type: 'string' }, imported: { type: 'integer', minimum: 0 } },
  },
  SuppressionsCsv: { type: 'string', description: 'CSV text (RFC 4180), UTF-8, one record a row.' },
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
          '`invalid_message` and `template_mismatch`: every issue, with its dot path, up to the first 100 (then `truncated` and `issuesTotal`); a `template_mismatch` issue also has its `rule` and 8x8 `code`.',
        maxItems: 100,
        items: {
          type: 'object',
          required: ['path', 'message'],
          properties: {
            path: { type: 'string', maxLength: 500 },
            message: { type: 'string', maxLength: 500 },
            rule: { type: 'string', description: '`template_mismatch`: the rule it breaks.' },
            code: { type: ['integer', 'null'] },
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
  ChatappsTemplateCheck: {
    description:
      '`mismatch` when a template send went although it does not fit its registered template (policy `observe`; `templateIssues` lists why); `unverified` when the sub-account has no synced registry to check it against; absent otherwise (docs/templates.md).',
    schema: { enum: ['mismatch', 'unverified'] },
  },
  ChatappsServiceWindow: {
    description:
      "`closed` when a message went outside its recipient's 24-hour customer-service window (policy `observe`); absent otherwise (docs/conversations.md).",
    schema: { type: 'string', const: 'closed' },
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
