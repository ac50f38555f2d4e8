import { describe, expect, test } from 'vitest'
import { parseBatch, parseMessage, safeParseBatch, safeParseMessage } from '../src/index'
import { chars, expectIssuesAt, expectValid, pathsOf } from './helpers'

const user = { msisdn: '+15551234567' }
const text = (body: string, extra: object = {}) => ({
  user,
  type: 'text',
  content: { text: body },
  ...extra,
})

describe('parseMessage', () => {
  test.each([
    ['TEXT', 'text'],
    ['Interactive', 'interactive'],
    ['richcard', 'richCard'],
    ['RichCard', 'richCard'],
  ])('type %s is accepted and emitted as %s', (input, canonical) => {
    const content =
      canonical === 'text'
        ? { text: 'Hi' }
        : canonical === 'interactive'
          ? {
              interactive: {
                type: 'product',
                action: { catalog_id: 'c', product_retailer_id: 'p' },
              },
            }
          : {
              richCard: {
                cardOrientation: 'horizontal',
                media: { contentInfo: { fileUrl: 'https://example.com/a.png' } },
              },
            }
    expect(parseMessage({ user, type: input, content }).type).toBe(canonical)
  })

  test('an unknown type names the types it expected', () => {
    const result = safeParseMessage({ user, type: 'sticker', content: {} })
    expect(result.issues?.[0]).toStrictEqual({
      path: 'type',
      message:
        'Invalid type: Expected ("text" | "image" | "video" | "audio" | "file" | "location" | "interactive" | "template" | "richCard" | "carousel" | "buttons") but received "sticker"',
      expected:
        '("text" | "image" | "video" | "audio" | "file" | "location" | "interactive" | "template" | "richCard" | "carousel" | "buttons")',
      received: '"sticker"',
    })
  })

  test('unknown keys are refused at every level, not dropped', () => {
    const result = safeParseMessage({
      ...text('Hi'),
      priority: 'high',
      user: { msisdn: '+15551234567', email: 'x' },
    })
    expectIssuesAt(result, ['user.email', 'priority'])
  })

  test('every field 8x8 defines for a text message is accepted', () => {
    const message = {
      user: { msisdn: '+6500000000', channelUserId: 'US.13491208655302741918' },
      type: 'text',
      content: {
        text: 'Your code is 123456',
        fallbackText: 'Your code is 123456 (SMS)',
        sms: { encoding: 'AUTO', source: 'SENDERID' },
        whatsApp: { directSend: { category: 'utility', ttlSeconds: 300 } },
        suggestions: [{ reply: { text: 'Thanks', postbackData: 'thanks' } }],
      },
      clientMessageId: '1234_id',
      channels: [
        { channel: 'whatsapp', fallbackAfter: 10, successStatus: 'read' },
        { channel: 'SMS' },
      ],
      scheduled: '2026-12-01T09:00:00+08:00',
      expiry: '2026-12-02T09:00:00Z',
      dlrCallbackUrl: 'https://example.com/dlr',
      context: { umid: '82188ee0-109f-e811-8150-020897df5459' },
    }
    expect(parseMessage(message)).toStrictEqual({
      ...message,
      channels: [
        { channel: 'WhatsApp', fallbackAfter: 10, successStatus: 'Read' },
        { channel: 'SMS' },
      ],
    })
  })

  test('media extras for Viber and LINE are accepted', () => {
    const message = {
      user,
      type: 'video',
      content: {
        url: 'https://example.com/v.mp4',
        text: 'Clip',
        video: { thumbnail: 'https://example.com/t.png', filesize: 1024, duration: 12 },
      },
    }
    expect(parseMessage(message)).toStrictEqual(message)
  })

  test('the other interactive types 8x8 defines parse', () => {
    const interactive = (value: object) => ({
      user,
      type: 'interactive',
      content: { interactive: value },
    })
    for (const value of [
      {
        type: 'location_request_message',
        body: { text: 'Where are you?' },
        action: { name: 'send_location' },
      },
      { type: 'call_permission_request', body: { text: 'May we call you?' } },
      { type: 'request_contact_info', body: { text: 'Share your details?' } },
      {
        type: 'voice_call',
        body: { text: 'Call us' },
        action: { name: 'voice_call', parameters: { display_text: 'Call now', ttlMinutes: 60 } },
      },
      {
        type: 'cta_url',
        body: { text: 'Docs' },
        action: {
          name: 'cta_url',
          parameters: { display_text: 'Open', url: 'https://example.com' },
        },
      },
    ]) {
      expectValid(safeParseMessage(interactive(value)))
    }
  })

  test("a template's enums are accepted in 8x8's sample spellings and emitted as its schema says", () => {
    const message = parseMessage({
      user,
      type: 'Template',
      content: {
        template: {
          name: 'auth',
          language: 'en_US',
          components: [
            { type: 'Body', parameters: [{ type: 'TEXT', text: '123456' }] },
            {
              type: 'Button',
              subType: 'url',
              index: '0',
              parameters: [{ type: 'text', text: '123456' }],
            },
            {
              type: 'button',
              subType: 'copyCode',
              index: 1,
              parameters: [{ type: 'couponcode', couponCode: 'X' }],
            },
          ],
        },
      },
    })
    expect(message.content).toStrictEqual({
      template: {
        name: 'auth',
        language: 'en_US',
        components: [
          { type: 'body', parameters: [{ type: 'text', text: '123456' }] },
          {
            type: 'button',
            subType: 'Url',
            index: 0,
            parameters: [{ type: 'text', text: '123456' }],
          },
          {
            type: 'button',
            subType: 'CopyCode',
            index: 1,
            parameters: [{ type: 'couponCode', couponCode: 'X' }],
          },
        ],
      },
    })
  })

  test('a template button index outside 0..9 is refused', () => {
    const result = safeParseMessage({
      user,
      type: 'template',
      content: {
        template: {
          name: 't',
          language: 'en',
          components: [
            {
              type: 'button',
              subType: 'QuickReply',
              index: 10,
              parameters: [{ type: 'payload', payload: 'p' }],
            },
          ],
        },
      },
    })
    expectIssuesAt(result, ['content.template.components.0.index'])
  })

  test('an RCS carousel needs 2 to 10 cards', () => {
    const card = { media: { contentInfo: { fileUrl: 'https://example.com/a.png' } } }
    const carousel = (cards: number) => ({
      user,
      type: 'carousel',
      content: { carousel: { cardWidth: 'small', cards: Array(cards).fill(card) } },
    })
    expectValid(safeParseMessage(carousel(2)))
    expectValid(safeParseMessage(carousel(10)))
    expectIssuesAt(safeParseMessage(carousel(1)), ['content.carousel.cards'])
    expectIssuesAt(safeParseMessage(carousel(11)), ['content.carousel.cards'])
  })

  test('parsed messages are frozen', () => {
    const message = parseMessage(text('Hi'))
    expect(Object.isFrozen(message)).toBe(true)
    expect(Object.isFrozen(message.content)).toBe(true)
  })

  test('__proto__ in parsed JSON is refused as an unknown key, and pollutes nothing', () => {
    const result = safeParseMessage(
      JSON.parse(
        '{"user":{"msisdn":"+15551234567"},"type":"text","content":{"text":"Hi","__proto__":{"polluted":true}}}',
      ),
    )
    expect(pathsOf(result)).toStrictEqual(['content.__proto__'])
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined()
  })
})

describe('parseBatch', () => {
  test('a batch of complete messages', () => {
    const batch = {
      messages: [text('One'), { ...text('Two'), type: 'Text' }],
      clientBatchId: 'campaign-1',
      includeMessagesInResponse: true,
    }
    expect(parseBatch(batch)).toStrictEqual({ ...batch, messages: [text('One'), text('Two')] })
  })

  test('issues inside messages have paths starting with messages.<index>', () => {
    const result = safeParseBatch({ messages: [text('One'), text(''), text(chars(4097))] })
    expectIssuesAt(result, ['messages.1.content.text', 'messages.2.content.text'])
  })

  test('1 to 1,000 messages', () => {
    expectValid(safeParseBatch({ messages: Array(1000).fill(text('Hi')) }))
    expectIssuesAt(safeParseBatch({ messages: Array(1001).fill(text('Hi')) }), ['messages'])
    expectIssuesAt(safeParseBatch({ messages: [] }), ['messages'])
  })

  test('clientBatchId at most 100 characters', () => {
    expectValid(safeParseBatch({ messages: [text('Hi')], clientBatchId: chars(100) }))
    expectIssuesAt(safeParseBatch({ messages: [text('Hi')], clientBatchId: chars(101) }), [
      'clientBatchId',
    ])
  })

  test('with a template, each message gives only what differs', () => {
    const batch = {
      template: {
        type: 'text',
        content: { text: 'Your order shipped' },
        channels: [{ channel: 'WhatsApp' }],
      },
      messages: [{ user }, { user: { msisdn: '+15557654321' }, clientMessageId: 'b' }],
    }
    expect(parseBatch(batch)).toStrictEqual(batch)
  })

  test('with a template, each message merged over it must be complete and valid', () => {
    const result = safeParseBatch({
      template: { type: 'text' },
      messages: [{ user, content: { text: 'ok' } }, { user }, { user, content: { text: '' } }],
    })
    expectIssuesAt(result, ['messages.1.content', 'messages.2.content.text'])
  })

  test("a template's own fields are checked, with their paths", () => {
    const result = safeParseBatch({
      template: { dlrCallbackUrl: 'not a url' },
      messages: [text('Hi')],
    })
    expectIssuesAt(result, ['template.dlrCallbackUrl'])
  })
})
