/**
 * The envelope builder calls (`.fallback()`, `.fallbackText()`, `.sms()`, `.directSend()`), the
 * per-channel limits and the rules that span envelope and content, each at and past its bound,
 * through the builders and through `parseMessage` alike.
 */
import { describe, expect, test } from 'vitest'
import { LIMITS, lint, msg, parseMessage, safeParseMessage, smsCost } from '../src/index'
import { chars, expectIssuesAt, expectValid } from './helpers'

const user = { msisdn: '+6500000000' }
const to = msg.to('+6500000000')

describe('.fallback(): the channel sequence as a chain', () => {
  test('each call appends one step, in 8x8’s spelling', () => {
    expect(
      to
        .text('Hello World!')
        .fallback('WhatsApp', { after: 60, successStatus: 'Read' })
        .fallback('Viber', { after: 60, successStatus: 'Delivered' })
        .fallback('SMS')
        .sms({ encoding: 'AUTO', source: 'SENDERID' })
        .build(),
    ).toStrictEqual({
      user,
      type: 'text',
      content: { text: 'Hello World!', sms: { encoding: 'AUTO', source: 'SENDERID' } },
      channels: [
        { channel: 'WhatsApp', fallbackAfter: 60, successStatus: 'Read' },
        { channel: 'Viber', fallbackAfter: 60, successStatus: 'Delivered' },
        { channel: 'SMS' },
      ],
    })
  })

  test('after .channels([...]) it appends; .channels([...]) after it replaces', () => {
    const base = to.text('Hi').channels([{ channel: 'WhatsApp', fallbackAfter: 30 }])
    expect(base.fallback('SMS').build().channels).toStrictEqual([
      { channel: 'WhatsApp', fallbackAfter: 30 },
      { channel: 'SMS' },
    ])
    expect(
      base
        .fallback('SMS')
        .channels([{ channel: 'RCS' }])
        .build().channels,
    ).toStrictEqual([{ channel: 'RCS' }])
  })

  test('it may come before the content, like every envelope option', () => {
    expect(to.fallback('Viber').text('Hi').build()).toStrictEqual({
      user,
      type: 'text',
      content: { text: 'Hi' },
      channels: [{ channel: 'Viber' }],
    })
  })

  test.each([
    [LIMITS.fallbackAfter.min, true],
    [LIMITS.fallbackAfter.min - 1, false],
    [LIMITS.fallbackAfter.max, true],
    [LIMITS.fallbackAfter.max + 1, false],
    [60.5, false],
  ])('after: %d seconds is valid: %s', (after, valid) => {
    const result = to.text('Hi').fallback('WhatsApp', { after }).fallback('SMS').safeBuild()
    if (valid) expectValid(result)
    else expectIssuesAt(result, ['channels.0.fallbackAfter'])
  })

  test('a JavaScript caller’s channel in another case is emitted as 8x8 spells it', () => {
    const built = to
      .text('Hi')
      .fallback('whatsapp' as 'WhatsApp', { successStatus: 'read' as 'Read' })
      .build()
    expect(built.channels).toStrictEqual([{ channel: 'WhatsApp', successStatus: 'Read' }])
  })

  test('a channel 8x8 does not know is refused with its path', () => {
    const result = to
      .text('Hi')
      .fallback('Telegram' as 'SMS')
      .safeBuild()
    expectIssuesAt(result, ['channels.0.channel'])
  })
})

describe('.fallbackText() and .sms(): the SMS fallback', () => {
  test('they go into the content after its own fields, on every kind of message', () => {
    const built = to
      .image('https://example.com/a.png', { caption: 'Welcome to Singapore!' })
      .fallbackText('We tried to send an image - but Welcome to Singapore')
      .sms({ encoding: 'AUTO', source: 'SENDERID' })
      .clientMessageId('1234_id')
      .build()
    expect(JSON.stringify(built)).toBe(
      JSON.stringify({
        user,
        type: 'image',
        content: {
          url: 'https://example.com/a.png',
          text: 'Welcome to Singapore!',
          fallbackText: 'We tried to send an image - but Welcome to Singapore',
          sms: { encoding: 'AUTO', source: 'SENDERID' },
        },
        clientMessageId: '1234_id',
      }),
    )
  })

  test.each([
    ['fallbackText', LIMITS.fallbackText.max, true],
    ['fallbackText', LIMITS.fallbackText.max + 1, false],
    ['sms.source', LIMITS.smsSource.max, true],
    ['sms.source', LIMITS.smsSource.max + 1, false],
  ])('%s of %d characters is valid: %s', (field, length, valid) => {
    const text = to.text('Hi')
    const result =
      field === 'fallbackText'
        ? text.fallbackText(chars(length)).safeBuild()
        : text.sms({ source: chars(length) }).safeBuild()
    if (valid) expectValid(result)
    else expectIssuesAt(result, [`content.${field}`])
  })

  test('an encoding in another case is canonical once built; an unknown one is refused', () => {
    expect(
      to
        .text('Hi')
        .sms({ encoding: 'ucs2' as 'UCS2' })
        .build().content,
    ).toStrictEqual({ text: 'Hi', sms: { encoding: 'UCS2' } })
    expectIssuesAt(
      to
        .text('Hi')
        .sms({ encoding: 'ASCII' as 'AUTO' })
        .safeBuild(),
      ['content.sms.encoding'],
    )
  })
})

describe('.directSend(): WhatsApp Direct Send', () => {
  test('category is utility unless said; ttlSeconds only when given', () => {
    expect(to.text('Hi').directSend().build().content).toStrictEqual({
      text: 'Hi',
      whatsApp: { directSend: { category: 'utility' } },
    })
  })

  test.each([
    [LIMITS.directSendTtlSeconds.min, true],
    [LIMITS.directSendTtlSeconds.min - 1, false],
    [LIMITS.directSendTtlSeconds.max, true],
    [LIMITS.directSendTtlSeconds.max + 1, false],
  ])('ttlSeconds %d is valid: %s', (ttlSeconds, valid) => {
    const result = to.text('Hi').directSend({ ttlSeconds }).safeBuild()
    if (valid) expectValid(result)
    else expectIssuesAt(result, ['content.whatsApp.directSend.ttlSeconds'])
  })

  test('a category other than utility is refused', () => {
    const result = to
      .text('Hi')
      .directSend({ category: 'marketing' as 'utility' })
      .safeBuild()
    expectIssuesAt(result, ['content.whatsApp.directSend.category'])
  })

  test('a list is not a Direct Send message', () => {
    const result = to.list('Pick').body('B').section('S').row('1', 'One').directSend().safeBuild()
    expect(result).toStrictEqual({
      success: false,
      issues: [
        {
          path: 'content.whatsApp.directSend',
          message:
            'Invalid message: Direct Send takes text, a cta_url or reply buttons, nothing else',
          expected: null,
          received: 'Object',
        },
      ],
    })
  })

  test('reply buttons with an image header are not either: text headers only', () => {
    const result = to
      .buttons()
      .headerImage('https://example.com/a.png')
      .body('B')
      .reply('a', 'A')
      .directSend()
      .safeBuild()
    expectIssuesAt(result, ['content.interactive.header.type'])
  })

  test('media messages have no WhatsApp settings at all', () => {
    expectIssuesAt(to.image('https://example.com/a.png').directSend().safeBuild(), [
      'content.whatsApp',
    ])
  })
})

/** A message pinned to `channel`, with `content` of `type` (as untrusted JSON would be). */
const pinned = (channel: string, type: string, content: object) => ({
  user,
  type,
  content,
  channels: [{ channel }],
})

describe('per-channel limits, when the channels name the channel', () => {
  test.each([
    ['Viber', 'text', LIMITS.viberText.max],
    ['RCS', 'text', LIMITS.rcsText.max],
  ])('%s: a %s of %d characters is valid, one more is not', (channel, _type, max) => {
    const build = (length: number) =>
      to
        .text(chars(length))
        .fallback(channel as 'Viber')
        .safeBuild()
    expectValid(build(max))
    expect(build(max + 1)).toStrictEqual({
      success: false,
      issues: [
        {
          path: 'content.text',
          message: `Invalid length: ${channel} takes at most ${max} characters but received ${max + 1}`,
          expected: `<=${max}`,
          received: `${max + 1}`,
        },
      ],
    })
  })

  test('Viber: a caption of 1,000 characters is valid, 1,001 is not (the general limit: 1,024)', () => {
    const image = (length: number) =>
      to.image('https://example.com/a.png', { caption: chars(length) }).fallback('Viber')
    expectValid(image(LIMITS.viberText.max).safeBuild())
    expectIssuesAt(image(LIMITS.viberText.max + 1).safeBuild(), ['content.text'])
    expectValid(to.image('https://example.com/a.png', { caption: chars(1001) }).safeBuild())
  })

  test('RCS: its text limit is for text messages; a caption keeps the general limit', () => {
    const image = to.image('https://example.com/a.png', { caption: chars(LIMITS.caption.max) })
    expectValid(image.fallback('RCS').safeBuild())
  })

  test('the limit of every channel named applies, not only the first', () => {
    const result = to
      .text(chars(LIMITS.viberText.max + 1))
      .fallback('WhatsApp', { after: 60 })
      .fallback('Viber')
      .safeBuild()
    expectIssuesAt(result, ['content.text'])
  })

  test('without channels only the general limits apply (the sub-account decides)', () => {
    expectValid(to.text(chars(LIMITS.text.max)).safeBuild())
  })

  test('channel names in any case are matched once canonical', () => {
    expectIssuesAt(
      safeParseMessage({
        ...pinned('viber', 'text', { text: chars(LIMITS.viberText.max + 1) }),
      }),
      ['content.text'],
    )
  })

  test('Viber: a video of 600 s is valid, 601 s is not', () => {
    const video = (duration: number) =>
      to.video('https://example.com/v.mp4', { duration }).fallback('Viber').safeBuild()
    expectValid(video(LIMITS.viberVideoDuration.max))
    expectIssuesAt(video(LIMITS.viberVideoDuration.max + 1), ['content.video.duration'])
  })

  test('builder and parser report the same issues', () => {
    const wire = pinned('Viber', 'text', { text: chars(LIMITS.viberText.max + 1) })
    const built = to
      .text(chars(LIMITS.viberText.max + 1))
      .fallback('Viber')
      .safeBuild()
    expect(built).toStrictEqual(safeParseMessage(wire))
  })
})

describe('Viber rich messages (type "buttons")', () => {
  const button = { caption: 'Open', action: 'https://example.com' }

  test.each([
    ['text', LIMITS.viberText.max],
    ['button.caption', LIMITS.viberButtonCaption.max],
  ])('content.%s of %d characters is valid, one more is not', (field, max) => {
    const build = (length: number) =>
      field === 'text'
        ? to.viberButton(chars(length), button).safeBuild()
        : to.viberButton('Hi', { ...button, caption: chars(length) }).safeBuild()
    expectValid(build(max))
    expectIssuesAt(build(max + 1), [`content.${field}`])
  })

  test('the button’s URL is at most 1,000 characters', () => {
    const url = (length: number) => `https://example.com/${chars(length - 20)}`
    expect(url(LIMITS.viberButtonAction.max)).toHaveLength(LIMITS.viberButtonAction.max)
    expectValid(to.viberButton('Hi', { ...button, action: url(1000) }).safeBuild())
    expectIssuesAt(to.viberButton('Hi', { ...button, action: url(1001) }).safeBuild(), [
      'content.button.action',
    ])
  })

  test('it goes through Viber: channels without Viber are refused', () => {
    expectValid(to.viberButton('Hi', button).fallback('Viber').fallback('SMS').safeBuild())
    expect(to.viberButton('Hi', button).fallback('WhatsApp').safeBuild()).toStrictEqual({
      success: false,
      issues: [
        {
          path: 'channels',
          message: 'Invalid channels: a buttons message is Viber’s, so channels must include Viber',
          expected: null,
          received: 'Array',
        },
      ],
    })
  })
})

describe('lints: warnings beside a valid message', () => {
  const template = to.template('otp', 'en')

  test('most messages have none, and build() is unchanged', () => {
    const result = to.text('Hi').safeBuild()
    expect(result).toStrictEqual({
      success: true,
      output: { user, type: 'text', content: { text: 'Hi' } },
      warnings: [],
    })
    expect(Object.isFrozen(result.success && result.warnings)).toBe(true)
    expect(to.text('Hi').build()).toStrictEqual({ user, type: 'text', content: { text: 'Hi' } })
  })

  test('a template falling back before the shortest default TTL (10 minutes)', () => {
    const result = template
      .fallback('WhatsApp', { after: 599 })
      .fallback('SMS')
      .fallbackText('Your code is 123456')
      .safeBuild()
    expect(result.success && result.warnings).toStrictEqual([
      {
        code: 'fallback-before-ttl',
        path: 'channels.0.fallbackAfter',
        message:
          'fallbackAfter 599 s is not longer than the shortest default TTL of a template (10 minutes, authentication; 30 days for utility and marketing): WhatsApp may still deliver after the next channel sent its copy. 8x8 advises a fallbackAfter that exceeds the TTL',
      },
    ])
    const later = template.fallback('WhatsApp', { after: 601 }).fallback('SMS').build()
    expect(lint(later)).toStrictEqual([])
  })

  test('with the template’s TTL given, fallbackAfter must exceed it', () => {
    const message = template.fallback('WhatsApp', { after: 900 }).fallback('SMS').build()
    expect(lint(message, { templateTtlSeconds: 899 })).toStrictEqual([])
    expect(lint(message, { templateTtlSeconds: 900 }).map((w) => w.code)).toStrictEqual([
      'fallback-before-ttl',
    ])
  })

  test('Direct Send: its ttlSeconds, or 30 days when left out', () => {
    const send = (ttlSeconds?: number) =>
      lint(
        to
          .text('Hi')
          .directSend(ttlSeconds === undefined ? {} : { ttlSeconds })
          .fallback('WhatsApp', { after: 601 })
          .fallback('SMS')
          .build(),
      ).map((warning) => warning.message)
    expect(send(600)).toStrictEqual([])
    expect(send(601)).toStrictEqual([
      'fallbackAfter 601 s is not longer than its Direct Send ttlSeconds (601 s): WhatsApp may still deliver after the next channel sent its copy. 8x8 advises a fallbackAfter that exceeds the TTL',
    ])
    expect(send()).toHaveLength(1)
  })

  test('no warning when WhatsApp is the last channel (nothing falls back)', () => {
    expect(lint(template.fallback('WhatsApp', { after: 60 }).build())).toStrictEqual([])
  })

  test.each([
    ['GSM-7, one SMS', chars(160), []],
    ['GSM-7, two SMS', chars(161), ['The SMS fallback is GSM-7: 161 units, 2 SMS of 153']],
    ['the extension table takes two', '€'.repeat(80), []],
    [
      'the extension table, two SMS',
      '€'.repeat(81),
      ['The SMS fallback is GSM-7: 162 units, 2 SMS of 153'],
    ],
    [
      'UCS-2, one SMS',
      `–${chars(69)}`,
      ['The SMS fallback is UCS-2 (because of "–"): 70 units, 1 SMS of 70'],
    ],
    [
      'UCS-2, two SMS',
      `–${chars(70)}`,
      ['The SMS fallback is UCS-2 (because of "–"): 71 units, 2 SMS of 67'],
    ],
  ])('an SMS fallback: %s', (_name, text, messages) => {
    const message = to.text('Hi').fallback('WhatsApp').fallback('SMS').fallbackText(text).build()
    const warnings = lint(message)
    expect(warnings.map((warning) => warning.message)).toStrictEqual(messages)
    for (const warning of warnings) {
      expect(warning.code).toBe('sms-segments')
      expect(warning.path).toBe('content.fallbackText')
    }
  })

  test('without fallbackText, a text message’s SMS is its text', () => {
    const message = to.text(chars(161)).fallback('WhatsApp').fallback('SMS').build()
    expect(lint(message).map((warning) => warning.path)).toStrictEqual(['content.text'])
  })

  test('GSM7 forced on a text GSM-7 cannot carry', () => {
    const message = parseMessage({
      user,
      type: 'text',
      content: { text: 'Hi', fallbackText: 'Café – 10 %', sms: { encoding: 'GSM7' } },
    })
    expect(lint(message)).toStrictEqual([
      {
        code: 'sms-encoding',
        path: 'content.sms.encoding',
        message: 'GSM-7 cannot carry "–": the SMS shows a replacement character instead',
      },
    ])
  })

  test('no SMS in the channels, no SMS warning', () => {
    const message = to.text(chars(500)).fallback('WhatsApp').fallback('Viber').build()
    expect(lint(message)).toStrictEqual([])
  })
})

describe('smsCost()', () => {
  test('what a text costs, and why', () => {
    expect(smsCost('Grüße – Team')).toStrictEqual({
      encoding: 'UCS2',
      segments: 1,
      units: 12,
      perSegment: 70,
      outsideGsm7: ['–'],
    })
    expect(smsCost('Grüße – Team', 'GSM7')).toStrictEqual({
      encoding: 'GSM7',
      segments: 1,
      units: 12,
      perSegment: 160,
      outsideGsm7: ['–'],
    })
    expect(smsCost('{}', 'UCS2')).toStrictEqual({
      encoding: 'UCS2',
      segments: 1,
      units: 2,
      perSegment: 70,
      outsideGsm7: [],
    })
  })
})
