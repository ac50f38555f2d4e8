/**
 * `POST /v1/messages` (synchronous send) and `GET /v1/messages/:id`.
 *
 * @module
 */
import { safeParseMessage } from '@chatapps/dsl'
import { Hono } from 'hono'
import type { AppEnv } from '../env'
import { Problem } from '../errors'
import { parseStrictJson } from '../json'
import { bodyChecks, methodNotAllowed } from '../middleware/body-checks'
import { type SignedVariables, signed } from '../middleware/signed'
import { findMessage, insertMessage } from '../store'
import { sendMessage } from '../upstream'

type Env = AppEnv & { Variables: SignedVariables }

export const messages = new Hono<Env>()

messages.post('/', bodyChecks, signed('POST /v1/messages'), async (c) => {
  const { verified, config } = c.var
  const key = verified.keyRecord
  const parsed = parseStrictJson(verified.body)
  if (!parsed.ok) throw new Problem('malformed_json', { detail: parsed.reason })
  const validated = safeParseMessage(parsed.value)
  if (!validated.success) {
    throw new Problem('invalid_message', {
      detail: `The message has ${validated.issues.length} issue(s).`,
      extra: {
        issues: validated.issues.map((issue) => ({ path: issue.path, message: issue.message })),
      },
    })
  }
  const message = validated.output
  if (key.allowedTypes !== null && !key.allowedTypes.includes(message.type)) {
    throw new Problem('forbidden', { detail: `This key may not send ${message.type} messages.` })
  }

  const clientMessageId = message.clientMessageId ?? crypto.randomUUID()
  const canonical = JSON.stringify({ ...message, clientMessageId })
  const sent = await sendMessage(config, c.env.UPSTREAM, key.subAccount, canonical)
  if (!sent.ok) {
    if (sent.kind === 'rejected') {
      throw new Problem('upstream_rejected', {
        detail: '8x8 rejected the message.',
        extra: { upstream: { code: sent.code, message: sent.message } },
      })
    }
    throw new Problem('upstream_unavailable', {
      status: sent.kind === 'timeout' ? 504 : 503,
      detail: sent.kind === 'timeout' ? '8x8 did not answer in time.' : '8x8 is unavailable.',
      headers: { 'retry-after': String(sent.retryAfter) },
    })
  }

  const id = crypto.randomUUID()
  const state =
    typeof sent.status === 'object' && sent.status !== null && 'state' in sent.status
      ? String(sent.status.state)
      : 'sent'
  try {
    await insertMessage(c.env.DB, {
      id,
      keyId: verified.keyId,
      idempotencyKey: verified.idempotencyKey ?? '',
      clientMessageId,
      umid: sent.umid,
      status: state,
      createdAt: Date.now(),
    })
  } catch (error) {
    // The message is sent: answer it; the record is best effort.
    console.error('message record failed', error instanceof Error ? error.name : 'error')
  }
  return c.json({ id, umid: sent.umid, clientMessageId, status: sent.status }, 200)
})
messages.all('/', methodNotAllowed('POST'))

messages.get('/:id', signed('GET /v1/messages/:id'), async (c) => {
  const record = await findMessage(c.env.DB, c.var.verified.keyId, c.req.param('id'))
  if (record === null) throw new Problem('not_found', { detail: 'No such message.' })
  return c.json(record, 200)
})
messages.all('/:id', methodNotAllowed('GET'))
