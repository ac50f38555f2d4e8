import * as v from 'valibot'
import { describe, expect, test } from 'vitest'
import { msg, parseMessage } from '../src/index'
import {
  checkTemplate,
  fillTemplate,
  type KnownTemplate,
  knownTemplate,
  type RegisteredTemplate,
  RegisteredTemplatesSchema,
  templateParameters,
} from '../src/templates/index'

/** Registered templates in 8x8's answer shape (its OpenAPI example, and one like each kind). */
const ANSWER = {
  templates: [
    {
      channelId: 'ec36a867-3dd4-e911-814a-02d85f55fce8',
      channelName: 'My WhatsApp instance',
      templateName: 'order_update',
      language: 'en_US',
      languageName: 'English (US)',
      components: [
        { type: 'HEADER', format: 'Image', example: { headerHandle: ['https://x/y.jpg'] } },
        { type: 'BODY', text: 'Hi {{1}}, your order {{2}} has shipped' },
        { type: 'FOOTER', text: 'Reply STOP to opt out' },
        {
          type: 'BUTTONS',
          buttons: [
            { type: 'URL', text: 'Track', url: 'https://shop.example/track/{{1}}' },
            { type: 'QUICK_REPLY', text: 'Stop updates' },
            { type: 'PHONE_NUMBER', text: 'Call us', phoneNumber: '+15550100' },
          ],
        },
      ],
      category: 'UTILITY',
      status: 'APPROVED',
      statusName: 'Approved',
      createdAt: '2019-11-19T07:51:38.09Z',
      updatedAt: '2019-11-28T02:16:42.82Z',
    },
    {
      channelId: 'ec36a867-3dd4-e911-814a-02d85f55fce8',
      templateName: 'order_update',
      language: 'es',
      components: [{ type: 'BODY', text: 'Hola {{1}}' }],
      status: 'APPROVED',
    },
    {
      channelId: 'ec36a867-3dd4-e911-814a-02d85f55fce8',
      templateName: 'ticket_created',
      language: 'en',
      components: [
        { type: 'HEADER', format: 'Text', text: 'Ticket {{1}}' },
        {
          type: 'BODY',
          text: 'Hi, your booking have been confirmed. Here is your new booking information {{1}}',
        },
      ],
      status: 'PAUSED',
    },
    {
      channelId: 'ec36a867-3dd4-e911-814a-02d85f55fce8',
      templateName: 'otp_login',
      language: 'en_US',
      components: [
        { type: 'BODY', text: '{{1}} is your verification code.' },
        { type: 'BUTTONS', buttons: [{ type: 'OTP', text: 'Copy code' }] },
      ],
      category: 'AUTHENTICATION',
      status: 'APPROVED',
    },
    {
      channelId: 'ec36a867-3dd4-e911-814a-02d85f55fce8',
      templateName: 'spring_sale',
      language: 'en',
      components: [
        { type: 'BODY', text: 'New arrivals, {{1}}!' },
        {
          type: 'CAROUSEL',
          cards: [
            { type: 'HEADER', format: 'Image' },
            { type: 'BODY', text: 'Shoes {{1}}' },
            { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'More' }] },
            { type: 'HEADER', format: 'Video' },
            { type: 'BODY', text: 'Bags' },
            {
              type: 'BUTTONS',
              buttons: [{ type: 'URL', text: 'Shop', url: 'https://s.example/{{1}}' }],
            },
          ],
        },
      ],
      status: 'APPROVED',
    },
  ],
}

const registered = v.parse(RegisteredTemplatesSchema, ANSWER).templates
const known: KnownTemplate[] = registered.map(knownTemplate)

/** A registered, approved template of one channel, as the gateway lists it. */
const registeredAs = (name: string, components: KnownTemplate['components']): KnownTemplate => ({
  name,
  language: 'en',
  status: 'approved',
  components,
})

/** A sent body of text parameters. */
const textBody = (...texts: string[]) => ({
  type: 'body',
  parameters: texts.map((text) => ({ type: 'text', text })),
})

/** The wire `content.template` of a send built with the DSL. */
function sent(build: () => { content: unknown }): unknown {
  return (build().content as { template: unknown }).template
}

const goodOrder = () =>
  msg
    .to('+15551234567')
    .template('order_update', 'en_US')
    .header({ type: 'image', url: 'https://shop.example/box.jpg' })
    .body('Jason', 'ORD-42')
    .urlButton(0, 'ORD-42')
    .quickReply(1, 'stop')
    .build()

describe('the registry', () => {
  test('reads 8x8’s answer, keeping fields it does not know', () => {
    const first = registered[0] as RegisteredTemplate
    expect(first.templateName).toBe('order_update')
    expect((first.components[0] as Record<string, unknown>).example).toEqual({
      headerHandle: ['https://x/y.jpg'],
    })
    expect(
      v.safeParse(RegisteredTemplatesSchema, { templates: [{ templateName: 'x' }] }).success,
    ).toBe(false)
  })

  test('knownTemplate lower-cases the status; a template without one is approved', () => {
    expect(known.map((t) => `${t.name}:${t.language}:${t.status}`)).toEqual([
      'order_update:en_US:approved',
      'order_update:es:approved',
      'ticket_created:en:paused',
      'otp_login:en_US:approved',
      'spring_sale:en:approved',
    ])
    expect(
      knownTemplate({ channelId: 'c', templateName: 'n', language: 'en', components: [] }).status,
    ).toBe('approved')
  })

  test('templateParameters describes what a send must carry', () => {
    expect(templateParameters(registered[0]?.components ?? [])).toEqual({
      header: { format: 'image', parameters: 1 },
      body: 2,
      buttons: [
        { index: 0, type: 'URL', subType: 'Url', parameters: 1, text: 'Track' },
        {
          index: 1,
          type: 'QUICK_REPLY',
          subType: 'QuickReply',
          parameters: 0,
          text: 'Stop updates',
        },
        { index: 2, type: 'PHONE_NUMBER', subType: null, parameters: 0, text: 'Call us' },
      ],
    })
    expect(templateParameters(registered[2]?.components ?? [])).toEqual({
      header: { format: 'text', parameters: 1 },
      body: 1,
      buttons: [],
    })
    expect(templateParameters(registered[3]?.components ?? [])).toEqual({
      header: null,
      body: 1,
      buttons: [{ index: 0, type: 'OTP', subType: 'Url', parameters: 1, text: 'Copy code' }],
    })
    expect(templateParameters(registered[4]?.components ?? [])).toEqual({
      header: null,
      body: 1,
      buttons: [],
      cards: [
        {
          header: { format: 'image', parameters: 1 },
          body: 1,
          buttons: [
            { index: 0, type: 'QUICK_REPLY', subType: 'QuickReply', parameters: 0, text: 'More' },
          ],
        },
        {
          header: { format: 'video', parameters: 1 },
          body: 0,
          buttons: [{ index: 0, type: 'URL', subType: 'Url', parameters: 1, text: 'Shop' }],
        },
      ],
    })
  })

  test('Meta’s card shape ({ components } per card) reads the same', () => {
    expect(
      templateParameters([
        {
          type: 'CAROUSEL',
          cards: [
            {
              components: [
                { type: 'HEADER', format: 'Image' },
                { type: 'BODY', text: '{{1}}' },
              ],
            },
          ],
        },
      ]).cards,
    ).toEqual([{ header: { format: 'image', parameters: 1 }, body: 1, buttons: [] }])
  })
})

describe('checkTemplate', () => {
  test('a send that fits has no issue', () => {
    expect(checkTemplate(sent(goodOrder), known)).toEqual([])
  })

  test('an unknown name, an unknown language: 3038', () => {
    expect(checkTemplate({ name: 'order_updat', language: 'en_US' }, known)).toEqual([
      {
        path: 'content.template.name',
        rule: 'unknown_name',
        code: 3038,
        message: 'No template named order_updat is registered.',
      },
    ])
    expect(checkTemplate({ name: 'order_update', language: 'fr' }, known)).toEqual([
      {
        path: 'content.template.language',
        rule: 'unknown_language',
        code: 3038,
        message: 'order_update is registered in en_US, es, not fr.',
      },
    ])
  })

  test('a paused template, and its header and body left out', () => {
    expect(checkTemplate({ name: 'ticket_created', language: 'en' }, known)).toEqual([
      {
        path: 'content.template.name',
        rule: 'not_approved',
        code: undefined,
        message: 'ticket_created (en) is paused: WhatsApp sends approved templates only.',
      },
      {
        path: 'content.template',
        rule: 'header_missing',
        code: 3041,
        message: 'ticket_created (en) has a text header: the send needs its parameter.',
      },
      {
        path: 'content.template',
        rule: 'body_count',
        code: 3040,
        message: 'The body of ticket_created (en) takes 1 parameter; 0 given.',
      },
    ])
  })

  test('the wrong body count, too few and too many', () => {
    const few = msg
      .to('+15551234567')
      .template('order_update', 'en_US')
      .header({ type: 'image', url: 'https://shop.example/box.jpg' })
      .body('Jason')
      .urlButton(0, 'x')
    expect(
      checkTemplate(
        sent(() => few.build()),
        known,
      ),
    ).toEqual([
      {
        path: 'content.template.components.1.parameters',
        rule: 'body_count',
        code: 3041,
        message: 'The body of order_update (en_US) takes 2 parameters; 1 given.',
      },
    ])
    const many = {
      name: 'order_update',
      language: 'en_US',
      components: [
        { type: 'header', parameters: [{ type: 'image', url: 'https://shop.example/box.jpg' }] },
        { type: 'body', parameters: ['a', 'b', 'c'].map((text) => ({ type: 'text', text })) },
        { type: 'button', subType: 'Url', index: 0, parameters: [{ type: 'text', text: 'x' }] },
      ],
    }
    expect(checkTemplate(many, known)).toMatchObject([
      { path: 'content.template.components.1.parameters', rule: 'body_count', code: 3033 },
    ])
  })

  test('a missing image header, and a video where the image goes', () => {
    const noHeader = msg
      .to('+15551234567')
      .template('order_update', 'en_US')
      .body('J', 'O')
      .urlButton(0, 'x')
    expect(
      checkTemplate(
        sent(() => noHeader.build()),
        known,
      ),
    ).toEqual([
      {
        path: 'content.template.components',
        rule: 'header_missing',
        code: 3041,
        message: 'order_update (en_US) has an image header: the send needs its image.',
      },
    ])
    const video = noHeader.header({ type: 'video', url: 'https://shop.example/v.mp4' })
    expect(
      checkTemplate(
        sent(() => video.build()),
        known,
      ),
    ).toEqual([
      {
        path: 'content.template.components.2.parameters.0.type',
        rule: 'header_format',
        code: 3042,
        message:
          'The header of order_update (en_US) is an image: expected an image parameter, not a video.',
      },
    ])
  })

  test('a button index the template lacks, the wrong sub-type, a button that takes nothing', () => {
    const base = {
      name: 'order_update',
      language: 'en_US',
      components: [
        { type: 'header', parameters: [{ type: 'image', url: 'https://shop.example/b.jpg' }] },
        {
          type: 'body',
          parameters: [
            { type: 'text', text: 'J' },
            { type: 'text', text: 'O' },
          ],
        },
        { type: 'button', subType: 'url', index: '0', parameters: [{ type: 'text', text: 'x' }] },
      ],
    }
    expect(checkTemplate(base, known)).toEqual([])
    const extra = (component: object) => ({ ...base, components: [...base.components, component] })
    expect(
      checkTemplate(
        extra({
          type: 'button',
          subType: 'QuickReply',
          index: 5,
          parameters: [{ type: 'payload', payload: 'p' }],
        }),
        known,
      ),
    ).toEqual([
      {
        path: 'content.template.components.3.index',
        rule: 'button_index',
        code: 3053,
        message: 'order_update (en_US) has buttons 0 to 2; the send names button 5.',
      },
    ])
    expect(
      checkTemplate(
        extra({
          type: 'button',
          subType: 'Url',
          index: 1,
          parameters: [{ type: 'text', text: 'p' }],
        }),
        known,
      ),
    ).toEqual([
      {
        path: 'content.template.components.3.subType',
        rule: 'button_sub_type',
        code: 3052,
        message:
          'Button 1 (QUICK_REPLY "Stop updates") of order_update (en_US) is a QuickReply button, not Url.',
      },
    ])
    expect(
      checkTemplate(
        extra({
          type: 'button',
          subType: 'Url',
          index: 2,
          parameters: [{ type: 'text', text: 'p' }],
        }),
        known,
      ),
    ).toEqual([
      {
        path: 'content.template.components.3',
        rule: 'button_parameter',
        code: 3049,
        message:
          'Button 2 (PHONE_NUMBER "Call us") of order_update (en_US) takes nothing from the send.',
      },
    ])
    expect(
      checkTemplate(
        extra({
          type: 'button',
          subType: 'Url',
          index: 0,
          parameters: [{ type: 'text', text: 'p' }],
        }),
        known,
      ),
    ).toMatchObject([
      {
        path: 'content.template.components.3.index',
        rule: 'button_index',
        message: 'Button 0 is given twice.',
      },
    ])
  })

  test('a URL button’s suffix left out, and a parameter of the wrong type', () => {
    const components = [
      { type: 'header', parameters: [{ type: 'image', url: 'https://shop.example/b.jpg' }] },
      {
        type: 'body',
        parameters: [
          { type: 'text', text: 'J' },
          { type: 'image', url: 'https://i.example/a.png' },
        ],
      },
    ]
    expect(
      checkTemplate({ name: 'order_update', language: 'en_US', components }, known, {
        path: 'messages.3.content.template',
      }),
    ).toEqual([
      {
        path: 'messages.3.content.template.components.1.parameters.1.type',
        rule: 'parameter_type',
        code: 3042,
        message: 'The body’s parameters are text; parameter 2 is an image.',
      },
      {
        path: 'messages.3.content.template.components',
        rule: 'button_parameter',
        code: 3049,
        message:
          'Button 0 (URL "Track") of order_update (en_US) needs its URL suffix: the send has no component for it.',
      },
    ])
  })

  test('an authentication template takes its code as a Url button (8x8’s sub-type 1)', () => {
    const template = {
      name: 'otp_login',
      language: 'en_US',
      components: [
        { type: 'body', parameters: [{ type: 'text', text: '123456' }] },
        { type: 'button', subType: 1, index: 0, parameters: [{ type: 'text', text: '123456' }] },
      ],
    }
    expect(checkTemplate(template, known)).toEqual([])
  })

  test('an authentication BODY registered without its text takes the code, as Meta’s does', () => {
    // 8x8's POST shape: Meta writes the body around the code; the send gives the code.
    const otp = registeredAs('otp', [
      { type: 'BODY', add_security_recommendation: true },
      { type: 'BUTTONS', buttons: [{ type: 'OTP', text: 'Copy code' }] },
    ])
    const code = {
      type: 'button',
      subType: 'url',
      index: 0,
      parameters: [textBody('1').parameters[0]],
    }
    expect(
      checkTemplate({ name: 'otp', language: 'en', components: [textBody('123456'), code] }, [otp]),
    ).toEqual([])
    expect(checkTemplate({ name: 'otp', language: 'en', components: [code] }, [otp])).toEqual([
      {
        path: 'content.template.components',
        rule: 'body_count',
        code: 3040,
        message: 'The body of otp (en) takes 1 parameter; 0 given.',
      },
    ])
    expect(
      fillTemplate({ name: 'otp', language: 'en', components: [textBody('123456')] }, otp).body,
    ).toEqual([
      {
        kind: 'parameter',
        index: 1,
        value: '123456',
        fits: true,
        path: 'content.template.components.0.parameters.0',
      },
    ])
    // A BODY without text and no OTP button is fixed text: nothing to give.
    expect(templateParameters([{ type: 'BODY' }]).body).toBe(0)
  })

  test('a language differing only in case names the same registration, and is sent as Meta spells it', () => {
    const send = {
      name: 'order_update',
      language: 'en_us',
      components: [
        { type: 'header', parameters: [{ type: 'image', url: 'https://shop.example/b.jpg' }] },
        textBody('J', 'O'),
        { type: 'button', subType: 'Url', index: 0, parameters: [{ type: 'text', text: 'x' }] },
      ],
    }
    expect(checkTemplate(send, known)).toEqual([])
    expect(checkTemplate({ ...send, language: 'EN_US' }, known)).toEqual([])
    const built = msg.to('+15551234567').template('order_update', 'en_us').body('J', 'O').build()
    expect((built.content as { template: { language: string } }).template.language).toBe('en_US')
    const parsed = parseMessage({
      user: { msisdn: '+15551234567' },
      type: 'template',
      content: { template: send },
    })
    expect((parsed.content as { template: { language: string } }).template.language).toBe('en_US')
  })

  test('a body too long once filled in, a footer sent, a carousel on a template without one', () => {
    const template = {
      name: 'order_update',
      language: 'en_US',
      components: [
        { type: 'header', parameters: [{ type: 'image', url: 'https://shop.example/b.jpg' }] },
        {
          type: 'body',
          parameters: [
            { type: 'text', text: 'J'.repeat(1000) },
            { type: 'text', text: 'x'.repeat(30) },
          ],
        },
        { type: 'button', subType: 'Url', index: 0, parameters: [{ type: 'text', text: 'x' }] },
        { type: 'footer', parameters: [{ type: 'text', text: 'f' }] },
        { type: 'carousel', cards: [] },
      ],
    }
    expect(
      checkTemplate(template, known).map((issue) => [issue.path, issue.rule, issue.code]),
    ).toEqual([
      ['content.template.components.1.parameters', 'parameter_too_long', 3043],
      ['content.template.components.3', 'component_unexpected', 3034],
      ['content.template.components.4', 'component_unexpected', 3034],
    ])
  })

  test('a carousel template: its cards counted, each card checked', () => {
    const card = (cardIndex: number, components: object[]) => ({ cardIndex, components })
    const template = (cards: object[]) => ({
      name: 'spring_sale',
      language: 'en',
      components: [
        { type: 'body', parameters: [{ type: 'text', text: 'Ana' }] },
        { type: 'carousel', cards },
      ],
    })
    const first = card(0, [
      { type: 'header', parameters: [{ type: 'image', url: 'https://s.example/1.jpg' }] },
      { type: 'body', parameters: [{ type: 'text', text: '40% off' }] },
    ])
    const second = card(1, [
      { type: 'header', parameters: [{ type: 'video', url: 'https://s.example/2.mp4' }] },
      { type: 'button', subType: 'Url', index: 0, parameters: [{ type: 'text', text: 'bags' }] },
    ])
    expect(checkTemplate(template([first, second]), known)).toEqual([])
    expect(checkTemplate(template([first]), known)).toEqual([
      {
        path: 'content.template.components.1.cards',
        rule: 'card_count',
        code: 3034,
        message: 'spring_sale (en) is a carousel of 2 cards; 1 given.',
      },
    ])
    expect(
      checkTemplate(template([first, card(1, [])]), known).map((i) => [i.path, i.rule]),
    ).toEqual([
      ['content.template.components.1.cards.1.components', 'header_missing'],
      ['content.template.components.1.cards.1.components', 'button_parameter'],
    ])
    expect(
      checkTemplate(
        {
          name: 'spring_sale',
          language: 'en',
          components: [{ type: 'body', parameters: [{ type: 'text', text: 'A' }] }],
        },
        known,
      ),
    ).toMatchObject([{ path: 'content.template.components', rule: 'card_count' }])
  })

  test('placeholders are positional: {{2}} takes the second parameter, however often', () => {
    // {{2}} nine times and {{1}} once: 1 + 9 × 120 = 1,081 characters, over a body's 1,024.
    const repeated = registeredAs('positional', [
      { type: 'BODY', text: '{{2}}{{1}}{{2}}{{2}}{{2}}{{2}}{{2}}{{2}}{{2}}{{2}}' },
    ])
    const send = (second: string) => ({
      name: 'positional',
      language: 'en',
      components: [textBody('a', second)],
    })
    expect(checkTemplate(send('b'.repeat(120)), [repeated])).toEqual([
      {
        path: 'content.template.components.0.parameters',
        rule: 'parameter_too_long',
        code: 3043,
        message: 'Filled in, the body of positional (en) is longer than 1024 characters.',
      },
    ])
    // 1 + 9 × 113 = 1,018: fits.
    expect(checkTemplate(send('b'.repeat(113)), [repeated])).toEqual([])
  })

  test('a repeated {{1}} and named placeholders count once each, named ones in order of use', () => {
    const repeated = registeredAs('r', [{ type: 'BODY', text: 'Hi {{1}}, yes {{1}}' }])
    expect(
      checkTemplate({ name: 'r', language: 'en', components: [textBody('A')] }, [repeated]),
    ).toEqual([])
    const named = registeredAs('n', [
      { type: 'BODY', text: 'Hi {{first_name}}, {{order_id}} for {{first_name}}' },
    ])
    expect(
      checkTemplate({ name: 'n', language: 'en', components: [textBody('A', 'B')] }, [named]),
    ).toEqual([])
    expect(templateParameters([{ type: 'BODY', text: 'Order {{2}} for {{1}}, {{2}}' }]).body).toBe(
      2,
    )
  })

  test('lengths are counted in characters (code points), as WhatsApp counts them', () => {
    const header = registeredAs('emoji', [
      { type: 'HEADER', format: 'Text', text: '{{1}}' },
      { type: 'BODY', text: 'Hi' },
    ])
    const send = (value: string) => ({
      name: 'emoji',
      language: 'en',
      components: [{ type: 'header', parameters: [{ type: 'text', text: value }] }],
    })
    // 60 emoji: 120 UTF-16 units, 60 characters.
    expect(checkTemplate(send('🎉'.repeat(60)), [header])).toEqual([])
    expect(checkTemplate(send('🎉'.repeat(61)), [header])).toEqual([
      {
        path: 'content.template.components.0.parameters.0',
        rule: 'parameter_too_long',
        code: 3043,
        message: 'Filled in, the header of emoji (en) is longer than 60 characters.',
      },
    ])
  })

  test('a button given more than its one parameter', () => {
    const template = {
      name: 'order_update',
      language: 'en_US',
      components: [
        { type: 'header', parameters: [{ type: 'image', url: 'https://shop.example/b.jpg' }] },
        textBody('J', 'O'),
        {
          type: 'button',
          subType: 'Url',
          index: 0,
          parameters: [
            { type: 'text', text: 'x' },
            { type: 'text', text: 'y' },
          ],
        },
        {
          type: 'button',
          subType: 'QuickReply',
          index: 1,
          parameters: [
            { type: 'payload', payload: 'a' },
            { type: 'payload', payload: 'b' },
            { type: 'payload', payload: 'c' },
          ],
        },
      ],
    }
    expect(checkTemplate(template, known)).toEqual([
      {
        path: 'content.template.components.2.parameters',
        rule: 'button_parameter',
        code: 3033,
        message: 'Button 0 (URL "Track") of order_update (en_US) takes 1 parameter; 2 given.',
      },
      {
        path: 'content.template.components.3.parameters',
        rule: 'button_parameter',
        code: 3033,
        message:
          'Button 1 (QUICK_REPLY "Stop updates") of order_update (en_US) takes 1 parameter; 3 given.',
      },
    ])
  })

  test('a carousel naming a card twice and another never', () => {
    const first = {
      cardIndex: 0,
      components: [
        { type: 'header', parameters: [{ type: 'image', url: 'https://s.example/1.jpg' }] },
        textBody('40% off'),
      ],
    }
    const send = (cards: object[]) => ({
      name: 'spring_sale',
      language: 'en',
      components: [textBody('Ana'), { type: 'carousel', cards }],
    })
    expect(checkTemplate(send([first, first]), known)).toEqual([
      {
        path: 'content.template.components.1.cards.1.cardIndex',
        rule: 'card_count',
        code: 3034,
        message: 'Card 0 is given twice.',
      },
      {
        path: 'content.template.components.1.cards',
        rule: 'card_count',
        code: 3034,
        message: 'spring_sale (en) is a carousel of 2 cards; card 1 is missing.',
      },
    ])
    expect(checkTemplate(send([first, { ...first, cardIndex: 7 }]), known)).toEqual([
      {
        path: 'content.template.components.1.cards.1.cardIndex',
        rule: 'card_count',
        code: 3034,
        message: 'spring_sale (en) has cards 0 to 1; the send names card 7.',
      },
      {
        path: 'content.template.components.1.cards',
        rule: 'card_count',
        code: 3034,
        message: 'spring_sale (en) is a carousel of 2 cards; card 1 is missing.',
      },
    ])
  })

  test('hostile input is read, not trusted', () => {
    for (const input of [
      null,
      7,
      'x',
      [],
      { name: 1 },
      { name: 'order_update', language: 'en_US', components: 'no' },
    ])
      expect(() => checkTemplate(input, known)).not.toThrow()
    expect(checkTemplate({ name: '__proto__', language: 'en' }, known)).toMatchObject([
      { rule: 'unknown_name' },
    ])
  })
})

describe('fillTemplate', () => {
  const order = known[0] as KnownTemplate
  const text = (parts: readonly { kind: string; text?: string; value?: string | null }[]) =>
    parts.map((part) => (part.kind === 'text' ? part.text : `[${part.value}]`)).join('')

  test('fills a send in, as the customer reads it', () => {
    const filled = fillTemplate(sent(goodOrder), order)
    expect(filled).toEqual({
      header: { kind: 'media', format: 'image', url: 'https://shop.example/box.jpg', fits: true },
      body: [
        { kind: 'text', text: 'Hi ' },
        {
          kind: 'parameter',
          index: 1,
          value: 'Jason',
          fits: true,
          path: 'content.template.components.1.parameters.0',
        },
        { kind: 'text', text: ', your order ' },
        {
          kind: 'parameter',
          index: 2,
          value: 'ORD-42',
          fits: true,
          path: 'content.template.components.1.parameters.1',
        },
        { kind: 'text', text: ' has shipped' },
      ],
      footer: 'Reply STOP to opt out',
      buttons: [
        {
          index: 0,
          type: 'URL',
          text: 'Track',
          url: 'https://shop.example/track/ORD-42',
          value: 'ORD-42',
          fits: true,
        },
        {
          index: 1,
          type: 'QUICK_REPLY',
          text: 'Stop updates',
          url: null,
          value: 'stop',
          fits: true,
        },
        { index: 2, type: 'PHONE_NUMBER', text: 'Call us', url: null, value: null, fits: true },
      ],
      cards: null,
      issues: [],
    })
    expect(text(filled.body)).toBe('Hi [Jason], your order [ORD-42] has shipped')
  })

  test('marks what does not fit', () => {
    const filled = fillTemplate(
      {
        name: 'order_update',
        language: 'en_US',
        components: [
          { type: 'body', parameters: [{ type: 'image', url: 'https://i.example/a.png' }] },
        ],
      },
      order,
    )
    expect(filled.header).toEqual({ kind: 'media', format: 'image', url: null, fits: false })
    expect(filled.body.filter((part) => part.kind === 'parameter')).toEqual([
      {
        kind: 'parameter',
        index: 1,
        value: 'https://i.example/a.png',
        fits: false,
        path: 'content.template.components.0.parameters.0',
      },
      {
        kind: 'parameter',
        index: 2,
        value: null,
        fits: false,
        path: 'content.template.components.0.parameters.1',
      },
    ])
    expect(filled.buttons[0]).toEqual({
      index: 0,
      type: 'URL',
      text: 'Track',
      url: 'https://shop.example/track/',
      value: null,
      fits: false,
    })
    expect(filled.issues.map((issue) => issue.rule)).toEqual([
      'header_missing',
      'body_count',
      'parameter_type',
      'button_parameter',
    ])
  })

  test('fills {{2}} with the second parameter wherever it stands', () => {
    const filled = fillTemplate(
      { name: 'p', language: 'en', components: [textBody('Jason', 'ORD-42')] },
      registeredAs('p', [{ type: 'BODY', text: 'Order {{2}} for {{1}} ({{2}})' }]),
    )
    expect(text(filled.body)).toBe('Order [ORD-42] for [Jason] ([ORD-42])')
    expect(filled.body.filter((part) => part.kind === 'parameter')).toEqual([
      {
        kind: 'parameter',
        index: 2,
        value: 'ORD-42',
        fits: true,
        path: 'content.template.components.0.parameters.1',
      },
      {
        kind: 'parameter',
        index: 1,
        value: 'Jason',
        fits: true,
        path: 'content.template.components.0.parameters.0',
      },
      {
        kind: 'parameter',
        index: 2,
        value: 'ORD-42',
        fits: true,
        path: 'content.template.components.0.parameters.1',
      },
    ])
    expect(filled.issues).toEqual([])
  })

  test('a value whose component is missing points where the component goes', () => {
    const filled = fillTemplate(
      { name: 'ticket_created', language: 'en', components: [] },
      known[2] as KnownTemplate,
    )
    expect(filled.body.filter((part) => part.kind === 'parameter')).toEqual([
      {
        kind: 'parameter',
        index: 1,
        value: null,
        fits: false,
        path: 'content.template.components',
      },
    ])
  })

  test('a text header and a carousel’s cards', () => {
    const ticket = fillTemplate(
      {
        name: 'ticket_created',
        language: 'en',
        components: [
          { type: 'header', parameters: [{ type: 'text', text: '#42' }] },
          { type: 'body', parameters: [{ type: 'text', text: 'Oct 9' }] },
        ],
      },
      known[2] as KnownTemplate,
    )
    expect(ticket.header?.kind === 'text' && text(ticket.header.parts)).toBe('Ticket [#42]')
    const sale = fillTemplate(
      {
        name: 'spring_sale',
        language: 'en',
        components: [
          { type: 'body', parameters: [{ type: 'text', text: 'Ana' }] },
          {
            type: 'carousel',
            cards: [
              {
                cardIndex: 1,
                components: [
                  {
                    type: 'header',
                    parameters: [{ type: 'video', url: 'https://s.example/2.mp4' }],
                  },
                  {
                    type: 'button',
                    subType: 'Url',
                    index: 0,
                    parameters: [{ type: 'text', text: 'bags' }],
                  },
                ],
              },
              {
                cardIndex: 0,
                components: [
                  {
                    type: 'header',
                    parameters: [{ type: 'image', url: 'https://s.example/1.jpg' }],
                  },
                  { type: 'body', parameters: [{ type: 'text', text: '40%' }] },
                ],
              },
            ],
          },
        ],
      },
      known[4] as KnownTemplate,
    )
    expect(
      sale.cards?.map((card) => [card.header, text(card.body), card.buttons.map((b) => b.url)]),
    ).toEqual([
      [
        { kind: 'media', format: 'image', url: 'https://s.example/1.jpg', fits: true },
        'Shoes [40%]',
        [null],
      ],
      [
        { kind: 'media', format: 'video', url: 'https://s.example/2.mp4', fits: true },
        'Bags',
        ['https://s.example/bags'],
      ],
    ])
    expect(sale.issues).toEqual([])
  })
})
