/**
 * `POST /v1/messages/batch`: up to 1,000 messages through 8x8's batch endpoint, behind the same
 * checks, admission and idempotency as `POST /v1/messages`.
 *
 * @module
 */
import { type Batch, safeParseBatch, safeParseMessage } from '@chatapps/dsl'
import { Hono } from 'hono'
import { acceptedHeaders, acceptForDelivery, prefersAsync } from '../delivery/accept'
import { CircuitClient } from '../delivery/circuit-client'
import type { AppEnv } from '../env'
import { bodyChecks, methodNotAllowed } from '../middleware/body-checks'
import { type SignedVariables, signed } from '../middleware/signed'
import { type MessageSummary, type NewMessage, statusOf8x8 } from '../store'
import { sendBatch } from '../upstream'
import { outcomeUnknown, unknownReason } from './outcome-unknown'
import {
  acceptedStatus,
  checkType,
  circuitOpen,
  invalidMessage,
  readBody,
  upstreamProblem,
  VALIDATION,
} from './sending'

type Env = AppEnv & { Variables: SignedVariables }
type Item = Readonly<Record<string, unknown>>

/** The route, mounted at `/v1/messages/batch`. */
export const batch = new Hono<Env>()

/** A message's type: its own, else the template's; lower case like the canonical form. */
function typeOf(item: Item, template: Item | undefined): string {
  const type = item.type ?? template?.type
  return typeof type === 'string' ? type.toLowerCase() : ''
}

/** 8x8's result for the message at `index` sent as `clientMessageId`: same index, else same id. */
function resultFor(results: unknown, index: number, clientMessageId: string): Item {
  if (!Array.isArray(results)) return {}
  const isItem = (value: unknown): value is Item => typeof value === 'object' && value !== null
  const same = results[index]
  if (isItem(same) && same.clientMessageId === clientMessageId) return same
  const found: unknown = results.find((r) => isItem(r) && r.clientMessageId === clientMessageId)
  return isItem(found) ? found : {}
}

batch.post('/', bodyChecks, signed('POST /v1/messages/batch'), async (c) => {
  const { verified, config } = c.var
  const key = verified.keyRecord
  const validated = safeParseBatch(readBody(verified.body), VALIDATION)
  if (!validated.success) throw invalidMessage('batch', validated)
  const body: Batch = validated.output
  const template = body.template as Item | undefined
  const items = body.messages as readonly Item[]
  items.forEach((item, index) => {
    checkType(key, typeOf(item, template), ` (messages.${index})`)
  })

  // Each message leaves with the gateway's own id as clientMessageId (unique, the only key a
  // receipt joins by); the caller's clientMessageId is its reference, kept on the record.
  const ids = items.map(() => crypto.randomUUID())
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
    batchIndex: index,
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
    const recorded = await acceptForDelivery(c.env, accepted)
    const answered = accepted.map(
      (message, index): MessageSummary => ({
        id: recorded[index] ?? message.id,
        clientMessageId: message.clientMessageId,
        umid: null,
        status: acceptedStatus(createdAt),
      }),
    )
    return c.json(
      {
        batchId,
        ...(body.clientBatchId === undefined ? {} : { clientBatchId: body.clientBatchId }),
        acceptedCount: answered.length,
        messages: answered,
      },
      202,
      acceptedHeaders(null),
    )
  }

  const canonical = JSON.stringify({ ...body, messages, includeMessagesInResponse: true })
  const circuit = new CircuitClient(c.env.CIRCUIT, key.subAccount, config)
  const permit = await circuit.acquire()
  if (!permit.allowed) throw circuitOpen(permit.retryAfterMs)
  const sent = await sendBatch(config, c.env.UPSTREAM, key.subAccount, canonical)
  await circuit.report(permit, sent.ok ? null : sent)
  if (!sent.ok) {
    if (sent.kind === 'ambiguous') {
      // 8x8 may have taken them: each record stays `unknown` until its receipt or
      // reconciliation settles it; the answer is final for the idempotency key.
      const createdAt = Date.now()
      const reason = unknownReason(sent)
      const unknown = messages.map((_, index) => ({
        ...recordOf(index),
        umid: null,
        status: 'unknown',
        reason,
        createdAt,
      }))
      c.var.record(unknown)
      throw outcomeUnknown(sent, unknown, null)
    }
    throw upstreamProblem(sent, 'batch')
  }

  // Each message as every answer shows one (8x8's other members of it, such as its echo of
  // `user`, are left out): its ids, and 8x8's status in the gateway's shape.
  const createdAt = Date.now()
  const answered = messages.map((message, index): MessageSummary => {
    const result = resultFor(sent.result.messages, index, message.clientMessageId)
    return {
      id: ids[index] ?? '',
      clientMessageId: references[index] ?? '',
      umid: typeof result.umid === 'string' ? result.umid : null,
      status: statusOf8x8(result.status, 'sent', createdAt),
    }
  })
  const records: NewMessage[] = answered.map((message, index) => ({
    ...recordOf(index),
    umid: message.umid,
    status: message.status.state,
    createdAt,
    batchId: sent.batchId,
  }))
  c.var.record(records)
  return c.json({ ...sent.result, messages: answered }, 200)
})
batch.all('/', methodNotAllowed('POST'))
