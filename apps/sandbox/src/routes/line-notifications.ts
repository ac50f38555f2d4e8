/**
 * 8x8's LINE Official Notification sends: `POST …/lon` and `POST …/lon/batch` under
 * `/api/v1/subaccounts/{subAccountId}` (authenticated and the sub-account checked first, in
 * index.ts; faults as for messages). Their bodies are 8x8's LON model, validated with
 * `@chatapps/dsl`'s `LineNotificationSchema`; the answers and error codes are those of the
 * messages routes (8x8's `send-lon-message` documents the same 200, 400, 401 and 500). What is
 * accepted is kept, receipted and shown in the inbox like a message, on channel `Line`.
 *
 * @module
 */
import {
  type JsonValue,
  type LineNotification,
  safeParseLineNotification,
  safeParseLineNotificationBatch,
} from '@chatapps/dsl'
import { Hono } from 'hono'
import { readJson } from '../body'
import type { AppEnv } from '../env'
import { batchIssueCode, ERRORS, type ErrorCode, errorResponse, messageIssueCode } from '../errors'
import { injectFaults } from '../faults/middleware'
import { isObject, type JsonObject, type RecordContext, sendResultOf } from '../records'
import { Store } from '../store/client'
import type { MessageRecord } from '../store/types'

const PREFIX = '/api/v1/subaccounts/:subAccountId'

/** An issue inside one notification of the batch: `messages.<index>` or below. */
const MESSAGE_ISSUE = /^messages\.(\d+)(?:\.|$)/

/**
 * The record of a notification: channel `Line` (8x8's details spell it so) and content type
 * `Template` (a LINE notification is a template LINE approved); queued, or rejected with a code.
 */
function lonRecord(
  notification: JsonObject | LineNotification,
  context: RecordContext,
  rejected?: ErrorCode,
): MessageRecord {
  const { clientMessageId, user } = notification as JsonObject
  return {
    umid: context.umid,
    subAccountId: context.subAccountId,
    channel: 'Line',
    contentType: 'Template',
    user: isObject(user) ? user : {},
    ...(typeof clientMessageId === 'string' && { clientMessageId }),
    ...(context.batchId !== undefined && { batchId: context.batchId }),
    ...(context.clientBatchId !== undefined && { clientBatchId: context.clientBatchId }),
    createdAt: context.at,
    stateAt: context.at,
    ...(rejected === undefined
      ? { state: 'queued' as const }
      : { state: 'rejected' as const, errorCode: rejected.code, errorMessage: rejected.message }),
  }
}

export const lineNotifications = new Hono<AppEnv>()
  .post(`${PREFIX}/lon`, injectFaults, async (c) => {
    const subAccountId = c.req.param('subAccountId')
    const receivedAt = new Date().toISOString()
    const body = await readJson(c)
    if (body === null) return errorResponse(c, 400, ERRORS.invalidJson)
    const result = safeParseLineNotification(body.value)
    if (!result.success) {
      const [issue] = result.issues
      return errorResponse(c, 400, messageIssueCode(issue, issue.path, issue.path))
    }
    const umid = crypto.randomUUID()
    const message = lonRecord(result.output, { umid, subAccountId, at: receivedAt })
    await new Store(c.env).record({
      kind: 'message',
      subAccountId,
      receivedAt,
      raw: body.raw,
      umid,
      message,
    })
    return c.json(sendResultOf(message))
  })
  .post(`${PREFIX}/lon/batch`, injectFaults, async (c) => {
    const subAccountId = c.req.param('subAccountId')
    const at = new Date().toISOString()
    const body = await readJson(c)
    if (body === null) return errorResponse(c, 400, ERRORS.invalidJson)
    const parsed = safeParseLineNotificationBatch(body.value)
    const outside = parsed.issues?.find((issue) => !MESSAGE_ISSUE.test(issue.path))
    if (outside !== undefined) return errorResponse(c, 400, batchIssueCode(outside))
    // From here on the body is an object whose `messages` is an array.
    const batch = body.value as JsonObject & { messages: JsonValue[] }
    const clientBatchId = typeof batch.clientBatchId === 'string' ? batch.clientBatchId : undefined
    const batchId = crypto.randomUUID()
    const context = {
      subAccountId,
      at,
      batchId,
      ...(clientBatchId !== undefined && { clientBatchId }),
    }
    const records = batch.messages.map((item, index) => {
      const result = safeParseLineNotification(item)
      const umid = crypto.randomUUID()
      if (result.success) return lonRecord(result.output, { ...context, umid })
      const [issue] = result.issues
      const fullPath = issue.path === '' ? `messages.${index}` : `messages.${index}.${issue.path}`
      const code = messageIssueCode(issue, issue.path, fullPath)
      return lonRecord(isObject(item) ? item : {}, { ...context, umid }, code)
    })
    await new Store(c.env).record({
      kind: 'batch',
      subAccountId,
      receivedAt: at,
      raw: body.raw,
      batchId,
      messages: records,
    })
    const rejectedCount = records.filter((record) => record.state === 'rejected').length
    return c.json({
      batchId,
      ...(clientBatchId !== undefined && { clientBatchId }),
      acceptedCount: records.length - rejectedCount,
      rejectedCount,
      ...(batch.includeMessagesInResponse === true && { messages: records.map(sendResultOf) }),
    })
  })
