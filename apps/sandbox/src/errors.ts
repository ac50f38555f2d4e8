/**
 * 8x8's error envelope `{ code, message, errorId, timestamp }` and the codes the sandbox uses
 * (docs/8x8-facts.md#api-error-codes), and the mapping from `@chatapps/dsl` issues to those codes.
 *
 * @module
 */
import type { DslIssue } from '@chatapps/dsl'
import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'

/** 8x8's error envelope: the body of every error response. */
export interface ErrorEnvelope {
  readonly code: number
  readonly message: string
  readonly errorId: string
  readonly timestamp: string
}

/** A code and its message, before it gets an `errorId` and a `timestamp`. */
export interface ErrorCode {
  readonly code: number
  readonly message: string
}

/** The fixed codes and messages (8x8's own wording where 8x8 documents one). */
export const ERRORS = {
  invalidJson: { code: 1000, message: 'Invalid parameter(s): request body is not valid JSON' },
  illegalSubAccountId: { code: 1001, message: 'Illegal SubAccountId' },
  invalidMsisdn: {
    code: 1002,
    message: 'Invalid MSISDN format (not E.164 international number)',
  },
  unauthorized: { code: 1200, message: 'Request was not authenticated properly' },
  notFound: { code: 1300, message: 'Message not found.' },
  routeNotFound: { code: 1300, message: 'Not found.' },
  internal: { code: 2000, message: 'Internal server error' },
  // 8x8 documents no body for a timeout; the sandbox answers its own 504 in 8x8's envelope.
  timeout: { code: 2000, message: 'Gateway timeout' },
  tooLongText: { code: 3006, message: 'Too long text' },
  tooLongClientMessageId: { code: 3009, message: 'Too long ClientMessageId' },
  missedMessages: { code: 3012, message: 'Missed messages' },
  tooMuchMessages: { code: 3013, message: 'Too much messages' },
  tooLongClientBatchId: { code: 3014, message: 'Too long ClientBatchId' },
  // The conversation endpoints (8x8's cancel reference gives "Invalid umid."; the rest is the
  // sandbox's wording in 8x8's codes, where 8x8 documents only the status).
  invalidUmid: { code: 1000, message: 'Invalid umid.' },
  invalidBatchId: { code: 1000, message: 'Invalid batchId.' },
  typingTooLate: {
    code: 1000,
    message:
      'Typing indicators can only be sent for inbound messages received within the last 2 hours.',
  },
  fileNotFound: { code: 1300, message: 'File not found.' },
  tooLargeUpload: { code: 7001, message: 'Request size must not exceed 100 MB' },
  missingFile: { code: 1000, message: "Invalid parameter(s): 'file'" },
  // The template routes. An API key belongs to one account: another account's id is a forbidden
  // access (1201), not a missing thing; a channel the account lacks is not found (1300).
  accountForbidden: { code: 1201, message: 'Access forbidden' },
  channelNotFound: { code: 1300, message: 'Channel not found.' },
  templateNotFound: { code: 1300, message: 'Template not found.' },
  templateExists: {
    code: 1000,
    message: 'Invalid parameter(s): a template with this name and language already exists',
  },
} as const satisfies Record<string, ErrorCode>

/** 3060, 8x8's answer (OpenAPI example) to a template name reused within 30 days of deletion. */
export function templateBeingDeleted(languageName: string): ErrorCode {
  return {
    code: 3060,
    message: `New ${languageName} content can't be added while the existing ${languageName} content is being deleted. Try again in 4 weeks or consider creating a new message template.`,
  }
}

/** Code 1000 for a parameter without a more specific code. */
export function invalidParameter(path: string): ErrorCode {
  return { code: 1000, message: `Invalid parameter(s): '${path || 'body'}'` }
}

/** Builds the envelope with a fresh `errorId` and the current time. */
export function errorBody(error: ErrorCode, now: Date = new Date()): ErrorEnvelope {
  return {
    code: error.code,
    message: error.message,
    errorId: crypto.randomUUID(),
    timestamp: now.toISOString(),
  }
}

/** Answers with the envelope and the given status. */
export function errorResponse(c: Context, status: ContentfulStatusCode, error: ErrorCode) {
  return c.json(errorBody(error), status)
}

const isMaxLength = (issue: DslIssue): boolean => issue.expected?.startsWith('<=') ?? false

/**
 * The code for an issue of one message. `path` is the issue's path relative to the message;
 * `fullPath` is what the 1000 message names (it differs inside a batch).
 */
export function messageIssueCode(issue: DslIssue, path: string, fullPath: string): ErrorCode {
  if (path === 'user.msisdn') return ERRORS.invalidMsisdn
  if (path === 'clientMessageId' && isMaxLength(issue)) return ERRORS.tooLongClientMessageId
  if (path === 'content.text' && isMaxLength(issue)) return ERRORS.tooLongText
  return invalidParameter(fullPath)
}

/** The code for an issue of a batch body that is not inside one of its messages. */
export function batchIssueCode(issue: DslIssue): ErrorCode {
  if (issue.path === 'clientBatchId' && isMaxLength(issue)) return ERRORS.tooLongClientBatchId
  if (issue.path === 'messages') {
    if (issue.received === 'undefined' || issue.expected?.startsWith('>=')) {
      return ERRORS.missedMessages
    }
    if (isMaxLength(issue)) return ERRORS.tooMuchMessages
  }
  return invalidParameter(issue.path)
}
