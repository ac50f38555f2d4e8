/**
 * The conversation of `pnpm demo:conversation`, step by step, against any gateway and sandbox:
 * the running `pnpm start` (demo-conversation.ts) or the testkit's stack (its test,
 * test-node/demo-conversation.test.ts). Every request the business makes is signed with the
 * ed25519 development key of signing.md; the customer writes through the sandbox
 * (`POST /__sandbox/inbound`), which posts 8x8's inbound webhook to the gateway.
 */
import { signRequest } from '@chatapps/signature'

/** RFC 9421 B.1.4, registered for demo-subaccount by `pnpm start` and the testkit. */
export const DEMO_KEY = {
  keyId: 'test-key-ed25519',
  alg: 'ed25519',
  key: 'MC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF',
} as const

/** Where the conversation runs. */
export interface ConversationTarget {
  /** The gateway's origin. */
  readonly gateway: string
  /** The sandbox's origin (the inbox is at `/`). */
  readonly sandbox: string
  /** The customer's number, E.164: one of its own per run, so that reruns do not hit pacing. */
  readonly recipient: string
  /** Where each step is told (the demo prints it; the test keeps it). */
  readonly log?: (line: string) => void
}

/** A send through the gateway, as it was answered. */
export interface SendOutcome {
  readonly status: number
  /** `Chatapps-Service-Window`, `null` when the answer has none. */
  readonly serviceWindowHeader: string | null
  readonly body: Record<string, unknown>
}

/** What `GET /v1/contacts/{recipient}` answers (the parts the demo shows). */
export interface ContactView {
  readonly recipient: string
  readonly serviceWindow: { open: boolean; openUntil: string | null; closedAt: string | null }
  readonly consent: {
    state: string
    facts: { state: string; by: string; reason: string; at: string }[]
    history: { state: string; by: string; reason: string; at: string }[]
  }
  readonly lastInboundAt: string | null
  readonly lastOutboundAt: string | null
  readonly sameAs: string | null
  readonly aliases: readonly string[]
}

/** Every answer of the conversation, in order. */
export interface ConversationResult {
  /** (a) The customer writes. */
  readonly hello: { status: number; umid: string; timestamp: string }
  /** The contact once the gateway has heard it (window open). */
  readonly afterHello: ContactView
  /** (b) The business answers a text within the window. */
  readonly answer: SendOutcome
  /** (c) The customer sends STOP. */
  readonly stop: { status: number; umid: string }
  readonly afterStop: ContactView
  /** (d) The business's next send (a marketing template): refused. */
  readonly refused: SendOutcome
  /** (e) The customer sends START; a send goes again. */
  readonly start: { status: number; umid: string }
  readonly afterStart: ContactView
  readonly again: SendOutcome
  /** (f) The customer writes with their BSUID beside the number: one contact, two names. */
  readonly bsuid: string
  readonly both: { status: number; umid: string }
  readonly byBsuid: ContactView
  readonly toBsuid: SendOutcome
}

/** A text to `to` on WhatsApp only, so that the gateway weighs the service window. */
export function whatsAppText(to: string, text: string): Record<string, unknown> {
  return {
    user: { msisdn: to },
    type: 'text',
    content: { text },
    channels: [{ channel: 'WhatsApp' }],
  }
}

/** A marketing template to `to` on WhatsApp (`summer_sale`, as in the sandbox's rules). */
export function marketingTemplate(to: string): Record<string, unknown> {
  return {
    user: { msisdn: to },
    type: 'template',
    content: { template: { name: 'summer_sale', language: 'en' } },
    channels: [{ channel: 'WhatsApp' }],
  }
}

/** A new recipient number for this run: `+1555` and seven digits, never ending in `0000`. */
export function runRecipient(): string {
  const digits = String(1_000_000 + Math.floor(Math.random() * 8_999_999)).padStart(7, '0')
  return `+1555${digits.endsWith('0000') ? `${digits.slice(0, 6)}1` : digits}`
}

/** Signs `request` with the development key. */
export function sign(request: Request): Promise<Request> {
  return signRequest(request, DEMO_KEY)
}

/** Sends one message through the gateway, signed (synchronous: `POST /v1/messages`). */
export async function sendThroughGateway(
  gateway: string,
  message: Record<string, unknown>,
): Promise<SendOutcome> {
  const request = new Request(`${gateway}/v1/messages`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'idempotency-key': `"${crypto.randomUUID()}"`,
    },
    body: JSON.stringify(message),
  })
  const response = await fetch(await sign(request))
  return {
    status: response.status,
    serviceWindowHeader: response.headers.get('chatapps-service-window'),
    body: (await response.json()) as Record<string, unknown>,
  }
}

/** `GET /v1/contacts/{recipient}`, signed. */
export async function readContact(gateway: string, recipient: string): Promise<ContactView> {
  const request = new Request(`${gateway}/v1/contacts/${encodeURIComponent(recipient)}`)
  const response = await fetch(await sign(request))
  if (response.status !== 200) {
    throw new Error(`GET /v1/contacts answered ${response.status}: ${await response.text()}`)
  }
  return (await response.json()) as ContactView
}

/** The customer writes `text` (`POST /__sandbox/inbound`), with their BSUID when given. */
export async function customerWrites(
  sandbox: string,
  from: string,
  text: string,
  bsuid?: string,
): Promise<{ status: number; umid: string; timestamp: string }> {
  const response = await fetch(`${sandbox}/__sandbox/inbound`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ from, name: 'Ada', text, ...(bsuid === undefined ? {} : { bsuid }) }),
  })
  const body = (await response.json()) as {
    umid?: string
    event?: { payload?: { timestamp?: string } }
  }
  // When the customer wrote (the webhook's timestamp): the window runs 24 h from it.
  return {
    status: response.status,
    umid: body.umid ?? '',
    timestamp: body.event?.payload?.timestamp ?? '',
  }
}

/**
 * Reads the contact until `done` holds: the sandbox posts the inbound webhook to the gateway
 * right after it answered, so the gateway hears it a moment later.
 */
export async function contactWhen(
  gateway: string,
  recipient: string,
  done: (contact: ContactView) => boolean,
  timeoutMs = 15_000,
): Promise<ContactView> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const contact = await readContact(gateway, recipient)
    if (done(contact)) return contact
    if (Date.now() > until) {
      throw new Error(`the gateway did not hear the customer in time: ${JSON.stringify(contact)}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

const heard = (changes: number) => (contact: ContactView) =>
  contact.consent.history.length >= changes

/** Runs the whole conversation, telling each step to `log`. */
export async function runConversation(target: ConversationTarget): Promise<ConversationResult> {
  const { gateway, sandbox, recipient } = target
  const log = target.log ?? (() => {})
  const shown = (body: unknown) => JSON.stringify(body)

  log(`(a) The customer ${recipient} writes "Hi! Is my order ready?" (POST /__sandbox/inbound)`)
  const hello = await customerWrites(sandbox, recipient, 'Hi! Is my order ready?')
  log(`    ${hello.status} umid ${hello.umid}`)
  const afterHello = await contactWhen(gateway, recipient, (c) => c.lastInboundAt !== null)
  log(`    the gateway heard it: the window is open until ${afterHello.serviceWindow.openUntil}`)

  log('(b) The business answers through the gateway (POST /v1/messages, WhatsApp only, signed)')
  const answer = await sendThroughGateway(
    gateway,
    whatsAppText(recipient, 'Yes, it ships today. Reply STOP to opt out.'),
  )
  log(
    `    ${answer.status} ${answer.serviceWindowHeader === null ? 'inside the window (no Chatapps-Service-Window header)' : `Chatapps-Service-Window: ${answer.serviceWindowHeader}`} ${shown(answer.body)}`,
  )
  const contact = await readContact(gateway, recipient)
  log(`    GET /v1/contacts/${encodeURIComponent(recipient)}: ${shown(contact)}`)

  log('(c) The customer sends STOP')
  const stop = await customerWrites(sandbox, recipient, 'STOP')
  log(`    ${stop.status} umid ${stop.umid}`)
  const afterStop = await contactWhen(gateway, recipient, heard(1))
  log(`    the gateway heard it: consent ${afterStop.consent.state}`)

  log('(d) The business sends a marketing template: the gateway refuses it, nothing is sent')
  const refused = await sendThroughGateway(gateway, marketingTemplate(recipient))
  log(`    ${refused.status} ${shown(refused.body)}`)

  log('(e) The customer sends START; the business sends again')
  const start = await customerWrites(sandbox, recipient, 'START')
  log(`    ${start.status} umid ${start.umid}`)
  const afterStart = await contactWhen(gateway, recipient, heard(2))
  log(`    the gateway heard it: consent ${afterStart.consent.state}`)
  const again = await sendThroughGateway(
    gateway,
    whatsAppText(recipient, 'Welcome back! Your order ships today.'),
  )
  log(`    ${again.status} ${shown(again.body)}`)

  // A business-scoped user id made from the number, so that each run has its own.
  const bsuid = `US.${recipient.slice(1)}`
  log(`(f) The customer writes again, 8x8 naming them by BSUID ${bsuid} beside the number`)
  const both = await customerWrites(sandbox, recipient, 'Thanks!', bsuid)
  log(`    ${both.status} umid ${both.umid}`)
  const byBsuid = await contactWhen(gateway, bsuid, (c) => c.sameAs === recipient)
  log(
    `    GET /v1/contacts/${bsuid}: the same contact (sameAs ${byBsuid.sameAs}), consent ${byBsuid.consent.state}`,
  )
  const toBsuid = await sendThroughGateway(gateway, {
    ...whatsAppText(recipient, 'Sent to your BSUID, checked against your number.'),
    user: { channelUserId: bsuid },
  })
  log(`    a send to the BSUID alone: ${toBsuid.status} ${shown(toBsuid.body)}`)

  return {
    hello,
    afterHello,
    answer,
    stop,
    afterStop,
    refused,
    start,
    afterStart,
    again,
    bsuid,
    both,
    byBsuid,
    toBsuid,
  }
}
