import { env } from 'cloudflare:workers'
import { safeParseEvent } from '@chatapps/dsl'
import { beforeEach, describe, expect, it } from 'vitest'
import {
  BUSINESS_ACCOUNT_ID,
  SANDBOX_ACCOUNT_ID,
  SEED_TEMPLATES,
  WHATSAPP_CHANNEL_ID,
} from '../src/templates/seeds'
import {
  anUuid,
  aTimestamp,
  call,
  clear,
  clearRecorder,
  envelope,
  eventually,
  expectJson,
  failNext,
  get,
  KEY,
  post,
  recorderCall,
  WEBHOOK_AUTHORIZATION,
  WEBHOOK_URL,
} from './helpers'

const templatesPath = (account = SANDBOX_ACCOUNT_ID, channel = WHATSAPP_CHANNEL_ID) =>
  `/api/v1/accounts/${account}/channels/${channel}/templates`

function del(path: string): Promise<Response> {
  return call(path, { method: 'DELETE', headers: { Authorization: `Bearer ${KEY}` } })
}

async function setStatus(body: Record<string, unknown>): Promise<Response> {
  return post('/__sandbox/templates/status', body, {})
}

interface EventCall {
  readonly authorization: string | null
  readonly url: string
  readonly contentType: string | null
  readonly answered: number
  readonly body: { eventType?: string; eventDetails?: { templateName: string } }
}

/** The template events the webhook recorder received for a template name, in order. */
async function templateEvents(name: string): Promise<EventCall[]> {
  const response = await recorderCall('/__recorder/calls')
  const { calls } = (await response.json()) as { calls: EventCall[] }
  return calls.filter(
    (c) =>
      c.body.eventType === 'template_status_update' && c.body.eventDetails?.templateName === name,
  )
}

/** Waits for the `count`th event about `name` to reach the webhook. */
function eventsOf(name: string, count: number): Promise<EventCall[]> {
  return eventually(async () => {
    const got = await templateEvents(name)
    return got.length >= count ? got : undefined
  })
}

const seededItems = () => SEED_TEMPLATES.map((seed) => seed.item)

const ADD = {
  language: 'en_US',
  name: 'ticket_update_image_en_us',
  category: 'utility',
  components: [
    { type: 'header', format: 'IMAGE', examples: ['https://shop.example/ticket.jpg'] },
    { type: 'body', text: 'Your ticket {{1}} was updated.', examples: ['T-7'] },
    { type: 'FOOTER', text: 'Support Team' },
    {
      type: 'buttons',
      buttons: [
        { type: 'url', text: 'Open', url: 'https://shop.example/t/{{1}}', examples: ['7'] },
      ],
    },
  ],
}

/** The item 8x8 lists for ADD, in the given status. */
function addedItem(status: string, statusName: string) {
  return {
    channelId: WHATSAPP_CHANNEL_ID,
    channelName: 'Sandbox WhatsApp',
    templateName: 'ticket_update_image_en_us',
    language: 'en_US',
    languageName: 'English (US)',
    components: [
      {
        type: 'HEADER',
        format: 'Image',
        example: { headerHandle: ['https://shop.example/ticket.jpg'] },
      },
      { type: 'BODY', text: 'Your ticket {{1}} was updated.', example: { bodyText: ['T-7'] } },
      { type: 'FOOTER', text: 'Support Team' },
      {
        type: 'BUTTONS',
        buttons: [
          { type: 'URL', text: 'Open', url: 'https://shop.example/t/{{1}}', example: ['7'] },
        ],
      },
    ],
    category: 'UTILITY',
    categoryName: 'Utility',
    status,
    statusName,
    createdAt: aTimestamp(),
    updatedAt: aTimestamp(),
  }
}

beforeEach(async () => {
  expect((await call('/__sandbox/templates', { method: 'DELETE' })).status).toBe(204)
  await clear()
  await clearRecorder()
})

describe('GET …/accounts/{accountId}/channels/{channelId}/templates', () => {
  it('serves the seeded templates exactly, as 8x8 lists them', async () => {
    await expectJson(await get(templatesPath()), 200, { templates: seededItems() })
  })

  it('serves 8x8 item shapes: order_update spelled out, ticket_created as 8x8’s example', async () => {
    const { templates } = (await (await get(templatesPath())).json()) as {
      templates: Record<string, unknown>[]
    }
    expect(templates.map((t) => [t.templateName, t.language, t.status])).toStrictEqual([
      ['order_update', 'en_US', 'APPROVED'],
      ['order_update', 'en', 'APPROVED'],
      ['ticket_created', 'en', 'APPROVED'],
      ['ticket_closed', 'en', 'APPROVED'],
      ['otp_login', 'en_US', 'APPROVED'],
      ['appointment_reminder', 'en_US', 'APPROVED'],
      ['plant_carousel', 'en_US', 'APPROVED'],
      ['weekly_deals', 'en_US', 'PAUSED'],
      ['prize_draw', 'en_US', 'REJECTED'],
      ['summer_sale', 'en', 'APPROVED'],
    ])
    expect(templates[0]).toStrictEqual({
      channelId: 'wa-channel-1',
      channelName: 'Sandbox WhatsApp',
      templateName: 'order_update',
      language: 'en_US',
      languageName: 'English (US)',
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
      category: 'UTILITY',
      categoryName: 'Utility',
      status: 'APPROVED',
      statusName: 'Approved',
      createdAt: '2026-09-14T08:30:12.41Z',
      updatedAt: '2026-09-15T10:02:55.87Z',
    })
    // 8x8's OpenAPI example item, but for the channel.
    expect(templates[2]).toStrictEqual({
      channelId: 'wa-channel-1',
      channelName: 'Sandbox WhatsApp',
      templateName: 'ticket_created',
      language: 'en',
      languageName: 'English',
      components: [
        {
          type: 'BODY',
          text: 'Hi, your booking have been confirmed. Here is your new booking information {{1}}',
        },
      ],
      category: 'UTILITY',
      categoryName: 'Utility',
      status: 'APPROVED',
      statusName: 'Approved',
      createdAt: '2019-11-19T07:51:38.09Z',
      updatedAt: '2019-11-28T02:16:42.82Z',
    })
  })

  it('refuses a missing key (401 1200), another account (403 1201), another channel (404 1300)', async () => {
    await expectJson(
      await call(templatesPath()),
      401,
      envelope(1200, 'Request was not authenticated properly'),
    )
    await expectJson(
      await get(templatesPath('other-account')),
      403,
      envelope(1201, 'Access forbidden'),
    )
    await expectJson(
      await get(templatesPath(SANDBOX_ACCOUNT_ID, 'wa-channel-2')),
      404,
      envelope(1300, 'Channel not found.'),
    )
    await expectJson(
      await post(templatesPath('other-account'), ADD),
      403,
      envelope(1201, 'Access forbidden'),
    )
    await expectJson(
      await del(`${templatesPath(SANDBOX_ACCOUNT_ID, 'wa-channel-2')}/order_update`),
      404,
      envelope(1300, 'Channel not found.'),
    )
  })
})

describe('POST …/templates', () => {
  it('adds a PENDING template that an approval makes APPROVED, posting its event', async () => {
    await expectJson(await post(templatesPath(), ADD), 200, {})
    await expectJson(await get(templatesPath()), 200, {
      templates: [...seededItems(), addedItem('PENDING', 'Pending')],
    })

    const response = await setStatus({
      name: ADD.name,
      language: 'en_US',
      status: 'APPROVED',
    })
    const event = {
      eventId: anUuid(),
      timestamp: aTimestamp(),
      provider: 'WhatsApp',
      businessAccountId: BUSINESS_ACCOUNT_ID,
      accountId: SANDBOX_ACCOUNT_ID,
      eventType: 'template_status_update',
      eventDetails: {
        templateId: expect.stringMatching(/^\d{16}$/),
        templateName: ADD.name,
        templateLanguage: 'en_US',
        meta: { status: 'APPROVED' },
      },
    }
    await expectJson(response, 200, { template: addedItem('APPROVED', 'Approved'), event })
    await expectJson(await get(templatesPath()), 200, {
      templates: [...seededItems(), addedItem('APPROVED', 'Approved')],
    })

    const [posted] = await eventsOf(ADD.name, 1)
    expect(posted).toStrictEqual({
      at: expect.any(Number),
      method: 'POST',
      url: WEBHOOK_URL,
      authorization: WEBHOOK_AUTHORIZATION,
      contentType: 'application/json',
      body: event,
      answered: 200,
    })
    const parsed = safeParseEvent(posted?.body)
    expect(parsed.success && parsed.output.kind).toBe('template_status')
  })

  it('approves an added template by itself once its review is due, posting its event', async () => {
    // The tests set TEMPLATE_REVIEW_MS to off; the store's own call takes the review delay (0).
    const store = env.SANDBOX_STORE.get(env.SANDBOX_STORE.idFromName('default'))
    const request = {
      language: 'en',
      name: 'auto_reviewed',
      category: 'UTILITY',
      components: [{ type: 'BODY', text: 'Hello' }],
    }
    const channel = { channelId: WHATSAPP_CHANNEL_ID, channelName: 'Sandbox WhatsApp' }
    expect(await store.addTemplate(channel, JSON.stringify(request), 0)).toStrictEqual({
      outcome: 'added',
    })
    const [posted] = await eventually(async () => {
      const got = await templateEvents('auto_reviewed')
      return got.length > 0 ? got : undefined
    }, 20_000)
    expect(posted?.body).toMatchObject({
      eventType: 'template_status_update',
      eventDetails: {
        templateName: 'auto_reviewed',
        templateLanguage: 'en',
        meta: { status: 'APPROVED' },
      },
    })
    const { templates } = (await (await get(templatesPath())).json()) as {
      templates: { templateName: string; status: string }[]
    }
    expect(templates.find((t) => t.templateName === 'auto_reviewed')?.status).toBe('APPROVED')
  })

  it('refuses an invalid body with 1000 and the path, a registered name and language with 1000', async () => {
    await expectJson(
      await post(templatesPath(), { ...ADD, name: 'Not Valid' }),
      400,
      envelope(1000, "Invalid parameter(s): 'name'"),
    )
    await expectJson(
      await post(templatesPath(), { ...ADD, components: [{ text: 'no type' }] }),
      400,
      envelope(1000, "Invalid parameter(s): 'components.0.type'"),
    )
    await expectJson(
      await post(templatesPath(), '{"name":'),
      400,
      envelope(1000, 'Invalid parameter(s): request body is not valid JSON'),
    )
    await expectJson(
      await post(templatesPath(), { ...ADD, name: 'order_update' }),
      400,
      envelope(1000, 'Invalid parameter(s): a template with this name and language already exists'),
    )
  })
})

describe('DELETE …/templates/{templateName}', () => {
  it('removes the template; adding the name again within 30 days is 409 3060', async () => {
    await expectJson(await del(`${templatesPath()}/order_update`), 200, {})
    await expectJson(await get(templatesPath()), 200, {
      templates: seededItems().filter((item) => item.templateName !== 'order_update'),
    })
    await expectJson(
      await post(templatesPath(), { ...ADD, name: 'order_update' }),
      409,
      envelope(
        3060,
        "New English (US) content can't be added while the existing English (US) content is being deleted. Try again in 4 weeks or consider creating a new message template.",
      ),
    )
    await expectJson(
      await del(`${templatesPath()}/order_update`),
      404,
      envelope(1300, 'Template not found.'),
    )
  })
})

describe('POST /__sandbox/templates/status', () => {
  it('pauses a template and posts its event with Meta’s pause details', async () => {
    const response = await setStatus({
      name: 'order_update',
      language: 'en_US',
      status: 'paused',
      reason: 'NONE',
      title: 'FIRST_PAUSE',
      description: 'Low quality',
    })
    expect(response.status).toBe(200)
    const { template } = (await response.json()) as { template: Record<string, unknown> }
    expect(template).toStrictEqual({
      ...SEED_TEMPLATES[0]?.item,
      status: 'PAUSED',
      statusName: 'Paused',
      updatedAt: aTimestamp(),
    })
    const [posted] = await eventsOf('order_update', 1)
    expect(posted?.body).toStrictEqual({
      eventId: anUuid(),
      timestamp: aTimestamp(),
      provider: 'WhatsApp',
      businessAccountId: BUSINESS_ACCOUNT_ID,
      accountId: SANDBOX_ACCOUNT_ID,
      eventType: 'template_status_update',
      eventDetails: {
        templateId: '1281032340757288',
        templateName: 'order_update',
        templateLanguage: 'en_US',
        meta: {
          status: 'PAUSED',
          reason: 'NONE',
          otherInfo: { title: 'FIRST_PAUSE', description: 'Low quality' },
        },
      },
    })
    const parsed = safeParseEvent(posted?.body)
    expect(parsed.success && parsed.output.kind).toBe('template_status')
    const { templates } = (await (await get(templatesPath())).json()) as {
      templates: { templateName: string; status: string }[]
    }
    expect(templates.find((t) => t.templateName === 'order_update')?.status).toBe('PAUSED')
  })

  it('rejects with a reason; the event is retried like a receipt', async () => {
    // Any failing webhook answer is retried (the rule matches any call without a payload state).
    await failNext({ statuses: [500] })
    const response = await setStatus({
      name: 'ticket_created',
      language: 'en',
      status: 'REJECTED',
      reason: 'INCORRECT_CATEGORY',
    })
    expect(response.status).toBe(200)
    const posted = await eventsOf('ticket_created', 2)
    expect(posted.map((c) => c.answered)).toStrictEqual([500, 200])
    expect(posted[1]?.body).toStrictEqual(posted[0]?.body)
    expect(posted[0]?.body).toMatchObject({
      eventDetails: { meta: { status: 'REJECTED', reason: 'INCORRECT_CATEGORY' } },
    })
  })

  it('answers 404 1300 for an unknown template and 400 with the issues for a bad body', async () => {
    await expectJson(
      await setStatus({ name: 'order_update', language: 'fr', status: 'APPROVED' }),
      404,
      envelope(1300, 'Template not found.'),
    )
    const response = await setStatus({ name: 'order_update', language: 'en_US', status: 'GONE' })
    expect(response.status).toBe(400)
    expect(await response.json()).toStrictEqual({
      error: 'invalid template status',
      issues: [{ path: 'status', message: expect.any(String) }],
    })
  })
})
