/**
 * The batch route's decision: a 400 for a body that is wrong as a whole, else 200 with each
 * message queued or rejected on its own (8x8 rejects per message, in `status`): by the DSL's
 * schemas, then a WhatsApp template message by the registry (src/templates/verdict.ts).
 *
 * @module
 */
import { type DslResult, type JsonValue, safeParseMessage } from '@chatapps/dsl'
import { BatchTemplateSchema } from '@chatapps/dsl/schemas'
import type { KnownTemplate } from '@chatapps/dsl/templates'
import * as v from 'valibot'
import { batchIssueCode, type ErrorCode, invalidParameter, messageIssueCode } from '../errors'
import { isObject, type JsonObject, queuedRecord, rejectedRecord, sendResultOf } from '../records'
import type { MessageRecord } from '../store/types'
import { templateVerdict } from '../templates/verdict'

/** An issue inside one message of the batch: `messages.<index>` or below. */
const MESSAGE_ISSUE = /^messages\.(\d+)(?:\.|$)/

/** What the route does with a batch. */
export type BatchOutcome =
  | { readonly kind: 'error'; readonly error: ErrorCode }
  | {
      readonly kind: 'accepted'
      readonly batchId: string
      readonly records: readonly MessageRecord[]
      readonly response: JsonObject
    }

function templateError(template: JsonValue | undefined): ErrorCode | null {
  if (template === undefined) return null
  const result = v.safeParse(BatchTemplateSchema, template)
  const issue = result.issues?.[0]
  if (issue === undefined) return null
  const path = v.getDotPath(issue)
  return invalidParameter(path === null ? 'template' : `template.${path}`)
}

/** Where a batch arrived and the registry its template messages are checked against. */
export interface BatchContext {
  readonly subAccountId: string
  readonly at: string
  /** The WhatsApp channel's registered templates. */
  readonly known: readonly KnownTemplate[]
}

/**
 * Decides on a batch body. `parsed` is `safeParseBatch(body)`: issues outside the messages give
 * a 400; each message is then validated on its own, merged over the template as 8x8 does.
 */
export function batchOutcome(
  body: JsonValue,
  parsed: DslResult<unknown>,
  { subAccountId, at, known }: BatchContext,
): BatchOutcome {
  const outside = parsed.issues?.find((issue) => !MESSAGE_ISSUE.test(issue.path))
  if (outside !== undefined) return { kind: 'error', error: batchIssueCode(outside) }
  // From here on the body is an object whose `messages` is an array.
  const batch = body as JsonObject & { messages: JsonValue[] }
  const error = templateError(batch.template)
  if (error !== null) return { kind: 'error', error }
  const template = isObject(batch.template) ? batch.template : undefined
  const clientBatchId = typeof batch.clientBatchId === 'string' ? batch.clientBatchId : undefined
  const batchId = crypto.randomUUID()
  const context = {
    subAccountId,
    at,
    batchId,
    ...(clientBatchId !== undefined && { clientBatchId }),
  }
  const records = batch.messages.map((item, index): MessageRecord => {
    const merged = template !== undefined && isObject(item) ? { ...template, ...item } : item
    const result = safeParseMessage(merged)
    const umid = crypto.randomUUID()
    if (result.success) {
      const verdict = templateVerdict(result.output as unknown as JsonObject, known)
      if (verdict.kind === 'refused') {
        return rejectedRecord(merged as JsonObject, { ...context, umid }, verdict.error)
      }
      const queued = queuedRecord(result.output, { ...context, umid })
      return verdict.kind === 'fails' ? { ...queued, failure: verdict.failure } : queued
    }
    const [issue] = result.issues
    const fullPath = issue.path === '' ? `messages.${index}` : `messages.${index}.${issue.path}`
    const code = messageIssueCode(issue, issue.path, fullPath)
    return rejectedRecord(isObject(merged) ? merged : {}, { ...context, umid }, code)
  })
  const rejectedCount = records.filter((record) => record.state === 'rejected').length
  const response: JsonObject = {
    batchId,
    ...(clientBatchId !== undefined && { clientBatchId }),
    acceptedCount: records.length - rejectedCount,
    rejectedCount,
    ...(batch.includeMessagesInResponse === true && {
      messages: records.map(sendResultOf) as JsonValue[],
    }),
  }
  return { kind: 'accepted', batchId, records, response }
}
