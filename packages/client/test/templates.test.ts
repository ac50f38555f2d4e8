import { templateParameters } from '@chatapps/dsl/templates'
import { describe, expect, inject, it } from 'vitest'
import { type GatewayTemplate, isChatappsError, templateDeclarations } from '../src/index'
import { BASE_URL, problem, scriptedFetch, testClient, verifies } from './helpers'

const SYNCED = '2026-12-05T00:00:00.000Z'

const orderUpdate = {
  channelId: 'wa-channel-1',
  name: 'order_update',
  language: 'en_US',
  status: 'approved',
  category: 'UTILITY',
  quality: 'GREEN',
  components: [
    { type: 'HEADER', format: 'Image' },
    { type: 'BODY', text: 'Hi {{1}}, your order {{2}} has shipped' },
    {
      type: 'BUTTONS',
      buttons: [
        { type: 'URL', text: 'Track', url: 'https://shop.example/track/{{1}}' },
        { type: 'QUICK_REPLY', text: 'Talk to us' },
      ],
    },
  ],
  parameters: {
    header: { format: 'image', parameters: 1 },
    body: 2,
    buttons: [
      { index: 0, type: 'URL', subType: 'Url', parameters: 1, text: 'Track' },
      { index: 1, type: 'QUICK_REPLY', subType: 'QuickReply', parameters: 0, text: 'Talk to us' },
    ],
  },
  updatedAt: '2026-09-15T10:02:55.87Z',
  syncedAt: SYNCED,
} as const satisfies GatewayTemplate

describe(`client.templates (${inject('runtime')})`, () => {
  it('GETs /v1/templates, signed, and answers the registry as the gateway lists it', async () => {
    const { fetch, calls } = scriptedFetch(
      Response.json({ templates: [orderUpdate], syncedAt: SYNCED }),
    )
    const { client } = testClient(fetch)
    const answer = await client.templates()
    const request = calls[0]?.request
    if (request === undefined) throw new Error('no call')
    expect(request.method).toBe('GET')
    expect(request.url).toBe(`${BASE_URL}/v1/templates`)
    expect(request.headers.get('idempotency-key')).toBeNull()
    expect(await verifies(request)).toBe(true)
    expect(answer).toStrictEqual({
      templates: [orderUpdate],
      syncedAt: SYNCED,
      meta: { requests: 1, idempotencyKey: undefined, replayed: false, status: 200 },
    })
  })

  it('narrows by name and language in the signed query', async () => {
    const { fetch, calls } = scriptedFetch(Response.json({ templates: [], syncedAt: null }))
    const { client } = testClient(fetch)
    const answer = await client.templates({ name: 'order_update', language: 'en_US' })
    const request = calls[0]?.request
    if (request === undefined) throw new Error('no call')
    expect(request.url).toBe(`${BASE_URL}/v1/templates?name=order_update&language=en_US`)
    expect(request.headers.get('signature-input')).toContain('"@query"')
    expect(await verifies(request)).toBe(true)
    expect(answer.templates).toStrictEqual([])
    expect(answer.syncedAt).toBeNull()
  })

  it('reads an older answer defensively: status in lower case, parameters from components', async () => {
    const { parameters: _parameters, ...withoutParameters } = orderUpdate
    const { fetch } = scriptedFetch(
      Response.json({
        templates: [{ ...withoutParameters, status: 'PAUSED', quality: 7 }, 'junk'],
        syncedAt: SYNCED,
      }),
    )
    const { client } = testClient(fetch)
    const [template, ...rest] = (await client.templates()).templates
    expect(rest).toStrictEqual([])
    expect(template).toStrictEqual({
      ...orderUpdate,
      status: 'paused',
      quality: null,
      parameters: templateParameters(orderUpdate.components),
    })
  })

  it('throws the gateway problem (a key without the route)', async () => {
    const { fetch } = scriptedFetch(problem(403, 'route_forbidden'))
    const { client } = testClient(fetch)
    const error = await client.templates().catch((caught: unknown) => caught)
    expect(isChatappsError(error) && [error.status, error.code]).toStrictEqual([
      403,
      'route_forbidden',
    ])
  })
})

const template = (overrides: Partial<GatewayTemplate>): GatewayTemplate => ({
  ...orderUpdate,
  ...overrides,
})

describe('templateDeclarations', () => {
  it('writes every template, sorted by name and language, each typed from its parameters', () => {
    const answer = {
      syncedAt: SYNCED,
      templates: [
        orderUpdate,
        template({
          name: 'reminder',
          language: 'en',
          status: 'PAUSED',
          category: null,
          components: [
            { type: 'HEADER', format: 'Text', text: 'On {{1}}' },
            { type: 'BODY', text: 'See you */ soon' },
            { type: 'CALL_PERMISSION_REQUEST' },
          ],
          parameters: {
            header: { format: 'text', parameters: 1 },
            body: 0,
            buttons: [
              { index: 0, type: 'PHONE_NUMBER', subType: null, parameters: 0, text: 'Call' },
            ],
          },
        }),
        template({ channelId: 'wa-channel-2' }), // the same template on a second channel
        template({
          name: "it's",
          language: 'en',
          components: [],
          parameters: { header: null, body: 0, buttons: [] },
        }),
      ],
    }
    expect(
      templateDeclarations(answer, {
        source: 'https://edge.test',
        pulledAt: '2026-12-05T00:01:00Z',
      }),
    ).toBe(`/**
 * The WhatsApp templates registered with 8x8, for @chatapps/dsl's typed template builders.
 * Generated by \`chatapps templates pull\` from https://edge.test at 2026-12-05T00:01:00Z.
 * The gateway's registry: synced 2026-12-05T00:00:00.000Z. Do not edit: pull again when a template changes.
 * 3 templates (2 approved) on 2 channels.
 */
export {}

declare module '@chatapps/dsl' {
  interface RegisteredTemplates {
    /**
     * approved · UTILITY · channel wa-channel-1
     */
    "it's:en": {
      status: 'approved'
    }
    /**
     * approved · UTILITY · channel wa-channel-1, wa-channel-2
     * Hi {{1}}, your order {{2}} has shipped
     */
    'order_update:en_US': {
      status: 'approved'
      header: { format: 'image'; parameters: 1 }
      body: [string, string]
      buttons: {
        0: { type: 'URL'; subType: 'Url'; parameter: string }
        1: { type: 'QUICK_REPLY'; subType: 'QuickReply'; parameter?: string }
      }
    }
    /**
     * paused · channel wa-channel-1
     * See you *\\/ soon
     */
    'reminder:en': {
      status: 'paused'
      header: { format: 'text'; parameters: 1 }
      buttons: { 0: { type: 'PHONE_NUMBER'; subType: null } }
      callPermissionRequest: true
    }
  }
}
`)
  })

  it('writes an empty registry when there is no template, and says it never synced', () => {
    expect(templateDeclarations({ templates: [], syncedAt: null })).toBe(`/**
 * The WhatsApp templates registered with 8x8, for @chatapps/dsl's typed template builders.
 * Generated by \`chatapps templates pull\`.
 * The gateway's registry: never synced. Do not edit: pull again when a template changes.
 * 0 templates (0 approved) on 0 channels.
 */
export {}

declare module '@chatapps/dsl' {
  interface RegisteredTemplates {}
}
`)
  })

  it('is the same for the same templates in any order', () => {
    const templates = [orderUpdate, template({ name: 'a', channelId: 'wa-channel-9' })]
    expect(templateDeclarations({ templates, syncedAt: SYNCED })).toBe(
      templateDeclarations({ templates: [...templates].reverse(), syncedAt: SYNCED }),
    )
  })
})
