/**
 * `POST /v1/inbound/{umid}/read` (mark an inbound message read: WhatsApp's blue ticks) and
 * `POST /v1/inbound/{umid}/typing` (the typing indicator on that message's channel, WhatsApp or
 * RCS, within 2 hours of it): 8x8's conversation calls for a message the gateway received on the
 * key's sub-account. Neither takes a body; both are idempotent (the admission step replays the
 * answer of an idempotency key).
 *
 * @module
 */
import { Hono } from 'hono'
import type { AppEnv } from '../bindings'
import { findInbound, type InboundSeen } from '../db/receipts'
import { type AdmissionVariables, admission } from '../http/admission'
import { methodNotAllowed } from '../http/method-not-allowed'
import { type SignatureVariables, signature } from '../http/signature'
import { circuitOpen, upstreamProblem } from '../http/upstream-problems'
import { upstreamObserver } from '../observability/observed'
import { Problem, UNAVAILABLE } from '../problems'
import { sendNow } from '../send/now'
import { createUpstream, isTypingChannel, type UpstreamDone } from '../upstream/chatapps-api'

type Env = AppEnv & { Variables: SignatureVariables & AdmissionVariables }

/** 8x8 shows a typing indicator only for an inbound message of the last 2 hours. */
export const TYPING_WINDOW_MS = 2 * 60 * 60 * 1000

/** The routes, mounted at `/v1/inbound`. */
export const inbound = new Hono<Env>()

/** The inbound message of the path, on the key's sub-account; 404 when the gateway has none. */
async function inboundOf(db: D1Database, subAccount: string, umid: string): Promise<InboundSeen> {
  let seen: InboundSeen | null
  try {
    seen = await findInbound(db, subAccount, umid)
  } catch (error) {
    console.error('inbound lookup failed', error instanceof Error ? error.name : 'error')
    throw new Problem('unavailable', UNAVAILABLE)
  }
  if (seen === null) {
    throw new Problem('not_found', {
      detail: "No inbound message with this umid on the key's sub-account.",
    })
  }
  return seen
}

/**
 * The call through the sub-account's circuit breaker; 8x8's failure as a problem. An ambiguous
 * failure (a 5xx, no answer in time, the connection lost: 8x8 may have done it) is answered as
 * 8x8 unavailable, and the idempotency key is released: marking a message read again, or showing
 * the typing indicator again, changes nothing more at 8x8, so the retry is safe.
 */
async function through(
  c: { env: Env['Bindings']; var: Env['Variables'] },
  what: string,
  call: () => Promise<UpstreamDone>,
): Promise<void> {
  const { config, verified, claim } = c.var
  const done = await sendNow(
    { circuits: c.env.CIRCUIT, settings: config, claim },
    verified.keyRecord.subAccount,
    call,
  )
  if (!done.ok) {
    if (done.kind === 'circuit_open') throw circuitOpen(done.retryAfterMs)
    throw upstreamProblem(done, what)
  }
}

inbound.post(
  '/:umid/read',
  signature('POST /v1/inbound/:umid/read', { maxBodyBytes: 0 }),
  admission,
  async (c) => {
    const umid = c.req.param('umid')
    const { subAccount } = c.get('verified').keyRecord
    await inboundOf(c.env.DB, subAccount, umid)
    const upstream = createUpstream(
      c.get('config'),
      c.env.UPSTREAM,
      upstreamObserver(c.get('observed')),
    )
    await through(c, 'read receipt', () => upstream.markRead(subAccount, umid))
    return c.json({ umid, read: true }, 200)
  },
)
inbound.all('/:umid/read', methodNotAllowed('POST'))

inbound.post(
  '/:umid/typing',
  signature('POST /v1/inbound/:umid/typing', { maxBodyBytes: 0 }),
  admission,
  async (c) => {
    const umid = c.req.param('umid')
    const { subAccount } = c.get('verified').keyRecord
    const seen = await inboundOf(c.env.DB, subAccount, umid)
    // The message's own channel, as 8x8 spells it (an event that names none: WhatsApp's, as the
    // gateway always sent). Another channel never has an indicator, whatever the message's age.
    const channel = (seen.channel ?? 'whatsapp').toLowerCase()
    if (!isTypingChannel(channel)) {
      throw new Problem('typing_unsupported', {
        detail: `8x8 shows a typing indicator only on WhatsApp and RCS: this inbound message came on ${channel}.`,
        extra: { channel },
      })
    }
    // The earlier of 8x8's time and the gateway's: a message 8x8 dates older is older.
    const since = Math.min(seen.sentAt ?? seen.receivedAt, seen.receivedAt)
    const until = since + TYPING_WINDOW_MS
    if (Date.now() >= until) {
      throw new Problem('inbound_too_old', {
        detail: 'A typing indicator is shown only within 2 hours of the inbound message.',
        extra: {
          receivedAt: new Date(seen.receivedAt).toISOString(),
          typingUntil: new Date(until).toISOString(),
        },
      })
    }
    const upstream = createUpstream(
      c.get('config'),
      c.env.UPSTREAM,
      upstreamObserver(c.get('observed')),
    )
    await through(c, 'typing indicator', () => upstream.typing(subAccount, umid, channel))
    return c.json({ umid, typingUntil: new Date(until).toISOString() }, 200)
  },
)
inbound.all('/:umid/typing', methodNotAllowed('POST'))
