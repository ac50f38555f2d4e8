/**
 * WhatsApp's call, contact and location requests, and whole templates: their exact wire objects,
 * and every limit at and past its bound.
 */
import { describe, expect, test } from 'vitest'
import { LIMITS, parseMessage, safeParseMessage, type TemplateCardBuilder } from '../src/index'
import { chars, expectIssuesAt, expectValid, to } from './helpers'

const user = { msisdn: '+15551234567' }
const IMAGE = 'https://example.com/a.jpg'

describe('voice call', () => {
  test('without options: the action alone', () => {
    expect(to.voiceCall().build()).toStrictEqual({
      user,
      type: 'interactive',
      content: { interactive: { type: 'voice_call', action: { name: 'voice_call' } } },
    })
  })
  test('with every part', () => {
    expect(
      to
        .voiceCall({ displayText: 'Call us', ttlMinutes: 60, payload: 'p' })
        .headerImage(IMAGE)
        .body('B')
        .footer('F')
        .build(),
    ).toStrictEqual({
      user,
      type: 'interactive',
      content: {
        interactive: {
          type: 'voice_call',
          header: { type: 'image', image: { link: IMAGE } },
          body: { text: 'B' },
          footer: { text: 'F' },
          action: {
            name: 'voice_call',
            parameters: { display_text: 'Call us', ttlMinutes: 60, payload: 'p' },
          },
        },
      },
    })
  })
  test('display text at and past its limit', () => {
    const max = LIMITS.ctaDisplayText.max
    expectValid(to.voiceCall({ displayText: chars(max) }).safeBuild())
    expectIssuesAt(to.voiceCall({ displayText: chars(max + 1) }).safeBuild(), [
      'content.interactive.action.parameters.display_text',
    ])
  })
  test('ttlMinutes at and past both bounds', () => {
    const { min, max } = LIMITS.ttlMinutes
    expectValid(to.voiceCall({ ttlMinutes: min }).safeBuild())
    expectValid(to.voiceCall({ ttlMinutes: max }).safeBuild())
    for (const ttlMinutes of [min - 1, max + 1, 1.5]) {
      expectIssuesAt(to.voiceCall({ ttlMinutes }).safeBuild(), [
        'content.interactive.action.parameters.ttlMinutes',
      ])
    }
  })
  test('payload at and past its limit', () => {
    const max = LIMITS.voiceCallPayload.max
    expectValid(to.voiceCall({ payload: chars(max) }).safeBuild())
    expectIssuesAt(to.voiceCall({ payload: chars(max + 1) }).safeBuild(), [
      'content.interactive.action.parameters.payload',
    ])
  })
})

describe('call permission and contact info requests', () => {
  test('without a body: the type alone, as 8x8 prints them', () => {
    expect(to.callPermissionRequest().build().content).toStrictEqual({
      interactive: { type: 'call_permission_request' },
    })
    expect(to.requestContactInfo().build().content).toStrictEqual({
      interactive: { type: 'request_contact_info' },
    })
  })
  test('body and footer at and past their limits', () => {
    const body = LIMITS.interactiveBody.max
    const footer = LIMITS.interactiveFooter.max
    for (const start of [() => to.callPermissionRequest(), () => to.requestContactInfo()]) {
      expect(start().body(chars(body)).footer(chars(footer)).build().content).toStrictEqual({
        interactive: {
          type: start().build().content.interactive.type,
          body: { text: chars(body) },
          footer: { text: chars(footer) },
        },
      })
      expectIssuesAt(
        start()
          .body(chars(body + 1))
          .safeBuild(),
        ['content.interactive.body.text'],
      )
      expectIssuesAt(
        start()
          .footer(chars(footer + 1))
          .safeBuild(),
        ['content.interactive.footer.text'],
      )
    }
  })
})

describe('location request', () => {
  test('the body and the send_location action', () => {
    expect(to.locationRequest('Where are you?').build()).toStrictEqual({
      user,
      type: 'interactive',
      content: {
        interactive: {
          type: 'location_request_message',
          body: { text: 'Where are you?' },
          action: { name: 'send_location' },
        },
      },
    })
  })
  test('body at and past its limit, and not empty', () => {
    const max = LIMITS.interactiveBody.max
    expectValid(to.locationRequest(chars(max)).safeBuild())
    expectIssuesAt(to.locationRequest(chars(max + 1)).safeBuild(), [
      'content.interactive.body.text',
    ])
    expectIssuesAt(to.locationRequest('').safeBuild(), ['content.interactive.body.text'])
  })
})

const template = () => to.template('t', 'en')

/** A template message with these components, for the parser. */
const withComponents = (components: unknown[]) => ({
  user,
  type: 'template',
  content: { template: { name: 't', language: 'en', components } },
})

describe('template buttons', () => {
  test('every sub-type, through its helper, in call order', () => {
    expect(
      template()
        .voiceCallButton(4, { ttlMinutes: 1440, payload: 'v' })
        .flowButton(3, { screen: 'START', data: { id: 7 } })
        .copyCode(2, 'SAVE10')
        .urlButton(1, 'track/42')
        .quickReply(0, 'stop')
        .voiceCallButton(5)
        .flowButton(6)
        .build().content.template.components,
    ).toStrictEqual([
      {
        type: 'button',
        subType: 'VoiceCall',
        index: 4,
        parameters: [
          { type: 'ttlMinutes', ttlMinutes: 1440 },
          { type: 'payload', payload: 'v' },
        ],
      },
      {
        type: 'button',
        subType: 'Flow',
        index: 3,
        parameters: [{ type: 'action', flowActionData: { screen: 'START', data: { id: 7 } } }],
      },
      {
        type: 'button',
        subType: 'CopyCode',
        index: 2,
        parameters: [{ type: 'couponCode', couponCode: 'SAVE10' }],
      },
      {
        type: 'button',
        subType: 'Url',
        index: 1,
        parameters: [{ type: 'text', text: 'track/42' }],
      },
      {
        type: 'button',
        subType: 'QuickReply',
        index: 0,
        parameters: [{ type: 'payload', payload: 'stop' }],
      },
      { type: 'button', subType: 'VoiceCall', index: 5 },
      { type: 'button', subType: 'Flow', index: 6, parameters: [{ type: 'action' }] },
    ])
  })
  test('the index at and past both bounds (a number not known at compile time)', () => {
    const { min, max } = LIMITS.templateButtonIndex
    const at = (index: number) => template().quickReply(index, 'p').safeBuild()
    expectValid(at(min))
    expectValid(at(max))
    expectIssuesAt(at(min - 1), ['content.template.components.0.index'])
    expectIssuesAt(at(max + 1), ['content.template.components.0.index'])
  })
  test('at most two Url buttons', () => {
    const two = template().urlButton(0, 'a').urlButton(1, 'b')
    expectValid(two.safeBuild())
    const third = two.urlButton(2, 'c').safeBuild()
    expectIssuesAt(third, ['content.template.components.2'])
    expect(third.issues?.[0]?.message).toBe(
      `Invalid button: a template has at most ${LIMITS.templateUrlButtons.max} Url buttons`,
    )
  })
  test('two buttons with one index are refused', () => {
    const result = template().quickReply(0, 'a').quickReply(0, 'b').safeBuild()
    expectIssuesAt(result, ['content.template.components.1.index'])
  })
  test('every sub-type but VoiceCall needs a parameter', () => {
    expectValid(template().button('VoiceCall', 0).safeBuild())
    for (const subType of ['QuickReply', 'Url', 'CopyCode', 'Flow'] as const) {
      const result = template().button(subType, 0).safeBuild()
      expectIssuesAt(result, ['content.template.components.0'])
      expect(result.issues?.[0]?.message).toBe(
        `Invalid button: a ${subType} button needs a parameter`,
      )
    }
  })
  test('ttlMinutes is for VoiceCall buttons only, within its bounds', () => {
    const ttl = (ttlMinutes: number) => ({ type: 'ttlMinutes', ttlMinutes }) as const
    expectIssuesAt(template().button('QuickReply', 0, ttl(60)).safeBuild(), [
      'content.template.components.0.parameters.0',
    ])
    const { min, max } = LIMITS.ttlMinutes
    expectValid(template().voiceCallButton(0, { ttlMinutes: min }).safeBuild())
    expectValid(template().voiceCallButton(0, { ttlMinutes: max }).safeBuild())
    expectIssuesAt(
      template()
        .voiceCallButton(0, { ttlMinutes: max + 1 })
        .safeBuild(),
      ['content.template.components.0.parameters.0.ttlMinutes'],
    )
    expectIssuesAt(
      template()
        .voiceCallButton(0, { ttlMinutes: min - 1 })
        .safeBuild(),
      ['content.template.components.0.parameters.0.ttlMinutes'],
    )
  })
  test("a Flow button's data, when given, is a non-empty object", () => {
    expectValid(template().flowButton(0, { screen: 'START' }).safeBuild())
    const result = template().flowButton(0, { data: {} }).safeBuild()
    expectIssuesAt(result, ['content.template.components.0.parameters.0.flowActionData.data'])
    expect(result.issues?.[0]?.message).toBe('Invalid data: must not be an empty object')
  })
  test('a button component from JSON needs its sub-type and index', () => {
    const result = safeParseMessage(
      withComponents([{ type: 'button', parameters: [{ type: 'payload', payload: 'p' }] }]),
    )
    expectIssuesAt(result, [
      'content.template.components.0.subType',
      'content.template.components.0.index',
    ])
  })
})

describe('template components', () => {
  test('header, body and the request components, in call order', () => {
    expect(
      template()
        .body('Ana', { type: 'text', name: 'otp', text: '123' })
        .header({ type: 'gif', url: 'https://example.com/a.mp4' })
        .callPermissionRequest()
        .requestContactInfo()
        .build().content.template.components,
    ).toStrictEqual([
      {
        type: 'body',
        parameters: [
          { type: 'text', text: 'Ana' },
          { type: 'text', name: 'otp', text: '123' },
        ],
      },
      { type: 'header', parameters: [{ type: 'gif', url: 'https://example.com/a.mp4' }] },
      { type: 'call_permission_request' },
      { type: 'request_contact_info' },
    ])
  })
  test('one component of each type but button', () => {
    const result = template().body('a').header('h').body('b').safeBuild()
    expectIssuesAt(result, ['content.template.components.2'])
    expect(result.issues?.[0]?.message).toBe(
      'Invalid component: a template has one component of each type but button',
    )
  })
  test('every parameter type is accepted, and an empty name is not', () => {
    const location = { latitude: 1.5, longitude: 2.5 }
    expectValid(
      template()
        .body(
          'text',
          { type: 'image', url: IMAGE },
          { type: 'video', url: IMAGE },
          { type: 'document', url: IMAGE },
          { type: 'gif', url: IMAGE },
          { type: 'location', location },
          { type: 'payload', payload: 'p' },
          { type: 'couponCode', couponCode: 'c' },
        )
        .safeBuild(),
    )
    expectIssuesAt(template().body({ type: 'text', name: '', text: 'x' }).safeBuild(), [
      'content.template.components.0.parameters.0.name',
    ])
  })
})

describe('template carousel', () => {
  const base = template().body('Our picks').card().header({ type: 'image', url: IMAGE })

  test('a chain of cards, indexed in order, after the bubble body', () => {
    expect(
      base
        .body('First')
        .quickReply(0, 'more-1')
        .urlButton(1, 'p/1')
        .card()
        .header({ type: 'video', url: IMAGE })
        .button('Url', 0, 'p/2')
        .build().content.template.components,
    ).toStrictEqual([
      { type: 'body', parameters: [{ type: 'text', text: 'Our picks' }] },
      {
        type: 'carousel',
        cards: [
          {
            cardIndex: 0,
            components: [
              { type: 'header', parameters: [{ type: 'image', url: IMAGE }] },
              { type: 'body', parameters: [{ type: 'text', text: 'First' }] },
              {
                type: 'button',
                subType: 'QuickReply',
                index: 0,
                parameters: [{ type: 'payload', payload: 'more-1' }],
              },
              {
                type: 'button',
                subType: 'Url',
                index: 1,
                parameters: [{ type: 'text', text: 'p/1' }],
              },
            ],
          },
          {
            cardIndex: 1,
            components: [
              { type: 'header', parameters: [{ type: 'video', url: IMAGE }] },
              {
                type: 'button',
                subType: 'Url',
                index: 0,
                parameters: [{ type: 'text', text: 'p/2' }],
              },
            ],
          },
        ],
      },
    ])
  })
  test('branches of one chain do not share their cards', () => {
    const one = base.urlButton(0, 'a')
    const two = one.card().urlButton(0, 'b')
    expect(one.build().content.template.components?.[1]).toStrictEqual({
      type: 'carousel',
      cards: [
        {
          cardIndex: 0,
          components: [
            { type: 'header', parameters: [{ type: 'image', url: IMAGE }] },
            { type: 'button', subType: 'Url', index: 0, parameters: [{ type: 'text', text: 'a' }] },
          ],
        },
      ],
    })
    expect(two.build().content.template.components?.[1]).toMatchObject({
      cards: [{ cardIndex: 0 }, { cardIndex: 1 }],
    })
    expect(one.build().content.template.components?.[1]).toMatchObject({ cards: [{}] })
  })
  test('cards at and past their limit (a count not known at compile time)', () => {
    let cards: TemplateCardBuilder<number> = template().card().quickReply(0, 'p')
    for (let i = 1; i < LIMITS.templateCarouselCards.max; i++)
      cards = cards.card().quickReply(0, 'p')
    expectValid(cards.safeBuild())
    // The eleventh card's index (10) is past cardIndex's range too.
    const result = cards.card().quickReply(0, 'p').safeBuild()
    expectIssuesAt(result, [
      'content.template.components.0.cards.10.cardIndex',
      'content.template.components.0',
    ])
    expect(result.issues?.[1]?.message).toBe('Invalid carousel: a carousel holds 1 to 10 cards')
  })
  test("a card button's index at and past its bounds, and its sub-types", () => {
    const { max } = LIMITS.templateCardButtonIndex
    const card = (index: number) => template().card().quickReply(index, 'p').safeBuild()
    expectValid(card(max))
    expectIssuesAt(card(max + 1), ['content.template.components.0.cards.0.components.0.index'])
    const copy = safeParseMessage(
      withComponents([
        {
          type: 'carousel',
          cards: [
            {
              cardIndex: 0,
              components: [
                {
                  type: 'button',
                  subType: 'CopyCode',
                  index: 0,
                  parameters: [{ type: 'couponCode', couponCode: 'c' }],
                },
              ],
            },
          ],
        },
      ]),
    )
    expectIssuesAt(copy, ['content.template.components.0.cards.0.components.0.subType'])
  })
  test('from JSON: a carousel without cards, and two cards with one index, are refused', () => {
    expectIssuesAt(safeParseMessage(withComponents([{ type: 'carousel' }])), [
      'content.template.components.0',
    ])
    const card = { cardIndex: 3, components: [] }
    expectIssuesAt(safeParseMessage(withComponents([{ type: 'carousel', cards: [card, card] }])), [
      'content.template.components.0.cards.1',
    ])
    expect(parseMessage(withComponents([{ type: 'carousel', cards: [card] }]))).toStrictEqual(
      withComponents([{ type: 'carousel', cards: [card] }]),
    )
  })
})
