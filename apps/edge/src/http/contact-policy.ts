/**
 * The contact step of the send routes, after validation: ONE call to the recipient's contact
 * object (src/objects/contact), which weighs consent, the key's service-window policy and the
 * recipient's pacing (docs/conversations.md). Refusals become problems here; a send the window
 * does not cover under `observe` goes, and says so (`Chatapps-Service-Window: closed`).
 *
 * @module
 */
import type { Message } from '@chatapps/dsl'
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../bindings'
import type { ClientKey } from '../db/keys'
import { prefersAsync } from '../lib/prefer'
import { contactOf, contactSettings, recipientOf, sendFacts } from '../objects/contact/client'
import type { SendCheck, Verdict } from '../objects/contact/protocol'
import { Problem, UNAVAILABLE } from '../problems'
import type { SignatureVariables } from './signature'
import {
  type BatchTemplateVariables,
  type TemplateVariables,
  templateMismatch,
} from './template-check'
import type { BatchVariables, MessageVariables } from './valid'

/** The response header that says a send went outside the recipient's service window. */
export const SERVICE_WINDOW_HEADER = 'chatapps-service-window'

/** What the send handler learns from the contact. */
export interface ContactVariables {
  /** The window did not cover this send (policy `observe`): the answer says `serviceWindow: closed`. */
  windowClosed: boolean
}

/** What the batch handler learns: each message's refusal, or null for a message that goes. */
export interface BatchContactVariables {
  contactRefusals: readonly (Refusal | null)[]
  /** Indexes of the messages the window did not cover (policy `observe`). */
  windowClosedIndexes: readonly number[]
}

/** A batch message refused by its contact, as the batch answer lists it. */
export interface Refusal {
  readonly index: number
  readonly code: 'recipient_opted_out' | 'outside_service_window' | 'rate_limited'
  readonly recipient: string
  readonly detail: string
  /** rate_limited: seconds until the recipient may be sent to. */
  readonly retryAfter?: number
  /** outside_service_window: when the window closed (ISO 8601, null: never opened). */
  readonly windowClosedAt?: string | null
}

type Item = Readonly<Record<string, unknown>>

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

function refusalOf(
  verdict: Exclude<Verdict, { ok: true }>,
  index: number,
  recipient: string,
): Refusal {
  switch (verdict.kind) {
    case 'opted_out':
      return {
        index,
        code: 'recipient_opted_out',
        recipient,
        detail:
          verdict.consent.state === 'marketing_opted_out'
            ? `The recipient opted out of marketing messages (${verdict.consent.by}: ${verdict.consent.reason}), and the template is registered as MARKETING; nothing was sent.`
            : `The recipient is ${verdict.consent.state.replace('_', ' ')} (${verdict.consent.by}: ${verdict.consent.reason}); nothing was sent.`,
      }
    case 'outside_window':
      return {
        index,
        code: 'outside_service_window',
        recipient,
        detail:
          'The 24-hour customer-service window is closed: send a template message; nothing was sent.',
        windowClosedAt: iso(verdict.window.closedAt),
      }
    case 'paced':
      return {
        index,
        code: 'rate_limited',
        recipient,
        detail: 'Too many messages to this recipient: retry after Retry-After seconds.',
        retryAfter: Math.max(1, Math.ceil(verdict.retryAfterMs / 1000)),
      }
  }
}

/** A refusal of a single send as its problem. */
function problemOf(refusal: Refusal): Problem {
  const { code, detail, recipient } = refusal
  if (code === 'rate_limited') {
    return new Problem(code, {
      detail,
      headers: { 'retry-after': String(refusal.retryAfter ?? 1) },
      extra: { scope: 'recipient', recipient },
    })
  }
  if (code === 'outside_service_window') {
    return new Problem(code, {
      detail,
      extra: { recipient, windowClosedAt: refusal.windowClosedAt ?? null },
    })
  }
  return new Problem(code, { detail, extra: { recipient } })
}

async function check(
  env: AppEnv['Bindings'],
  settings: Parameters<typeof contactSettings>[0],
  key: ClientKey,
  recipient: string,
  send: SendCheck,
): Promise<Verdict> {
  try {
    return await contactOf(env.CONTACT, key.subAccount, recipient).check(
      contactSettings(settings, key),
      send,
      Date.now(),
    )
  } catch (error) {
    // Consent cannot be checked: nothing is sent (a stop must never be missed); clients retry.
    console.error('contact unavailable', error instanceof Error ? error.name : 'error')
    throw new Problem('unavailable', UNAVAILABLE)
  }
}

/**
 * `POST /v1/messages`: the recipient's verdict; a refusal is the answer, nothing is sent.
 *
 * @example
 * messages.post('/', jsonBody, signature('POST /v1/messages'), admission, validMessage, contactPolicy, send)
 */
export const contactPolicy = createMiddleware<
  AppEnv & {
    Variables: SignatureVariables & MessageVariables & TemplateVariables & ContactVariables
  }
>(async (c, next) => {
  const key = c.get('verified').keyRecord
  const message: Message = c.get('message')
  const recipient = recipientOf(message.user) ?? ''
  const send: SendCheck = {
    policy: key.serviceWindow,
    ...sendFacts(message as unknown as Item),
    // Read with the template's check: the contact weighs it in this same call.
    category: c.get('templateCategory') ?? null,
    take: !prefersAsync(c.req.header('prefer')),
  }
  const verdict = await check(c.env, c.get('config').contact, key, recipient, send)
  if (!verdict.ok) throw problemOf(refusalOf(verdict, 0, recipient))
  const closed = verdict.windowApplies && !verdict.window.open
  c.set('windowClosed', closed)
  if (closed) c.header(SERVICE_WINDOW_HEADER, 'closed')
  await next()
})

/**
 * `POST /v1/messages/batch`: each message's verdict, one call per recipient's message (in
 * parallel); a message the template step refused is not asked about. Refused messages are left
 * out and listed; if every message is refused, the first refusal is the answer.
 */
export const batchContactPolicy = createMiddleware<
  AppEnv & {
    Variables: SignatureVariables & BatchVariables & BatchContactVariables & BatchTemplateVariables
  }
>(async (c, next) => {
  const key = c.get('verified').keyRecord
  const template = c.get('batch').template as Item | undefined
  const items = c.get('batch').messages as readonly Item[]
  const take = !prefersAsync(c.req.header('prefer'))
  const settings = c.get('config').contact
  // Empty when the route has no template step.
  const byTemplate: BatchTemplateVariables['templateRefusals'] = c.get('templateRefusals') ?? []
  const refusedByTemplate = (index: number) => (byTemplate[index] ?? null) !== null
  const categories = c.get('templateCategories') ?? []
  const sends = items.map(
    (item, index): SendCheck => ({
      policy: key.serviceWindow,
      ...sendFacts(item, template),
      category: categories[index] ?? null,
      take,
    }),
  )
  const verdicts = await Promise.all(
    items.map(async (item, index) => {
      const recipient = recipientOf(item.user as Parameters<typeof recipientOf>[0]) ?? ''
      const send = sends[index]
      if (refusedByTemplate(index) || send === undefined) return null
      const verdict = await check(c.env, settings, key, recipient, send)
      return { verdict, recipient, index }
    }),
  )
  const refusals = verdicts.map((checked) =>
    checked === null || checked.verdict.ok
      ? null
      : refusalOf(checked.verdict, checked.index, checked.recipient),
  )
  if (items.every((_, index) => refusals[index] !== null || refusedByTemplate(index))) {
    const first = refusals[0]
    const firstByTemplate = byTemplate[0]
    if (first !== undefined && first !== null) throw problemOf(first)
    if (firstByTemplate !== undefined && firstByTemplate !== null) {
      throw templateMismatch(firstByTemplate.issues, 'batch')
    }
  }
  const closed = verdicts.flatMap((checked) =>
    checked?.verdict.ok && checked.verdict.windowApplies && !checked.verdict.window.open
      ? [checked.index]
      : [],
  )
  c.set('contactRefusals', refusals)
  c.set('windowClosedIndexes', closed)
  if (closed.length > 0) c.header(SERVICE_WINDOW_HEADER, 'closed')
  await next()
})
