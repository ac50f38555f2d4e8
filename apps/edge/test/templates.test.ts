import { env } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Bindings } from '../src/bindings'
import { readConfig } from '../src/config'
import { SYNC_ATTEMPTS, syncTemplates } from '../src/templates/sync'
import {
  flushRecords,
  KEYS,
  ORIGIN,
  problem,
  problemBody,
  send,
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
      { channelId: 'wa-channel-1', ok: true, templates: 8 },
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
      { name: 'order_update', language: 'en_US', status: 'approved', category: 'UTILITY' },
      { name: 'otp_login', language: 'en_US', status: 'approved', category: 'AUTHENTICATION' },
      { name: 'plant_carousel', language: 'en_US', status: 'approved', category: 'MARKETING' },
      { name: 'prize_draw', language: 'en_US', status: 'rejected', category: 'MARKETING' },
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
        template_count: 8,
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
      'otp_login:approved',
      'plant_carousel:approved',
      'prize_draw:rejected',
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
    expect(recovered).toEqual([{ channelId: 'wa-channel-1', ok: true, templates: 8 }])
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
        message: 'order_update is registered in en_US, not fr.',
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
          message: 'order_update is registered in en_US, not fr.',
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
    const event = {
      eventId: crypto.randomUUID(),
      timestamp: new Date().toISOString(),
      provider: 'WhatsApp',
      businessAccountId: '950523421983857',
      accountId: 'sandbox-account',
      eventType: 'template_status_update',
      eventDetails: {
        templateId: '1094835620918378',
        templateName: 'ticket_closed',
        templateLanguage: 'en',
        meta: { status: 'PAUSED', reason: 'NONE' },
      },
    }
    const delivered = await send(
      new Request(`${ORIGIN}/v1/webhooks/chatapps`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: 'Bearer sandbox-webhook-secret',
        },
        body: JSON.stringify(event),
      }),
    )
    expect(delivered.status).toBe(200)
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
    const quality = await send(
      new Request(`${ORIGIN}/v1/webhooks/chatapps`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: 'Bearer sandbox-webhook-secret',
        },
        body: JSON.stringify({
          ...event,
          eventId: crypto.randomUUID(),
          eventType: 'template_quality_update',
          eventDetails: {
            ...event.eventDetails,
            meta: { previousQualityScore: 'UNKNOWN', newQualityScore: 'YELLOW' },
          },
        }),
      }),
    )
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
    const response = await post(
      bodyOnly('no_such_template', 'en_US', marker),
      KEYS.templatesUnsynced,
    )
    expect(response.status).toBe(200)
    expect(response.headers.get('chatapps-template-check')).toBe('unverified')
    expect(await upstreamReceived(marker)).toHaveLength(1)
  })
})
