import { describe, expect, test } from 'vitest'
import {
  type DslResult,
  DslValidationError,
  LIMITS,
  lineNotification,
  parseLineNotification,
  parseLineNotificationBatch,
  safeParseLineNotification,
  safeParseLineNotificationBatch,
} from '../src/index'
import { chars } from './helpers'

const to = lineNotification.to('+66812345678')
const minimal = { user: { msisdn: '+66812345678' }, content: { title: 'Order shipped' } }

/** `[path, message]` of every issue, or `[]`. */
const issuesOf = (result: DslResult<unknown>) =>
  result.success ? [] : result.issues.map((issue) => [issue.path, issue.message])

describe('lineNotification', () => {
  test('a title is all a notification needs', () => {
    expect(to.title('Order shipped').build()).toStrictEqual(minimal)
  })

  test('each call sets one part, in 8x8 order whatever the order of the calls', () => {
    const built = to
      .smsFallback('Your order shipped', { encoding: 'UCS2' })
      .action('Track', 'https://example.com/track/1')
      .action('Help', 'https://example.com/help')
      .item('Order', '#1234')
      .item('Carrier', 'Kerry')
      .greeting('Thank you!')
      .icon('boxCheck')
      .company('Shop')
      .title('Order shipped')
      .dlrCallbackUrl('https://example.com/dlr')
      .clientMessageId('order-1234')
      .build()
    expect(JSON.stringify(built)).toBe(
      JSON.stringify({
        user: { msisdn: '+66812345678' },
        clientMessageId: 'order-1234',
        content: {
          title: 'Order shipped',
          company: 'Shop',
          icon: 'boxCheck',
          list: [
            { label: 'Order', content: '#1234' },
            { label: 'Carrier', content: 'Kerry' },
          ],
          greeting: 'Thank you!',
          actions: [
            { title: 'Track', url: 'https://example.com/track/1' },
            { title: 'Help', url: 'https://example.com/help' },
          ],
        },
        dlrCallbackUrl: 'https://example.com/dlr',
        smsFallback: { text: 'Your order shipped', encoding: 'UCS2' },
      }),
    )
  })

  test('builders are immutable: a kept builder branches', () => {
    const base = to.title('Paid').item('Amount', '100 THB')
    const a = base.item('Ref', 'A').build()
    const b = base.build()
    expect(a.content.list).toStrictEqual([
      { label: 'Amount', content: '100 THB' },
      { label: 'Ref', content: 'A' },
    ])
    expect(b.content.list).toStrictEqual([{ label: 'Amount', content: '100 THB' }])
    expect(JSON.parse(JSON.stringify(base))).toStrictEqual(b)
  })

  test('a national number goes with its country', () => {
    expect(
      lineNotification.to({ msisdn: '0812345678', country: 'TH' }).title('T').build().user,
    ).toStrictEqual({
      msisdn: '0812345678',
      country: 'TH',
    })
  })

  test('build() throws every issue with its path; safeBuild() returns them', () => {
    const bad = lineNotification
      .to('0812345678')
      .title('')
      .action('Go', 'ftp://example.com')
      .smsFallback('x', { source: chars(LIMITS.smsSource.max + 1) })
    expect(issuesOf(bad.safeBuild())).toStrictEqual([
      [
        'user.msisdn',
        'Invalid msisdn: expected an E.164 number such as +66812345678 (or give its country)',
      ],
      ['content.title', 'Invalid length: must not be empty'],
      ['content.actions.0.url', 'Invalid URL: expected an absolute http or https URL'],
      ['smsFallback.source', 'Invalid length: expected at most 16 characters but received 17'],
    ])
    expect(() => bad.build()).toThrow(DslValidationError)
  })
})

describe('parseLineNotification', () => {
  test('refuses unknown keys, unknown icons, a WhatsApp id as recipient, no title', () => {
    const result = safeParseLineNotification({
      user: { msisdn: '+66812345678', channelUserId: 'US.1' },
      content: { icon: 'rocket', extra: 1 },
      type: 'text',
    })
    expect(issuesOf(result)).toStrictEqual([
      ['user.channelUserId', 'Unknown key: "channelUserId" is not a field of this object'],
      ['content.title', 'Invalid key: Expected "title" but received undefined'],
      ['content.icon', 'Invalid icon: expected one of 8x8’s LINE icons'],
      ['content.extra', 'Unknown key: "extra" is not a field of this object'],
      ['type', 'Unknown key: "type" is not a field of this object'],
    ])
  })

  test('the SMS encoding in any case, as 8x8 samples send "auto"', () => {
    const parsed = parseLineNotification({
      ...minimal,
      smsFallback: { text: 'x', encoding: 'auto' },
    })
    expect(parsed.smsFallback).toStrictEqual({ text: 'x', encoding: 'AUTO' })
  })

  test('an action with both content and url keeps url and refuses content', () => {
    const result = safeParseLineNotification({
      ...minimal,
      content: {
        title: 'T',
        actions: [{ title: 'A', url: 'https://a.example', content: 'https://b.example' }],
      },
    })
    expect(issuesOf(result)).toStrictEqual([
      ['content.actions.0.content', 'Unknown key: "content" is not a field of this object'],
    ])
  })

  test('empty list and actions are refused', () => {
    const result = safeParseLineNotification({
      ...minimal,
      content: { title: 'T', list: [], actions: [] },
    })
    expect(issuesOf(result)).toStrictEqual([
      ['content.list', 'Invalid length: must not be empty'],
      ['content.actions', 'Invalid length: must not be empty'],
    ])
  })

  test(`clientMessageId: ${LIMITS.clientMessageId.max} characters pass, one more fails`, () => {
    const at = chars(LIMITS.clientMessageId.max)
    expect(parseLineNotification({ ...minimal, clientMessageId: at }).clientMessageId).toBe(at)
    expect(
      issuesOf(safeParseLineNotification({ ...minimal, clientMessageId: `${at}a` })),
    ).toStrictEqual([
      ['clientMessageId', 'Invalid length: expected at most 50 characters but received 51'],
    ])
  })

  test('bounded: maxIssues cuts the list', () => {
    const result = safeParseLineNotification(
      { user: {}, content: {}, x: 1, y: 2 },
      { maxIssues: 2 },
    )
    expect(result.success).toBe(false)
    if (result.success) return
    expect(result.issues).toHaveLength(2)
    expect(result.truncated).toBe(true)
  })
})

describe('parseLineNotificationBatch', () => {
  const max = LIMITS.lineNotificationBatch.max

  test(`1 to ${max} notifications`, () => {
    const batch = parseLineNotificationBatch({
      clientBatchId: 'b-1',
      messages: Array.from({ length: max }, () => minimal),
      includeMessagesInResponse: true,
    })
    expect(batch.messages).toHaveLength(max)
    expect(issuesOf(safeParseLineNotificationBatch({ messages: [] }))).toStrictEqual([
      ['messages', 'Invalid length: a batch needs at least one message'],
    ])
    expect(
      issuesOf(
        safeParseLineNotificationBatch({
          messages: Array.from({ length: max + 1 }, () => minimal),
        }),
      ),
    ).toStrictEqual([['messages', 'Invalid length: a batch holds at most 1000 messages']])
  })

  test('issues inside a notification carry its index', () => {
    const result = safeParseLineNotificationBatch({
      messages: [minimal, { ...minimal, content: {} }],
    })
    expect(issuesOf(result)).toStrictEqual([
      ['messages.1.content.title', 'Invalid key: Expected "title" but received undefined'],
    ])
  })
})
