/**
 * `@chatapps/client`: send 8x8 ChatApps messages through the chatapps edge gateway. Messages are
 * validated locally with `@chatapps/dsl` (an invalid one never leaves the process), every request
 * is signed under the `chatapps-v1` profile (RFC 9421 + RFC 9530), and transient failures are
 * retried with exponential backoff, full jitter and `Retry-After`, reusing the call's
 * `Idempotency-Key` so a retry never sends twice. `fetch` and WebCrypto only: Node 20+, workerd,
 * browsers, Deno and Bun.
 *
 * @example
 * ```ts
 * import { msg } from '@chatapps/dsl'
 * import { createClient } from '@chatapps/client'
 *
 * const client = createClient({ baseUrl: 'https://edge.example.com', keyId: 'acme-prod-1', key })
 * const sent = await client.send(msg.to('+15551234567').text('Hello!'))
 * ```
 *
 * @module
 */

export { type Client, createClient } from './client'
export type {
  BatchCancelled,
  ConsentChange,
  Contact,
  InboundRead,
  TypingShown,
  Uploaded,
  UploadOptions,
} from './conversation-types'
export {
  ChatappsError,
  type ChatappsErrorCode,
  type ChatappsErrorInit,
  type ChatappsErrorSource,
  type ChatappsIssue,
  ChatappsOutcomeUnknownError,
  type ClientFailureCode,
  isChatappsError,
  isOutcomeUnknownError,
  type UpstreamError,
} from './errors'
export {
  type ErrorAction,
  type ErrorEffect,
  type ErrorExplanation,
  explainError,
  explainStatus,
} from './explain'
export type { GatewayProblemCode } from './gateway-problem-codes'
// The registered templates, and the declaration that types template sends
export type { GatewayTemplate, TemplatesAnswer, TemplatesOptions } from './templates/answer'
export { type DeclarationOptions, templateDeclarations } from './templates/declarations'
export type {
  AcceptedMessage,
  AcceptedStatus,
  BatchItem,
  BatchResult,
  CallMeta,
  CancelUnknown,
  ClientOptions,
  FetchLike,
  HistoryEntry,
  LineNotificationInput,
  MaybeSentTwice,
  MessageBuilderLike,
  MessageInput,
  MessageRecord,
  MessageState,
  MessageStatus,
  MessageStatusCallback,
  MessageSummary,
  RetryOptions,
  SendBatchOptions,
  SendMessageOptions,
  SendOptions,
  SentMessage,
  SentTwice,
  TemplateIssue,
} from './types'
