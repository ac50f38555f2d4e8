/**
 * The batch route's decision: a 400 for a body that is wrong as a whole, else 200 with each
 * message queued or rejected on its own (8x8 rejects per message, in `status`).
 *
 * @module
 */
import { type DslResult, type JsonValue, safeParseMessage } from '@chatapps/dsl'
import { BatchTemplateSchema } from '@chatapps/dsl/schemas'
import * as v from 'valibot'
import { batchIssueCode, type ErrorCode, invalidParameter, messageIssueCode } from '../errors'
import { isObject, type JsonObject, queuedRecord, rejectedRecord, sendResultOf } from '../records'
import type { MessageRecord } from '../store/types'

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

/**
 * Decides on a batch body. `parsed` is `safeParseBatch(body)`: issues outside the messages give
 * a 400; each message is then validated on its own, merged over the template as 8x8 does.
 */
export function batchOutcome(
  body: JsonValue,
  parsed: DslResult<unknown>,
  subAccountId: string,
  at: string,
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
    if (result.success) return queuedRecord(result.output, { ...context, umid })
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
