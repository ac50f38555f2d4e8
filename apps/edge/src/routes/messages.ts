/**
 * `POST /v1/messages` (synchronous send) and `GET /v1/messages/:id`.
 *
 * @module
 */
import { safeParseMessage } from '@chatapps/dsl'
import { Hono } from 'hono'
import { acceptedHeaders, acceptForDelivery, prefersAsync } from '../delivery/accept'
import { CircuitClient } from '../delivery/circuit-client'
import { stateOf } from '../delivery/states'
import type { AppEnv } from '../env'
import { Problem } from '../errors'
import { bodyChecks, methodNotAllowed } from '../middleware/body-checks'
import { type SignedVariables, signed } from '../middleware/signed'
import { findMessage } from '../store'
import { sendMessage } from '../upstream'
import {
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

  const clientMessageId = message.clientMessageId ?? crypto.randomUUID()
  const canonical = JSON.stringify({ ...message, clientMessageId })

  if (prefersAsync(c.req.header('prefer'))) {
    const [id = ''] = await acceptForDelivery(c.env, [
      {
        id: crypto.randomUUID(),
        keyId: verified.keyId,
        idempotencyKey: verified.idempotencyKey ?? '',
        clientMessageId,
        subAccount: key.subAccount,
        payload: canonical,
        createdAt: Date.now(),
      },
    ])
    return c.json(
      { id, clientMessageId, status: { state: 'accepted' } },
      202,
      acceptedHeaders(`/v1/messages/${id}`),
    )
  }

  const circuit = new CircuitClient(c.env.CIRCUIT, key.subAccount, config)
  const permit = await circuit.acquire()
  if (!permit.allowed) throw circuitOpen(permit.retryAfterMs)
  const sent = await sendMessage(config, c.env.UPSTREAM, key.subAccount, canonical)
  await circuit.report(permit, sent.ok ? null : sent)
  if (!sent.ok) throw upstreamProblem(sent, 'message')

  const id = crypto.randomUUID()
  const state = stateOf(sent.status, 'sent')
  c.var.record([
    {
      id,
      keyId: verified.keyId,
      idempotencyKey: verified.idempotencyKey ?? '',
      clientMessageId,
      umid: sent.umid,
      status: state,
      subAccount: key.subAccount,
      createdAt: Date.now(),
    },
  ])
  return c.json({ id, umid: sent.umid, clientMessageId, status: sent.status }, 200)
})
messages.all('/', methodNotAllowed('POST'))

messages.get('/:id', signed('GET /v1/messages/:id'), async (c) => {
  const record = await findMessage(c.env.DB, c.var.verified.keyId, c.req.param('id'))
  if (record === null) throw new Problem('not_found', { detail: 'No such message.' })
  return c.json(record, 200)
})
messages.all('/:id', methodNotAllowed('GET'))
