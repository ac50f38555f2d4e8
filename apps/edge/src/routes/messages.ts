/**
 * `POST /v1/messages` (a message, sent now or, with `Prefer: respond-async`, later) and
 * `GET /v1/messages/:id` (its record).
 *
 * @module
 */
import { Hono } from 'hono'
import type { AppEnv } from '../bindings'
import { findMessage, type MessageSummary } from '../db/messages/read'
import { type AdmissionVariables, admission } from '../http/admission'
import { type ContactVariables, contactPolicy } from '../http/contact-policy'
import { jsonBody } from '../http/json-body'
import { methodNotAllowed } from '../http/method-not-allowed'
import { type SignatureVariables, signature } from '../http/signature'
import { type TemplateVariables, templateCheck } from '../http/template-check'
import { failedSend } from '../http/upstream-problems'
import { type MessageVariables, validMessage } from '../http/valid'
import { acceptedStatus, statusOf8x8 } from '../lib/message-status'
import { prefersAsync } from '../lib/prefer'
import { contactSettings, recipientOf } from '../objects/contact/client'
import { traced, traceparentOf, upstreamObserver } from '../observability/observed'
import { Problem, UNAVAILABLE } from '../problems'
import { sendLater } from '../send/later'
import { sendNow } from '../send/now'
import { createUpstream } from '../upstream/chatapps-api'
import { acceptedHeaders } from './accepted'

type Env = AppEnv & {
  Variables: SignatureVariables &
    AdmissionVariables &
    MessageVariables &
    TemplateVariables &
    ContactVariables
}

export const messages = new Hono<Env>()

messages.post(
  '/',
  jsonBody,
  signature('POST /v1/messages'),
  admission,
  validMessage,
  templateCheck,
  contactPolicy,
  async (c) => {
    const { verified, config, message, templateIssues } = c.var
    // Policy `observe`: the send went outside the recipient's service window, or does not fit
    // its registered template, and says so.
    const observed = {
      ...(c.var.windowClosed ? ({ serviceWindow: 'closed' } as const) : {}),
      ...(templateIssues === null ? {} : { templateIssues }),
    }
    const recipient = recipientOf(message.user) ?? ''
    const pace = contactSettings(config.contact, verified.keyRecord).pace
    const key = verified.keyRecord
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
      ...observed,
      ...(recipient === '' ? {} : { recipient }),
      ...traced(traceparentOf(c.var.observed)),
      // The request as sent, which the console shows (a synchronous send's too).
      payload: canonical,
    }

    if (prefersAsync(c.req.header('prefer'))) {
      const createdAt = Date.now()
      const ids = await sendLater(
        { db: c.env.DB, delivery: c.env.DELIVERY, traceparent: traceparentOf(c.var.observed) },
        [{ ...record, createdAt }],
        [{ recipient, pace }],
      )
      if (ids === null) throw new Problem('unavailable', UNAVAILABLE)
      const [accepted = ''] = ids
      const answer: MessageSummary = {
        id: accepted,
        clientMessageId,
        umid: null,
        status: acceptedStatus(createdAt),
        ...observed,
      }
      return c.json(answer, 202, acceptedHeaders(`/v1/messages/${accepted}`))
    }

    const upstream = createUpstream(config, c.env.UPSTREAM, upstreamObserver(c.var.observed))
    const sent = await sendNow({ circuits: c.env.CIRCUIT, settings: config }, key.subAccount, () =>
      upstream.send(key.subAccount, canonical),
    )
    if (!sent.ok) {
      // An ambiguous failure's record stays `unknown` until a receipt or reconciliation settles it.
      const recordUnknown = (reason: string) =>
        c.var.record([{ ...record, umid: null, status: 'unknown', reason, createdAt: Date.now() }])
      throw failedSend(sent, { id, clientMessageId }, recordUnknown, 'message')
    }

    const createdAt = Date.now()
    const status = statusOf8x8(sent.status, 'sent', createdAt)
    c.var.record([{ ...record, umid: sent.umid, status: status.state, createdAt }])
    const answer: MessageSummary = { id, clientMessageId, umid: sent.umid, status, ...observed }
    return c.json(answer, 200)
  },
)
messages.all('/', methodNotAllowed('POST'))

messages.get('/:id', signature('GET /v1/messages/:id'), admission, async (c) => {
  const record = await findMessage(c.env.DB, c.var.verified.keyId, c.req.param('id'))
  if (record === null) throw new Problem('not_found', { detail: 'No such message.' })
  return c.json(record, 200)
})
messages.all('/:id', methodNotAllowed('GET, DELETE'))
