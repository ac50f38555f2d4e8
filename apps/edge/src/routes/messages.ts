/**
 * `POST /v1/messages` (a message, sent now or, with `Prefer: respond-async`, later) and
 * `GET /v1/messages/:id` (its record).
 *
 * @module
 */
import { Hono } from 'hono'
import type { AppEnv } from '../bindings'
import { findMessage, type MessageSummary, maybeSentTwice } from '../db/messages/read'
import { type AdmissionVariables, admission } from '../http/admission'
import { type ContactVariables, contactPolicy } from '../http/contact-policy'
import { jsonBody } from '../http/json-body'
import { methodNotAllowed } from '../http/method-not-allowed'
import { type SignatureVariables, signature } from '../http/signature'
import { type TemplateVariables, templateCheck } from '../http/template-check'
import { type MessageVariables, validMessage } from '../http/valid'
import { prefersAsync } from '../lib/prefer'
import { contactSettings, recipientOf } from '../objects/contact/client'
import { traced, traceparentOf } from '../observability/observed'
import { Problem } from '../problems'
import { acceptedHeaders } from './accepted'
import { sendSingleLater, sendSingleNow, singleDeps } from './send-single'

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
    const verified = c.get('verified')
    const config = c.get('config')
    const message = c.get('message')
    const templateIssues = c.get('templateIssues')
    // Policy `observe`: the send went outside the recipient's service window, or does not fit
    // its registered template, and says so.
    const observed = {
      ...(c.get('windowClosed') ? ({ serviceWindow: 'closed' } as const) : {}),
      ...(templateIssues === null ? {} : { templateIssues }),
    }
    const recipient = recipientOf(message.user) ?? ''
    const pace = contactSettings(config.contact, verified.keyRecord).pace
    const key = verified.keyRecord
    // 8x8 gets the gateway's own id as clientMessageId: unique, so that a receipt can only ever
    // join this message (every try of one request sends the same: a receipt of an earlier try
    // joins it too). The caller's clientMessageId is its reference, kept on the record.
    const id = await c.get('messageId')(0)
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
      ...traced(traceparentOf(c.get('observed'))),
      // The request as sent, which the console shows (a synchronous send's too).
      payload: canonical,
    }

    if (prefersAsync(c.req.header('prefer'))) {
      const {
        id: acceptedId,
        clientMessageId: reference,
        status,
      } = await sendSingleLater(
        { db: c.env.DB, delivery: c.env.DELIVERY, traceparent: traceparentOf(c.get('observed')) },
        record,
        { recipient, pace },
      )
      const answer: MessageSummary = {
        id: acceptedId,
        clientMessageId: reference,
        umid: null,
        status,
        ...observed,
      }
      return c.json(answer, 202, acceptedHeaders(`/v1/messages/${acceptedId}`))
    }

    const { umid, status } = await sendSingleNow(singleDeps(c), {
      record,
      what: 'message',
      post: (upstream) => upstream.send(key.subAccount, canonical),
    })
    const answer: MessageSummary = {
      id,
      clientMessageId,
      umid,
      status,
      ...observed,
      ...maybeSentTwice(c.get('earlierTryAt')),
    }
    return c.json(answer, 200)
  },
)
messages.all('/', methodNotAllowed('POST'))

messages.get('/:id', signature('GET /v1/messages/:id'), admission, async (c) => {
  const record = await findMessage(c.env.DB, c.get('verified').keyId, c.req.param('id'))
  if (record === null) throw new Problem('not_found', { detail: 'No such message.' })
  return c.json(record, 200)
})
messages.all('/:id', methodNotAllowed('GET, DELETE'))
