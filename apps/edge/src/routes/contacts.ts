/**
 * `GET /v1/contacts/{recipient}`: what the gateway knows of one recipient of the key's
 * sub-account (docs/conversations.md): the service window, consent with its history, pacing,
 * and the last inbound and outbound messages. A recipient never seen is answered too (window
 * never opened, subscribed, a full bucket).
 *
 * @module
 */
import { Hono } from 'hono'
import type { AppEnv } from '../bindings'
import { type AdmissionVariables, admission } from '../http/admission'
import { methodNotAllowed } from '../http/method-not-allowed'
import { type SignatureVariables, signature } from '../http/signature'
import { contactOf, contactSettings, recipientNamed } from '../objects/contact/client'
import type { ConsentChange, ContactState } from '../objects/contact/protocol'
import { Problem, UNAVAILABLE } from '../problems'

/** The route, mounted at `/v1/contacts`. */
export const contacts = new Hono<AppEnv & { Variables: SignatureVariables & AdmissionVariables }>()

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

/** A consent change (a fact, or one of the history) with its time as ISO 8601. */
function change(entry: ConsentChange) {
  const { state, by, reason, at, fact } = entry
  return { state, by, reason, at: iso(at), ...(fact !== undefined && { fact }) }
}

/** The contact in the API's shape: times as ISO 8601. */
function view(recipient: string, state: ContactState) {
  return {
    recipient,
    serviceWindow: {
      open: state.window.open,
      openUntil: state.window.open ? iso(state.window.openUntil) : null,
      closedAt: iso(state.window.closedAt),
    },
    consent: {
      state: state.consent.state,
      facts: state.consent.facts.map(change),
      history: state.consent.history.map(change),
    },
    pacing: {
      ratePerSecond: state.pacing.ratePerSecond,
      burst: state.pacing.burst,
      tokens: state.pacing.tokens,
      heldUntil: iso(state.pacing.heldUntil),
    },
    lastInboundAt: iso(state.lastInboundAt),
    lastOutboundAt: iso(state.lastOutboundAt),
    sameAs: state.sameAs,
    aliases: state.aliases,
  }
}

contacts.get('/:recipient', signature('GET /v1/contacts/:recipient'), admission, async (c) => {
  const recipient = recipientNamed(c.req.param('recipient'))
  if (recipient === null) {
    throw new Problem('not_found', { detail: 'Not a recipient: an msisdn or a channel user id.' })
  }
  const key = c.get('verified').keyRecord
  let state: ContactState
  try {
    state = await contactOf(c.env.CONTACT, key.subAccount, recipient).state(
      contactSettings(c.get('config').contact, key).pace,
      Date.now(),
    )
  } catch (error) {
    console.error('contact unavailable', error instanceof Error ? error.name : 'error')
    throw new Problem('unavailable', UNAVAILABLE)
  }
  return c.json(view(recipient, state), 200)
})
contacts.all('/:recipient', methodNotAllowed('GET'))
