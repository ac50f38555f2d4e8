/**
 * `POST /v1/line-notifications`: a LINE Official Notification (8x8's `/lon` body), sent now or,
 * with `Prefer: respond-async`, later; the same pipeline as `POST /v1/messages` (signed,
 * idempotent, admitted, validated), its record a message record of type `line_notification`,
 * read with `GET /v1/messages/{id}` and moved by receipts like any message. No contact policy:
 * the service window and WhatsApp's opt-outs are WhatsApp's, and a notification is LINE's.
 *
 * @module
 */
import { Hono } from 'hono'
import type { AppEnv } from '../bindings'
import { type MessageSummary, maybeSentTwice } from '../db/messages/read'
import { type AdmissionVariables, admission } from '../http/admission'
import { jsonBody } from '../http/json-body'
import { methodNotAllowed } from '../http/method-not-allowed'
import { type SignatureVariables, signature } from '../http/signature'
import {
  type LineNotificationVariables,
  validLineNotification,
} from '../http/valid-line-notification'
import { prefersAsync } from '../lib/prefer'
import { traced, traceparentOf } from '../observability/observed'
import { acceptedHeaders } from './accepted'
import { sendSingleLater, sendSingleNow, singleDeps } from './send-single'

type Env = AppEnv & {
  Variables: SignatureVariables & AdmissionVariables & LineNotificationVariables
}

const type = 'line_notification' as const

export const lineNotifications = new Hono<Env>()

lineNotifications.post(
  '/',
  jsonBody,
  signature('POST /v1/line-notifications'),
  admission,
  validLineNotification,
  async (c) => {
    const verified = c.get('verified')
    const lineNotification = c.get('lineNotification')
    const key = verified.keyRecord
    // As for messages: 8x8 gets the gateway's id as clientMessageId, the caller's is kept.
    const id = await c.get('messageId')(0)
    const clientMessageId = lineNotification.clientMessageId ?? id
    const canonical = JSON.stringify({ ...lineNotification, clientMessageId: id })
    const record = {
      id,
      keyId: verified.keyId,
      idempotencyKey: verified.idempotencyKey ?? '',
      clientMessageId,
      subAccount: key.subAccount,
      type,
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
      )
      const answer: MessageSummary = {
        type,
        id: acceptedId,
        clientMessageId: reference,
        umid: null,
        status,
      }
      return c.json(answer, 202, acceptedHeaders(`/v1/messages/${acceptedId}`))
    }

    const { umid, status } = await sendSingleNow(singleDeps(c), {
      record,
      what: 'LINE notification',
      post: (upstream) => upstream.sendLineNotification(key.subAccount, canonical),
    })
    const answer: MessageSummary = {
      type,
      id,
      clientMessageId,
      umid,
      status,
      ...maybeSentTwice(c.get('earlierTryAt')),
    }
    return c.json(answer, 200)
  },
)
lineNotifications.all('/', methodNotAllowed('POST'))
