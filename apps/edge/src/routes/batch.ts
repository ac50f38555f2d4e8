/**
 * `POST /v1/messages/batch`: up to 1,000 messages through 8x8's batch endpoint (or, with
 * `Prefer: respond-async`, each delivered on its own), behind the same steps as `POST /v1/messages`.
 *
 * @module
 */
import { safeParseMessage } from '@chatapps/dsl'
import { Hono } from 'hono'
import type { AppEnv } from '../bindings'
import { type MessageSummary, maybeSentTwice } from '../db/messages/read'
import type { NewMessage } from '../db/messages/records'
import { type AdmissionVariables, admission } from '../http/admission'
import { type BatchContactVariables, batchContactPolicy } from '../http/contact-policy'
import { jsonBody } from '../http/json-body'
import { methodNotAllowed } from '../http/method-not-allowed'
import { type SignatureVariables, signature } from '../http/signature'
import { type BatchTemplateVariables, batchTemplateCheck } from '../http/template-check'
import {
  circuitOpen,
  outcomeUnknown,
  unknownReason,
  upstreamProblem,
} from '../http/upstream-problems'
import { type BatchVariables, invalidMessage, VALIDATION, validBatch } from '../http/valid'
import { acceptedStatus, statusOf8x8 } from '../lib/message-status'
import { prefersAsync } from '../lib/prefer'
import { contactSettings, type RecipientLike, recipientOf } from '../objects/contact/client'
import { traced, traceparentOf, upstreamObserver } from '../observability/observed'
import { Problem, UNAVAILABLE } from '../problems'
import { sendLater } from '../send/later'
import { sendNow } from '../send/now'
import { createUpstream } from '../upstream/chatapps-api'
import { acceptedHeaders } from './accepted'

type Env = AppEnv & {
  Variables: SignatureVariables &
    AdmissionVariables &
    BatchVariables &
    BatchTemplateVariables &
    BatchContactVariables
}
type Item = Readonly<Record<string, unknown>>

/** The route, mounted at `/v1/messages/batch`. */
export const batch = new Hono<Env>()

/** 8x8's result for the message at `index` sent as `clientMessageId`: same index, else same id. */
function resultFor(results: unknown, index: number, clientMessageId: string): Item {
  if (!Array.isArray(results)) return {}
  const isItem = (value: unknown): value is Item => typeof value === 'object' && value !== null
  const same = results[index]
  if (isItem(same) && same.clientMessageId === clientMessageId) return same
  const found: unknown = results.find((r) => isItem(r) && r.clientMessageId === clientMessageId)
  return isItem(found) ? found : {}
}

batch.post(
  '/',
  jsonBody,
  signature('POST /v1/messages/batch'),
  admission,
  validBatch,
  batchTemplateCheck,
  batchContactPolicy,
  async (c) => {
    const verified = c.get('verified')
    const config = c.get('config')
    const body = c.get('batch')
    const contactRefusals = c.get('contactRefusals')
    const windowClosedIndexes = c.get('windowClosedIndexes')
    const templateRefusals = c.get('templateRefusals')
    const templateIssuesByIndex = c.get('templateIssuesByIndex')
    const key = verified.keyRecord
    const template = body.template as Item | undefined
    // Messages their template or their contact refused are left out (listed as `refused`, in
    // index order); the others go, each keeping its index in the caller's batch.
    const kept = (body.messages as readonly Item[]).flatMap((item, index) =>
      contactRefusals[index] === null && (templateRefusals[index] ?? null) === null
        ? [{ item, index }]
        : [],
    )
    const items = kept.map(({ item }) => item)
    const refused = [
      ...contactRefusals.filter((refusal) => refusal !== null),
      ...templateRefusals.filter((refusal) => refusal !== null),
    ].sort((a, b) => a.index - b.index)
    const closed = new Set(windowClosedIndexes)
    const extras = (position: number) => {
      const index = kept[position]?.index ?? -1
      const issues = templateIssuesByIndex[index] ?? null
      return {
        ...(closed.has(index) ? ({ serviceWindow: 'closed' } as const) : {}),
        ...(issues === null ? {} : { templateIssues: issues }),
      }
    }
    const refusedMember = refused.length > 0 ? { refused } : {}
    const pace = contactSettings(config.contact, key).pace

    // Each message leaves with the gateway's own id as clientMessageId (unique, the only key a
    // receipt joins by; by its index in the caller's list, the same for every try of one
    // request); the caller's clientMessageId is its reference, kept on the record.
    const ids = await Promise.all(kept.map(({ index }) => c.get('messageId')(index)))
    const references = items.map((item, index) =>
      typeof item.clientMessageId === 'string' ? item.clientMessageId : (ids[index] ?? ''),
    )
    const messages = items.map((item, index) => ({ ...item, clientMessageId: ids[index] ?? '' }))
    const recordOf = (index: number) => ({
      id: ids[index] ?? '',
      keyId: verified.keyId,
      idempotencyKey: verified.idempotencyKey ?? '',
      clientMessageId: references[index] ?? '',
      subAccount: key.subAccount,
      batchIndex: kept[index]?.index ?? index,
      ...extras(index),
      ...recipientField(items[index]?.user as RecipientLike | undefined),
      ...traced(traceparentOf(c.get('observed'))),
    })

    if (prefersAsync(c.req.header('prefer'))) {
      // Each message is delivered on its own (8x8's single-message endpoint), so that one
      // failure never retries the others: merge the template into each, canonically.
      const batchId = crypto.randomUUID()
      const createdAt = Date.now()
      const accepted = messages.map((message, index) => {
        const merged = safeParseMessage({ ...template, ...message }, VALIDATION)
        if (!merged.success) throw invalidMessage('batch', merged)
        return { ...recordOf(index), payload: JSON.stringify(merged.output), createdAt, batchId }
      })
      const recorded = await sendLater(
        { db: c.env.DB, delivery: c.env.DELIVERY, traceparent: traceparentOf(c.get('observed')) },
        accepted,
        items.map((item) => ({ recipient: recipientOf(item.user as RecipientLike) ?? '', pace })),
      )
      if (recorded === null) throw new Problem('unavailable', UNAVAILABLE)
      const answered = accepted.map(
        (message, index): MessageSummary => ({
          id: recorded[index]?.id ?? message.id,
          clientMessageId: recorded[index]?.clientMessageId ?? message.clientMessageId,
          umid: null,
          status: acceptedStatus(createdAt),
          ...extras(index),
        }),
      )
      return c.json(
        {
          // A retry after a lost answer: the batch its records carry.
          batchId: recorded[0]?.batchId ?? batchId,
          ...(body.clientBatchId === undefined ? {} : { clientBatchId: body.clientBatchId }),
          acceptedCount: answered.length,
          messages: answered,
          ...refusedMember,
        },
        202,
        acceptedHeaders(null),
      )
    }

    const canonical = JSON.stringify({ ...body, messages, includeMessagesInResponse: true })
    // Each record keeps its message as 8x8 reads it: the batch's template under the message's
    // own members (the console shows it).
    const payloadOf = (index: number) => JSON.stringify({ ...template, ...messages[index] })
    const upstream = createUpstream(config, c.env.UPSTREAM, upstreamObserver(c.get('observed')))
    const sent = await sendNow(
      { circuits: c.env.CIRCUIT, settings: config, claim: c.get('claim') },
      key.subAccount,
      () => upstream.sendBatch(key.subAccount, canonical),
    )
    if (!sent.ok) {
      if (sent.kind === 'circuit_open') throw circuitOpen(sent.retryAfterMs)
      if (sent.kind === 'ambiguous') {
        // 8x8 may have taken them: each record stays `unknown` until its receipt or
        // reconciliation settles it; the answer is final for the idempotency key.
        const createdAt = Date.now()
        const reason = unknownReason(sent)
        const unknown = messages.map((_, index) => ({
          ...recordOf(index),
          payload: payloadOf(index),
          umid: null,
          status: 'unknown',
          reason,
          createdAt,
        }))
        c.get('record')(unknown)
        throw outcomeUnknown(sent, unknown, null)
      }
      throw upstreamProblem(sent, 'batch')
    }

    // Each message as every answer shows one (8x8's other members of it, such as its echo of
    // `user`, are left out): its ids, and 8x8's status in the gateway's shape.
    const createdAt = Date.now()
    const earlierTry = maybeSentTwice(c.get('earlierTryAt'))
    const answered = messages.map((message, index): MessageSummary => {
      const result = resultFor(sent.result.messages, index, message.clientMessageId)
      return {
        id: ids[index] ?? '',
        clientMessageId: references[index] ?? '',
        umid: typeof result.umid === 'string' ? result.umid : null,
        status: statusOf8x8(result.status, 'sent', createdAt),
        ...extras(index),
        ...earlierTry,
      }
    })
    const records: NewMessage[] = answered.map((message, index) => ({
      ...recordOf(index),
      payload: payloadOf(index),
      umid: message.umid,
      status: message.status.state,
      createdAt,
      batchId: sent.batchId,
    }))
    c.get('record')(records)
    return c.json({ ...sent.result, messages: answered, ...refusedMember }, 200)
  },
)
batch.all('/', methodNotAllowed('POST'))

/** The record's recipient, for the console's search (absent when the item names none). */
function recipientField(user: RecipientLike | undefined): { recipient?: string } {
  const recipient = recipientOf(user)
  return recipient === null ? {} : { recipient }
}
