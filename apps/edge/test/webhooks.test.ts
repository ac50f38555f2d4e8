import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import type { Bindings } from '../src/bindings'
import { MAX_WEBHOOK_BYTES } from '../src/http/webhook'
import app from '../src/index'
import {
  API_KEY,
  captureConsole,
  completeOn,
  KEYS,
  ORIGIN,
  problem,
  problemBody,
  send,
  signedGet,
  signedPost,
  textMessage,
} from './helpers'

/** wrangler.jsonc's local value (what the sandbox sends as 8x8's `Authorization`). */
const AUTHORIZATION = 'Bearer sandbox-webhook-secret'
const SUB_ACCOUNT = 'demo-subaccount'
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/
const OK = { received: true }

/** Every console line written during a test, to check that no secret leaks. */
const logs = captureConsole(() => [AUTHORIZATION, 'sandbox-webhook-secret', API_KEY, 'rotation-'])

interface WebhookInit {
  /** null: no header. */
  readonly authorization?: string | null
  readonly contentType?: string
}

function webhookRequest(body: BodyInit, init: WebhookInit = {}): Request {
  const headers = new Headers({ 'content-type': init.contentType ?? 'application/json' })
  const authorization = init.authorization === undefined ? AUTHORIZATION : init.authorization
  if (authorization !== null) headers.set('authorization', authorization)
  return new Request(`${ORIGIN}/v1/webhooks/chatapps`, { method: 'POST', headers, body })
}

/** Fails the test if a response shows a webhook authorization value. */
async function noSecret(response: Response, secrets: readonly string[] = [AUTHORIZATION]) {
  const text = await response.clone().text()
  for (const secret of secrets) {
    expect(text).not.toContain(secret)
    for (const value of response.headers.values()) expect(value).not.toContain(secret)
  }
  return response
}

/** POSTs a webhook to the gateway as 8x8 would. */
async function webhook(body: unknown, init: WebhookInit = {}): Promise<Response> {
  const raw = typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body)
  return noSecret(await send(webhookRequest(raw as BodyInit, init)))
}

/** The gateway with some bindings replaced (webhook authorization values). */
async function withBindings(request: Request, overrides: Partial<Bindings>): Promise<Response> {
  const ctx = createExecutionContext()
  const response = await app.fetch(request, { ...(env as unknown as Bindings), ...overrides }, ctx)
  await waitOnExecutionContext(ctx)
  return response
}

interface StatusInput {
  readonly detail?: string
  readonly errorCode?: number | string
  readonly errorMessage?: string
}

/** A v9 delivery receipt (docs/8x8-facts.md#delivery-receipts-and-inbound-messages). */
function receipt(
  umid: string,
  state: string,
  timestamp: string,
  options: StatusInput & { clientMessageId?: string; subAccountId?: string; channel?: string } = {},
) {
  const { clientMessageId, subAccountId = SUB_ACCOUNT, channel = 'whatsapp', ...status } = options
  return {
    version: 9,
    namespace: 'ChatApps',
    eventType: 'outbound_message_status_changed',
    description: 'ChatApps outbound message delivery receipt',
    payload: {
      umid,
      ...(clientMessageId === undefined ? {} : { clientMessageId }),
      subAccountId,
      channel,
      user: { msisdn: '+15551234567' },
      status: { state, ...status, timestamp },
      whatsapp: { pricingCategory: 'utility' },
    },
  }
}

function inbound(umid: string, text: string) {
  return {
    version: 3,
    namespace: 'ChatApps',
    eventType: 'inbound_message_received',
    description: 'ChatApps inbound message',
    payload: {
      umid,
      subAccountId: SUB_ACCOUNT,
      timestamp: '2026-11-24T10:00:00.00Z',
      user: { msisdn: '+15551234567', channelUserId: '15551234567', name: 'Ann' },
      recipient: { channel: 'whatsapp', channelId: 'wa-1' },
      type: 'Text',
      content: { text },
    },
  }
}

async function count(sql: string, ...values: unknown[]): Promise<number> {
  const row = await env.DB.prepare(sql)
    .bind(...values)
    .first<{ n: number }>()
  return row?.n ?? 0
}

const receiptsOf = (umid: string) =>
  count('SELECT COUNT(*) AS n FROM receipts WHERE umid = ?', umid)

interface RecordInput {
  readonly umid: string | null
  readonly status: string
  readonly rank: number
  readonly clientMessageId?: string
}

/** A message record of the ed25519 test key, written directly (what a send would record). */
async function insertRecord(input: RecordInput): Promise<string> {
  const id = crypto.randomUUID()
  await env.DB.prepare(
    `INSERT INTO messages (id, key_id, idempotency_key, client_message_id, umid, status,
      status_rank, sub_account, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
    .bind(
      id,
      KEYS.ed25519,
      `idem-${id}`,
      input.clientMessageId ?? `cmid-${id}`,
      input.umid,
      input.status,
      input.rank,
      SUB_ACCOUNT,
      1_000,
      1_000,
    )
    .run()
  return id
}

async function record(id: string): Promise<Record<string, unknown>> {
  const response = await send(await signedGet(`/v1/messages/${id}`))
  expect(response.status).toBe(200)
  return (await response.json()) as Record<string, unknown>
}

async function row(id: string) {
  return env.DB.prepare('SELECT status, status_rank, umid FROM messages WHERE id = ?')
    .bind(id)
    .first<{ status: string; status_rank: number; umid: string | null }>()
}

const T = (second: number) => `2026-11-24T10:00:${String(second).padStart(2, '0')}.00Z`
const entry = (state: string, second: number, extra: StatusInput = {}) => ({
  state,
  channel: 'whatsapp',
  ...extra,
  timestamp: T(second),
  receivedAt: expect.stringMatching(ISO),
})

describe('POST /v1/webhooks/chatapps: authorization', () => {
  it('no Authorization is 401 webhook_unauthorized, without Accept-Signature, nothing stored', async () => {
    const umid = crypto.randomUUID()
    const response = await webhook(receipt(umid, 'sent', T(1)), { authorization: null })
    expect(response.status).toBe(401)
    expect(response.headers.get('accept-signature')).toBeNull()
    expect(await problem(response)).toEqual(
      problemBody('webhook_unauthorized', 401, 'Webhook unauthorized'),
    )
    expect(await receiptsOf(umid)).toBe(0)
  })

  it.each([
    ['a wrong value', 'Bearer sandbox-webhook-secreT'],
    ['a prefix of the value', 'Bearer sandbox-webhook'],
    ['the value with more after it', `${AUTHORIZATION}x`],
    ['an empty value', ''],
  ])('%s is 401 and nothing is stored', async (_name, authorization) => {
    const umid = crypto.randomUUID()
    const response = await webhook(receipt(umid, 'sent', T(1)), { authorization })
    expect(response.status).toBe(401)
    expect(await problem(response)).toEqual(
      problemBody('webhook_unauthorized', 401, 'Webhook unauthorized'),
    )
    expect(await receiptsOf(umid)).toBe(0)
  })

  it('an inbound message or unknown event without authorization is not stored either', async () => {
    const umid = crypto.randomUUID()
    const first = await webhook(inbound(umid, 'hi'), { authorization: 'Bearer nope' })
    expect(first.status).toBe(401)
    expect(await count('SELECT COUNT(*) AS n FROM inbound_messages WHERE umid = ?', umid)).toBe(0)
    const marker = crypto.randomUUID()
    const second = await webhook(
      { namespace: 'ChatApps', eventType: 'x', payload: { marker } },
      { authorization: null },
    )
    expect(second.status).toBe(401)
    expect(
      await count('SELECT COUNT(*) AS n FROM webhook_events WHERE body LIKE ?', `%${marker}%`),
    ).toBe(0)
  })

  it('during a rotation both values are accepted, and only they', async () => {
    const overrides = {
      WEBHOOK_AUTHORIZATION: 'Bearer rotation-old',
      WEBHOOK_AUTHORIZATION_NEXT: 'Bearer rotation-new',
    }
    const secrets = [overrides.WEBHOOK_AUTHORIZATION, overrides.WEBHOOK_AUTHORIZATION_NEXT]
    for (const authorization of secrets) {
      const umid = crypto.randomUUID()
      const response = await withBindings(
        webhookRequest(JSON.stringify(receipt(umid, 'sent', T(1))), { authorization }),
        overrides,
      )
      await noSecret(response, secrets)
      expect(response.status).toBe(200)
      expect(await response.json()).toEqual(OK)
      expect(await receiptsOf(umid)).toBe(1)
    }
    // The local value is not one of them any more.
    const umid = crypto.randomUUID()
    const refused = await withBindings(
      webhookRequest(JSON.stringify(receipt(umid, 'sent', T(1)))),
      overrides,
    )
    await noSecret(refused, secrets)
    expect(refused.status).toBe(401)
    expect(await receiptsOf(umid)).toBe(0)
    expect(logs.lines.join('\n')).not.toContain('rotation-')
  })

  it('with no value configured it answers 503 and logs the fault, accepting nothing', async () => {
    const umid = crypto.randomUUID()
    for (const authorization of [null, '', 'Bearer anything']) {
      const response = await withBindings(
        webhookRequest(JSON.stringify(receipt(umid, 'sent', T(1))), { authorization }),
        { WEBHOOK_AUTHORIZATION: '', WEBHOOK_AUTHORIZATION_NEXT: '' },
      )
      expect(response.status).toBe(503)
      expect(await problem(response)).toEqual(
        problemBody('unavailable', 503, 'Service unavailable', 'The webhook is not configured.'),
      )
    }
    expect(await receiptsOf(umid)).toBe(0)
    expect(logs.lines).toContain(
      'CONFIGURATION FAULT: WEBHOOK_AUTHORIZATION is not set; webhooks refused',
    )
  })
})

describe('POST /v1/webhooks/chatapps: the body', () => {
  it('another method is 405 with Allow: POST', async () => {
    const response = await send(
      new Request(`${ORIGIN}/v1/webhooks/chatapps`, {
        headers: { authorization: AUTHORIZATION },
      }),
    )
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe('POST')
    expect(await problem(response)).toEqual(
      problemBody('method_not_allowed', 405, 'Method not allowed', 'GET is not allowed here.'),
    )
  })

  /** A receipt padded with spaces to exactly `size` bytes. */
  function padded(umid: string, size: number): string {
    const json = JSON.stringify(receipt(umid, 'sent', T(1)))
    return json + ' '.repeat(size - json.length)
  }

  it('exactly 64 KiB is accepted', async () => {
    const umid = crypto.randomUUID()
    const response = await webhook(padded(umid, MAX_WEBHOOK_BYTES))
    expect(response.status).toBe(200)
    expect(await receiptsOf(umid)).toBe(1)
  })

  it('one byte over 64 KiB is 413 payload_too_large, nothing stored', async () => {
    const umid = crypto.randomUUID()
    const response = await webhook(padded(umid, MAX_WEBHOOK_BYTES + 1))
    expect(response.status).toBe(413)
    expect(await problem(response)).toEqual(
      problemBody(
        'payload_too_large',
        413,
        'Payload too large',
        `The body is over ${MAX_WEBHOOK_BYTES} bytes.`,
      ),
    )
    expect(await receiptsOf(umid)).toBe(0)
  })

  it('a streamed body without Content-Length is cut off at the cap: 413', async () => {
    const umid = crypto.randomUUID()
    const bytes = new TextEncoder().encode(padded(umid, MAX_WEBHOOK_BYTES + 10_000))
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 8192) controller.enqueue(bytes.slice(i, i + 8192))
        controller.close()
      },
    })
    const request = webhookRequest(stream)
    expect(request.headers.get('content-length')).toBeNull()
    const response = await noSecret(await send(request))
    expect(response.status).toBe(413)
    expect((await problem(response)).code).toBe('payload_too_large')
    expect(await receiptsOf(umid)).toBe(0)
  })

  it('another media type is 415 unsupported_media_type', async () => {
    const umid = crypto.randomUUID()
    const response = await webhook(receipt(umid, 'sent', T(1)), { contentType: 'text/plain' })
    expect(response.status).toBe(415)
    expect(await problem(response)).toEqual(
      problemBody(
        'unsupported_media_type',
        415,
        'Unsupported media type',
        'The body must be application/json.',
      ),
    )
    expect(await receiptsOf(umid)).toBe(0)
  })

  it('a duplicate key is 400 malformed_json', async () => {
    const response = await webhook('{"eventType":"x","eventType":"y","namespace":"ChatApps"}')
    expect(response.status).toBe(400)
    expect(await problem(response)).toEqual(
      problemBody(
        'malformed_json',
        400,
        'Malformed JSON',
        'The body is not valid JSON: a duplicate key "eventType" at offset 28.',
      ),
    )
  })

  it('a body that is not an 8x8 event is 400 invalid_event with every issue', async () => {
    const umid = crypto.randomUUID()
    const bad = receipt(umid, 'sent', T(1))
    const { timestamp: _dropped, ...status } = bad.payload.status
    const response = await webhook({ ...bad, payload: { ...bad.payload, status } })
    expect(response.status).toBe(400)
    const body = await problem(response)
    expect(body).toEqual(
      problemBody('invalid_event', 400, 'Invalid event', 'The event has 1 issue(s).', {
        issues: [{ path: 'payload.status.timestamp', message: expect.any(String) }],
      }),
    )
    expect(await receiptsOf(umid)).toBe(0)

    const notAnEvent = await webhook({ hello: 'world' })
    expect(notAnEvent.status).toBe(400)
    expect((await problem(notAnEvent)).code).toBe('invalid_event')
  })
})

describe('delivery receipts', () => {
  it('a sent message moves through its receipts; GET shows the status and its history', async () => {
    const sent = await send(
      await signedPost(JSON.stringify({ ...textMessage(), clientMessageId: 'receipts-1' })),
    )
    expect(sent.status).toBe(200)
    const { id, umid } = (await sent.json()) as { id: string; umid: string }

    for (const [state, second] of [
      ['queued', 1],
      ['sent', 2],
      ['delivered', 3],
      ['read', 4],
    ] as const) {
      const response = await webhook(
        receipt(umid, state, T(second), {
          clientMessageId: 'receipts-1',
          ...(state === 'delivered' ? { detail: 'delivered_to_recipient' } : {}),
        }),
      )
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toBe('application/json')
      expect(await response.json()).toEqual(OK)
    }
    // The receipts came before the record reached D1: reading it writes it, with their state.
    const shown = await record(id)
    expect(await row(id)).toEqual({ status: 'read', status_rank: 5, umid })
    expect(shown).toEqual({
      id,
      clientMessageId: 'receipts-1',
      umid,
      status: { state: 'read', timestamp: T(4), channel: 'whatsapp' },
      deliveryAttempts: 1,
      batchId: null,
      createdAt: expect.stringMatching(ISO),
      updatedAt: expect.stringMatching(ISO),
      history: [
        entry('queued', 1),
        entry('sent', 2),
        entry('delivered', 3, { detail: 'delivered_to_recipient' }),
        entry('read', 4),
      ],
    })
    expect(Date.parse(String(shown.updatedAt))).toBeGreaterThan(Date.parse(String(shown.createdAt)))
  })

  it('a duplicate receipt is answered 200 and stored once', async () => {
    const umid = crypto.randomUUID()
    const id = await insertRecord({ umid, status: 'queued', rank: 2 })
    for (let i = 0; i < 3; i++) {
      const response = await webhook(receipt(umid, 'delivered', T(5)))
      expect(response.status).toBe(200)
      expect(await response.json()).toEqual(OK)
    }
    expect(await receiptsOf(umid)).toBe(1)
    expect((await record(id)).history).toEqual([entry('delivered', 5)])
  })

  it('read before sent: the message ends read, history in rank order', async () => {
    const umid = crypto.randomUUID()
    const id = await insertRecord({ umid, status: 'queued', rank: 2 })
    expect((await webhook(receipt(umid, 'read', T(9)))).status).toBe(200)
    expect((await webhook(receipt(umid, 'sent', T(7)))).status).toBe(200)
    expect(await row(id)).toEqual({ status: 'read', status_rank: 5, umid })
    const shown = await record(id)
    expect(shown.status).toEqual({ state: 'read', timestamp: T(9), channel: 'whatsapp' })
    expect(shown.history).toEqual([entry('sent', 7), entry('read', 9)])
  })

  it('delivered then a late sent: delivered stays', async () => {
    const umid = crypto.randomUUID()
    const id = await insertRecord({ umid, status: 'queued', rank: 2 })
    await webhook(receipt(umid, 'delivered', T(3), { detail: 'delivered_to_recipient' }))
    await webhook(receipt(umid, 'sent', T(2)))
    expect(await row(id)).toEqual({ status: 'delivered', status_rank: 4, umid })
    const shown = await record(id)
    expect(shown.status).toEqual({
      state: 'delivered',
      timestamp: T(3),
      channel: 'whatsapp',
      detail: 'delivered_to_recipient',
    })
    expect(shown.history).toEqual([
      entry('sent', 2),
      entry('delivered', 3, { detail: 'delivered_to_recipient' }),
    ])
  })

  it("an undelivered receipt keeps its error code and message, and the record's status says why", async () => {
    const umid = crypto.randomUUID()
    const id = await insertRecord({ umid, status: 'sent', rank: 3 })
    const error = {
      detail: 'undelivered_to_recipient',
      errorCode: 1022,
      errorMessage: 'Outside the 24 h window',
    }
    await webhook(receipt(umid, 'undelivered', T(4), error))
    await webhook(receipt(umid, 'failed', T(5), { errorCode: '1009' }))
    const shown = await record(id)
    // Same rank: the first settled state stays, with its receipt's reason.
    expect(shown.status).toEqual({
      state: 'undelivered',
      timestamp: T(4),
      channel: 'whatsapp',
      ...error,
    })
    expect(shown.history).toEqual([
      entry('undelivered', 4, error),
      entry('failed', 5, { errorCode: '1009' }),
    ])
  })

  it('a receipt that arrives before its record is kept and merged when the message is read', async () => {
    const umid = crypto.randomUUID()
    expect((await webhook(receipt(umid, 'delivered', T(3)))).status).toBe(200)
    expect(await receiptsOf(umid)).toBe(1)
    // The synchronous send writes its record after 8x8 answered, with 8x8's first state.
    const id = await insertRecord({ umid, status: 'queued', rank: 2 })
    const shown = await record(id)
    expect(shown.status).toEqual({ state: 'delivered', timestamp: T(3), channel: 'whatsapp' })
    expect(shown.umid).toBe(umid)
    expect(shown.history).toEqual([entry('delivered', 3)])
    // A later receipt still moves the record itself.
    await webhook(receipt(umid, 'read', T(4)))
    expect(await row(id)).toEqual({ status: 'read', status_rank: 5, umid })
  })

  it("a record without a umid (ambiguous send) is matched by its own id, 8x8's clientMessageId, and gets the umid", async () => {
    const id = await insertRecord({ umid: null, status: 'unknown', rank: 1 })
    const umid = crypto.randomUUID()
    await webhook(receipt(umid, 'sent', T(2), { clientMessageId: id }))
    expect(await row(id)).toEqual({ status: 'sent', status_rank: 3, umid })
    await webhook(receipt(umid, 'queued', T(1), { clientMessageId: id }))
    const shown = await record(id)
    expect(shown).toMatchObject({
      umid,
      status: { state: 'sent', timestamp: T(2), channel: 'whatsapp' },
      clientMessageId: `cmid-${id}`,
    })
    expect(shown.history).toEqual([entry('queued', 1), entry('sent', 2)])
  })

  it('an early receipt of an unknown send applies to its record when written, and to no other', async () => {
    // A synchronous send whose outcome was unknown: its record waits in the key's admission
    // object while 8x8's receipt, naming the gateway's id, arrives first.
    const reference = `order-${crypto.randomUUID()}`
    const [id = '', other = ''] = [crypto.randomUUID(), crypto.randomUUID()]
    const umid = crypto.randomUUID()
    expect((await webhook(receipt(umid, 'delivered', T(3), { clientMessageId: id }))).status).toBe(
      200,
    )
    const admission = env.ADMISSION.get(env.ADMISSION.idFromName(KEYS.ed25519))
    const unknown = (messageId: string) => ({
      id: messageId,
      keyId: KEYS.ed25519,
      idempotencyKey: `idem-${messageId}`,
      clientMessageId: reference,
      umid: null,
      status: 'unknown',
      subAccount: SUB_ACCOUNT,
      createdAt: Date.now(),
    })
    await completeOn(admission, null, null, Date.now(), [unknown(other), unknown(id)])
    expect(await admission.flushRecords()).toBe(0)
    expect(await row(id)).toEqual({ status: 'delivered', status_rank: 4, umid })
    expect(await row(other)).toEqual({ status: 'unknown', status_rank: 1, umid: null })
    expect(await record(id)).toMatchObject({
      clientMessageId: reference,
      umid,
      status: { state: 'delivered', timestamp: T(3), channel: 'whatsapp' },
      history: [entry('delivered', 3)],
    })
  })

  it('an accepted asynchronous message is matched by its own id too', async () => {
    const id = await insertRecord({ umid: null, status: 'accepted', rank: 0 })
    const umid = crypto.randomUUID()
    await webhook(receipt(umid, 'delivered', T(3), { clientMessageId: id }))
    expect(await row(id)).toEqual({ status: 'delivered', status_rank: 4, umid })
  })

  it("a receipt never lands on another message that shares the caller's clientMessageId", async () => {
    // Two messages waiting for 8x8, both with the caller's reference "order-42": 8x8's receipt
    // names the second by its gateway id, and only the second moves.
    const reference = `order-${crypto.randomUUID()}`
    const first = await insertRecord({
      umid: null,
      status: 'accepted',
      rank: 0,
      clientMessageId: reference,
    })
    const second = await insertRecord({
      umid: null,
      status: 'unknown',
      rank: 1,
      clientMessageId: reference,
    })
    const umid = crypto.randomUUID()
    await webhook(receipt(umid, 'read', T(4), { clientMessageId: second }))
    // A receipt carrying the caller's reference itself joins nothing.
    await webhook(receipt(crypto.randomUUID(), 'read', T(5), { clientMessageId: reference }))
    expect(await row(first)).toEqual({ status: 'accepted', status_rank: 0, umid: null })
    expect(await row(second)).toEqual({ status: 'read', status_rank: 5, umid })
    expect(await record(first)).toMatchObject({
      status: { state: 'accepted', timestamp: '1970-01-01T00:00:01.000Z' },
      umid: null,
      history: [],
    })
  })

  it("another key's message stays 404, whatever its receipts", async () => {
    const umid = crypto.randomUUID()
    const id = await insertRecord({ umid, status: 'queued', rank: 2 })
    await webhook(receipt(umid, 'delivered', T(3)))
    const other = await send(await signedGet(`/v1/messages/${id}`, KEYS.hmac))
    expect(other.status).toBe(404)
    expect(await problem(other)).toEqual(
      problemBody('not_found', 404, 'Not found', 'No such message.'),
    )
  })
})

describe('receipts of several channels: 8x8 fell back (docs/delivery.md#fallback-between-channels)', () => {
  const UNDELIVERED = {
    detail: 'undelivered_to_recipient',
    errorCode: 1,
    errorMessage: 'AbsentSubscriber',
  }
  const DELIVERED = { detail: 'delivered_to_recipient' }

  /** Sends a message through the gateway (the sandbox takes it); its id and umid. */
  async function sent(channels?: readonly { channel: string }[]) {
    const response = await send(
      await signedPost(JSON.stringify({ ...textMessage(), ...(channels && { channels }) })),
    )
    expect(response.status).toBe(200)
    return (await response.json()) as { id: string; umid: string }
  }

  /** WhatsApp's undelivered (8x8's sample spells it `whatsApp`) and SMS's delivered, in `order`. */
  async function fallBack(umid: string, order: 'whatsapp first' | 'sms first') {
    const whatsapp = receipt(umid, 'undelivered', T(3), { ...UNDELIVERED, channel: 'whatsApp' })
    const sms = receipt(umid, 'delivered', T(6), { ...DELIVERED, channel: 'sms' })
    for (const event of order === 'whatsapp first' ? [whatsapp, sms] : [sms, whatsapp]) {
      expect((await webhook(event)).status).toBe(200)
    }
  }

  /** The record of a message that fell back to SMS, delivered there. */
  const deliveredOnSms = (id: string, umid: string) => ({
    id,
    clientMessageId: id,
    umid,
    status: {
      state: 'delivered',
      timestamp: T(6),
      channel: 'sms',
      detail: 'delivered_to_recipient',
    },
    deliveryAttempts: 1,
    batchId: null,
    createdAt: expect.stringMatching(ISO),
    updatedAt: expect.stringMatching(ISO),
    history: [
      { ...entry('undelivered', 3, UNDELIVERED), channel: 'whatsapp' },
      { ...entry('delivered', 6, DELIVERED), channel: 'sms' },
    ],
  })

  for (const order of ['whatsapp first', 'sms first'] as const) {
    it(`WhatsApp undelivered, SMS delivered (${order}): delivered on SMS`, async () => {
      const { id, umid } = await sent([{ channel: 'WhatsApp' }, { channel: 'SMS' }])
      await fallBack(umid, order)
      expect(await record(id)).toEqual(deliveredOnSms(id, umid))
      expect(await row(id)).toEqual({ status: 'delivered', status_rank: 4, umid })
    })

    it(`a message without channels (the sub-account's order), ${order}: the success stands`, async () => {
      const { id, umid } = await sent()
      await fallBack(umid, order)
      expect(await record(id)).toEqual(deliveredOnSms(id, umid))
    })
  }

  it("a later step's queued follows an earlier step's undelivered: the fallback is under way", async () => {
    const { id, umid } = await sent([{ channel: 'WhatsApp' }, { channel: 'SMS' }])
    await webhook(receipt(umid, 'undelivered', T(3), { ...UNDELIVERED, channel: 'whatsapp' }))
    await webhook(receipt(umid, 'queued', T(4), { channel: 'sms' }))
    expect((await record(id)).status).toEqual({ state: 'queued', timestamp: T(4), channel: 'sms' })
    expect(await row(id)).toEqual({ status: 'queued', status_rank: 2, umid })
    // The earlier step's late receipt changes nothing: SMS is the later step.
    await webhook(receipt(umid, 'read', T(2), { channel: 'whatsapp' }))
    await webhook(receipt(umid, 'delivered', T(5), { ...DELIVERED, channel: 'sms' }))
    expect((await record(id)).status).toEqual({
      state: 'delivered',
      timestamp: T(5),
      channel: 'sms',
      detail: 'delivered_to_recipient',
    })
  })

  it("without channels, WhatsApp's sent is not overturned by SMS's undelivered", async () => {
    const { id, umid } = await sent()
    await webhook(receipt(umid, 'sent', T(2), { channel: 'whatsapp' }))
    await webhook(receipt(umid, 'undelivered', T(4), { ...UNDELIVERED, channel: 'sms' }))
    expect((await record(id)).status).toEqual({
      state: 'sent',
      timestamp: T(2),
      channel: 'whatsapp',
    })
    expect(await row(id)).toEqual({ status: 'sent', status_rank: 3, umid })
  })

  it('receipts that came before the record are decided by the same rule when it is written', async () => {
    const umid = crypto.randomUUID()
    await fallBack(umid, 'sms first')
    const id = await insertRecord({ umid, status: 'queued', rank: 2 })
    expect(await row(id)).toEqual({ status: 'queued', status_rank: 2, umid })
    expect((await record(id)).status).toEqual(deliveredOnSms(id, umid).status)
  })
})

describe('stores that fail', () => {
  it('D1 failing is 503 unavailable with Retry-After, so 8x8 retries', async () => {
    const broken = {
      prepare: () => {
        throw new Error('D1 down')
      },
    } as unknown as D1Database
    const response = await withBindings(
      webhookRequest(JSON.stringify(receipt(crypto.randomUUID(), 'sent', T(1)))),
      { DB: broken },
    )
    await noSecret(response)
    expect(response.status).toBe(503)
    expect(response.headers.get('retry-after')).toBe('1')
    expect(await problem(response)).toEqual(problemBody('unavailable', 503, 'Service unavailable'))
    expect(logs.lines).toContain('webhook store failed Error')
  })
})

describe('inbound messages and other events', () => {
  it('an inbound message is stored once, however often 8x8 sends it', async () => {
    const umid = crypto.randomUUID()
    for (let i = 0; i < 2; i++) {
      const response = await webhook(inbound(umid, 'hello there'))
      expect(response.status).toBe(200)
      expect(await response.json()).toEqual(OK)
    }
    const rows = await env.DB.prepare(
      'SELECT sub_account, type, timestamp, event FROM inbound_messages WHERE umid = ?',
    )
      .bind(umid)
      .all<{ sub_account: string; type: string; timestamp: string; event: string }>()
    expect(rows.results).toHaveLength(1)
    const [stored] = rows.results
    expect(stored).toMatchObject({
      sub_account: SUB_ACCOUNT,
      type: 'Text',
      timestamp: '2026-11-24T10:00:00.00Z',
    })
    expect(JSON.parse(stored?.event ?? '{}')).toMatchObject({
      kind: 'inbound_message',
      payload: { umid, content: { text: 'hello there' }, recipient: { channel: 'whatsapp' } },
    })
  })

  it.each([
    ['an unknown event type', { namespace: 'ChatApps', eventType: 'reaction_added' }],
    ['an external app message', { namespace: 'ChatApps', eventType: 'external_app_message' }],
  ])('%s is stored raw, once, and answered 200', async (_name, envelope) => {
    const marker = crypto.randomUUID()
    const raw = JSON.stringify({ ...envelope, payload: { marker, type: 'Text' } })
    for (let i = 0; i < 2; i++) {
      const response = await webhook(raw)
      expect(response.status).toBe(200)
      expect(await response.json()).toEqual(OK)
    }
    const rows = await env.DB.prepare(
      'SELECT event_type, body FROM webhook_events WHERE body LIKE ?',
    )
      .bind(`%${marker}%`)
      .all()
    expect(rows.results).toEqual([{ event_type: envelope.eventType, body: raw }])
  })
  it("a WhatsApp business-management event (8x8's own envelope, no namespace) is stored raw, answered 200", async () => {
    const eventId = crypto.randomUUID()
    const raw = JSON.stringify({
      eventId,
      timestamp: '2025-01-01T00:00:00.00Z',
      provider: 'WhatsApp',
      businessAccountId: '950523421983857',
      accountId: 'demo-account',
      eventType: 'template_status_update',
      eventDetails: {
        templateId: 1281032340757288,
        templateName: 'order_shipped',
        templateLanguage: 'en_US',
        meta: { status: 'PAUSED', reason: 'NONE' },
      },
    })
    const response = await webhook(raw)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual(OK)
    const rows = await env.DB.prepare(
      'SELECT event_type, body FROM webhook_events WHERE body LIKE ?',
    )
      .bind(`%${eventId}%`)
      .all()
    expect(rows.results).toEqual([{ event_type: 'template_status_update', body: raw }])
  })
})
