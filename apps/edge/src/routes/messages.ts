/**
 * `POST /v1/messages` (synchronous send) and `GET /v1/messages/:id`.
 *
 * @module
 */
import { safeParseMessage } from '@chatapps/dsl'
import { Hono } from 'hono'
import { acceptedHeaders, acceptForDelivery, prefersAsync } from '../delivery/accept'
import { CircuitClient } from '../delivery/circuit-client'
import type { AppEnv } from '../env'
import { Problem } from '../errors'
import { bodyChecks, methodNotAllowed } from '../middleware/body-checks'
import { type SignedVariables, signed } from '../middleware/signed'
import { findMessage, type MessageSummary, statusOf8x8 } from '../store'
import { sendMessage } from '../upstream'
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

export const messages = new Hono<Env>()

messages.post('/', bodyChecks, signed('POST /v1/messages'), async (c) => {
  const { verified, config } = c.var
  const key = verified.keyRecord
  const validated = safeParseMessage(readBody(verified.body), VALIDATION)
  if (!validated.success) throw invalidMessage('message', validated)
  const message = validated.output
  checkType(key, message.type)

  // 8x8 gets the gateway's own id as clientMessageId: unique, so that a receipt can only ever
  // join this message. The caller's clientMessageId is its reference, kept on the record.
  const id = crypto.randomUUID()
  const clientMessageId = message.clientMessageId ?? id
  const canonical = JSON.stringify({ ...message, clientMessageId: id })
  const record = {
    id,
    keyId: verified.keyId,
    idempotencyKey: verified.idempotencyKey ?? '',
    clientMessageId,
    subAccount: key.subAccount,
  }

  if (prefersAsync(c.req.header('prefer'))) {
    const createdAt = Date.now()
    const [accepted = ''] = await acceptForDelivery(c.env, [
      { ...record, payload: canonical, createdAt },
    ])
    const answer: MessageSummary = {
      id: accepted,
      clientMessageId,
      umid: null,
      status: acceptedStatus(createdAt),
    }
    return c.json(answer, 202, acceptedHeaders(`/v1/messages/${accepted}`))
  }

  const circuit = new CircuitClient(c.env.CIRCUIT, key.subAccount, config)
  const permit = await circuit.acquire()
  if (!permit.allowed) throw circuitOpen(permit.retryAfterMs)
  const sent = await sendMessage(config, c.env.UPSTREAM, key.subAccount, canonical)
  await circuit.report(permit, sent.ok ? null : sent)
  if (!sent.ok) {
    if (sent.kind === 'ambiguous') {
      // 8x8 may have the message: its record stays `unknown` until a receipt or reconciliation
      // settles it, and the answer is final for the idempotency key (never sent again).
      c.var.record([
        {
          ...record,
          umid: null,
          status: 'unknown',
          reason: unknownReason(sent),
          createdAt: Date.now(),
        },
      ])
      throw outcomeUnknown(sent, [{ id, clientMessageId }], `/v1/messages/${id}`)
    }
    throw upstreamProblem(sent, 'message')
  }

  const createdAt = Date.now()
  const status = statusOf8x8(sent.status, 'sent', createdAt)
  c.var.record([{ ...record, umid: sent.umid, status: status.state, createdAt }])
  const answer: MessageSummary = { id, clientMessageId, umid: sent.umid, status }
  return c.json(answer, 200)
})
messages.all('/', methodNotAllowed('POST'))

messages.get('/:id', signed('GET /v1/messages/:id'), async (c) => {
  const record = await findMessage(c.env.DB, c.var.verified.keyId, c.req.param('id'))
  if (record === null) throw new Problem('not_found', { detail: 'No such message.' })
  return c.json(record, 200)
})
messages.all('/:id', methodNotAllowed('GET'))
