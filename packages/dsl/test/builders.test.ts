/** Each kind of content and each envelope option: the whole wire object, exactly. */
import { describe, expect, test } from 'vitest'
import { msg } from '../src/index'
import { to } from './helpers'

const user = { msisdn: '+15551234567' }

describe('recipients', () => {
  test('an E.164 string becomes user.msisdn', () => {
    expect(msg.to('+6512345678').text('Hi').build().user).toStrictEqual({ msisdn: '+6512345678' })
  })
  test('a national number with its country', () => {
    expect(msg.to({ msisdn: '91234567', country: 'SG' }).text('Hi').build().user).toStrictEqual({
      msisdn: '91234567',
      country: 'SG',
    })
  })
  test('a WhatsApp business-scoped user id', () => {
    expect(
      msg.to({ channelUserId: 'US.13491208655302741918' }).text('Hi').build().user,
    ).toStrictEqual({
      channelUserId: 'US.13491208655302741918',
    })
  })
  test('a LINE user id', () => {
    const lineUserId = `U${'0123456789abcdef'.repeat(2)}`
    expect(msg.to({ lineUserId }).text('Hi').build().user).toStrictEqual({ lineUserId })
  })
  test('a number that is not E.164 and has no country is refused', () => {
    expect(msg.to('0912345678').text('Hi').safeBuild().issues).toStrictEqual([
      {
        path: 'user.msisdn',
        message:
          'Invalid msisdn: expected an E.164 number such as +15551234567 (or give its country)',
        expected: null,
        received: '"0912345678"',
      },
    ])
  })
})

describe('envelope options', () => {
  test('every option, in any order, in 8x8 field order on the wire', () => {
    const message = to
      .dlrCallbackUrl('https://example.com/receipts')
      .text('Hi')
      .replyTo('82188ee0-109f-e811-8150-020897df5459')
      .expiry(new Date(Date.UTC(2026, 0, 31, 9, 0, 0)))
      .scheduled('2026-01-30T09:00:00Z')
      .channels([
        { channel: 'WhatsApp', fallbackAfter: 60, successStatus: 'Delivered' },
        { channel: 'SMS' },
      ])
      .clientMessageId('order-42')
      .build()
    expect(message).toStrictEqual({
      user,
      type: 'text',
      content: { text: 'Hi' },
      clientMessageId: 'order-42',
      channels: [
        { channel: 'WhatsApp', fallbackAfter: 60, successStatus: 'Delivered' },
        { channel: 'SMS' },
      ],
      scheduled: '2026-01-30T09:00:00Z',
      expiry: '2026-01-31T09:00:00.000Z',
      dlrCallbackUrl: 'https://example.com/receipts',
      context: { umid: '82188ee0-109f-e811-8150-020897df5459' },
    })
    expect(Object.keys(message)).toStrictEqual([
      'user',
      'type',
      'content',
      'clientMessageId',
      'channels',
      'scheduled',
      'expiry',
      'dlrCallbackUrl',
      'context',
    ])
  })

  test('an invalid Date is reported, not thrown', () => {
    const result = to.text('Hi').expiry(new Date(Number.NaN)).safeBuild()
    expect(result.issues?.map((issue) => issue.path)).toStrictEqual(['expiry'])
  })

  test('a fallback delay outside 10..86400 seconds is refused', () => {
    const result = to
      .text('Hi')
      .channels([{ channel: 'SMS', fallbackAfter: 5 }])
      .safeBuild()
    expect(result.issues?.map((issue) => issue.path)).toStrictEqual(['channels.0.fallbackAfter'])
  })
})

describe('content kinds', () => {
  test('text', () => {
    expect(to.text('Hello *world*').build()).toStrictEqual({
      user,
      type: 'text',
      content: { text: 'Hello *world*' },
    })
  })
  test('image with a caption, video without', () => {
    expect(to.image('https://example.com/a.png', { caption: 'A' }).build()).toStrictEqual({
      user,
      type: 'image',
      content: { url: 'https://example.com/a.png', text: 'A' },
    })
    expect(to.video('https://example.com/v.mp4').build()).toStrictEqual({
      user,
      type: 'video',
      content: { url: 'https://example.com/v.mp4' },
    })
  })
  test('audio', () => {
    expect(to.audio('https://example.com/a.mp3').build()).toStrictEqual({
      user,
      type: 'audio',
      content: { url: 'https://example.com/a.mp3' },
    })
  })
  test('file (a document)', () => {
    expect(to.file('https://example.com/a.pdf', { caption: 'Brochure' }).build()).toStrictEqual({
      user,
      type: 'file',
      content: { url: 'https://example.com/a.pdf', text: 'Brochure' },
    })
  })
  test('location', () => {
    expect(
      to.location({ latitude: 1.2857, longitude: 103.8479, name: 'Office' }).build(),
    ).toStrictEqual({
      user,
      type: 'location',
      content: { location: { latitude: 1.2857, longitude: 103.8479, name: 'Office' } },
    })
  })
  test('a list whose first rows need no section call', () => {
    expect(to.list('Open').body('Pick').row('a', 'A').row('b', 'B', 'Bee').build()).toStrictEqual({
      user,
      type: 'interactive',
      content: {
        interactive: {
          type: 'list',
          body: { text: 'Pick' },
          action: {
            button: 'Open',
            sections: [
              {
                rows: [
                  { id: 'a', title: 'A' },
                  { id: 'b', title: 'B', description: 'Bee' },
                ],
              },
            ],
          },
        },
      },
    })
  })
  test('reply buttons with each header variant', () => {
    const base = to.buttons().body('Pick').reply('a', 'A')
    const headerOf = (builder: typeof base) => builder.build().content.interactive.header
    expect(headerOf(base.header('Hi'))).toStrictEqual({ type: 'text', text: 'Hi' })
    expect(headerOf(base.headerImage('https://example.com/a.png'))).toStrictEqual({
      type: 'image',
      image: { link: 'https://example.com/a.png' },
    })
    expect(headerOf(base.headerVideo('https://example.com/v.mp4'))).toStrictEqual({
      type: 'video',
      video: { link: 'https://example.com/v.mp4' },
    })
    expect(headerOf(base.headerDocument('https://example.com/a.pdf', 'a.pdf'))).toStrictEqual({
      type: 'document',
      document: { link: 'https://example.com/a.pdf', filename: 'a.pdf' },
    })
    expect(headerOf(base.headerDocument('https://example.com/a.pdf'))).toStrictEqual({
      type: 'document',
      document: { link: 'https://example.com/a.pdf' },
    })
  })
  test('a flow with its action and payload', () => {
    expect(
      to
        .flow('1633450807827276', 'Book now')
        .body('Book a demo')
        .action('navigate', { screen: 'WELCOME', data: { plan: 'pro', seats: 3 } })
        .build().content,
    ).toStrictEqual({
      interactive: {
        type: 'flow',
        body: { text: 'Book a demo' },
        action: {
          parameters: {
            flowId: '1633450807827276',
            flowCta: 'Book now',
            flowAction: 'navigate',
            flowActionPayload: { screen: 'WELCOME', data: { plan: 'pro', seats: 3 } },
          },
        },
      },
    })
  })
  test('a product list with one section', () => {
    expect(
      to.productList('cat').header('H').body('B').section('S').items(['x', 'y']).build().content,
    ).toStrictEqual({
      interactive: {
        type: 'product_list',
        header: { type: 'text', text: 'H' },
        body: { text: 'B' },
        action: {
          catalog_id: 'cat',
          sections: [
            {
              title: 'S',
              product_items: [{ product_retailer_id: 'x' }, { product_retailer_id: 'y' }],
            },
          ],
        },
      },
    })
  })
  test('a product list needs its text header', () => {
    const result = to.productList('cat').body('B').section('S').item('x').safeBuild()
    expect(result.issues?.map((issue) => issue.path)).toStrictEqual(['content.interactive.header'])
  })
  test('a template with header, body and button parameters', () => {
    expect(
      to
        .template('order_update', 'en_US')
        .header({ type: 'image', url: 'https://example.com/a.png' })
        .body('Jason', { type: 'couponCode', couponCode: 'SAVE10' })
        .button('Url', 0, 'track/42')
        .button('QuickReply', 1, { type: 'payload', payload: 'stop' })
        .build(),
    ).toStrictEqual({
      user,
      type: 'template',
      content: {
        template: {
          name: 'order_update',
          language: 'en_US',
          components: [
            { type: 'header', parameters: [{ type: 'image', url: 'https://example.com/a.png' }] },
            {
              type: 'body',
              parameters: [
                { type: 'text', text: 'Jason' },
                { type: 'couponCode', couponCode: 'SAVE10' },
              ],
            },
            {
              type: 'button',
              subType: 'Url',
              index: 0,
              parameters: [{ type: 'text', text: 'track/42' }],
            },
            {
              type: 'button',
              subType: 'QuickReply',
              index: 1,
              parameters: [{ type: 'payload', payload: 'stop' }],
            },
          ],
        },
      },
    })
  })
  test('a template without parameters has no components', () => {
    expect(to.template('hello_world', 'en').build().content).toStrictEqual({
      template: { name: 'hello_world', language: 'en' },
    })
  })
  test('raw: an RCS rich card', () => {
    const content = {
      richCard: {
        cardOrientation: 'vertical' as const,
        title: 'Spring sale',
        media: { height: 'medium' as const, contentInfo: { fileUrl: 'https://example.com/a.png' } },
        suggestions: [{ reply: { text: 'Shop', postbackData: 'shop' } }],
      },
    }
    expect(to.raw({ type: 'richCard', content }).build()).toStrictEqual({
      user,
      type: 'richCard',
      content,
    })
  })
  test('raw content is checked like parsed content', () => {
    const result = to.raw({ type: 'text', content: { text: '' } }).safeBuild()
    expect(result.issues?.map((issue) => issue.path)).toStrictEqual(['content.text'])
  })
})
