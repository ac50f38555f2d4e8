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
import { stateOf } from '../delivery/states'
import type { AppEnv } from '../env'
import { bodyChecks, methodNotAllowed } from '../middleware/body-checks'
import { type SignedVariables, signed } from '../middleware/signed'
import type { NewMessage } from '../store'
import { sendBatch } from '../upstream'
import {
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

/** 8x8's result for the message at `index` with `clientMessageId`: same index, else same id. */
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

  const messages = items.map((item) => ({
    ...item,
    clientMessageId:
      typeof item.clientMessageId === 'string' ? item.clientMessageId : crypto.randomUUID(),
  }))

  if (prefersAsync(c.req.header('prefer'))) {
    // Each message is delivered on its own (8x8's single-message endpoint), so that one
    // failure never retries the others: merge the template into each, canonically.
    const batchId = crypto.randomUUID()
    const createdAt = Date.now()
    const accepted = messages.map((message, index) => {
      const merged = safeParseMessage({ ...template, ...message }, VALIDATION)
      if (!merged.success) throw invalidMessage('batch', merged)
      return {
        id: crypto.randomUUID(),
        keyId: verified.keyId,
        idempotencyKey: verified.idempotencyKey ?? '',
        clientMessageId: message.clientMessageId,
        subAccount: key.subAccount,
        payload: JSON.stringify(merged.output),
        createdAt,
        batchId,
        batchIndex: index,
      }
    })
    const ids = await acceptForDelivery(c.env, accepted)
    const answered = accepted.map((message, index) => ({
      id: ids[index],
      clientMessageId: message.clientMessageId,
      status: { state: 'accepted' },
    }))
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
  if (!sent.ok) throw upstreamProblem(sent, 'batch')

  const createdAt = Date.now()
  const records: NewMessage[] = messages.map((message, index) => {
    const result = resultFor(sent.result.messages, index, message.clientMessageId)
    return {
      id: crypto.randomUUID(),
      keyId: verified.keyId,
      idempotencyKey: verified.idempotencyKey ?? '',
      clientMessageId: message.clientMessageId,
      umid: typeof result.umid === 'string' ? result.umid : null,
      status: stateOf(result.status, 'sent'),
      subAccount: key.subAccount,
      createdAt,
      batchId: sent.batchId,
      batchIndex: index,
    }
  })
  c.var.record(records)
  const answered = records.map((record, index) => ({
    id: record.id,
    ...resultFor(sent.result.messages, index, record.clientMessageId),
    clientMessageId: record.clientMessageId,
  }))
  return c.json({ ...sent.result, messages: answered }, 200)
})
batch.all('/', methodNotAllowed('POST'))
