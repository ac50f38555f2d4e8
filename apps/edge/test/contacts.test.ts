import {
  createExecutionContext,
  createMessageBatch,
  env,
  getQueueResult,
  runInDurableObject,
  waitOnExecutionContext,
} from 'cloudflare:test'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import type { Bindings } from '../src/bindings'
import type { CallbackJob } from '../src/callbacks/events'
import { readConfig } from '../src/config'
import { acceptMessages } from '../src/db/messages/delivery'
import { type DeliveryDeps, deliverBatch } from '../src/delivery/consumer'
import type { DeliveryJob } from '../src/delivery/jobs'
import { requeueUnclaimed } from '../src/delivery/requeue'
import app from '../src/index'
import { Contact } from '../src/objects/contact/object'
import type { ConsentFacts, ContactState } from '../src/objects/contact/protocol'
import { syncTemplates } from '../src/templates/sync'
import {
  d1Failing,
  deliverJobs,
  deliveryDeps,
  flushRecords,
  KEYS,
  ORIGIN,
  problem,
  problemBody,
  recordingQueue,
  send,
  sendHere,
  sendWith,
  signedGet,
  signedPost,
  upstreamReceived,
} from './helpers'

const AUTHORIZATION = 'Bearer sandbox-webhook-secret'
const ADMIN = 'Bearer local-admin-token-not-secret'
const SUB_ACCOUNT = 'demo-subaccount'
const ISO = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)

/** A recipient no other test uses. */
function recipient(): string {
  return `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`
}

function whatsAppText(to: string, text = `hi ${crypto.randomUUID()}`) {
  return {
    user: { msisdn: to },
    type: 'text',
    content: { text },
    channels: [{ channel: 'WhatsApp' }],
  }
}

/** A text that can reach the user on Viber only: the one kind of send a Viber block refuses. */
function viberText(to: string, text = `hi ${crypto.randomUUID()}`) {
  return { ...whatsAppText(to, text), channels: [{ channel: 'Viber' }] }
}

function whatsAppTemplate(to: string) {
  return {
    user: { msisdn: to },
    type: 'template',
    content: { template: { name: 'order_update', language: 'en' } },
    channels: [{ channel: 'WhatsApp' }],
  }
}

async function post(body: unknown, keyId: string = KEYS.hmac, prefer?: string, path?: string) {
  return send(
    await signedPost(JSON.stringify(body), {
      keyId,
      ...(prefer === undefined ? {} : { prefer }),
      ...(path === undefined ? {} : { path }),
    }),
  )
}

/** Asserts the exact answer of a send its recipient's consent refused. */
async function expectOptedOut(response: Response, to: string, detail: string) {
  expect(response.status).toBe(422)
  expect(await problem(response)).toEqual(
    problemBody('recipient_opted_out', 422, 'Recipient opted out', detail, { recipient: to }),
  )
}

/** A batch send; its status and its answer's messages and refusals. */
async function postBatch(messages: readonly unknown[], keyId: string = KEYS.hmac) {
  const response = await post({ messages }, keyId, undefined, '/v1/messages/batch')
  const body = (await response.json()) as { messages: unknown[]; refused: unknown[] }
  return { status: response.status, ...body }
}

function webhookRequest(body: unknown): Request {
  return new Request(`${ORIGIN}/v1/webhooks/chatapps`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: AUTHORIZATION },
    body: JSON.stringify(body),
  })
}

async function webhook(body: unknown): Promise<Response> {
  return send(webhookRequest(body))
}

function inbound(to: string, text: string, subAccountId = SUB_ACCOUNT, umid = crypto.randomUUID()) {
  return inboundFrom({ msisdn: to }, text, subAccountId, umid)
}

/** An inbound message from a user named by number, by BSUID, or both. */
function inboundFrom(
  user: { msisdn?: string; channelUserId?: string },
  text: string,
  subAccountId = SUB_ACCOUNT,
  umid = crypto.randomUUID(),
) {
  return {
    version: 3,
    namespace: 'ChatApps',
    eventType: 'inbound_message_received',
    description: 'ChatApps inbound message',
    payload: {
      umid,
      subAccountId,
      timestamp: new Date().toISOString(),
      user,
      recipient: { channel: 'whatsapp', channelId: 'wa-1' },
      type: 'Text',
      content: { text },
    },
  }
}

/** The webhook, through the gateway in this isolate (its clock the test's), with `bindings`. */
async function webhookHere(body: unknown, bindings: Partial<Bindings> = {}) {
  const ctx = createExecutionContext()
  const response = await app.fetch(
    webhookRequest(body),
    { ...(env as unknown as Bindings), ...bindings },
    ctx,
  )
  await waitOnExecutionContext(ctx)
  return response
}

/** An inbound message the user sent at `sentAt`, whenever 8x8 delivers it. */
function inboundAt(to: string, text: string, sentAt: number, subAccountId = SUB_ACCOUNT) {
  const event = inbound(to, text, subAccountId)
  return { ...event, payload: { ...event.payload, timestamp: new Date(sentAt).toISOString() } }
}

function errorReceipt(
  to: string,
  errorCode: number,
  timestamp = new Date().toISOString(),
  subAccountId = SUB_ACCOUNT,
) {
  return {
    version: 9,
    namespace: 'ChatApps',
    eventType: 'outbound_message_status_changed',
    description: 'ChatApps outbound message delivery receipt',
    payload: {
      umid: crypto.randomUUID(),
      subAccountId,
      channel: 'whatsapp',
      user: { msisdn: to },
      status: {
        state: 'undelivered',
        timestamp,
        errorCode,
        errorMessage: 'refused',
      },
    },
  }
}

async function contact(to: string, keyId: string = KEYS.hmac) {
  const response = await send(await signedGet(`/v1/contacts/${encodeURIComponent(to)}`, keyId))
  expect(response.status).toBe(200)
  return (await response.json()) as Record<string, unknown> & {
    serviceWindow: { open: boolean; openUntil: string | null; closedAt: string | null }
    consent: {
      state: string
      facts: Record<string, unknown>[]
      history: Record<string, unknown>[]
    }
    pacing: Record<string, unknown>
  }
}

function adminRequest(method: string, path: string, body?: string): Request {
  return new Request(`${ORIGIN}/admin${path}`, {
    method,
    headers: {
      authorization: ADMIN,
      ...(body === undefined ? {} : { 'content-type': 'text/csv' }),
    },
    ...(body === undefined ? {} : { body }),
  })
}

afterEach(() => {
  vi.useRealTimers()
})

describe('the service window', () => {
  it('observe (the default) sends outside the window and says so: header and field', async () => {
    const to = recipient()
    const response = await post(whatsAppText(to))
    expect(response.status).toBe(200)
    expect(response.headers.get('chatapps-service-window')).toBe('closed')
    expect(await response.json()).toEqual({
      id: expect.any(String),
      clientMessageId: expect.any(String),
      umid: expect.any(String),
      status: expect.any(Object),
      serviceWindow: 'closed',
    })
  })

  it('observe: a replay of the answer says so too', async () => {
    const to = recipient()
    const body = JSON.stringify(whatsAppText(to))
    const idempotencyKey = crypto.randomUUID()
    const first = await send(await signedPost(body, { keyId: KEYS.hmac, idempotencyKey }))
    const again = await send(await signedPost(body, { keyId: KEYS.hmac, idempotencyKey }))
    expect(again.status).toBe(200)
    expect(again.headers.get('idempotency-replayed')).toBe('true')
    expect(again.headers.get('chatapps-service-window')).toBe('closed')
    expect(await again.json()).toEqual(await first.json())
  })

  it('observe: the record says so too (GET /v1/messages/{id}), sync and async', async () => {
    const to = recipient()
    const sync = (await (await post(whatsAppText(to))).json()) as { id: string }
    const later = await post(whatsAppText(to), KEYS.hmac, 'respond-async')
    expect(later.status).toBe(202)
    expect(later.headers.get('chatapps-service-window')).toBe('closed')
    const accepted = (await later.json()) as { id: string; serviceWindow: string }
    expect(accepted.serviceWindow).toBe('closed')
    await flushRecords(KEYS.hmac)
    for (const id of [sync.id, accepted.id]) {
      const record = await send(await signedGet(`/v1/messages/${id}`, KEYS.hmac))
      expect(record.status).toBe(200)
      expect(await record.json()).toMatchObject({ id, serviceWindow: 'closed' })
    }
    const template = (await (await post(whatsAppTemplate(to))).json()) as { id: string }
    await flushRecords(KEYS.hmac)
    const plain = await send(await signedGet(`/v1/messages/${template.id}`, KEYS.hmac))
    expect(await plain.json()).not.toHaveProperty('serviceWindow')
  })

  it('observe inside the window, a template, or another channel: nothing said', async () => {
    const to = recipient()
    for (const body of [
      whatsAppTemplate(to),
      { ...whatsAppText(to), channels: [{ channel: 'WhatsApp' }, { channel: 'SMS' }] },
      { user: { msisdn: to }, type: 'text', content: { text: 'no channels' } },
    ]) {
      const response = await post(body)
      expect(response.status).toBe(200)
      expect(response.headers.get('chatapps-service-window')).toBeNull()
      expect(await response.json()).not.toHaveProperty('serviceWindow')
    }
    expect(await webhook(inbound(to, 'hello'))).toHaveProperty('status', 200)
    const inside = await post(whatsAppText(to))
    expect(inside.status).toBe(200)
    expect(inside.headers.get('chatapps-service-window')).toBeNull()
  })

  it('enforce refuses a WhatsApp-only non-template message outside the window, sends nothing', async () => {
    const to = recipient()
    const marker = `enforce-${crypto.randomUUID()}`
    const response = await post(whatsAppText(to, marker), KEYS.enforce)
    expect(response.status).toBe(422)
    expect(await problem(response)).toEqual(
      problemBody(
        'outside_service_window',
        422,
        'Outside the service window',
        'The 24-hour customer-service window is closed: send a template message; nothing was sent.',
        { recipient: to, windowClosedAt: null },
      ),
    )
    const { upstreamReceived } = await import('./helpers')
    expect(await upstreamReceived(marker)).toEqual([])
    // A template goes; after the user writes, the text goes too.
    expect((await post(whatsAppTemplate(to), KEYS.enforce)).status).toBe(200)
    expect((await webhook(inbound(to, 'hi there'))).status).toBe(200)
    const inside = await post(whatsAppText(to), KEYS.enforce)
    expect(inside.status).toBe(200)
  })

  it('the window runs 24 h from when the user wrote, not from when 8x8 delivered it', async () => {
    const to = recipient()
    const at = (event: ReturnType<typeof inbound>, sentAt: number) => ({
      ...event,
      payload: { ...event.payload, timestamp: new Date(sentAt).toISOString() },
    })
    // 8x8 retried this webhook for ten minutes.
    const wrote = Date.now() - 600_000
    expect((await webhook(at(inbound(to, 'hello'), wrote))).status).toBe(200)
    const openUntil = new Date(wrote + 24 * 60 * 60 * 1000).toISOString()
    expect((await contact(to)).serviceWindow).toEqual({ open: true, openUntil, closedAt: null })
    // An older message that arrives later does not shorten it.
    expect((await webhook(at(inbound(to, 'earlier'), wrote - 60_000))).status).toBe(200)
    expect((await contact(to)).serviceWindow).toEqual({ open: true, openUntil, closedAt: null })
  })

  it('a Viber or SMS message of the number opens no WhatsApp window; its STOP still counts', async () => {
    const to = recipient()
    const on = (channel: string, event: ReturnType<typeof inbound>) => ({
      ...event,
      payload: { ...event.payload, recipient: { channel, channelId: `${channel}-1` } },
    })
    expect((await webhook(on('viber', inbound(to, 'hello')))).status).toBe(200)
    const refused = await post(whatsAppText(to), KEYS.enforce)
    expect(refused.status).toBe(422)
    expect((await problem(refused)).code).toBe('outside_service_window')
    const seen = await contact(to)
    expect(seen.serviceWindow).toEqual({ open: false, openUntil: null, closedAt: null })
    expect(seen.lastInboundAt).toEqual(ISO)
    expect((await webhook(on('sms', inbound(to, 'STOP')))).status).toBe(200)
    expect((await contact(to)).consent.state).toBe('opted_out')
  })

  it('a 1022 receipt closes the window: enforce refuses with windowClosedAt', async () => {
    const to = recipient()
    expect((await webhook(inbound(to, 'hello'))).status).toBe(200)
    expect((await contact(to)).serviceWindow).toEqual({
      open: true,
      openUntil: ISO,
      closedAt: null,
    })
    expect((await webhook(errorReceipt(to, 1022))).status).toBe(200)
    const state = await contact(to)
    expect(state.serviceWindow).toEqual({ open: false, openUntil: null, closedAt: ISO })
    const response = await post(whatsAppText(to), KEYS.enforce)
    expect(response.status).toBe(422)
    expect(await problem(response)).toMatchObject({
      code: 'outside_service_window',
      windowClosedAt: state.serviceWindow.closedAt,
    })
  })

  it('a 1022 of a send that failed before the user wrote again leaves the window open', async () => {
    const to = recipient()
    // The send failed a minute ago (8x8's timestamp); the user has written since; the receipt
    // comes late. The user's message opened a new window, which the old failure does not close.
    const failedAt = new Date(Date.now() - 60_000).toISOString()
    expect((await webhook(inbound(to, 'are you there?'))).status).toBe(200)
    expect((await webhook(errorReceipt(to, 1022, failedAt))).status).toBe(200)
    expect((await contact(to)).serviceWindow).toEqual({
      open: true,
      openUntil: ISO,
      closedAt: null,
    })
    expect((await post(whatsAppText(to), KEYS.enforce)).status).toBe(200)
  })

  it('off: nothing is said or refused', async () => {
    const to = recipient()
    const response = await post(whatsAppText(to), KEYS.windowOff)
    expect(response.status).toBe(200)
    expect(response.headers.get('chatapps-service-window')).toBeNull()
  })
})

describe('consent', () => {
  it.each([
    'STOP',
    'stop',
    ' s T o P ',
    'STOPALL',
    'unsubscribe',
    'Cancel',
    'END',
    'quit',
    'ARRET',
  ])('%j suppresses: 422 recipient_opted_out, nothing sent', async (word) => {
    const to = recipient()
    expect((await webhook(inbound(to, word))).status).toBe(200)
    const marker = `opted-${crypto.randomUUID()}`
    const response = await post(whatsAppText(to, marker))
    expect(response.status).toBe(422)
    const keyword = word.replace(/\s+/g, '').toUpperCase()
    expect(await problem(response)).toEqual(
      problemBody(
        'recipient_opted_out',
        422,
        'Recipient opted out',
        `The recipient is opted out (user: ${keyword}); nothing was sent.`,
        { recipient: to },
      ),
    )
    const { upstreamReceived } = await import('./helpers')
    expect(await upstreamReceived(marker)).toEqual([])
  })

  // What phones send for a stop: autocorrect's full stop, a keyboard's full-width letters, an
  // invisible zero-width space or word joiner, or an accent typed as a combining mark.
  it.each([
    ['Stop.', 'STOP'],
    ['STOP!', 'STOP'],
    ['¡stop!', 'STOP'],
    ['"quit"', 'QUIT'],
    ['ＳＴＯＰ', 'STOP'],
    ['S\u200bTOP', 'STOP'],
    ['\u2060stop\ufeff', 'STOP'],
    ['\u00a0End\u3000', 'END'],
    ['arre\u0302t', 'ARRÊT'],
  ])('%j is the stop %j', async (text, keyword) => {
    const to = recipient()
    expect((await webhook(inbound(to, text))).status).toBe(200)
    const response = await post(whatsAppText(to))
    expect(response.status).toBe(422)
    const stop = { state: 'opted_out', by: 'user', reason: keyword, at: ISO }
    expect((await contact(to)).consent).toEqual({
      state: 'opted_out',
      facts: [stop],
      history: [stop],
    })
  })

  it.each(['S.T.O.P', 'stop it', 'stopping', '...', '🛑'])('%j is not a stop', async (text) => {
    const to = recipient()
    expect((await webhook(inbound(to, text))).status).toBe(200)
    expect((await post(whatsAppText(to))).status).toBe(200)
    expect((await contact(to)).consent).toEqual({ state: 'subscribed', facts: [], history: [] })
  })

  it('a stop word inside a sentence is not a stop', async () => {
    const to = recipient()
    expect((await webhook(inbound(to, 'please stop by tomorrow'))).status).toBe(200)
    expect((await post(whatsAppText(to))).status).toBe(200)
    expect((await contact(to)).consent).toEqual({ state: 'subscribed', facts: [], history: [] })
  })

  it('START and UNSTOP lift a stop; the history keeps who, when, why', async () => {
    const to = recipient()
    await webhook(inbound(to, 'STOP'))
    await webhook(inbound(to, 'start'))
    expect((await post(whatsAppText(to))).status).toBe(200)
    await webhook(inbound(to, 'quit'))
    // Read as a stop is: autocorrect's capital and full stop.
    await webhook(inbound(to, 'Unstop.'))
    const state = await contact(to)
    expect(state.consent).toEqual({
      state: 'subscribed',
      facts: [],
      history: [
        { state: 'opted_out', by: 'user', reason: 'STOP', at: ISO },
        { state: 'subscribed', by: 'user', reason: 'START', at: ISO },
        { state: 'opted_out', by: 'user', reason: 'QUIT', at: ISO },
        { state: 'subscribed', by: 'user', reason: 'UNSTOP', at: ISO },
      ],
    })
    expect(state.lastInboundAt).toEqual(ISO)
    expect(state.lastOutboundAt).toEqual(ISO)
  })

  it('a configured keyword that reads as nothing (punctuation) makes no message a stop', async () => {
    const stub = env.CONTACT.get(env.CONTACT.idFromName(JSON.stringify([SUB_ACCOUNT, recipient()])))
    const settings = {
      pace: { ratePerSecond: 1, burst: 3 },
      stopKeywords: ['!!!', ' '],
      pairLimitBackoffMs: 60_000,
    }
    const now = Date.now()
    for (const text of [null, '', '!!!', '🙂']) {
      const told = await stub.event(
        settings,
        { kind: 'inbound', umid: crypto.randomUUID(), text, sentAt: now, opensWindow: true },
        now,
      )
      expect(told).toEqual({ duplicate: false, consent: null })
    }
    expect((await stub.state(settings.pace, now)).consent).toEqual({
      state: 'subscribed',
      facts: [],
      history: [],
    })
  })

  it("a block stays: neither the user's STOP then START nor an operator's suppression lifts it", async () => {
    const to = recipient()
    expect((await webhook(errorReceipt(to, 2007))).status).toBe(200)
    expect((await webhook(inbound(to, 'STOP'))).status).toBe(200)
    expect((await webhook(inbound(to, 'START'))).status).toBe(200)
    expect((await contact(to)).consent.facts).toEqual([
      { state: 'blocked', by: '8x8', reason: '2007', at: ISO },
    ])
    const put = await send(
      adminRequest('PUT', `/suppressions/${SUB_ACCOUNT}/${encodeURIComponent(to)}`),
    )
    expect(put.status).toBe(200)
    // The suppression holds beside the block, and refuses every send while it does.
    const block = { state: 'blocked', by: '8x8', reason: '2007', at: ISO }
    const suppression = { state: 'opted_out', by: 'operator', reason: 'operator', at: ISO }
    expect((await contact(to)).consent).toEqual({
      state: 'opted_out',
      facts: [suppression, block],
      history: [
        block,
        { state: 'opted_out', by: 'user', reason: 'STOP', at: ISO },
        { state: 'subscribed', by: 'user', reason: 'START', at: ISO },
        suppression,
      ],
    })
    expect((await post(viberText(to))).status).toBe(422)
  })

  it('a number in national form with its country is the same contact; asked for without its +, too', async () => {
    const to = recipient()
    expect((await webhook(inbound(to, 'STOP'))).status).toBe(200)
    const digits = to.slice(1)
    // 5551234567 with US is +15551234567 to 8x8 (the DSL refuses digits without + or country).
    for (const user of [
      { msisdn: digits.slice(1), country: 'US' },
      { msisdn: digits.slice(1), country: 'us' },
    ]) {
      const marker = `same-${crypto.randomUUID()}`
      const response = await post({ ...whatsAppText(to, marker), user })
      expect(response.status).toBe(422)
      expect(await problem(response)).toEqual(
        problemBody(
          'recipient_opted_out',
          422,
          'Recipient opted out',
          'The recipient is opted out (user: STOP); nothing was sent.',
          { recipient: to },
        ),
      )
      expect(await upstreamReceived(marker)).toEqual([])
    }
    // Asked for without the +, the contact answers under its name.
    const asked = await contact(digits)
    expect(asked.recipient).toBe(to)
    expect(asked.consent.state).toBe('opted_out')
  })

  it("8x8's retry of a STOP changes nothing twice", async () => {
    const to = recipient()
    const event = inbound(to, 'STOP')
    expect((await webhook(event)).status).toBe(200)
    await webhook(inbound(to, 'START'))
    expect((await webhook(event)).status).toBe(200)
    expect((await contact(to)).consent.state).toBe('subscribed')
  })

  it('a 1051 receipt records a marketing opt-out (a template the registry does not hold goes); 2007 blocks Viber', async () => {
    const to = recipient()
    expect((await webhook(errorReceipt(to, 1051))).status).toBe(200)
    const optOut = { state: 'marketing_opted_out', by: '8x8', reason: '1051', at: ISO }
    expect((await contact(to)).consent).toEqual({
      state: 'marketing_opted_out',
      facts: [optOut],
      history: [optOut],
    })
    expect((await post(whatsAppTemplate(to))).status).toBe(200)
    expect((await webhook(errorReceipt(to, 2007))).status).toBe(200)
    const response = await post(viberText(to))
    expect(response.status).toBe(422)
    expect(await problem(response)).toMatchObject({ code: 'recipient_opted_out', recipient: to })
    // A START does not lift a block.
    await webhook(inbound(to, 'START'))
    expect((await contact(to)).consent.state).toBe('blocked')
  })

  it('in a batch, the opted-out message is refused and listed, the others go', async () => {
    const out = recipient()
    const fine = recipient()
    await webhook(inbound(out, 'STOP'))
    const body = await postBatch([
      whatsAppTemplate(fine),
      whatsAppTemplate(out),
      whatsAppTemplate(fine),
    ])
    expect(body.status).toBe(200)
    expect(body.messages).toHaveLength(2)
    expect(body.refused).toEqual([
      {
        index: 1,
        code: 'recipient_opted_out',
        recipient: out,
        detail: 'The recipient is opted out (user: STOP); nothing was sent.',
      },
    ])
  })

  it('a batch whose every message is refused is that refusal', async () => {
    const out = recipient()
    await webhook(inbound(out, 'STOP'))
    const response = await post(
      { messages: [whatsAppTemplate(out)] },
      KEYS.hmac,
      undefined,
      '/v1/messages/batch',
    )
    expect(response.status).toBe(422)
    expect(await problem(response)).toMatchObject({ code: 'recipient_opted_out', recipient: out })
  })

  it('contacts are kept per sub-account', async () => {
    const to = recipient()
    await webhook(inbound(to, 'STOP'))
    expect((await post(whatsAppText(to))).status).toBe(422)
    expect((await post(whatsAppText(to), KEYS.otherSub)).status).toBe(200)
    expect((await contact(to, KEYS.otherSub)).consent.state).toBe('subscribed')
    // and the other way round
    const other = recipient()
    await webhook(inbound(other, 'STOP', 'other-subaccount'))
    expect((await post(whatsAppText(other), KEYS.otherSub)).status).toBe(422)
    expect((await post(whatsAppText(other))).status).toBe(200)
  })

  it('a contact that cannot be told: 503, the event forgotten so that 8x8 retries it', async () => {
    const to = recipient()
    const event = inbound(to, 'STOP')
    const failing = {
      idFromName: (name: string) => env.CONTACT.idFromName(name),
      get: () => ({
        event: () => Promise.reject(new Error('contact down')),
      }),
    } as unknown as Bindings['CONTACT']
    const ctx = createExecutionContext()
    const response = await app.fetch(
      webhookRequest(event),
      { ...(env as unknown as Bindings), CONTACT: failing },
      ctx,
    )
    await waitOnExecutionContext(ctx)
    expect(response.status).toBe(503)
    expect(
      await env.DB.prepare('SELECT COUNT(*) AS n FROM inbound_messages WHERE umid = ?')
        .bind(event.payload.umid)
        .first('n'),
    ).toBe(0)
    // 8x8's retry stores it and tells the contact.
    expect((await webhook(event)).status).toBe(200)
    expect((await contact(to)).consent.state).toBe('opted_out')
  })
})

describe('stop and start in the order the user sent them, and retries that finish a half-done stop', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  /** The suppression index's row of a recipient of the test sub-account. */
  const indexed = (to: string) =>
    env.DB.prepare(
      'SELECT state, by, reason FROM suppressions WHERE sub_account = ? AND recipient = ?',
    )
      .bind(SUB_ACCOUNT, to)
      .first()

  it('a START that 8x8 retries after a later STOP changes nothing; nor does a late STOP after a START', async () => {
    const start = Date.now()
    vi.setSystemTime(start)
    const to = recipient()
    // The user sends START, then STOP; the START's delivery failed and 8x8 brings it again later.
    expect((await webhookHere(inboundAt(to, 'STOP', start - 10_000))).status).toBe(200)
    vi.setSystemTime(start + 10_000)
    expect((await webhookHere(inboundAt(to, 'START', start - 20_000))).status).toBe(200)
    expect(await indexed(to)).toEqual({ state: 'opted_out', by: 'user', reason: 'STOP' })
    expect((await contact(to)).consent.history).toEqual([
      { state: 'opted_out', by: 'user', reason: 'STOP', at: new Date(start).toISOString() },
    ])
    // The other way round: a STOP sent before the START that 8x8 already brought.
    const other = recipient()
    expect((await webhookHere(inboundAt(other, 'STOP', start - 30_000))).status).toBe(200)
    expect((await webhookHere(inboundAt(other, 'START', start - 5_000))).status).toBe(200)
    expect((await webhookHere(inboundAt(other, 'STOP', start - 7_000))).status).toBe(200)
    expect(await indexed(other)).toBeNull()
    vi.useRealTimers()
    expect((await post(whatsAppText(to))).status).toBe(422)
    expect((await post(whatsAppText(other))).status).toBe(200)
  })

  it('a timestamp ahead of its arrival counts as its arrival: a later START still lifts the STOP', async () => {
    const start = Date.now()
    vi.setSystemTime(start)
    const to = recipient()
    expect((await webhookHere(inboundAt(to, 'STOP', Date.parse('2999-01-01')))).status).toBe(200)
    vi.setSystemTime(start + 1_000)
    expect((await webhookHere(inboundAt(to, 'START', start + 500))).status).toBe(200)
    expect(await indexed(to)).toBeNull()
    expect((await contact(to)).consent.state).toBe('subscribed')
  })

  it("D1 failing after the contact stopped: 503, and 8x8's retry writes the suppression", async () => {
    const to = recipient()
    const event = inbound(to, 'STOP')
    const failing = d1Failing((sql) => sql.includes('INTO suppressions'))
    expect((await webhookHere(event, { DB: failing })).status).toBe(503)
    expect(await indexed(to)).toBeNull()
    // The contact had stopped already; the retry is its duplicate, and finishes the index.
    expect((await webhook(event)).status).toBe(200)
    expect(await indexed(to)).toEqual({ state: 'opted_out', by: 'user', reason: 'STOP' })
  })

  it('the contact down and the event not forgotten (D1 failed too): the retry still tells it', async () => {
    const to = recipient()
    const event = inbound(to, 'STOP')
    const contactDown = {
      idFromName: (name: string) => env.CONTACT.idFromName(name),
      get: () => ({ event: () => Promise.reject(new Error('contact down')) }),
    } as unknown as Bindings['CONTACT']
    const undoFails = d1Failing((sql) => sql.startsWith('DELETE FROM inbound_messages'))
    expect((await webhookHere(event, { CONTACT: contactDown, DB: undoFails })).status).toBe(503)
    // The event stayed stored: 8x8's retry is a duplicate of it, and tells the contact.
    expect(
      await env.DB.prepare('SELECT COUNT(*) AS n FROM inbound_messages WHERE umid = ?')
        .bind(event.payload.umid)
        .first('n'),
    ).toBe(1)
    expect((await webhook(event)).status).toBe(200)
    expect((await contact(to)).consent.state).toBe('opted_out')
    expect((await post(whatsAppText(to))).status).toBe(422)
  })
})

describe('a queued message and a STOP that comes while it waits', () => {
  /** A message accepted for the delivery queue (as `Prefer: respond-async` leaves it), not sent yet. */
  async function queued(to: string, marker: string, ambiguousAttempts = 0, text = whatsAppText) {
    const id = crypto.randomUUID()
    await acceptMessages(env.DB, [
      {
        id,
        keyId: KEYS.hmac,
        idempotencyKey: `idem-${id}`,
        clientMessageId: id,
        subAccount: SUB_ACCOUNT,
        payload: JSON.stringify({ ...text(to, marker), clientMessageId: id }),
        recipient: to,
        createdAt: Date.now(),
      },
    ])
    if (ambiguousAttempts > 0) {
      await env.DB.prepare('UPDATE messages SET ambiguous_attempts = ?, attempts = ? WHERE id = ?')
        .bind(ambiguousAttempts, ambiguousAttempts, id)
        .run()
    }
    return id
  }

  /** The delivery queue's consumer takes the message's job; what it did with it. */
  async function deliver(
    id: string,
    to: string,
    db: D1Database = env.DB,
    pace = { ratePerSecond: 100, burst: 100 },
  ) {
    const job: DeliveryJob = { id, subAccount: SUB_ACCOUNT, recipient: to, pace }
    const batch = createMessageBatch<DeliveryJob>('chatapps-delivery', [
      { id: `job-${id}`, timestamp: new Date(), attempts: 1, body: job },
    ])
    // The pool records which messages were retried, not their delay: watch the calls.
    const message = batch.messages[0]
    if (message === undefined) throw new Error('empty batch')
    const retry = vi.spyOn(message, 'retry')
    const ctx = createExecutionContext()
    await deliverBatch(batch, deliveryDeps({ db }))
    const result = await getQueueResult(batch, ctx)
    const record = await env.DB.prepare('SELECT status, umid, reason FROM messages WHERE id = ?')
      .bind(id)
      .first()
    const retried = result.retryMessages.map((retriedMessage: { msgId: string }) => ({
      ...retriedMessage,
      delaySeconds: retry.mock.calls[0]?.[0]?.delaySeconds,
    }))
    return { acked: result.explicitAcks, retried, record }
  }

  it('a step failing before the send (D1 claiming it) gives the token back: retried, nothing sent', async () => {
    const to = recipient()
    const marker = `queued ${crypto.randomUUID()}`
    const id = await queued(to, marker)
    const claimFails = d1Failing((sql) => sql.includes('SET attempts = attempts + 1'))
    const { acked, retried, record } = await deliver(id, to, claimFails)
    expect(acked).toEqual([])
    expect(retried).toHaveLength(1)
    expect(record).toEqual({ status: 'accepted', umid: null, reason: null })
    expect(await upstreamReceived(marker, 'FAULTY_UPSTREAM')).toEqual([])
    // The token is back: the recipient shows no send, and a full bucket.
    const stub = env.CONTACT.get(env.CONTACT.idFromName(JSON.stringify([SUB_ACCOUNT, to])))
    const state = await stub.state({ ratePerSecond: 100, burst: 100 }, Date.now())
    expect(state.lastOutboundAt).toBeNull()
    expect(state.pacing.tokens).toBe(100)
  })

  it('over the pace, after its claim and template check: retried, its record as it was, nothing sent', async () => {
    const start = Date.now()
    vi.setSystemTime(start)
    const to = recipient()
    const slow = { ratePerSecond: 0.1, burst: 1 }
    const first = `queued ${crypto.randomUUID()}`
    const marker = `queued ${crypto.randomUUID()}`
    const firstId = await queued(to, first)
    const id = await queued(to, marker)
    // An earlier attempt failed: its count, reason and wait are the record's to keep.
    const earlier = 'UPDATE messages SET attempts = 2, reason = ?, not_before = ? WHERE id = ?'
    await env.DB.prepare(earlier)
      .bind('earlier', start - 1, id)
      .run()
    const row = () =>
      env.DB.prepare(
        'SELECT status, attempts, ambiguous_attempts, lease_until, not_before, reason FROM messages WHERE id = ?',
      )
        .bind(id)
        .first()
    const before = await row()
    try {
      expect(await deliver(firstId, to, env.DB, slow)).toMatchObject({ acked: [`job-${firstId}`] })
      expect(await deliver(id, to, env.DB, slow)).toEqual({
        acked: [],
        retried: [{ msgId: `job-${id}`, delaySeconds: 10 }],
        record: { status: 'accepted', umid: null, reason: 'earlier' },
      })
      expect(await row()).toEqual(before)
      expect(before).toEqual({
        status: 'accepted',
        attempts: 2,
        ambiguous_attempts: 0,
        lease_until: 0,
        not_before: start - 1,
        reason: 'earlier',
      })
      expect(await upstreamReceived(marker, 'FAULTY_UPSTREAM')).toEqual([])
      // Its token comes: it goes, as its third attempt.
      vi.setSystemTime(start + 10_000)
      expect(await deliver(id, to, env.DB, slow)).toMatchObject({ acked: [`job-${id}`] })
      expect(await row()).toMatchObject({ status: 'queued', attempts: 3 })
    } finally {
      vi.useRealTimers()
    }
  })

  it('its contact unreachable after its claim: retried, its record as it was, nothing sent', async () => {
    const to = recipient()
    const marker = `queued ${crypto.randomUUID()}`
    const id = await queued(to, marker)
    const unreachable = {
      idFromName: (name: string) => env.CONTACT.idFromName(name),
      get: () => ({ pace: () => Promise.reject(new Error('contact down')) }),
    } as unknown as DeliveryDeps['contacts']
    const job: DeliveryJob = {
      id,
      subAccount: SUB_ACCOUNT,
      recipient: to,
      pace: { ratePerSecond: 100, burst: 100 },
    }
    const batch = createMessageBatch<DeliveryJob>('chatapps-delivery', [
      { id: `job-${id}`, timestamp: new Date(), attempts: 1, body: job },
    ])
    const ctx = createExecutionContext()
    await deliverBatch(batch, deliveryDeps({ contacts: unreachable, random: () => 0 }))
    const result = await getQueueResult(batch, ctx)
    expect([result.explicitAcks, result.retryMessages.length]).toEqual([[], 1])
    expect(
      await env.DB.prepare(
        'SELECT status, attempts, lease_until, reason FROM messages WHERE id = ?',
      )
        .bind(id)
        .first(),
    ).toEqual({ status: 'accepted', attempts: 0, lease_until: 0, reason: null })
    expect(await upstreamReceived(marker, 'FAULTY_UPSTREAM')).toEqual([])
  })

  it('without a STOP, the consumer sends it', async () => {
    const to = recipient()
    const marker = `queued ${crypto.randomUUID()}`
    const id = await queued(to, marker)
    const { acked, record } = await deliver(id, to)
    expect(acked).toEqual([`job-${id}`])
    expect(record).toMatchObject({ status: 'queued', reason: null })
    expect(await upstreamReceived(marker, 'FAULTY_UPSTREAM')).toHaveLength(1)
  })

  it('after a STOP, never sent: failed, the record says why, the job is done', async () => {
    const to = recipient()
    const marker = `queued ${crypto.randomUUID()}`
    const id = await queued(to, marker)
    expect((await webhook(inbound(to, 'STOP'))).status).toBe(200)
    expect(await deliver(id, to)).toEqual({
      acked: [`job-${id}`],
      retried: [],
      record: {
        status: 'failed',
        umid: null,
        reason: 'recipient_opted_out: opted_out (the recipient: STOP) before it was sent; not sent',
      },
    })
    expect(await upstreamReceived(marker, 'FAULTY_UPSTREAM')).toEqual([])
  })

  it('after a 2007 block, a Viber-only message is never sent; an earlier ambiguous attempt leaves it unknown', async () => {
    const to = recipient()
    const marker = `queued ${crypto.randomUUID()}`
    const id = await queued(to, marker, 1, viberText)
    expect((await webhook(errorReceipt(to, 2007))).status).toBe(200)
    expect(await deliver(id, to)).toEqual({
      acked: [`job-${id}`],
      retried: [],
      record: {
        status: 'unknown',
        umid: null,
        reason:
          'recipient_opted_out: blocked (8x8: 2007) before it was sent; not sent; an earlier attempt may have reached 8x8',
      },
    })
    expect(await upstreamReceived(marker, 'FAULTY_UPSTREAM')).toEqual([])
    // Its record, not its job, says what the block weighs: a WhatsApp message goes.
    const whatsApp = `queued ${crypto.randomUUID()}`
    const other = await queued(to, whatsApp)
    expect(await deliver(other, to)).toMatchObject({ acked: [`job-${other}`], retried: [] })
    expect(await upstreamReceived(whatsApp, 'FAULTY_UPSTREAM')).toHaveLength(1)
  })
})

describe('pacing', () => {
  it('synchronous sends over the pace: 429 rate_limited naming the recipient scope', async () => {
    // Sent through the gateway in this isolate, whose clock the test holds still: on a busy
    // machine the sends took seconds, part of the next token refilled meanwhile, and Retry-After
    // said 9 instead of 10.
    const here = async (body: unknown) =>
      sendHere(await signedPost(JSON.stringify(body), { keyId: KEYS.slowPaced }))
    const start = Date.now()
    vi.setSystemTime(start)
    const to = recipient()
    for (let i = 0; i < 3; i++) {
      expect((await here(whatsAppTemplate(to))).status).toBe(200)
    }
    const response = await here(whatsAppTemplate(to))
    expect(response.status).toBe(429)
    expect(response.headers.get('retry-after')).toBe('10')
    // The next token, a second before it is due and when it is.
    vi.setSystemTime(start + 9_000)
    const later = await here(whatsAppTemplate(to))
    expect(later.status).toBe(429)
    expect(later.headers.get('retry-after')).toBe('1')
    vi.setSystemTime(start + 10_000)
    expect((await here(whatsAppTemplate(to))).status).toBe(200)
    vi.useRealTimers()
    expect(await problem(response)).toEqual(
      problemBody(
        'rate_limited',
        429,
        'Rate limited',
        'Too many messages to this recipient: retry after Retry-After seconds.',
        { scope: 'recipient', recipient: to },
      ),
    )
    // Another recipient of the same key is not held back.
    expect((await post(whatsAppTemplate(recipient()), KEYS.slowPaced)).status).toBe(200)
    // In a batch, the message over the pace is refused and listed; the others go.
    const batch = await post(
      { messages: [whatsAppTemplate(to), whatsAppTemplate(recipient())] },
      KEYS.slowPaced,
      undefined,
      '/v1/messages/batch',
    )
    expect(batch.status).toBe(200)
    const body = (await batch.json()) as { messages: unknown[]; refused: unknown[] }
    expect(body.messages).toHaveLength(1)
    expect(body.refused).toEqual([
      {
        index: 0,
        code: 'rate_limited',
        recipient: to,
        detail: 'Too many messages to this recipient: retry after Retry-After seconds.',
        retryAfter: expect.any(Number),
      },
    ])
  })

  it('a 1028 receipt holds the recipient back', async () => {
    const to = recipient()
    expect((await webhook(errorReceipt(to, 1028))).status).toBe(200)
    const state = await contact(to, KEYS.paced)
    expect(state.pacing).toEqual({ ratePerSecond: 10, burst: 10, tokens: 0, heldUntil: ISO })
    const response = await post(whatsAppTemplate(to), KEYS.paced)
    expect(response.status).toBe(429)
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(2)
    expect(Number(response.headers.get('retry-after'))).toBeLessThanOrEqual(3)
  })

  it('after a 1028 receipt, an asynchronous send waits out the hold, then goes', async () => {
    const to = recipient()
    expect((await webhook(errorReceipt(to, 1028))).status).toBe(200)
    const heldUntil = Date.parse(String((await contact(to, KEYS.paced)).pacing.heldUntil))
    const response = await post(whatsAppTemplate(to), KEYS.paced, 'respond-async')
    expect(response.status).toBe(202)
    const { id } = (await response.json()) as { id: string }
    let row: { status: string; updated_at: number } | null = null
    for (let waited = 0; waited < 30_000; waited += 100) {
      row = await env.DB.prepare('SELECT status, updated_at FROM messages WHERE id = ?')
        .bind(id)
        .first<{ status: string; updated_at: number }>()
      if (row !== null && row.status !== 'accepted') break
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    // Spaced, not refused: it went, and not before the hold ended.
    expect(row?.status).toBe('queued')
    expect(row?.updated_at ?? 0).toBeGreaterThanOrEqual(heldUntil)
  }, 45_000)

  it('50 asynchronous sends to one recipient are spaced, none refused, none lost', async () => {
    const to = recipient()
    const ids: string[] = []
    for (let i = 0; i < 50; i++) {
      const response = await post(whatsAppTemplate(to), KEYS.paced, 'respond-async')
      expect(response.status).toBe(202)
      ids.push(((await response.json()) as { id: string }).id)
    }
    const placeholders = ids.map(() => '?').join(',')
    let rows: { status: string; updated_at: number }[] = []
    for (let waited = 0; waited < 45_000; waited += 250) {
      rows = (
        await env.DB.prepare(
          `SELECT status, updated_at FROM messages WHERE id IN (${placeholders})`,
        )
          .bind(...ids)
          .all<{ status: string; updated_at: number }>()
      ).results
      if (rows.length === 50 && rows.every((row) => row.status !== 'accepted')) break
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
    expect(rows.map((row) => row.status)).toEqual(Array(50).fill('queued'))
    const times = rows.map((row) => row.updated_at).sort((a, b) => a - b)
    // 10 at once, then 10 a second: the last cannot leave before 4 s after the first.
    expect((times.at(-1) ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(3_000)
  }, 60_000)
})

describe('giving a pacing token back (the delivery queue, a message that did not leave)', () => {
  const settings = {
    pace: { ratePerSecond: 1, burst: 3 },
    stopKeywords: [],
    pairLimitBackoffMs: 60_000,
  }
  const WHATSAPP_TEXT = { whatsAppOnly: true, viberOnly: false, category: null }
  const contactStub = () =>
    env.CONTACT.get(env.CONTACT.idFromName(JSON.stringify([SUB_ACCOUNT, recipient()])))
  async function granted(stub: ReturnType<typeof contactStub>, now: number) {
    const grant = await stub.pace(settings, WHATSAPP_TEXT, now)
    if (!grant.ok) throw new Error('no token')
    return grant
  }

  it('messages waiting for the pace are told to come back a token apart, not all at once', async () => {
    const stub = contactStub()
    const now = Date.now()
    const slow = { ...settings, pace: { ratePerSecond: 1, burst: 1 } }
    const paced = (retryAfterMs: number) => ({ ok: false, kind: 'paced', retryAfterMs })
    expect((await stub.pace(slow, WHATSAPP_TEXT, now)).ok).toBe(true)
    const waits = []
    for (let i = 0; i < 4; i++) waits.push(await stub.pace(slow, WHATSAPP_TEXT, now))
    expect(waits).toEqual([paced(1_000), paced(2_000), paced(3_000), paced(4_000)])
    // The first is back at its time and goes; one that comes now waits behind the other three.
    expect((await stub.pace(slow, WHATSAPP_TEXT, now + 1_000)).ok).toBe(true)
    expect(await stub.pace(slow, WHATSAPP_TEXT, now + 1_000)).toEqual(paced(4_000))
    // Once the waiters are gone, a message waits only for the next token.
    expect(await stub.pace(slow, WHATSAPP_TEXT, now + 60_000)).toMatchObject({ ok: true })
    expect(await stub.pace(slow, WHATSAPP_TEXT, now + 60_000)).toEqual(paced(1_000))
  })

  it('two tokens taken in one instant: giving one back leaves the other spent', async () => {
    const stub = contactStub()
    const now = Date.now()
    const first = await granted(stub, now)
    await granted(stub, now)
    await stub.unpace(settings, first.grant, first.before, now)
    const state = await stub.state(settings.pace, now)
    expect(state.pacing.tokens).toBe(2)
    expect(state.lastOutboundAt).toBe(now)
  })

  it('the last token given back: the bucket and the last send are as they were', async () => {
    const stub = contactStub()
    const now = Date.now()
    await granted(stub, now - 5_000)
    const last = await granted(stub, now)
    await stub.unpace(settings, last.grant, last.before, now)
    const state = await stub.state(settings.pace, now)
    expect(state.pacing.tokens).toBe(3)
    expect(state.lastOutboundAt).toBe(now - 5_000)
  })

  it('a 1028 hold since the grant: nothing given back, the bucket empty when the hold ends', async () => {
    const stub = contactStub()
    const now = Date.now()
    const grant = await granted(stub, now)
    const receipt = {
      kind: 'receipt',
      umid: crypto.randomUUID(),
      effect: 'pair_rate',
      errorCode: '1028',
      failedAt: now,
    } as const
    await stub.event(settings, receipt, now)
    await stub.unpace(settings, grant.grant, grant.before, now)
    expect((await stub.state(settings.pace, now)).pacing).toEqual({
      ratePerSecond: 1,
      burst: 3,
      tokens: 0,
      heldUntil: now + 60_000,
    })
  })
})

describe('GET /v1/contacts/{recipient}', () => {
  it('a recipient never seen', async () => {
    const to = recipient()
    expect(await contact(to)).toEqual({
      recipient: to,
      serviceWindow: { open: false, openUntil: null, closedAt: null },
      consent: { state: 'subscribed', facts: [], history: [] },
      pacing: { ratePerSecond: 100000, burst: 100000, tokens: 100000, heldUntil: null },
      lastInboundAt: null,
      lastOutboundAt: null,
      sameAs: null,
      aliases: [],
    })
    // Asking stored nothing: a contact is made by what happens to it, not by being asked about.
    const asked = env.CONTACT.get(env.CONTACT.idFromName(JSON.stringify([SUB_ACCOUNT, to])))
    const tables = await runInDurableObject(asked, (_instance, state) =>
      state.storage.sql
        .exec<{ name: string }>(
          "SELECT name FROM sqlite_master WHERE name NOT LIKE '\\_cf\\_%' ESCAPE '\\'",
        )
        .toArray(),
    )
    expect(tables).toEqual([])
    // The first event makes it.
    expect((await webhook(inbound(to, 'hi'))).status).toBe(200)
    expect((await contact(to)).serviceWindow.open).toBe(true)
  })

  it('is signed: 401 without a signature; 403 for a key without the route; 405', async () => {
    const unsigned = await send(new Request(`${ORIGIN}/v1/contacts/%2B15551234567`))
    expect(unsigned.status).toBe(401)
    const forbidden = await send(await signedGet('/v1/contacts/%2B15551234567', KEYS.restricted))
    expect(forbidden.status).toBe(403)
    expect(await problem(forbidden)).toEqual(
      problemBody(
        'forbidden',
        403,
        'Forbidden',
        'This key may not call GET /v1/contacts/:recipient.',
      ),
    )
    const post405 = await send(await signedPost('{}', { path: '/v1/contacts/%2B15551234567' }))
    expect(post405.status).toBe(405)
    expect(post405.headers.get('allow')).toBe('GET')
  })

  it('404 for something that is not a recipient', async () => {
    const response = await send(await signedGet('/v1/contacts/a%20b'))
    expect(response.status).toBe(404)
    expect(await problem(response)).toEqual(
      problemBody(
        'not_found',
        404,
        'Not found',
        'Not a recipient: an msisdn or a channel user id.',
      ),
    )
  })
})

describe('one person named by number and by BSUID', () => {
  /** A business-scoped user id no other test uses. */
  const bsuid = () => `US.${String(Math.floor(Math.random() * 1e15)).padStart(15, '0')}`
  const toBsuid = (id: string, text = `hi ${crypto.randomUUID()}`) => ({
    ...whatsAppText('+0', text),
    user: { channelUserId: id },
  })

  it("joining weighs both names' changes by the rule of live ones: a 1051 under the BSUID does not undo a STOP", async () => {
    const to = recipient()
    const id = bsuid()
    expect((await webhook(inbound(to, 'STOP'))).status).toBe(200)
    const receipt = errorReceipt(to, 1051)
    const underBsuid = { ...receipt, payload: { ...receipt.payload, user: { channelUserId: id } } }
    expect((await webhook(underBsuid)).status).toBe(200)
    expect((await contact(id)).consent.state).toBe('marketing_opted_out')
    expect((await webhook(inboundFrom({ msisdn: to, channelUserId: id }, 'hi'))).status).toBe(200)
    const { consent } = await contact(to)
    expect(consent.state).toBe('opted_out')
    expect(consent.history.map((change) => [change.state, change.by, change.reason])).toEqual([
      ['opted_out', 'user', 'STOP'],
      ['marketing_opted_out', '8x8', '1051'],
    ])
    expect((await post(whatsAppTemplate(to))).status).toBe(422)
  })

  it('a STOP said under the BSUID holds for the number once a message shows both', async () => {
    const to = recipient()
    const id = bsuid()
    // The user hid their number: 8x8 names them by BSUID only.
    expect((await webhook(inboundFrom({ channelUserId: id }, 'STOP'))).status).toBe(200)
    expect((await post(whatsAppText(to))).status).toBe(200)
    // Later a message carries both names: the BSUID's contact joins the number's.
    expect((await webhook(inboundFrom({ msisdn: to, channelUserId: id }, 'hello'))).status).toBe(
      200,
    )
    const marker = `linked-${crypto.randomUUID()}`
    await expectOptedOut(
      await post(whatsAppText(to, marker)),
      to,
      'The recipient is opted out (user: STOP); nothing was sent.',
    )
    const { upstreamReceived } = await import('./helpers')
    expect(await upstreamReceived(marker)).toEqual([])
    expect((await post(toBsuid(id))).status).toBe(422)

    const byNumber = await contact(to)
    expect(byNumber.aliases).toEqual([id])
    expect(byNumber.sameAs).toBeNull()
    const stop = { state: 'opted_out', by: 'user', reason: 'STOP', at: ISO }
    expect(byNumber.consent).toEqual({ state: 'opted_out', facts: [stop], history: [stop] })
    expect(byNumber.serviceWindow.open).toBe(true)
    // Asked by BSUID: the same contact, saying under which name it lives.
    expect(await contact(id)).toEqual({ ...byNumber, recipient: id, sameAs: to })

    // The index lists the person under the number only.
    const exported = await (
      await send(adminRequest('GET', `/suppressions/${SUB_ACCOUNT}/export`))
    ).text()
    expect(exported).toContain(`${to},opted_out,user,STOP,`)
    expect(exported).not.toContain(id)
  })

  it('once linked, a STOP under the BSUID, a START under the number, one window', async () => {
    const to = recipient()
    const id = bsuid()
    await webhook(inboundFrom({ msisdn: to, channelUserId: id }, 'hi'))
    // Inside the window opened under the number, enforce lets a text to the BSUID go.
    expect((await post(toBsuid(id), KEYS.enforce)).status).toBe(200)
    await webhook(inboundFrom({ channelUserId: id }, 'stop'))
    expect((await post(whatsAppTemplate(to))).status).toBe(422)
    await webhook(inboundFrom({ msisdn: to }, 'START'))
    expect((await post(toBsuid(id))).status).toBe(200)
    const state = await contact(id)
    expect(state.sameAs).toBe(to)
    expect(state.consent).toEqual({
      state: 'subscribed',
      facts: [],
      history: [
        { state: 'opted_out', by: 'user', reason: 'STOP', at: ISO },
        { state: 'subscribed', by: 'user', reason: 'START', at: ISO },
      ],
    })
    // The send to the BSUID counted on the number's contact.
    expect(state.lastOutboundAt).toEqual(ISO)
  })

  it('a newer START under the number outweighs an older STOP under the BSUID', async () => {
    const to = recipient()
    const id = bsuid()
    await webhook(inboundFrom({ channelUserId: id }, 'STOP'))
    await webhook(inboundFrom({ msisdn: to }, 'STOP'))
    await webhook(inboundFrom({ msisdn: to }, 'START'))
    await webhook(inboundFrom({ msisdn: to, channelUserId: id }, 'hi'))
    const state = await contact(to)
    expect(state.consent.state).toBe('subscribed')
    expect(state.consent.history.map((change) => change.reason)).toEqual(['STOP', 'STOP', 'START'])
  })

  it('linking again, or an operator under the BSUID, changes the one contact once', async () => {
    const to = recipient()
    const id = bsuid()
    await webhook(inboundFrom({ channelUserId: id }, 'STOP'))
    const both = inboundFrom({ msisdn: to, channelUserId: id }, 'hi')
    await webhook(both)
    await webhook(both)
    await webhook(inboundFrom({ msisdn: to, channelUserId: id }, 'hello'))
    expect((await contact(to)).consent.history).toHaveLength(1)
    const lifted = await send(
      adminRequest('DELETE', `/suppressions/${SUB_ACCOUNT}/${encodeURIComponent(id)}`),
    )
    expect(lifted.status).toBe(200)
    expect((await contact(to)).consent.state).toBe('subscribed')
    const exported = await (
      await send(adminRequest('GET', `/suppressions/${SUB_ACCOUNT}/export`))
    ).text()
    expect(exported).not.toContain(to)
  })

  it("an operator's lift of one fact under the BSUID joins the number as that lift: the others stay", async () => {
    const to = recipient()
    const id = bsuid()
    for (const code of [1051, 2007]) {
      const receipt = errorReceipt(to, code)
      const underBsuid = {
        ...receipt,
        payload: { ...receipt.payload, user: { channelUserId: id } },
      }
      expect((await webhook(underBsuid)).status).toBe(200)
    }
    const lifted = await send(
      adminRequest(
        'DELETE',
        `/suppressions/${SUB_ACCOUNT}/${encodeURIComponent(id)}?fact=marketing_opted_out`,
      ),
    )
    expect(lifted.status).toBe(200)
    expect((await webhook(inboundFrom({ msisdn: to, channelUserId: id }, 'hi'))).status).toBe(200)
    const block = { state: 'blocked', by: '8x8', reason: '2007', at: ISO }
    expect((await contact(to)).consent).toEqual({
      state: 'blocked',
      facts: [block],
      history: [
        { state: 'marketing_opted_out', by: '8x8', reason: '1051', at: ISO },
        block,
        {
          state: 'subscribed',
          by: 'operator',
          reason: 'operator',
          at: ISO,
          fact: 'marketing_opted_out',
        },
      ],
    })
  })

  it('a STOP that reaches the BSUID while it joins is not lost', async () => {
    const settings = {
      pace: { ratePerSecond: 1, burst: 1 },
      stopKeywords: [],
      pairLimitBackoffMs: 1000,
    }
    const stop = { state: 'opted_out', by: 'user', reason: 'STOP', at: expect.any(Number) }
    // The STOP is sent right behind the join, to reach the BSUID's contact while the join waits
    // for the number's. The runtime may deliver it first instead (then the join carries it):
    // either way the number's contact must end opted out. Several pairs, so that the order the
    // fix is for comes up (without blockConcurrencyWhile, it loses the STOP).
    for (let pair = 0; pair < 5; pair++) {
      const to = recipient()
      const id = bsuid()
      const alias = env.CONTACT.get(env.CONTACT.idFromName(JSON.stringify([SUB_ACCOUNT, id])))
      const joining = alias.link(SUB_ACCOUNT, id, to, Date.now())
      const told = alias.event(
        settings,
        {
          kind: 'inbound',
          umid: crypto.randomUUID(),
          text: 'STOP',
          sentAt: Date.now(),
          opensWindow: true,
        },
        Date.now(),
      )
      const [joined, result] = await Promise.all([joining, told])
      expect(joined.linked).toBe(true)
      // Told after the join: passed on to the number's contact. Before: joined with the state.
      if (result.recipient === to) expect(joined.consent).toBeNull()
      else expect(joined.consent).toEqual({ ...stop, facts: [stop] })
      expect(result).toMatchObject({ duplicate: false, consent: { ...stop, facts: [stop] } })
      const kept = { state: 'opted_out', by: 'user', reason: 'STOP', at: ISO }
      expect((await contact(to)).consent).toEqual({
        state: 'opted_out',
        facts: [kept],
        history: [kept],
      })
    }
  })

  it('a BSUID seen with another number follows it, and so does its STOP', async () => {
    const first = recipient()
    const second = recipient()
    const id = bsuid()
    await webhook(inboundFrom({ msisdn: first, channelUserId: id }, 'STOP'))
    await webhook(inboundFrom({ msisdn: second, channelUserId: id }, 'hi'))
    expect((await contact(id)).sameAs).toBe(second)
    const now = await contact(second)
    expect(now.aliases).toEqual([id])
    const stop = { state: 'opted_out', by: 'user', reason: 'STOP', at: ISO }
    expect(now.consent).toEqual({ state: 'opted_out', facts: [stop], history: [stop] })
    expect((await post(whatsAppTemplate(second))).status).toBe(422)
    // The first number keeps what it learned, without the BSUID.
    const before = await contact(first)
    expect(before.aliases).toEqual([])
    expect(before.consent.state).toBe('opted_out')
    // The index lists the new number too.
    const exported = await (
      await send(adminRequest('GET', `/suppressions/${SUB_ACCOUNT}/export`))
    ).text()
    expect(exported).toContain(`${second},opted_out,user,STOP,`)
  })

  it('a BSUID is not linked across sub-accounts, nor from a number-shaped channel user id', async () => {
    const to = recipient()
    const id = bsuid()
    await webhook(inboundFrom({ msisdn: to, channelUserId: id }, 'hi', 'other-subaccount'))
    expect((await contact(id)).sameAs).toBeNull()
    expect((await contact(id, KEYS.otherSub)).sameAs).toBe(to)
    // 8x8's v2 events copy the number's digits there: not a BSUID, nothing to link.
    await webhook(inboundFrom({ msisdn: to, channelUserId: to.slice(1) }, 'hi'))
    expect((await contact(to)).aliases).toEqual([])
  })
})

describe('admin suppressions', () => {
  const sub = `sub-${crypto.randomUUID().slice(0, 8)}`

  it('add, list, export, remove; sends follow', async () => {
    const to = recipient()
    const added = await send(
      adminRequest(
        'PUT',
        `/suppressions/${SUB_ACCOUNT}/${encodeURIComponent(to)}?reason=complaint`,
      ),
    )
    expect(added.status).toBe(200)
    expect(await added.json()).toEqual({
      subAccount: SUB_ACCOUNT,
      recipient: to,
      consent: {
        state: 'opted_out',
        by: 'operator',
        reason: 'complaint',
        at: ISO,
        facts: [{ state: 'opted_out', by: 'operator', reason: 'complaint', at: ISO }],
      },
    })
    expect((await post(whatsAppTemplate(to))).status).toBe(422)
    const removed = await send(
      adminRequest('DELETE', `/suppressions/${SUB_ACCOUNT}/${encodeURIComponent(to)}`),
    )
    expect(removed.status).toBe(200)
    expect(await removed.json()).toEqual({
      subAccount: SUB_ACCOUNT,
      recipient: to,
      consent: { state: 'subscribed', by: 'operator', reason: 'operator', at: ISO, facts: [] },
    })
    expect((await post(whatsAppTemplate(to))).status).toBe(200)
  })

  it('import a CSV, list, export', async () => {
    const imported = await send(
      adminRequest(
        'POST',
        `/suppressions/${sub}/import`,
        'recipient,reason\n+15550000002,bounced\n+15550000001,\n',
      ),
    )
    expect(imported.status).toBe(200)
    expect(await imported.json()).toEqual({ subAccount: sub, imported: 2 })
    const listed = await send(adminRequest('GET', `/suppressions/${sub}?limit=1`))
    expect(listed.status).toBe(200)
    expect(await listed.json()).toEqual({
      suppressions: [
        {
          recipient: '+15550000001',
          state: 'opted_out',
          by: 'operator',
          reason: 'import',
          at: ISO,
          facts: [{ state: 'opted_out', by: 'operator', reason: 'import', at: ISO }],
        },
      ],
      next: '+15550000001',
    })
    const exported = await send(adminRequest('GET', `/suppressions/${sub}/export`))
    expect(exported.status).toBe(200)
    expect(exported.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    const lines = (await exported.text()).trim().split('\n')
    expect(lines[0]).toBe('recipient,state,by,reason,at,facts')
    expect(lines.slice(1).map((line) => line.split(',').slice(0, 4).join(','))).toEqual([
      '+15550000001,opted_out,operator,import',
      '+15550000002,opted_out,operator,bounced',
    ])
  })

  /** The rows of an export after its header, each without its time (the field before facts). */
  async function exportedRows(subAccount: string): Promise<string[]> {
    const exported = await send(adminRequest('GET', `/suppressions/${subAccount}/export`))
    expect(exported.status).toBe(200)
    const lines = (await exported.text()).split('\n')
    expect(lines[0]).toBe('recipient,state,by,reason,at,facts')
    expect(lines.at(-1)).toBe('')
    return lines.slice(1, -1).map((line) => line.replace(/,\d{4}-\d\d-\d\dT[^,]+Z,/, ','))
  }

  it("a spreadsheet's CSV: a byte-order mark, CRLF, quoted fields, a comma and quotes in a reason", async () => {
    const target = `${sub}-sheet`
    const csv =
      '\ufeffRecipient,Reason\r\n"+15550000003","moved, asked by phone"\r\n+15550000004,"said ""no"""\r\n'
    const imported = await send(adminRequest('POST', `/suppressions/${target}/import`, csv))
    expect(imported.status).toBe(200)
    expect(await imported.json()).toEqual({ subAccount: target, imported: 2 })
    expect(await exportedRows(target)).toEqual([
      '+15550000003,opted_out,operator,"moved, asked by phone",opted_out',
      '+15550000004,opted_out,operator,"said ""no""",opted_out',
    ])
  })

  it('a blocked recipient stays blocked when its exported row is imported back; START does not lift it', async () => {
    const to = recipient()
    expect((await webhook(errorReceipt(to, 2007))).status).toBe(200)
    const exported = await (
      await send(adminRequest('GET', `/suppressions/${SUB_ACCOUNT}/export`))
    ).text()
    const [header, ...rows] = exported.split('\n')
    const mine = rows.filter((row) => row.startsWith(`${to},`))
    expect(mine.map((row) => row.replace(/,[^,]+Z,/, ','))).toEqual([
      `${to},blocked,8x8,2007,blocked`,
    ])
    const imported = await send(
      adminRequest('POST', `/suppressions/${SUB_ACCOUNT}/import`, `${header}\n${mine[0]}\n`),
    )
    expect(await imported.json()).toEqual({ subAccount: SUB_ACCOUNT, imported: 1 })
    expect((await webhook(inbound(to, 'START'))).status).toBe(200)
    const { consent } = await contact(to)
    const block = { state: 'blocked', by: '8x8', reason: '2007', at: ISO }
    expect(consent).toEqual({
      state: 'blocked',
      facts: [block],
      history: [
        block,
        { state: 'opted_out', by: 'operator', reason: '2007', at: ISO },
        { state: 'subscribed', by: 'user', reason: 'START', at: ISO },
      ],
    })
    expect((await post(viberText(to))).status).toBe(422)
  })

  it("a number without its + (a spreadsheet drops it) is the sends' contact; one in scientific notation is refused", async () => {
    const target = `${sub}-plus`
    const put = await send(adminRequest('PUT', `/suppressions/${target}/15550000021?reason=call`))
    expect(put.status).toBe(200)
    const imported = await send(
      adminRequest(
        'POST',
        `/suppressions/${target}/import`,
        "15550000022,sheet\n'+15550000023,quoted\n",
      ),
    )
    expect(await imported.json()).toEqual({ subAccount: target, imported: 2 })
    expect(await exportedRows(target)).toEqual([
      '+15550000021,opted_out,operator,call,opted_out',
      '+15550000022,opted_out,operator,sheet,opted_out',
      '+15550000023,opted_out,operator,quoted,opted_out',
    ])
    const scientific = await send(
      adminRequest('POST', `/suppressions/${target}/import`, '+15550000024\n1.55500E+10\n'),
    )
    expect(scientific.status).toBe(422)
    expect(await problem(scientific)).toEqual(
      problemBody(
        'invalid_message',
        422,
        'Invalid message',
        'Line 2: not a recipient: a spreadsheet wrote the number as 1.55E+10, its digits are lost.',
        { issues: [{ path: 'rows.1.recipient', message: 'Not a recipient' }] },
      ),
    )
    expect(await exportedRows(target)).toHaveLength(3)
  })

  it('an export imports back as it was: columns by their header, reasons kept', async () => {
    const suppressed = (reason: string) => {
      const change = { state: 'opted_out', by: 'operator', reason, at: ISO }
      return { ...change, facts: [change] }
    }
    const from = `${sub}-from`
    const to = `${sub}-to`
    await send(adminRequest('POST', `/suppressions/${from}/import`, '+15550000005,"a, b"\n'))
    const formula = '=HYPERLINK("http://evil.example","open")'
    const put = await send(
      adminRequest(
        'PUT',
        `/suppressions/${from}/%2B15550000006?reason=${encodeURIComponent(formula)}`,
      ),
    )
    expect(put.status).toBe(200)
    // A reason a spreadsheet would run as a formula is exported inert, behind a quote.
    expect(await exportedRows(from)).toEqual([
      '+15550000005,opted_out,operator,"a, b",opted_out',
      `+15550000006,opted_out,operator,"'=HYPERLINK(""http://evil.example"",""open"")",opted_out`,
    ])
    const exported = await (await send(adminRequest('GET', `/suppressions/${from}/export`))).text()
    const imported = await send(adminRequest('POST', `/suppressions/${to}/import`, exported))
    expect(await imported.json()).toEqual({ subAccount: to, imported: 2 })
    const listed = await send(adminRequest('GET', `/suppressions/${to}`))
    expect(await listed.json()).toEqual({
      suppressions: [
        { recipient: '+15550000005', ...suppressed('a, b') },
        { recipient: '+15550000006', ...suppressed(formula) },
      ],
      next: null,
    })
  })

  it('an import over 1 MiB is 413 and imports nothing; a header that names no recipient column is 422', async () => {
    const target = `${sub}-large`
    const row = '+15550000007,x\n'
    const large = row.repeat(Math.ceil((1024 * 1024 + 1) / row.length))
    const refused = await send(adminRequest('POST', `/suppressions/${target}/import`, large))
    expect(refused.status).toBe(413)
    expect(await problem(refused)).toEqual(
      problemBody('payload_too_large', 413, 'Payload too large', 'At most 1 MiB an import.'),
    )
    const headless = await send(
      adminRequest('POST', `/suppressions/${target}/import`, 'number,reason\n+15550000007,x\n'),
    )
    expect(headless.status).toBe(422)
    expect(await problem(headless)).toEqual(
      problemBody(
        'invalid_message',
        422,
        'Invalid message',
        'The header names no recipient column.',
        {
          issues: [{ path: 'header', message: 'No recipient column' }],
        },
      ),
    )
    expect(await exportedRows(target)).toEqual([])
  })

  it('a store failing part way: 503 says how many rows were imported, and importing again is safe', async () => {
    const target = `${sub}-outage`
    const csv = 'recipient,reason\n+15550000011,a\n+15550000012,b\n+15550000013,c\n'
    // The contact of the third row cannot be reached.
    let calls = 0
    const flaky = {
      idFromName: (name: string) => env.CONTACT.idFromName(name),
      get: (id: DurableObjectId) => {
        const real = env.CONTACT.get(id)
        return {
          setConsent: (...args: Parameters<typeof real.setConsent>) =>
            ++calls === 3 ? Promise.reject(new Error('contact down')) : real.setConsent(...args),
        }
      },
    } as unknown as Bindings['CONTACT']
    const ctx = createExecutionContext()
    const failed = await app.fetch(
      adminRequest('POST', `/suppressions/${target}/import`, csv),
      { ...(env as unknown as Bindings), CONTACT: flaky },
      ctx,
    )
    await waitOnExecutionContext(ctx)
    expect(failed.status).toBe(503)
    expect(failed.headers.get('retry-after')).toBe('1')
    expect(await problem(failed)).toEqual(
      problemBody(
        'unavailable',
        503,
        'Service unavailable',
        'Imported 2 of 3 rows before the contact store failed; nothing after them. Importing the same file again is safe.',
        { imported: 2 },
      ),
    )
    expect(await exportedRows(target)).toEqual([
      '+15550000011,opted_out,operator,a,opted_out',
      '+15550000012,opted_out,operator,b,opted_out',
    ])
    const again = await send(adminRequest('POST', `/suppressions/${target}/import`, csv))
    expect(await again.json()).toEqual({ subAccount: target, imported: 3 })
    expect(await exportedRows(target)).toEqual([
      '+15550000011,opted_out,operator,a,opted_out',
      '+15550000012,opted_out,operator,b,opted_out',
      '+15550000013,opted_out,operator,c,opted_out',
    ])
  })

  it('a stop keyword lands in the list too', async () => {
    const to = recipient()
    await webhook(inbound(to, 'STOP'))
    const exported = await send(adminRequest('GET', `/suppressions/${SUB_ACCOUNT}/export`))
    expect(await exported.text()).toContain(`${to},opted_out,user,STOP,`)
  })

  it('a bad row is 422 and imports nothing; without the token 401', async () => {
    const bad = await send(
      adminRequest('POST', `/suppressions/${sub}-bad/import`, 'recipient\nnot a number\n'),
    )
    expect(bad.status).toBe(422)
    expect(await problem(bad)).toEqual(
      problemBody('invalid_message', 422, 'Invalid message', 'Line 1: not a recipient.', {
        issues: [{ path: 'rows.0.recipient', message: 'Not a recipient' }],
      }),
    )
    const unauthorized = await send(
      new Request(`${ORIGIN}/admin/suppressions/${sub}`, {
        headers: { authorization: 'Bearer nope-nope-nope-nope' },
      }),
    )
    expect(unauthorized.status).toBe(401)
  })
})

describe('consent refuses exactly what the user refused', () => {
  const bindings = env as unknown as Bindings
  /** The sub-account whose registry is the sandbox's (vitest.config.ts, TEMPLATE_CHANNELS). */
  const TEMPLATES_SUB = 'templates-subaccount'
  const HOUR = 60 * 60 * 1000
  const MARKETING_DETAIL =
    'The recipient opted out of marketing messages (8x8: 1051), and the template is registered as MARKETING; nothing was sent.'

  beforeAll(async () => {
    // The sandbox's seeded registry (apps/sandbox/src/templates/seeds.ts): `summer_sale` is
    // MARKETING, `order_update` UTILITY, `otp_login` AUTHENTICATION, as the sandbox's own rule
    // (a marketing template to a user who said STOP fails with 1051) reads them.
    const config = readConfig(bindings)
    await syncTemplates({ db: env.DB, upstream: bindings.UPSTREAM, config, pause: async () => {} })
  })

  /** A template send by name; the recipient's number is its marker at 8x8. */
  function template(
    to: string,
    name: string,
    language = 'en',
    channels: readonly { channel: string }[] | null = [{ channel: 'WhatsApp' }],
    components?: readonly unknown[],
  ) {
    return {
      user: { msisdn: to },
      type: 'template',
      content: {
        template: { name, language, ...(components === undefined ? {} : { components }) },
      },
      ...(channels === null ? {} : { channels }),
    }
  }

  it('a Viber block (2007) refuses only a send that can reach Viber alone', async () => {
    const to = recipient()
    expect((await webhook(errorReceipt(to, 2007))).status).toBe(200)
    const whatsApp = `whatsapp ${crypto.randomUUID()}`
    expect((await post(whatsAppText(to, whatsApp))).status).toBe(200)
    expect(await upstreamReceived(whatsApp)).toHaveLength(1)
    // Viber first, SMS after it: 8x8 fails the Viber step and falls back.
    const fallback = `fallback ${crypto.randomUUID()}`
    const viberThenSms = {
      ...viberText(to, fallback),
      channels: [{ channel: 'Viber' }, { channel: 'SMS' }],
    }
    expect((await post(viberThenSms)).status).toBe(200)
    // No channels: the sub-account's order at 8x8, which the gateway cannot see, goes.
    const anyChannel = `any ${crypto.randomUUID()}`
    const { channels: _, ...unnamed } = whatsAppText(to, anyChannel)
    expect((await post(unnamed)).status).toBe(200)
    expect(await upstreamReceived(fallback)).toHaveLength(1)
    expect(await upstreamReceived(anyChannel)).toHaveLength(1)
    const viber = `viber ${crypto.randomUUID()}`
    await expectOptedOut(
      await post(viberText(to, viber)),
      to,
      'The recipient is blocked (8x8: 2007); nothing was sent.',
    )
    expect(await upstreamReceived(viber)).toEqual([])
  })

  it('a 1051 refuses a MARKETING template over WhatsApp; utility, authentication, unknown templates and texts go', async () => {
    const to = recipient()
    expect((await webhook(errorReceipt(to, 1051, undefined, TEMPLATES_SUB))).status).toBe(200)
    await expectOptedOut(
      await post(template(to, 'summer_sale'), KEYS.templatesObserve),
      to,
      MARKETING_DETAIL,
    )
    expect(await upstreamReceived(to)).toEqual([])
    for (const body of [
      template(to, 'order_update'),
      template(
        to,
        'otp_login',
        'en_US',
        [{ channel: 'WhatsApp' }],
        [
          { type: 'body', parameters: [{ type: 'text', text: '482913' }] },
          {
            type: 'button',
            subType: 'url',
            index: 0,
            parameters: [{ type: 'text', text: '482913' }],
          },
        ],
      ),
      whatsAppText(to),
      // Not WhatsApp alone: the sub-account's order may reach the user elsewhere.
      template(to, 'summer_sale', 'en', null),
    ]) {
      expect((await post(body, KEYS.templatesObserve)).status).toBe(200)
    }
    // A template the registry does not hold: its category is unknown, so it goes (8x8 refuses it).
    const unknown = await post(template(to, 'not_in_the_registry'), KEYS.templatesObserve)
    expect(await problem(unknown)).toEqual(
      problemBody('upstream_rejected', 422, 'Rejected by 8x8', '8x8 rejected the message.', {
        upstream: { code: 3038, message: 'Template not found for provided name and language' },
      }),
    )
    // A key whose template check is off reads no registry: the category is unknown, and it goes.
    expect((await post(template(to, 'summer_sale'), KEYS.templatesOff)).status).toBe(200)
    // The five that 8x8 took (the sandbox keeps no message it rejected).
    expect(await upstreamReceived(to)).toHaveLength(5)
  })

  it('in a batch, only the marketing template to the opted-out recipient is refused', async () => {
    const out = recipient()
    const fine = recipient()
    expect((await webhook(errorReceipt(out, 1051, undefined, TEMPLATES_SUB))).status).toBe(200)
    const body = await postBatch(
      [
        template(out, 'order_update'),
        template(out, 'summer_sale'),
        template(fine, 'summer_sale'),
        whatsAppText(out),
      ],
      KEYS.templatesObserve,
    )
    expect(body.status).toBe(200)
    expect(body.messages).toHaveLength(3)
    expect(body.refused).toEqual([
      { index: 1, code: 'recipient_opted_out', recipient: out, detail: MARKETING_DETAIL },
    ])
    expect(await upstreamReceived(fine)).toHaveLength(1)
  })

  /** A template to `to` accepted for the queue (`Prefer: respond-async`), its job on `queue`. */
  async function acceptedVia(queue: Queue<DeliveryJob>, to: string, name: string) {
    const request = await signedPost(JSON.stringify(template(to, name)), {
      keyId: KEYS.templatesObserve,
      prefer: 'respond-async',
    })
    const response = await sendWith(request, queue)
    expect(response.status).toBe(202)
    return ((await response.json()) as { id: string }).id
  }

  /** A job as the routes and the cron's sweep queue it: a reference, no consent facts. */
  const jobOf = (id: string, to: string) => ({
    id,
    subAccount: TEMPLATES_SUB,
    recipient: to,
    pace: readConfig(bindings).contact.pace,
  })

  it('a 1051 that comes while a queued marketing template waits: never sent; a utility one goes', async () => {
    const to = recipient()
    const { queue, jobs } = recordingQueue()
    const marketing = await acceptedVia(queue, to, 'summer_sale')
    const utility = await acceptedVia(queue, to, 'order_update')
    expect(jobs).toEqual([jobOf(marketing, to), jobOf(utility, to)])
    expect((await webhook(errorReceipt(to, 1051, undefined, TEMPLATES_SUB))).status).toBe(200)
    const batch = createMessageBatch<DeliveryJob>(
      'chatapps-delivery',
      jobs.map((body) => ({ id: `job-${body.id}`, timestamp: new Date(), attempts: 1, body })),
    )
    const ctx = createExecutionContext()
    await deliverBatch(batch, deliveryDeps())
    expect((await getQueueResult(batch, ctx)).explicitAcks.sort()).toEqual(
      [`job-${marketing}`, `job-${utility}`].sort(),
    )
    const record = (id: string) =>
      env.DB.prepare('SELECT status, reason FROM messages WHERE id = ?').bind(id).first()
    expect(await record(marketing)).toEqual({
      status: 'failed',
      reason: 'recipient_opted_out: marketing_opted_out (8x8: 1051) before it was sent; not sent',
    })
    expect(await record(utility)).toEqual({ status: 'queued', reason: null })
    const received = await upstreamReceived(to, 'FAULTY_UPSTREAM')
    expect(received.map((message) => message.raw.includes('order_update'))).toEqual([true])
  })

  it("a job the cron queues again weighs its template's category at delivery: a 1051 refuses MARKETING; UTILITY goes", async () => {
    const to = recipient()
    // The queue refuses both jobs: accepted all the same (202), their jobs lost.
    const lost = recordingQueue(1)
    const marketing = await acceptedVia(lost.queue, to, 'summer_sale')
    const utility = await acceptedVia(lost.queue, to, 'order_update')
    expect(lost.jobs).toEqual([])
    expect((await webhook(errorReceipt(to, 1051, undefined, TEMPLATES_SUB))).status).toBe(200)
    const config = readConfig(bindings)
    const at = Date.now() + config.reconcileAfterMs + 1_000
    vi.setSystemTime(at)
    const swept = recordingQueue()
    const callbacks = recordingQueue<CallbackJob>()
    const callbackUrl = (url: string | null, secret: string | null) =>
      env.DB.prepare(
        'UPDATE client_keys SET callback_url = ?, callback_secret = ? WHERE key_id = ?',
      )
        .bind(url, secret, KEYS.templatesObserve)
        .run()
    try {
      await requeueUnclaimed({ db: env.DB, delivery: swept.queue, config }, at)
      const ours = swept.jobs.filter((job) => job.id === marketing || job.id === utility)
      expect(ours).toEqual([jobOf(marketing, to), jobOf(utility, to)])
      await callbackUrl('https://hooks.acme.test/cb', 'whsec_dGVzdA==')
      try {
        await deliverJobs(
          ours.filter((job) => job.id === marketing),
          { callbacks: callbacks.queue },
        )
      } finally {
        await callbackUrl(null, null)
      }
      await deliverJobs(ours.filter((job) => job.id === utility))
    } finally {
      vi.useRealTimers()
    }
    const record = (id: string) =>
      env.DB.prepare('SELECT status, reason, attempts FROM messages WHERE id = ?').bind(id).first()
    const reason =
      'recipient_opted_out: marketing_opted_out (8x8: 1051) before it was sent; not sent'
    expect(await record(marketing)).toEqual({ status: 'failed', reason, attempts: 0 })
    expect(await record(utility)).toEqual({ status: 'queued', reason: null, attempts: 1 })
    const timestamp = new Date(at).toISOString()
    expect(
      callbacks.jobs.map(({ keyId, webhookId, body }) => ({ keyId, webhookId, body })),
    ).toEqual([
      {
        keyId: KEYS.templatesObserve,
        webhookId: `msg_status_${marketing}_failed`,
        body: JSON.stringify({
          type: 'message.status',
          timestamp,
          data: {
            id: marketing,
            clientMessageId: marketing,
            umid: null,
            status: { state: 'failed', timestamp, reason },
          },
        }),
      },
    ])
    const received = await upstreamReceived(to)
    expect(received.map((message) => message.raw.includes('order_update'))).toEqual([true])
  })

  it('an old 2007 replayed after an operator removal changes nothing, once its umid is forgotten', async () => {
    const start = Date.now()
    vi.setSystemTime(start)
    const to = recipient()
    const block = errorReceipt(to, 2007, new Date(start).toISOString())
    expect((await webhookHere(block)).status).toBe(200)
    vi.setSystemTime(start + 60_000)
    const path = `/suppressions/${SUB_ACCOUNT}/${encodeURIComponent(to)}`
    expect((await sendHere(adminRequest('DELETE', path))).status).toBe(200)
    const history = [
      { state: 'blocked', by: '8x8', reason: '2007', at: new Date(start).toISOString() },
      {
        state: 'subscribed',
        by: 'operator',
        reason: 'operator',
        at: new Date(start + 60_000).toISOString(),
      },
    ]
    // The gateway's answers are read on the real clock (a signature's time must be now).
    vi.useRealTimers()
    expect((await contact(to)).consent).toEqual({ state: 'subscribed', facts: [], history })
    // Two days on, another event has made the contact forget the receipt's umid (48 hours).
    vi.setSystemTime(start + 49 * HOUR)
    expect((await webhookHere(inbound(to, 'hello'))).status).toBe(200)
    expect((await webhookHere(block)).status).toBe(200)
    // And a 2007 8x8 reports late, made before the removal.
    const late = errorReceipt(to, 2007, new Date(start + 30_000).toISOString())
    expect((await webhookHere(late)).status).toBe(200)
    vi.useRealTimers()
    expect((await contact(to)).consent).toEqual({ state: 'subscribed', facts: [], history })
    expect((await post(viberText(to))).status).toBe(200)
  })

  it("a 1051 older than the user's START changes nothing; a STOP older than a 1051 still stops", async () => {
    const start = Date.now()
    vi.setSystemTime(start)
    const to = recipient()
    expect((await webhookHere(inboundAt(to, 'START', start - 1_000))).status).toBe(200)
    const older = errorReceipt(to, 1051, new Date(start - 2_000).toISOString())
    expect((await webhookHere(older)).status).toBe(200)
    vi.useRealTimers()
    expect((await contact(to)).consent).toEqual({ state: 'subscribed', facts: [], history: [] })
    vi.setSystemTime(start)
    const other = recipient()
    expect(
      (await webhookHere(errorReceipt(other, 1051, new Date(start).toISOString()))).status,
    ).toBe(200)
    expect((await webhookHere(inboundAt(other, 'STOP', start - 1_000))).status).toBe(200)
    vi.useRealTimers()
    expect((await contact(other)).consent.state).toBe('opted_out')
  })

  describe('a contact holds every consent fact, each on its own', () => {
    const BLOCKED_DETAIL = 'The recipient is blocked (8x8: 2007); nothing was sent.'
    const marketing = { state: 'marketing_opted_out', by: '8x8', reason: '1051', at: ISO }
    const block = { state: 'blocked', by: '8x8', reason: '2007', at: ISO }
    const receipt = (to: string, code: number, at?: number) =>
      errorReceipt(to, code, new Date(at ?? Date.now()).toISOString(), TEMPLATES_SUB)
    // The templates key's sub-account: its registry says which template is MARKETING.
    const sendAs = (body: unknown) => post(body, KEYS.templatesObserve)
    const asked = (to: string) => contact(to, KEYS.templatesObserve)

    /** Both facts refuse what each refuses; anything else goes. */
    async function expectBothRefuse(to: string) {
      await expectOptedOut(await sendAs(template(to, 'summer_sale')), to, MARKETING_DETAIL)
      await expectOptedOut(await sendAs(viberText(to)), to, BLOCKED_DETAIL)
      const text = `text ${crypto.randomUUID()}`
      expect((await sendAs(whatsAppText(to, text))).status).toBe(200)
      expect(await upstreamReceived(text)).toHaveLength(1)
      expect((await sendAs(template(to, 'order_update'))).status).toBe(200)
    }

    // Each order: the two facts are independent, and the history keeps the order they came in.
    it.each([
      [1051, 2007],
      [2007, 1051],
    ] as const)(
      '%i then %i: a marketing template over WhatsApp and a Viber-only send are refused',
      async (first, second) => {
        const to = recipient()
        expect((await webhook(receipt(to, first))).status).toBe(200)
        expect((await webhook(receipt(to, second))).status).toBe(200)
        await expectBothRefuse(to)
        const factOf = (code: 1051 | 2007) => (code === 1051 ? marketing : block)
        expect((await asked(to)).consent).toEqual({
          state: 'blocked',
          facts: [block, marketing],
          history: [factOf(first), factOf(second)],
        })
      },
    )

    it("the user's START lifts the marketing opt-out, not the Viber block", async () => {
      const to = recipient()
      expect((await webhook(receipt(to, 1051))).status).toBe(200)
      expect((await webhook(receipt(to, 2007))).status).toBe(200)
      expect((await webhook(inbound(to, 'START', TEMPLATES_SUB))).status).toBe(200)
      expect((await asked(to)).consent).toEqual({
        state: 'blocked',
        facts: [block],
        history: [marketing, block, { state: 'subscribed', by: 'user', reason: 'START', at: ISO }],
      })
      expect((await sendAs(template(to, 'summer_sale'))).status).toBe(200)
      await expectOptedOut(await sendAs(viberText(to)), to, BLOCKED_DETAIL)
    })

    it('a STOP beside both refuses everything; START lifts it and the opt-out, the block stays', async () => {
      const to = recipient()
      expect((await webhook(receipt(to, 1051))).status).toBe(200)
      expect((await webhook(receipt(to, 2007))).status).toBe(200)
      expect((await webhook(inbound(to, 'STOP', TEMPLATES_SUB))).status).toBe(200)
      const stop = { state: 'opted_out', by: 'user', reason: 'STOP', at: ISO }
      expect((await asked(to)).consent.facts).toEqual([stop, block, marketing])
      await expectOptedOut(
        await sendAs(whatsAppText(to)),
        to,
        'The recipient is opted out (user: STOP); nothing was sent.',
      )
      expect((await webhook(inbound(to, 'START', TEMPLATES_SUB))).status).toBe(200)
      expect((await asked(to)).consent.facts).toEqual([block])
    })

    it('a 1051 replayed after the START, or made before it and reported late, changes nothing', async () => {
      const start = Date.now()
      vi.setSystemTime(start)
      const to = recipient()
      const optOut = receipt(to, 1051, start)
      expect((await webhookHere(optOut)).status).toBe(200)
      expect((await webhookHere(receipt(to, 2007, start))).status).toBe(200)
      vi.setSystemTime(start + 60_000)
      const said = inboundAt(to, 'START', start + 60_000, TEMPLATES_SUB)
      expect((await webhookHere(said)).status).toBe(200)
      // Two days on, another event has made the contact forget the receipt's umid (48 hours).
      vi.setSystemTime(start + 49 * HOUR)
      expect((await webhookHere(inbound(to, 'hello', TEMPLATES_SUB))).status).toBe(200)
      expect((await webhookHere(optOut)).status).toBe(200)
      expect((await webhookHere(receipt(to, 1051, start + 30_000))).status).toBe(200)
      vi.useRealTimers()
      const lifted = { state: 'subscribed', by: 'user', reason: 'START', at: ISO }
      expect((await asked(to)).consent).toEqual({
        state: 'blocked',
        facts: [block],
        history: [marketing, block, lifted],
      })
      expect((await sendAs(template(to, 'summer_sale'))).status).toBe(200)
      // A 1051 made after the START counts: Meta still holds the user's setting.
      vi.setSystemTime(start + 50 * HOUR)
      expect((await webhookHere(receipt(to, 1051, start + 50 * HOUR))).status).toBe(200)
      vi.useRealTimers()
      expect((await asked(to)).consent.facts).toEqual([block, marketing])
    })

    it("an operator's removal lifts every fact; a suppression holds beside them", async () => {
      const to = recipient()
      const path = `/suppressions/${TEMPLATES_SUB}/${encodeURIComponent(to)}`
      expect((await webhook(receipt(to, 1051))).status).toBe(200)
      expect((await webhook(receipt(to, 2007))).status).toBe(200)
      const put = await send(adminRequest('PUT', `${path}?reason=complaint`))
      expect(put.status).toBe(200)
      const suppression = { state: 'opted_out', by: 'operator', reason: 'complaint', at: ISO }
      expect(await put.json()).toEqual({
        subAccount: TEMPLATES_SUB,
        recipient: to,
        consent: { ...suppression, facts: [suppression, block, marketing] },
      })
      const listed = await send(adminRequest('GET', `/suppressions/${TEMPLATES_SUB}`))
      const rows = ((await listed.json()) as { suppressions: { recipient: string }[] }).suppressions
      expect(rows.filter((row) => row.recipient === to)).toEqual([
        { recipient: to, ...suppression, facts: [suppression, block, marketing] },
      ])
      const removed = await send(adminRequest('DELETE', path))
      expect(removed.status).toBe(200)
      expect(await removed.json()).toEqual({
        subAccount: TEMPLATES_SUB,
        recipient: to,
        consent: { state: 'subscribed', by: 'operator', reason: 'operator', at: ISO, facts: [] },
      })
      expect((await sendAs(template(to, 'summer_sale'))).status).toBe(200)
      expect((await sendAs(viberText(to))).status).toBe(200)
      const exported = await (
        await send(adminRequest('GET', `/suppressions/${TEMPLATES_SUB}/export`))
      ).text()
      expect(exported).not.toContain(to)
      // Without `?fact=`, the history keeps the removal as before: no fact named.
      expect((await asked(to)).consent.history.at(-1)).toStrictEqual({
        state: 'subscribed',
        by: 'operator',
        reason: 'operator',
        at: expect.any(String),
      })
    })

    describe('an operator lifts one fact (`?fact=`), the others stay', () => {
      const path = (to: string) => `/suppressions/${TEMPLATES_SUB}/${encodeURIComponent(to)}`
      const lift = (to: string, query: string) =>
        send(adminRequest('DELETE', `${path(to)}?${query}`))
      const listed = async (to: string) => {
        const response = await send(adminRequest('GET', `/suppressions/${TEMPLATES_SUB}`))
        const body = (await response.json()) as { suppressions: { recipient: string }[] }
        return body.suppressions.filter((row) => row.recipient === to)
      }

      it('the marketing opt-out: a MARKETING template over WhatsApp goes, the block still refuses Viber', async () => {
        const to = recipient()
        expect((await webhook(receipt(to, 1051))).status).toBe(200)
        expect((await webhook(receipt(to, 2007))).status).toBe(200)
        const lifted = await lift(to, 'fact=marketing_opted_out&reason=resubscribed%20by%20phone')
        expect(lifted.status).toBe(200)
        expect(await lifted.json()).toEqual({
          subAccount: TEMPLATES_SUB,
          recipient: to,
          consent: { ...block, facts: [block] },
        })
        const summer = `summer ${crypto.randomUUID()}`
        expect((await sendAs(template(to, 'summer_sale'))).status).toBe(200)
        await expectOptedOut(await sendAs(viberText(to, summer)), to, BLOCKED_DETAIL)
        expect(await upstreamReceived(summer)).toEqual([])
        const removal = {
          state: 'subscribed',
          by: 'operator',
          reason: 'resubscribed by phone',
          at: ISO,
          fact: 'marketing_opted_out',
        }
        expect((await asked(to)).consent).toEqual({
          state: 'blocked',
          facts: [block],
          history: [marketing, block, removal],
        })
        expect(await listed(to)).toEqual([{ recipient: to, ...block, facts: [block] }])
      })

      it('the stop: a marketing opt-out stays, and leaves the index', async () => {
        const to = recipient()
        expect((await webhook(receipt(to, 1051))).status).toBe(200)
        expect((await send(adminRequest('PUT', `${path(to)}?reason=mistake`))).status).toBe(200)
        const stop = { state: 'opted_out', by: 'operator', reason: 'mistake', at: ISO }
        expect(await listed(to)).toEqual([{ recipient: to, ...stop, facts: [stop, marketing] }])
        const lifted = await lift(to, 'fact=opted_out')
        expect(lifted.status).toBe(200)
        expect(await lifted.json()).toEqual({
          subAccount: TEMPLATES_SUB,
          recipient: to,
          consent: { ...marketing, facts: [marketing] },
        })
        const text = `text ${crypto.randomUUID()}`
        expect((await sendAs(whatsAppText(to, text))).status).toBe(200)
        expect(await upstreamReceived(text)).toHaveLength(1)
        await expectOptedOut(await sendAs(template(to, 'summer_sale')), to, MARKETING_DETAIL)
        // One who only opted out of marketing is not listed.
        expect(await listed(to)).toEqual([])
        expect((await asked(to)).consent.history).toEqual([
          marketing,
          stop,
          { state: 'subscribed', by: 'operator', reason: 'operator', at: ISO, fact: 'opted_out' },
        ])
      })

      it('the block: Viber-only sends go again; a newer 2007 blocks again', async () => {
        const to = recipient()
        expect((await webhook(receipt(to, 2007))).status).toBe(200)
        const lifted = await lift(to, 'fact=blocked&reason=unblocked%20in%20Viber')
        expect(lifted.status).toBe(200)
        expect(await lifted.json()).toEqual({
          subAccount: TEMPLATES_SUB,
          recipient: to,
          consent: {
            state: 'subscribed',
            by: 'operator',
            reason: 'unblocked in Viber',
            at: ISO,
            fact: 'blocked',
            facts: [],
          },
        })
        expect((await sendAs(viberText(to))).status).toBe(200)
        expect(await listed(to)).toEqual([])
        expect((await webhook(receipt(to, 2007))).status).toBe(200)
        await expectOptedOut(await sendAs(viberText(to)), to, BLOCKED_DETAIL)
      })

      it('a fact that does not hold: 200, nothing changed, the answer says what the contact holds', async () => {
        const to = recipient()
        expect((await webhook(receipt(to, 2007))).status).toBe(200)
        const lifted = await lift(to, 'fact=marketing_opted_out')
        expect(lifted.status).toBe(200)
        expect(await lifted.json()).toEqual({
          subAccount: TEMPLATES_SUB,
          recipient: to,
          consent: { ...block, facts: [block] },
        })
        expect((await asked(to)).consent).toEqual({
          state: 'blocked',
          facts: [block],
          history: [block],
        })
      })

      it('an unknown fact, one named twice, or a PUT naming another than the stop: 422, nothing changed', async () => {
        const to = recipient()
        expect((await webhook(receipt(to, 1051))).status).toBe(200)
        const liftable =
          'Name one fact: `opted_out`, `blocked`, `marketing_opted_out`; or leave `fact` out.'
        const issues = [{ path: 'fact', message: 'Not a consent fact this route changes' }]
        for (const query of [
          'fact=marketing',
          'fact=stop',
          'fact=',
          'fact=subscribed',
          'fact=MARKETING_OPTED_OUT',
          'fact=opted_out&fact=marketing_opted_out',
        ]) {
          const refused = await lift(to, query)
          expect(refused.status).toBe(422)
          expect(refused.headers.get('content-type')).toBe('application/problem+json')
          expect(await refused.json()).toEqual(
            problemBody('invalid_message', 422, 'Invalid message', liftable, { issues }),
          )
        }
        const put = await send(adminRequest('PUT', `${path(to)}?fact=marketing_opted_out`))
        expect(put.status).toBe(422)
        expect(await put.json()).toEqual(
          problemBody(
            'invalid_message',
            422,
            'Invalid message',
            'Name one fact: `opted_out`; or leave `fact` out.',
            { issues },
          ),
        )
        expect((await asked(to)).consent).toEqual({
          state: 'marketing_opted_out',
          facts: [marketing],
          history: [marketing],
        })
      })
    })

    it('the index lists a recipient with every fact; one that only opted out of marketing, not at all', async () => {
      const to = recipient()
      expect((await webhook(receipt(to, 1051))).status).toBe(200)
      const exportedRow = async () => {
        const response = await send(adminRequest('GET', `/suppressions/${TEMPLATES_SUB}/export`))
        const rows = (await response.text()).split('\n').filter((row) => row.startsWith(`${to},`))
        return rows.map((row) => row.replace(/,[^,]+Z,/, ','))
      }
      expect(await exportedRow()).toEqual([])
      expect((await webhook(receipt(to, 2007))).status).toBe(200)
      expect(await exportedRow()).toEqual([`${to},blocked,8x8,2007,blocked marketing_opted_out`])
    })

    it('a contact stored with one state (before each fact was kept) reads right, its lost fact found', async () => {
      const to = recipient()
      const stub = env.CONTACT.get(env.CONTACT.idFromName(JSON.stringify([TEMPLATES_SUB, to])))
      const settings = {
        pace: { ratePerSecond: 1, burst: 3 },
        stopKeywords: [],
        pairLimitBackoffMs: 60_000,
      }
      const now = Date.now()
      const [before, verdicts, after] = await runInDurableObject(stub, (_instance, state) => {
        // The storage an older version of the object left: one state, one clock for all.
        state.storage.sql.exec(`CREATE TABLE contact (id INTEGER PRIMARY KEY CHECK (id = 1),
          window_until INTEGER, window_closed_at INTEGER, consent TEXT NOT NULL, tokens REAL,
          refilled_at INTEGER NOT NULL, held_until INTEGER NOT NULL, last_inbound INTEGER,
          last_outbound INTEGER);
          INSERT INTO contact (id, consent, refilled_at, held_until) VALUES (1, 'blocked', 0, 0);
          CREATE TABLE consent_history (seq INTEGER PRIMARY KEY AUTOINCREMENT,
          state TEXT NOT NULL, by TEXT NOT NULL, reason TEXT NOT NULL, at INTEGER NOT NULL);
          INSERT INTO consent_history (state, by, reason, at)
          VALUES ('marketing_opted_out', '8x8', '1051', 1000), ('blocked', '8x8', '2007', 2000);
          CREATE TABLE consent_clock (id INTEGER PRIMARY KEY CHECK (id = 1),
          refused_at INTEGER, lifted_at INTEGER);
          INSERT INTO consent_clock (id, refused_at, lifted_at) VALUES (1, 2000, 500);`)
        // The object as it starts again over that storage.
        const restarted = new Contact(state, env)
        const contactState = restarted.state(settings.pace, now) as ContactState
        const check = (facts: ConsentFacts) =>
          restarted.check(settings, { ...facts, policy: 'off', template: true, take: false }, now)
        const checks = [
          check({ whatsAppOnly: true, viberOnly: false, category: 'MARKETING' }),
          check({ whatsAppOnly: false, viberOnly: true, category: null }),
          check({ whatsAppOnly: true, viberOnly: false, category: 'UTILITY' }),
        ]
        // A 1051 made before the clock's last lift is late; a START lifts the opt-out.
        restarted.event(
          settings,
          {
            kind: 'receipt',
            umid: 'late',
            effect: 'marketing_opt_out',
            errorCode: '1051',
            failedAt: 400,
          },
          now,
        )
        restarted.event(
          settings,
          { kind: 'inbound', umid: 'start', text: 'START', sentAt: now, opensWindow: true },
          now,
        )
        return [contactState, checks, restarted.state(settings.pace, now) as ContactState]
      })
      const oldMarketing = { state: 'marketing_opted_out', by: '8x8', reason: '1051', at: 1000 }
      const oldBlock = { state: 'blocked', by: '8x8', reason: '2007', at: 2000 }
      expect(before.consent).toEqual({
        state: 'blocked',
        facts: [oldBlock, oldMarketing],
        history: [oldMarketing, oldBlock],
      })
      expect(verdicts).toEqual([
        { ok: false, kind: 'opted_out', consent: oldMarketing },
        { ok: false, kind: 'opted_out', consent: oldBlock },
        {
          ok: true,
          window: { open: false, openUntil: null, closedAt: null },
          windowApplies: false,
        },
      ])
      expect(after.consent).toEqual({
        state: 'blocked',
        facts: [oldBlock],
        history: [
          oldMarketing,
          oldBlock,
          { state: 'subscribed', by: 'user', reason: 'START', at: now },
        ],
      })
    })
  })
})
