import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { app } from '../src/app'
import type { Bindings } from '../src/bindings'
import type { CallbackJob } from '../src/callbacks/events'
import { type ConfigVars, readConfig } from '../src/config'
import {
  type Registry,
  readRegistry,
  replaceChannelTemplates,
  type StoredTemplate,
} from '../src/db/templates'
import { applyTemplateEvent } from '../src/templates/events'
import { MAX_TEMPLATE_ROW_BYTES, SYNC_ATTEMPTS, syncTemplates } from '../src/templates/sync'
import { REGISTRY_STALE_AFTER_MS, templateVerdict } from '../src/templates/verdict'
import {
  deliverJobs,
  flushRecords,
  KEYS,
  ORIGIN,
  problem,
  problemBody,
  recordingQueue,
  send,
  sendWith,
  signedGet,
  signedPost,
  upstreamReceived,
} from './helpers'

const bindings = env as unknown as Bindings
const config = readConfig(bindings)
const ISO = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
const SANDBOX = 'http://sandbox'

/** The sandbox's own control routes (`/__sandbox/templates…`). */
async function sandbox(path: string, init?: RequestInit): Promise<Response> {
  const fetcher = (env as unknown as { UPSTREAM: Fetcher }).UPSTREAM
  return fetcher.fetch(`${SANDBOX}${path}`, init)
}

async function post(
  body: unknown,
  keyId: string,
  options: { prefer?: string; path?: string; idempotencyKey?: string } = {},
) {
  return send(await signedPost(JSON.stringify(body), { keyId, ...options }))
}

const MISMATCH = 'Template mismatch'

/** A send of the seeded `order_update` (image header, 2 body parameters, URL + reply buttons). */
function orderUpdate(marker: string, components?: unknown[]) {
  return {
    user: { msisdn: '+15551234567' },
    type: 'template',
    content: {
      template: {
        name: 'order_update',
        language: 'en_US',
        components: components ?? [
          { type: 'header', parameters: [{ type: 'image', url: 'https://shop.example/p.jpg' }] },
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'Jason' },
              { type: 'text', text: marker },
            ],
          },
          {
            type: 'button',
            subType: 'url',
            index: 0,
            parameters: [{ type: 'text', text: 'ORD-42' }],
          },
        ],
      },
    },
    channels: [{ channel: 'WhatsApp' }],
  }
}

/** A template send by name and language, with one body parameter carrying the marker. */
function bodyOnly(name: string, language: string, marker: string) {
  return {
    user: { msisdn: '+15551234567' },
    type: 'template',
    content: {
      template: {
        name,
        language,
        components: [{ type: 'body', parameters: [{ type: 'text', text: marker }] }],
      },
    },
  }
}

/** 8x8's `template_status_update` for a template, made now. */
function templateStatusEvent(name: string, language: string, status: string) {
  return {
    eventId: crypto.randomUUID(),
    timestamp: new Date().toISOString(),
    provider: 'WhatsApp',
    businessAccountId: '950523421983857',
    accountId: 'sandbox-account',
    eventType: 'template_status_update',
    eventDetails: {
      templateName: name,
      templateLanguage: language,
      meta: { status, reason: 'NONE' },
    },
  }
}

/** Posts one of 8x8's events to the gateway's webhook, as 8x8 does (its sync after it done). */
async function postEvent(event: unknown): Promise<Response> {
  return send(
    new Request(`${ORIGIN}/v1/webhooks/chatapps`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: 'Bearer sandbox-webhook-secret',
      },
      body: JSON.stringify(event),
    }),
  )
}

beforeAll(async () => {
  const reset = await sandbox('/__sandbox/templates', { method: 'DELETE' })
  expect(reset.status).toBe(204)
  await syncTemplates({ db: env.DB, upstream: bindings.UPSTREAM, config, pause: async () => {} })
})

/** The exact 422 of a single send under enforce. */
function mismatch(issues: readonly Record<string, unknown>[], what = 'template send') {
  return problemBody(
    'template_mismatch',
    422,
    MISMATCH,
    `The ${what} does not fit its registered template: ${issues.length} issue(s). Nothing was sent.`,
    { issues },
  )
}

const IMAGE = { type: 'header', parameters: [{ type: 'image', url: 'https://shop.example/p.jpg' }] }
const URL_BUTTON = {
  type: 'button',
  subType: 'url',
  index: 0,
  parameters: [{ type: 'text', text: 'ORD-42' }],
}
const body = (...texts: string[]) => ({
  type: 'body',
  parameters: texts.map((text) => ({ type: 'text', text })),
})

/** The registered order_update as GET /v1/templates answers it. */
const ORDER_UPDATE = {
  channelId: 'wa-channel-1',
  name: 'order_update',
  language: 'en_US',
  status: 'approved',
  category: 'UTILITY',
  quality: null,
  components: [
    {
      type: 'HEADER',
      format: 'Image',
      example: { headerHandle: ['https://shop.example/images/parcel.jpg'] },
    },
    {
      type: 'BODY',
      text: 'Hi {{1}}, your order {{2}} has shipped',
      example: { bodyText: ['Jason', 'ORD-42'] },
    },
    { type: 'FOOTER', text: 'Shop Example' },
    {
      type: 'BUTTONS',
      buttons: [
        { type: 'URL', text: 'Track order', url: 'https://shop.example/track/{{1}}' },
        { type: 'QUICK_REPLY', text: 'Talk to us' },
      ],
    },
  ],
  parameters: {
    header: { format: 'image', parameters: 1 },
    body: 2,
    buttons: [
      { index: 0, type: 'URL', text: 'Track order', subType: 'Url', parameters: 1 },
      { index: 1, type: 'QUICK_REPLY', text: 'Talk to us', subType: 'QuickReply', parameters: 0 },
    ],
  },
  updatedAt: '2026-09-15T10:02:55.87Z',
  syncedAt: ISO,
}

describe('the registry: synced from 8x8 (the sandbox)', () => {
  it("stores each configured channel's templates; a channel 8x8 does not know fails alone", async () => {
    const results = await syncTemplates({
      db: env.DB,
      upstream: bindings.UPSTREAM,
      config,
      pause: async () => {},
    })
    expect(results).toEqual([
      { channelId: 'wa-channel-1', ok: true, templates: 10 },
      {
        channelId: 'wa-channel-unknown',
        ok: false,
        error: '8x8: HTTP 404 (code 1300): Channel not found.',
      },
    ])
    const rows = await env.DB.prepare(
      `SELECT name, language, status, category FROM templates WHERE channel_id = 'wa-channel-1'
       ORDER BY name, language`,
    ).all()
    expect(rows.results).toEqual([
      { name: 'appointment_reminder', language: 'en_US', status: 'approved', category: 'UTILITY' },
      { name: 'order_update', language: 'en', status: 'approved', category: 'UTILITY' },
      { name: 'order_update', language: 'en_US', status: 'approved', category: 'UTILITY' },
      { name: 'otp_login', language: 'en_US', status: 'approved', category: 'AUTHENTICATION' },
      { name: 'plant_carousel', language: 'en_US', status: 'approved', category: 'MARKETING' },
      { name: 'prize_draw', language: 'en_US', status: 'rejected', category: 'MARKETING' },
      { name: 'summer_sale', language: 'en', status: 'approved', category: 'MARKETING' },
      { name: 'ticket_closed', language: 'en', status: 'approved', category: 'UTILITY' },
      { name: 'ticket_created', language: 'en', status: 'approved', category: 'UTILITY' },
      { name: 'weekly_deals', language: 'en_US', status: 'paused', category: 'MARKETING' },
    ])
    const syncs = await env.DB.prepare(
      `SELECT channel_id, sub_account, synced_at IS NOT NULL AS synced, template_count, error
       FROM template_syncs WHERE channel_id IN ('wa-channel-1', 'wa-channel-unknown')
       ORDER BY channel_id`,
    ).all()
    expect(syncs.results).toEqual([
      {
        channel_id: 'wa-channel-1',
        sub_account: 'templates-subaccount',
        synced: 1,
        template_count: 10,
        error: null,
      },
      {
        channel_id: 'wa-channel-unknown',
        sub_account: 'unsynced-subaccount',
        synced: 0,
        template_count: 0,
        error: '8x8: HTTP 404 (code 1300): Channel not found.',
      },
    ])
  })

  it("GET /v1/templates answers the key's sub-account's templates with their parameters", async () => {
    const one = await send(
      await signedGet('/v1/templates?name=order_update&language=en_US', KEYS.templatesObserve),
    )
    expect(one.status).toBe(200)
    expect(await one.json()).toEqual({ templates: [ORDER_UPDATE], syncedAt: ISO })

    const all = await send(await signedGet('/v1/templates', KEYS.templatesObserve))
    const listed = (await all.json()) as { templates: { name: string; status: string }[] }
    expect(listed.templates.map((t) => `${t.name}:${t.status}`)).toEqual([
      'appointment_reminder:approved',
      'order_update:approved',
      'order_update:approved',
      'otp_login:approved',
      'plant_carousel:approved',
      'prize_draw:rejected',
      'summer_sale:approved',
      'ticket_closed:approved',
      'ticket_created:approved',
      'weekly_deals:paused',
    ])
    // Another sub-account sees none of them; one that never synced says so.
    const other = await send(await signedGet('/v1/templates', KEYS.hmac))
    expect(await other.json()).toEqual({ templates: [], syncedAt: null })
    const unsynced = await send(await signedGet('/v1/templates', KEYS.templatesUnsynced))
    expect(await unsynced.json()).toEqual({ templates: [], syncedAt: null })
  })

  it('a failing templates call leaves the registry as it was, and is retried', async () => {
    const before = await env.DB.prepare(
      "SELECT name, synced_at FROM templates WHERE channel_id = 'wa-channel-1' ORDER BY name",
    ).all()
    // 8x8 answering 503: the sandbox cannot be made to fail this route, so a fetcher in front
    // of it answers 503 for the first `failures` calls, then lets them through.
    const flaky = (failures: number) => {
      let calls = 0
      const fetcher = {
        fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
          calls++
          if (calls <= failures) {
            return new Response(JSON.stringify({ code: 1503, message: 'Service unavailable' }), {
              status: 503,
              headers: { 'content-type': 'application/json' },
            })
          }
          return bindings.UPSTREAM?.fetch(input, init) ?? new Response(null, { status: 500 })
        },
      }
      return { fetcher: fetcher as unknown as Fetcher, calls: () => calls }
    }
    const channel = [{ subAccount: 'templates-subaccount', channelId: 'wa-channel-1' }]
    const down = flaky(SYNC_ATTEMPTS)
    const failed = await syncTemplates(
      { db: env.DB, upstream: down.fetcher, config, pause: async () => {} },
      channel,
    )
    expect(failed).toEqual([
      {
        channelId: 'wa-channel-1',
        ok: false,
        error: '8x8: HTTP 503 (code 1503): Service unavailable',
      },
    ])
    expect(down.calls()).toBe(SYNC_ATTEMPTS)
    const after = await env.DB.prepare(
      "SELECT name, synced_at FROM templates WHERE channel_id = 'wa-channel-1' ORDER BY name",
    ).all()
    expect(after.results).toEqual(before.results)
    expect(
      await env.DB.prepare(
        "SELECT error FROM template_syncs WHERE channel_id = 'wa-channel-1'",
      ).first(),
    ).toEqual({ error: '8x8: HTTP 503 (code 1503): Service unavailable' })

    const flickers = flaky(1)
    const recovered = await syncTemplates(
      { db: env.DB, upstream: flickers.fetcher, config, pause: async () => {} },
      channel,
    )
    expect(recovered).toEqual([{ channelId: 'wa-channel-1', ok: true, templates: 10 }])
    expect(flickers.calls()).toBe(2)
    expect(
      await env.DB.prepare(
        "SELECT error FROM template_syncs WHERE channel_id = 'wa-channel-1'",
      ).first(),
    ).toEqual({ error: null })
  })
})

describe('the check of template sends, templateCheck: enforce', () => {
  it('a send that fits goes', async () => {
    const marker = `fits ${crypto.randomUUID()}`
    const response = await post(orderUpdate(marker), KEYS.templatesEnforce)
    expect(response.status).toBe(200)
    expect(response.headers.get('chatapps-template-check')).toBeNull()
    expect(await response.json()).toEqual({
      id: expect.any(String),
      clientMessageId: expect.any(String),
      umid: expect.any(String),
      status: { state: 'queued', timestamp: ISO },
    })
    expect(await upstreamReceived(marker)).toHaveLength(1)
  })

  const cases: [string, (marker: string) => unknown, Record<string, unknown>][] = [
    [
      'an unknown name',
      (marker) => bodyOnly('no_such_template', 'en_US', marker),
      {
        path: 'content.template.name',
        message: 'No template named no_such_template is registered.',
        rule: 'unknown_name',
        code: 3038,
      },
    ],
    [
      'an unknown language',
      (marker) => bodyOnly('order_update', 'fr', marker),
      {
        path: 'content.template.language',
        message: 'order_update is registered in en, en_US, not fr.',
        rule: 'unknown_language',
        code: 3038,
      },
    ],
    [
      'a wrong body count',
      (marker) => orderUpdate(marker, [IMAGE, body(marker), URL_BUTTON]),
      {
        path: 'content.template.components.1.parameters',
        message: 'The body of order_update (en_US) takes 2 parameters; 1 given.',
        rule: 'body_count',
        code: 3041,
      },
    ],
    [
      'a missing image header',
      (marker) => orderUpdate(marker, [body('Jason', marker), URL_BUTTON]),
      {
        path: 'content.template.components',
        message: 'order_update (en_US) has an image header: the send needs its image.',
        rule: 'header_missing',
        code: 3041,
      },
    ],
    [
      'a wrong button index',
      (marker) =>
        orderUpdate(marker, [
          IMAGE,
          body('Jason', marker),
          URL_BUTTON,
          {
            type: 'button',
            subType: 'quickreply',
            index: 5,
            parameters: [{ type: 'payload', payload: 'p' }],
          },
        ]),
      {
        path: 'content.template.components.3.index',
        message: 'order_update (en_US) has buttons 0 to 1; the send names button 5.',
        rule: 'button_index',
        code: 3053,
      },
    ],
    [
      'a wrong button sub-type',
      (marker) =>
        orderUpdate(marker, [
          IMAGE,
          body('Jason', marker),
          {
            type: 'button',
            subType: 'quickreply',
            index: 0,
            parameters: [{ type: 'payload', payload: 'p' }],
          },
        ]),
      {
        path: 'content.template.components.2.subType',
        message:
          'Button 0 (URL "Track order") of order_update (en_US) is a Url button, not QuickReply.',
        rule: 'button_sub_type',
        code: 3052,
      },
    ],
    [
      'a template that is not approved',
      (marker) => bodyOnly('weekly_deals', 'en_US', marker),
      {
        path: 'content.template.name',
        message: 'weekly_deals (en_US) is paused: WhatsApp sends approved templates only.',
        rule: 'not_approved',
        code: null,
      },
    ],
  ]
  for (const [what, message, issue] of cases) {
    it(`${what}: 422 template_mismatch with its path; nothing reaches 8x8`, async () => {
      const marker = `refused ${crypto.randomUUID()}`
      const response = await post(message(marker), KEYS.templatesEnforce)
      expect(response.status).toBe(422)
      expect(await problem(response)).toEqual(mismatch([issue]))
      expect(await upstreamReceived(marker)).toEqual([])
    })
  }

  it('a refusal is replayed for its idempotency key, and nothing is recorded', async () => {
    const marker = `replayed ${crypto.randomUUID()}`
    const idempotencyKey = crypto.randomUUID()
    const message = bodyOnly('no_such_template', 'en_US', marker)
    const first = await post(message, KEYS.templatesEnforce, { idempotencyKey })
    const again = await post(message, KEYS.templatesEnforce, { idempotencyKey })
    expect(first.status).toBe(422)
    expect(again.status).toBe(422)
    expect(again.headers.get('idempotency-replayed')).toBe('true')
    expect(await again.json()).toEqual(await first.json())
    await flushRecords(KEYS.templatesEnforce)
    const records = await env.DB.prepare(
      'SELECT COUNT(*) AS n FROM messages WHERE key_id = ? AND idempotency_key = ?',
    )
      .bind(KEYS.templatesEnforce, idempotencyKey)
      .first()
    expect(records).toEqual({ n: 0 })
    expect(await upstreamReceived(marker)).toEqual([])
  })

  it('an asynchronous send (Prefer: respond-async) is checked before it is queued', async () => {
    const marker = `async ${crypto.randomUUID()}`
    const refused = await post(bodyOnly('order_update', 'fr', marker), KEYS.templatesEnforce, {
      prefer: 'respond-async',
    })
    expect(refused.status).toBe(422)
    expect(await problem(refused)).toEqual(
      mismatch([
        {
          path: 'content.template.language',
          message: 'order_update is registered in en, en_US, not fr.',
          rule: 'unknown_language',
          code: 3038,
        },
      ]),
    )
    const accepted = await post(orderUpdate(marker), KEYS.templatesEnforce, {
      prefer: 'respond-async',
    })
    expect(accepted.status).toBe(202)
    const { id } = (await accepted.json()) as { id: string }
    const stored = await env.DB.prepare(
      'SELECT COUNT(*) AS n FROM messages WHERE key_id = ? AND payload LIKE ?',
    )
      .bind(KEYS.templatesEnforce, `%${marker}%`)
      .first()
    // Only the send that fits was recorded for delivery.
    expect(stored).toEqual({ n: 1 })
    expect(id).toEqual(expect.any(String))
  })

  it('a batch with one mismatching message refuses only that one; the others go', async () => {
    const marker = `batch ${crypto.randomUUID()}`
    const item = (text: string) => ({
      user: { msisdn: '+15551234567' },
      content: {
        template: {
          name: 'ticket_created',
          language: 'en',
          components: [{ type: 'body', parameters: [{ type: 'text', text }] }],
        },
      },
    })
    const wrong = {
      user: { msisdn: '+15557654321' },
      content: { template: { name: 'ticket_created', language: 'en', components: [] } },
    }
    const response = await post(
      {
        template: { type: 'template', channels: [{ channel: 'WhatsApp' }] },
        messages: [item(`${marker} a`), wrong, item(`${marker} c`)],
      },
      KEYS.templatesEnforce,
      { path: '/v1/messages/batch' },
    )
    expect(response.status).toBe(200)
    const answer = (await response.json()) as {
      messages: unknown[]
      refused: unknown[]
    }
    expect(answer.messages).toHaveLength(2)
    expect(answer.refused).toEqual([
      {
        index: 1,
        code: 'template_mismatch',
        recipient: '+15557654321',
        detail: 'The message does not fit its registered template: 1 issue(s). Nothing was sent.',
        issues: [
          {
            path: 'messages.1.content.template.components',
            message: expect.stringContaining('ticket_created (en)'),
            rule: expect.any(String),
            code: expect.any(Number),
          },
        ],
      },
    ])
    const received = await upstreamReceived(marker)
    expect(received).toHaveLength(1)
    const sent = JSON.parse(received[0]?.raw ?? '{}') as { messages: unknown[] }
    expect(sent.messages).toHaveLength(2)
  })

  it('a batch whose every message mismatches is that refusal', async () => {
    const marker = `all refused ${crypto.randomUUID()}`
    const response = await post(
      { messages: [bodyOnly('no_such_template', 'en_US', marker)] },
      KEYS.templatesEnforce,
      { path: '/v1/messages/batch' },
    )
    expect(response.status).toBe(422)
    expect(await problem(response)).toEqual(
      mismatch(
        [
          {
            path: 'messages.0.content.template.name',
            message: 'No template named no_such_template is registered.',
            rule: 'unknown_name',
            code: 3038,
          },
        ],
        'batch',
      ),
    )
    expect(await upstreamReceived(marker)).toEqual([])
  })

  it('a batch refused whole, by its template and by its recipient, answers the first refusal', async () => {
    const marker = `mixed ${crypto.randomUUID()}`
    const stopped = `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`
    const stop = await send(
      new Request(`${ORIGIN}/v1/webhooks/chatapps`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: 'Bearer sandbox-webhook-secret',
        },
        body: JSON.stringify({
          version: 3,
          namespace: 'ChatApps',
          eventType: 'inbound_message_received',
          description: 'ChatApps inbound message',
          payload: {
            umid: crypto.randomUUID(),
            subAccountId: 'templates-subaccount',
            timestamp: new Date().toISOString(),
            user: { msisdn: stopped },
            recipient: { channel: 'whatsapp', channelId: 'wa-channel-1' },
            type: 'Text',
            content: { text: 'STOP' },
          },
        }),
      }),
    )
    expect(stop.status).toBe(200)
    const fits = { ...orderUpdate(marker), user: { msisdn: stopped } }
    const response = await post(
      { messages: [bodyOnly('no_such_template', 'en_US', marker), fits] },
      KEYS.templatesEnforce,
      { path: '/v1/messages/batch' },
    )
    expect(response.status).toBe(422)
    expect(await problem(response)).toEqual(
      mismatch(
        [
          {
            path: 'messages.0.content.template.name',
            message: 'No template named no_such_template is registered.',
            rule: 'unknown_name',
            code: 3038,
          },
        ],
        'batch',
      ),
    )
    expect(await upstreamReceived(marker)).toEqual([])
  })

  it('a template paused by a webhook event is refused from the next send on', async () => {
    const marker = `paused ${crypto.randomUUID()}`
    const ticket = {
      user: { msisdn: '+15551234567' },
      type: 'template',
      content: {
        template: {
          name: 'ticket_closed',
          language: 'en',
          components: [IMAGE, body(marker)],
        },
      },
    }
    expect((await post(ticket, KEYS.templatesEnforce)).status).toBe(200)
    // WhatsApp pauses it: the sandbox's registry changes, and 8x8's event reaches the webhook.
    const paused = await sandbox('/__sandbox/templates/status', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'ticket_closed', language: 'en', status: 'PAUSED' }),
    })
    expect(paused.status).toBe(200)
    const event = templateStatusEvent('ticket_closed', 'en', 'PAUSED')
    expect((await postEvent(event)).status).toBe(200)
    const refused = await post(ticket, KEYS.templatesEnforce)
    expect(refused.status).toBe(422)
    expect(await problem(refused)).toEqual(
      mismatch([
        {
          path: 'content.template.name',
          message: 'ticket_closed (en) is paused: WhatsApp sends approved templates only.',
          rule: 'not_approved',
          code: null,
        },
      ]),
    )
    expect(await upstreamReceived(marker)).toHaveLength(1)
    // A quality event is kept with the row, and survives the next sync.
    const quality = await postEvent({
      ...event,
      eventId: crypto.randomUUID(),
      eventType: 'template_quality_update',
      eventDetails: {
        ...event.eventDetails,
        meta: { previousQualityScore: 'UNKNOWN', newQualityScore: 'YELLOW' },
      },
    })
    expect(quality.status).toBe(200)
    await syncTemplates({ db: env.DB, upstream: bindings.UPSTREAM, config, pause: async () => {} })
    const listed = await send(
      await signedGet('/v1/templates?name=ticket_closed&language=en', KEYS.templatesEnforce),
    )
    expect(await listed.json()).toMatchObject({
      templates: [{ name: 'ticket_closed', status: 'paused', quality: 'YELLOW' }],
    })
  })
})

describe('templateCheck: observe (the default) and off', () => {
  it('observe: a mismatch is sent, flagged in the answer, a header and the record', async () => {
    const marker = `observed ${crypto.randomUUID()}`
    const response = await post(bodyOnly('weekly_deals', 'en_US', marker), KEYS.templatesObserve)
    expect(response.status).toBe(200)
    expect(response.headers.get('chatapps-template-check')).toBe('mismatch')
    const issues = [
      {
        path: 'content.template.name',
        message: 'weekly_deals (en_US) is paused: WhatsApp sends approved templates only.',
        rule: 'not_approved',
        code: null,
      },
    ]
    const answer = (await response.json()) as { id: string }
    expect(answer).toEqual({
      id: expect.any(String),
      clientMessageId: expect.any(String),
      umid: expect.any(String),
      status: { state: 'queued', timestamp: ISO },
      templateIssues: issues,
    })
    expect(await upstreamReceived(marker)).toHaveLength(1)
    await flushRecords(KEYS.templatesObserve)
    const record = await send(await signedGet(`/v1/messages/${answer.id}`, KEYS.templatesObserve))
    expect(await record.json()).toMatchObject({ id: answer.id, templateIssues: issues })
  })

  it('off: no lookup, no flag', async () => {
    const marker = `off ${crypto.randomUUID()}`
    const response = await post(bodyOnly('weekly_deals', 'en_US', marker), KEYS.templatesOff)
    expect(response.status).toBe(200)
    expect(response.headers.get('chatapps-template-check')).toBeNull()
    expect(Object.keys((await response.json()) as object)).toEqual([
      'id',
      'clientMessageId',
      'umid',
      'status',
    ])
  })

  it('a sub-account that never synced: sent unchecked under enforce, and says so', async () => {
    const marker = `unverified ${crypto.randomUUID()}`
    // A template 8x8 has: the sandbox refuses one it does not have (3038), as 8x8 does.
    const response = await post(bodyOnly('ticket_created', 'en', marker), KEYS.templatesUnsynced)
    expect(response.status).toBe(200)
    expect(response.headers.get('chatapps-template-check')).toBe('unverified')
    expect(await upstreamReceived(marker)).toHaveLength(1)
  })
})

describe('the configuration of the registry', () => {
  const read = (vars: ConfigVars) => readConfig({ CHATAPPS_API_KEY: 'k', ...vars })

  it("reads each sub-account's channels; unset, there is no registry", () => {
    expect(
      read({
        CHATAPPS_ACCOUNT_ID: 'acme-account',
        TEMPLATE_CHANNELS: ' acme = wa-1 | wa-2 , beta=wa-3 ',
      }).templates,
    ).toEqual({
      accountId: 'acme-account',
      channels: [
        { subAccount: 'acme', channels: [{ channelId: 'wa-1' }, { channelId: 'wa-2' }] },
        { subAccount: 'beta', channels: [{ channelId: 'wa-3' }] },
      ],
    })
    expect(read({ CHATAPPS_ACCOUNT_ID: 'acme-account' }).templates).toBeUndefined()
    expect(read({ TEMPLATE_CHANNELS: '' }).templates).toBeUndefined()
  })

  it('refuses channels without an account, a channel named twice, or a malformed entry', () => {
    expect(() => read({ TEMPLATE_CHANNELS: 'acme=wa-1' })).toThrow(
      /^invalid configuration: templates\.accountId$/,
    )
    for (const channels of [
      'acme=wa-1,beta=wa-1',
      'acme=wa-1,acme=wa-2',
      'acme=',
      'acme',
      'a/b=wa-1',
    ]) {
      expect(() =>
        read({ CHATAPPS_ACCOUNT_ID: 'acme-account', TEMPLATE_CHANNELS: channels }),
      ).toThrow(/^invalid configuration: templates/)
    }
    const many = Array.from({ length: 51 }, (_, index) => `wa-${index}`).join('|')
    expect(() =>
      read({ CHATAPPS_ACCOUNT_ID: 'acme-account', TEMPLATE_CHANNELS: `acme=${many}` }),
    ).toThrow(/^invalid configuration: templates/)
  })
})

describe('template events, scoped by WhatsApp Business Account', () => {
  const WABA_A = '102290129340398'
  const WABA_B = '109876543210987'
  /** Two WABAs under one 8x8 account, and a channel that does not say its WABA. */
  const wabaEnv = {
    ...bindings,
    TEMPLATE_CHANNELS: `waba-a-subaccount=waba-a-channel@${WABA_A},waba-b-subaccount=waba-b-channel@${WABA_B},waba-none-subaccount=waba-none-channel`,
  }
  const wabaConfig = readConfig(wabaEnv)
  const A = {
    subAccount: 'waba-a-subaccount',
    channelId: 'waba-a-channel',
    businessAccountId: WABA_A,
  }
  const B = {
    subAccount: 'waba-b-subaccount',
    channelId: 'waba-b-channel',
    businessAccountId: WABA_B,
  }
  const NONE = { subAccount: 'waba-none-subaccount', channelId: 'waba-none-channel' }
  /** Long before the test: a sync's attempt after the event is later than this. */
  const SEEDED = Date.parse('2026-01-01T00:00:00Z')

  /** Each channel holds its own approved `name`/`en`, last synced at SEEDED. */
  async function seed(name: string) {
    for (const channel of [A, B, NONE]) {
      await replaceChannelTemplates(
        env.DB,
        channel,
        [
          {
            name,
            language: 'en',
            status: 'approved',
            category: 'UTILITY',
            components: [{ type: 'BODY', text: 'Hi {{1}}' }],
            parameters: { header: null, body: 1, buttons: [] },
            updatedAt: null,
          },
        ],
        SEEDED,
        SEEDED,
      )
    }
  }
  const statuses = async (name: string) =>
    (
      await env.DB.prepare(
        "SELECT channel_id, status FROM templates WHERE name = ? AND channel_id LIKE 'waba-%' ORDER BY channel_id",
      )
        .bind(name)
        .all()
    ).results
  const attempted = async () =>
    (
      await env.DB.prepare(
        "SELECT channel_id FROM template_syncs WHERE channel_id LIKE 'waba-%' AND attempted_at > ? ORDER BY channel_id",
      )
        .bind(SEEDED)
        .all()
    ).results

  it("a pause of one WABA's template changes its channel and those that name no WABA; only they are synced", async () => {
    await seed('waba_order_update')
    const event = {
      ...templateStatusEvent('waba_order_update', 'en', 'PAUSED'),
      businessAccountId: WABA_A,
    }
    const ctx = createExecutionContext()
    const response = await app.fetch(
      new Request(`${ORIGIN}/v1/webhooks/chatapps`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: 'Bearer sandbox-webhook-secret',
        },
        body: JSON.stringify(event),
      }),
      wabaEnv,
      ctx,
    )
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ received: true })
    // The sync runs after the answer (waitUntil); the sandbox knows none of these channels, so
    // each synced channel records a failed attempt and keeps its rows.
    await waitOnExecutionContext(ctx)
    expect(await statuses('waba_order_update')).toEqual([
      { channel_id: 'waba-a-channel', status: 'paused' },
      { channel_id: 'waba-b-channel', status: 'approved' },
      { channel_id: 'waba-none-channel', status: 'paused' },
    ])
    expect(await attempted()).toEqual([
      { channel_id: 'waba-a-channel' },
      { channel_id: 'waba-none-channel' },
    ])
  })

  it('a WABA id sent as a JSON number is the same WABA; an event without one concerns every channel', async () => {
    await seed('waba_numbered')
    const event = (status: string, businessAccountId?: number, templateName = 'waba_numbered') => ({
      kind: 'template_status' as const,
      eventId: crypto.randomUUID(),
      timestamp: new Date().toISOString(),
      provider: 'WhatsApp',
      ...(businessAccountId === undefined ? {} : { businessAccountId }),
      accountId: 'sandbox-account',
      eventType: 'template_status_update' as const,
      eventDetails: { templateName, templateLanguage: 'en', meta: { status } },
    })
    expect(await applyTemplateEvent(env.DB, wabaConfig, event('PAUSED', Number(WABA_B)))).toEqual([
      B,
      NONE,
    ])
    expect(await statuses('waba_numbered')).toEqual([
      { channel_id: 'waba-a-channel', status: 'approved' },
      { channel_id: 'waba-b-channel', status: 'paused' },
      { channel_id: 'waba-none-channel', status: 'paused' },
    ])
    expect(await applyTemplateEvent(env.DB, wabaConfig, event('DISABLED'))).toEqual([A, B, NONE])
    // A WABA no channel names: only the channels naming none are concerned; none holds the
    // template, so they are the ones to sync.
    expect(
      await applyTemplateEvent(env.DB, wabaConfig, event('APPROVED', 123, 'waba_unknown')),
    ).toEqual([NONE])
  })

  it('a malformed WABA id is refused by the configuration check', () => {
    for (const channels of [
      'acme=wa-1@',
      'acme=wa-1@waba-1',
      'acme=wa-1@1@2',
      'acme=wa-2|wa-1@ 12 34',
      `acme=wa-1@${'1'.repeat(33)}`,
    ]) {
      expect(() =>
        readConfig({
          CHATAPPS_API_KEY: 'k',
          CHATAPPS_ACCOUNT_ID: 'acme-account',
          TEMPLATE_CHANNELS: channels,
        }),
      ).toThrow(/^invalid configuration: templates\.channels\.0\.channels\.\d\.businessAccountId$/)
    }
    expect(
      readConfig({
        CHATAPPS_API_KEY: 'k',
        CHATAPPS_ACCOUNT_ID: 'acme-account',
        TEMPLATE_CHANNELS: `acme = wa-1 @ ${WABA_A} | wa-2`,
      }).templates?.channels,
    ).toEqual([
      {
        subAccount: 'acme',
        channels: [{ channelId: 'wa-1', businessAccountId: WABA_A }, { channelId: 'wa-2' }],
      },
    ])
  })
})

/** A fetcher that answers 8x8's templates route with `listing`, once `gate` resolves. */
function listing(templates: unknown[], gate: Promise<void> = Promise.resolve()): Fetcher {
  const fetcher = {
    fetch: async () => {
      await gate
      return Response.json({ templates })
    },
  }
  return fetcher as unknown as Fetcher
}

/** 8x8's item of a body-only template. */
function item(name: string, status: string, text = 'Hello {{1}}') {
  return {
    channelId: 'x',
    templateName: name,
    language: 'en',
    components: [{ type: 'BODY', text }],
    category: 'UTILITY',
    status,
  }
}

const rowsOf = async (channelId: string) =>
  (
    await env.DB.prepare(
      'SELECT name, status, components FROM templates WHERE channel_id = ? ORDER BY name',
    )
      .bind(channelId)
      .all()
  ).results

describe('sends that cannot reach WhatsApp are not checked', () => {
  const zalo = (marker: string, channels: string[]) => ({
    user: { msisdn: '+84123456789' },
    type: 'template',
    channels: channels.map((channel) => ({ channel })),
    content: {
      template: {
        name: '231456',
        language: 'en',
        components: [{ type: 'body', parameters: [{ type: 'text', name: 'otp', text: marker }] }],
      },
    },
  })

  it('a Zalo ZNS template (channels: Zalo) goes under enforce, unchecked; one that may fall back to WhatsApp is checked', async () => {
    const marker = `zalo ${crypto.randomUUID()}`
    const response = await post(zalo(marker, ['Zalo']), KEYS.templatesEnforce)
    expect(response.status).toBe(200)
    expect(response.headers.get('chatapps-template-check')).toBeNull()
    expect(await upstreamReceived(marker)).toHaveLength(1)

    const fallback = await post(zalo(`${marker} wa`, ['Zalo', 'WhatsApp']), KEYS.templatesEnforce)
    expect(fallback.status).toBe(422)
    expect(await problem(fallback)).toEqual(
      mismatch([
        {
          path: 'content.template.name',
          message: 'No template named 231456 is registered.',
          rule: 'unknown_name',
          code: 3038,
        },
      ]),
    )
  })
})

describe('the verdict of a sub-account with several channels, or a partial registry', () => {
  const now = Date.parse('2026-12-01T10:00:00Z')
  const stored = (channelId: string, status: string, text: string): StoredTemplate => ({
    channelId,
    name: 'greeting',
    language: 'en',
    status,
    category: 'UTILITY',
    quality: null,
    components: [{ type: 'BODY', text }],
    parameters: null,
    updatedAt: null,
    syncedAt: now,
  })
  const registry = (
    templates: StoredTemplate[],
    channels: Record<string, number | null>,
  ): Registry => ({
    templates,
    channels: Object.entries(channels).map(([channelId, syncedAt]) => ({ channelId, syncedAt })),
    syncedAt: null,
    synced: false,
    truncated: false,
  })
  const sent = (...texts: string[]) => ({
    name: 'greeting',
    language: 'en',
    components: [{ type: 'body', parameters: texts.map((text) => ({ type: 'text', text })) }],
  })
  const verdict = (r: Registry, ...texts: string[]) =>
    templateVerdict(sent(...texts), r, now, 'content.template')

  it('paused on one channel, approved on another: it goes, checked against the approved one', () => {
    const both = registry(
      [stored('wa-a', 'paused', 'Hi {{1}}'), stored('wa-b', 'approved', 'Hi {{1}} and {{2}}')],
      { 'wa-a': now, 'wa-b': now },
    )
    expect(verdict(both, 'Ann', 'Bob')).toEqual({ kind: 'checked', issues: [] })
    // One parameter: it fits the paused registration, not the sendable one, whose count is told.
    expect(verdict(both, 'Ann')).toEqual({
      kind: 'checked',
      issues: [
        {
          path: 'content.template.components.0.parameters',
          message: 'The body of greeting (en) takes 2 parameters; 1 given.',
          rule: 'body_count',
          code: 3041,
        },
      ],
    })
  })

  it('a template no channel has is a mismatch only when every channel synced within the bound', () => {
    const fresh = registry([], { 'wa-a': now - REGISTRY_STALE_AFTER_MS })
    const unknown = {
      kind: 'checked',
      issues: [
        {
          path: 'content.template.name',
          message: 'No template named greeting is registered.',
          rule: 'unknown_name',
          code: 3038,
        },
      ],
    }
    expect(verdict(fresh, 'Ann')).toEqual(unknown)
    const stale = registry([], { 'wa-a': now - REGISTRY_STALE_AFTER_MS - 1 })
    expect(verdict(stale, 'Ann')).toEqual({ kind: 'unverified' })
    // A channel that never synced may hold it, whatever the others say.
    const partial = registry([stored('wa-a', 'paused', 'Hi {{1}}')], { 'wa-a': now, 'wa-b': null })
    expect(verdict(partial, 'Ann')).toEqual({ kind: 'unverified' })
    // A stale channel that holds it is still read: its status came with events since.
    const known = registry([stored('wa-a', 'paused', 'Hi {{1}}')], { 'wa-a': now - 86_400_000 })
    expect(verdict(known, 'Ann')).toEqual({
      kind: 'checked',
      issues: [
        {
          path: 'content.template.name',
          message: 'greeting (en) is paused: WhatsApp sends approved templates only.',
          rule: 'not_approved',
          code: undefined,
        },
      ],
    })
  })

  it('a registry with a channel that never synced is not synced', async () => {
    const read = await readRegistry(env.DB, ['wa-channel-1', 'wa-channel-unknown'], {
      names: ['x'],
    })
    expect(read).toEqual({
      templates: [],
      channels: [
        { channelId: 'wa-channel-1', syncedAt: expect.any(Number) },
        { channelId: 'wa-channel-unknown', syncedAt: null },
      ],
      syncedAt: null,
      synced: false,
      truncated: false,
    })
  })
})

describe('the sync, against out-of-order events, overlapping syncs and odd listings', () => {
  const deps = (upstream: Fetcher, now?: number) => ({
    db: env.DB,
    upstream,
    config,
    pause: async () => {},
    ...(now === undefined ? {} : { now: () => now }),
  })

  it('an event older than the status stored changes nothing; a listing older than an event neither', async () => {
    const t = Date.now()
    const event = (status: string, at: number) => ({
      kind: 'template_status' as const,
      eventId: crypto.randomUUID(),
      timestamp: new Date(at).toISOString(),
      provider: 'WhatsApp',
      accountId: 'sandbox-account',
      eventType: 'template_status_update' as const,
      eventDetails: { templateName: 'ticket_created', templateLanguage: 'en', meta: { status } },
    })
    const status = async () =>
      env.DB.prepare(
        "SELECT status FROM templates WHERE channel_id = 'wa-channel-1' AND name = 'ticket_created'",
      ).first()
    // 8x8's retry of an earlier APPROVED arrives after a later PAUSED.
    expect(await applyTemplateEvent(env.DB, config, event('PAUSED', t + 60_000))).toEqual([
      { subAccount: 'templates-subaccount', channelId: 'wa-channel-1' },
    ])
    await applyTemplateEvent(env.DB, config, event('APPROVED', t + 30_000))
    expect(await status()).toEqual({ status: 'paused' })
    // A listing fetched before the PAUSED (the sandbox still lists it approved) keeps it paused.
    await syncTemplates(deps(bindings.UPSTREAM as Fetcher), [
      { subAccount: 'templates-subaccount', channelId: 'wa-channel-1' },
    ])
    expect(await status()).toEqual({ status: 'paused' })
    await applyTemplateEvent(env.DB, config, event('APPROVED', t + 90_000))
    expect(await status()).toEqual({ status: 'approved' })
  })

  it('of two overlapping syncs, the one that started last wins whichever commits last', async () => {
    const channel = [{ subAccount: 'overlap-subaccount', channelId: 'overlap-channel' }]
    const t = Date.now()
    let release = () => {}
    const gate = new Promise<void>((resolve) => {
      release = resolve
    })
    // The cron's sync fetched first and is slow; an event's sync fetches after and lands first.
    const slow = syncTemplates(
      deps(listing([item('kept', 'APPROVED'), item('dropped', 'APPROVED')], gate), t - 2000),
      channel,
    )
    expect(
      await syncTemplates(
        deps(listing([item('kept', 'PAUSED'), item('added', 'APPROVED')]), t - 1000),
        channel,
      ),
    ).toEqual([{ channelId: 'overlap-channel', ok: true, templates: 2 }])
    release()
    expect(await slow).toEqual([
      { channelId: 'overlap-channel', ok: true, templates: 2, superseded: true },
    ])
    expect((await rowsOf('overlap-channel')).map((row) => [row.name, row.status])).toEqual([
      ['added', 'approved'],
      ['kept', 'paused'],
    ])
    expect(
      await env.DB.prepare(
        "SELECT synced_at FROM template_syncs WHERE channel_id = 'overlap-channel'",
      ).first(),
    ).toEqual({ synced_at: t - 1000 })
  })

  it('a template out of shape or too large to store is skipped and counted; the others are stored', async () => {
    const channel = [{ subAccount: 'skip-subaccount', channelId: 'skip-channel' }]
    // 8x8's OpenAPI file requires neither channelId nor components.
    const bare = { templateName: 'bare', language: 'en', status: 'APPROVED' }
    const huge = item('huge', 'APPROVED', `Hi {{1}} ${'x'.repeat(MAX_TEMPLATE_ROW_BYTES)}`)
    const nameless = { language: 'en', components: [] }
    const results = await syncTemplates(
      deps(listing([bare, huge, nameless, item('fine', 'APPROVED')])),
      channel,
    )
    expect(results).toEqual([{ channelId: 'skip-channel', ok: true, templates: 2, skipped: 2 }])
    expect(await rowsOf('skip-channel')).toEqual([
      { name: 'bare', status: 'approved', components: '[]' },
      { name: 'fine', status: 'approved', components: '[{"type":"BODY","text":"Hello {{1}}"}]' },
    ])
    // A listing none of whose templates can be stored keeps the rows stored.
    expect(await syncTemplates(deps(listing([nameless])), channel)).toEqual([
      {
        channelId: 'skip-channel',
        ok: false,
        error: 'none of the 1 templates 8x8 listed can be stored',
      },
    ])
    expect(await rowsOf('skip-channel')).toHaveLength(2)
  })

  it("8x8's Retry-After longer than the pause bound ends the run's attempts; a request makes one", async () => {
    const channel = [{ subAccount: 'retry-subaccount', channelId: 'retry-channel' }]
    let calls = 0
    const pauses: number[] = []
    const busy = (retryAfter: string) =>
      ({
        fetch: async () => {
          calls++
          return Response.json(
            { code: 1429, message: 'Too many requests' },
            { status: 429, headers: { 'retry-after': retryAfter } },
          )
        },
      }) as unknown as Fetcher
    const long = await syncTemplates(
      { db: env.DB, upstream: busy('3600'), config, pause: async (ms) => void pauses.push(ms) },
      channel,
    )
    expect(long).toEqual([
      {
        channelId: 'retry-channel',
        ok: false,
        error: '8x8: HTTP 429 (code 1429): Too many requests',
      },
    ])
    expect([calls, pauses]).toEqual([1, []])
    calls = 0
    await syncTemplates(
      {
        db: env.DB,
        upstream: busy('2'),
        config,
        pause: async (ms) => void pauses.push(ms),
        attempts: 1,
      },
      channel,
    )
    expect([calls, pauses]).toEqual([1, []])
    await syncTemplates(
      { db: env.DB, upstream: busy('2'), config, pause: async (ms) => void pauses.push(ms) },
      channel,
    )
    expect(pauses).toEqual([2000, 2000])
  })
})

// Last in this file: it empties the sandbox channel's registry.
describe('a queued template message, checked again as it leaves', () => {
  /** The seeded summer_sale (en, approved, MARKETING): a body and a footer without parameters. */
  const summerSale = () => ({
    user: { msisdn: '+15551234567' },
    type: 'template',
    content: { template: { name: 'summer_sale', language: 'en', components: [] } },
    channels: [{ channel: 'WhatsApp' }],
  })

  /** Accepted for the queue (`Prefer: respond-async`) by the gateway here: its job, kept. */
  async function accepted(keyId: string) {
    const { queue, jobs } = recordingQueue()
    const request = await signedPost(JSON.stringify(summerSale()), {
      keyId,
      prefer: 'respond-async',
    })
    const response = await sendWith(request, queue)
    expect(response.status).toBe(202)
    // It fit when it was accepted.
    expect(response.headers.get('chatapps-template-check')).toBeNull()
    const { id } = (await response.json()) as { id: string }
    expect(jobs).toHaveLength(1)
    return { id, jobs }
  }

  /** Meta changes summer_sale's status: the sandbox's registry, then 8x8's event to the webhook. */
  async function setStatus(status: 'PAUSED' | 'APPROVED') {
    const changed = await sandbox('/__sandbox/templates/status', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'summer_sale', language: 'en', status }),
    })
    expect(changed.status).toBe(200)
    expect((await postEvent(templateStatusEvent('summer_sale', 'en', status))).status).toBe(200)
  }

  async function record(id: string) {
    return env.DB.prepare('SELECT status, umid, reason, attempts FROM messages WHERE id = ?')
      .bind(id)
      .first()
  }

  const PAUSED_ISSUE = {
    path: 'content.template.name',
    message: 'summer_sale (en) is paused: WhatsApp sends approved templates only.',
    rule: 'not_approved',
    code: null,
  }

  afterEach(async () => {
    vi.useRealTimers()
    await setStatus('APPROVED')
  })

  it('enforce: paused while it waited, it is failed with the reason and nothing reaches 8x8', async () => {
    const { id, jobs } = await accepted(KEYS.templatesEnforce)
    await setStatus('PAUSED')
    await deliverJobs(jobs)
    expect(await record(id)).toEqual({
      status: 'failed',
      umid: null,
      reason: `template_mismatch: not_approved (content.template.name: ${PAUSED_ISSUE.message}) before it was sent; not sent`,
      attempts: 0,
    })
    expect(await upstreamReceived(id)).toEqual([])
    const shown = await send(await signedGet(`/v1/messages/${id}`, KEYS.templatesEnforce))
    const answer = (await shown.json()) as { updatedAt: string }
    expect(answer).toEqual({
      id,
      clientMessageId: id,
      umid: null,
      status: {
        state: 'failed',
        timestamp: answer.updatedAt,
        reason: `template_mismatch: not_approved (content.template.name: ${PAUSED_ISSUE.message}) before it was sent; not sent`,
      },
      deliveryAttempts: 0,
      batchId: null,
      createdAt: ISO,
      updatedAt: ISO,
      history: [],
    })
  })

  it('enforce: the refusal as it leaves is called back to a key with a callback URL', async () => {
    const { id, jobs } = await accepted(KEYS.templatesEnforce)
    await setStatus('PAUSED')
    const callbacks = recordingQueue<CallbackJob>()
    await env.DB.prepare(
      "UPDATE client_keys SET callback_url = 'https://hooks.acme.test/cb', callback_secret = 'whsec_dGVzdA==' WHERE key_id = ?",
    )
      .bind(KEYS.templatesEnforce)
      .run()
    try {
      await deliverJobs(jobs, { callbacks: callbacks.queue })
    } finally {
      await env.DB.prepare(
        'UPDATE client_keys SET callback_url = NULL, callback_secret = NULL WHERE key_id = ?',
      )
        .bind(KEYS.templatesEnforce)
        .run()
    }
    const reason = `template_mismatch: not_approved (content.template.name: ${PAUSED_ISSUE.message}) before it was sent; not sent`
    const [job, ...more] = callbacks.jobs
    expect(more).toEqual([])
    expect(job?.keyId).toBe(KEYS.templatesEnforce)
    expect(job?.webhookId).toBe(`msg_status_${id}_failed`)
    const body = JSON.parse(job?.body ?? '{}') as { timestamp: string }
    expect(body).toEqual({
      type: 'message.status',
      timestamp: body.timestamp,
      data: {
        id,
        clientMessageId: id,
        umid: null,
        status: { state: 'failed', timestamp: body.timestamp, reason },
      },
    })
  })

  it('observe: paused while it waited, it goes and its record says what the check found', async () => {
    const { id, jobs } = await accepted(KEYS.templatesObserve)
    await setStatus('PAUSED')
    await deliverJobs(jobs)
    expect(await record(id)).toMatchObject({ status: 'queued', reason: null, attempts: 1 })
    expect(await upstreamReceived(id)).toHaveLength(1)
    const shown = await send(await signedGet(`/v1/messages/${id}`, KEYS.templatesObserve))
    expect(await shown.json()).toMatchObject({ id, templateIssues: [PAUSED_ISSUE] })
  })

  it("the key's policy as the message leaves, not as it was accepted, decides", async () => {
    // Accepted unchecked (off), then the key's owner turns enforce on while it waits.
    const { id, jobs } = await accepted(KEYS.templatesOff)
    const policy = (value: string) =>
      env.DB.prepare('UPDATE client_keys SET template_check = ? WHERE key_id = ?')
        .bind(value, KEYS.templatesOff)
        .run()
    await policy('enforce')
    try {
      await setStatus('PAUSED')
      await deliverJobs(jobs)
    } finally {
      await policy('off')
    }
    expect(await record(id)).toMatchObject({ status: 'failed', umid: null, attempts: 0 })
    expect(await upstreamReceived(id)).toEqual([])
  })

  it('a template the registry no longer holds: refused while it is fresh, sent once it is stale', async () => {
    const first = await accepted(KEYS.templatesEnforce)
    const second = await accepted(KEYS.templatesEnforce)
    // The registry loses summer_sale (8x8 deleted it, or the rows are gone): 8x8 still has it.
    await env.DB.prepare("DELETE FROM templates WHERE name = 'summer_sale'").run()
    await deliverJobs(first.jobs)
    expect(await record(first.id)).toEqual({
      status: 'failed',
      umid: null,
      reason:
        'template_mismatch: unknown_name (content.template.name: No template named summer_sale is registered.) before it was sent; not sent',
      attempts: 0,
    })
    // Eleven minutes on without a sync, the registry cannot say any more: it goes, unverified.
    vi.setSystemTime(Date.now() + REGISTRY_STALE_AFTER_MS + 60_000)
    await deliverJobs(second.jobs)
    expect(await record(second.id)).toMatchObject({ status: 'queued', reason: null, attempts: 1 })
    expect(await upstreamReceived(second.id)).toHaveLength(1)
    expect(await upstreamReceived(first.id)).toEqual([])
    vi.useRealTimers()
    await syncTemplates({ db: env.DB, upstream: bindings.UPSTREAM, config, pause: async () => {} })
  })
})

describe('quality and category events, in the order Meta made them', () => {
  const t = Date.now()
  const event = (
    kind: 'template_quality' | 'template_category',
    meta: Record<string, string>,
    at: number,
  ) =>
    ({
      kind,
      eventId: crypto.randomUUID(),
      timestamp: new Date(at).toISOString(),
      provider: 'WhatsApp',
      accountId: 'sandbox-account',
      eventType:
        kind === 'template_quality' ? 'template_quality_update' : 'template_category_update',
      eventDetails: { templateName: 'ticket_created', templateLanguage: 'en', meta },
    }) as Parameters<typeof applyTemplateEvent>[2]
  const stored = () =>
    env.DB.prepare(
      "SELECT quality, category FROM templates WHERE channel_id = 'wa-channel-1' AND name = 'ticket_created'",
    ).first()

  it('a late, older quality event does not overwrite a newer one', async () => {
    await applyTemplateEvent(
      env.DB,
      config,
      event('template_quality', { newQualityScore: 'RED' }, t + 60_000),
    )
    await applyTemplateEvent(
      env.DB,
      config,
      event('template_quality', { newQualityScore: 'YELLOW' }, t + 30_000),
    )
    expect(await stored()).toMatchObject({ quality: 'RED' })
    await applyTemplateEvent(
      env.DB,
      config,
      event('template_quality', { newQualityScore: 'GREEN' }, t + 90_000),
    )
    expect(await stored()).toMatchObject({ quality: 'GREEN' })
  })

  it('a late, older category event, or an older listing, does not undo a newer one; MARKETING still goes', async () => {
    await applyTemplateEvent(
      env.DB,
      config,
      event('template_category', { newCategory: 'MARKETING' }, t + 60_000),
    )
    await applyTemplateEvent(
      env.DB,
      config,
      event('template_category', { newCategory: 'UTILITY' }, t + 30_000),
    )
    expect(await stored()).toMatchObject({ category: 'MARKETING' })
    // A listing fetched before the event (the sandbox still lists UTILITY) keeps it.
    await syncTemplates({ db: env.DB, upstream: bindings.UPSTREAM, config, pause: async () => {} })
    const listed = await send(
      await signedGet('/v1/templates?name=ticket_created&language=en', KEYS.templatesEnforce),
    )
    expect(await listed.json()).toMatchObject({
      templates: [{ name: 'ticket_created', status: 'approved', category: 'MARKETING' }],
    })
    // The category is not the check's: a marketing template is sendable (it costs more).
    const marker = `marketing ${crypto.randomUUID()}`
    const sent = await post(bodyOnly('ticket_created', 'en', marker), KEYS.templatesEnforce)
    expect(sent.status).toBe(200)
    expect(sent.headers.get('chatapps-template-check')).toBeNull()
    expect(await upstreamReceived(marker)).toHaveLength(1)
    await applyTemplateEvent(
      env.DB,
      config,
      event('template_category', { newCategory: 'UTILITY' }, t + 120_000),
    )
    expect(await stored()).toMatchObject({ category: 'UTILITY' })
  })
})

describe('a registry that never synced', () => {
  it('GET /v1/templates syncs it first (no cron under wrangler dev, a new deployment)', async () => {
    await env.DB.batch([
      env.DB.prepare("DELETE FROM templates WHERE channel_id = 'wa-channel-1'"),
      env.DB.prepare("DELETE FROM template_syncs WHERE channel_id = 'wa-channel-1'"),
    ])
    const response = await send(
      await signedGet('/v1/templates?name=order_update&language=en_US', KEYS.templatesObserve),
    )
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ templates: [ORDER_UPDATE], syncedAt: ISO })
  })
})
