import { beforeEach, describe, expect, it } from 'vitest'
import {
  anUuid,
  aTimestamp,
  clear,
  envelope,
  expectJson,
  messagesPath,
  post,
  received,
  TEXT,
} from './helpers'

beforeEach(clear)

describe('POST /api/v1/subaccounts/{subAccountId}/messages', () => {
  it('answers 8x8 success shape without clientMessageId when none was given', async () => {
    await expectJson(await post(messagesPath(), TEXT), 200, {
      umid: anUuid(),
      user: { msisdn: '+15551234567' },
      status: { state: 'queued', timestamp: aTimestamp() },
    })
  })

  it('echoes clientMessageId', async () => {
    const body = { ...TEXT, clientMessageId: 'order-42' }
    await expectJson(await post(messagesPath(), body), 200, {
      umid: anUuid(),
      user: { msisdn: '+15551234567' },
      clientMessageId: 'order-42',
      status: { state: 'queued', timestamp: aTimestamp() },
    })
  })

  it('gives each message a fresh umid', async () => {
    const first = (await (await post(messagesPath(), TEXT)).json()) as { umid: string }
    const second = (await (await post(messagesPath(), TEXT)).json()) as { umid: string }
    expect(first.umid).not.toBe(second.umid)
  })

  it('accepts every character 8x8 allows in subAccountId', async () => {
    const response = await post(messagesPath('a-Z_0.9%26x'), TEXT)
    expect(response.status).toBe(200)
    const { messages } = await received()
    expect(messages[0]?.subAccountId).toBe('a-Z_0.9&x')
  })
})

describe('errors of a single send (HTTP 400, 8x8 codes)', () => {
  const cases: [string, string, unknown, ReturnType<typeof envelope>][] = [
    ['a subAccountId of 2 characters', 'ab', TEXT, envelope(1001, 'Illegal SubAccountId')],
    [
      'a subAccountId of 51 characters',
      'a'.repeat(51),
      TEXT,
      envelope(1001, 'Illegal SubAccountId'),
    ],
    ['a subAccountId with !', 'demo!', TEXT, envelope(1001, 'Illegal SubAccountId')],
    [
      'a national msisdn without country',
      'demo-subaccount',
      { ...TEXT, user: { msisdn: '98765432' } },
      envelope(1002, 'Invalid MSISDN format (not E.164 international number)'),
    ],
    [
      'an msisdn that is a number',
      'demo-subaccount',
      { ...TEXT, user: { msisdn: 15551234567 } },
      envelope(1002, 'Invalid MSISDN format (not E.164 international number)'),
    ],
    [
      'a clientMessageId of 51 characters',
      'demo-subaccount',
      { ...TEXT, clientMessageId: 'x'.repeat(51) },
      envelope(3009, 'Too long ClientMessageId'),
    ],
    [
      'a text of 4097 characters',
      'demo-subaccount',
      { ...TEXT, content: { text: 'x'.repeat(4097) } },
      envelope(3006, 'Too long text'),
    ],
    [
      'a body that is not JSON',
      'demo-subaccount',
      '{"user":',
      envelope(1000, 'Invalid parameter(s): request body is not valid JSON'),
    ],
    [
      'an empty body',
      'demo-subaccount',
      '',
      envelope(1000, 'Invalid parameter(s): request body is not valid JSON'),
    ],
    [
      'a body that is null',
      'demo-subaccount',
      'null',
      envelope(1000, "Invalid parameter(s): 'body'"),
    ],
    [
      'an unknown type',
      'demo-subaccount',
      { ...TEXT, type: 'sticker' },
      envelope(1000, "Invalid parameter(s): 'type'"),
    ],
    [
      'a missing user',
      'demo-subaccount',
      { type: 'text', content: { text: 'Hi' } },
      envelope(1000, "Invalid parameter(s): 'user'"),
    ],
    [
      'a clientMessageId that is a number',
      'demo-subaccount',
      { ...TEXT, clientMessageId: 42 },
      envelope(1000, "Invalid parameter(s): 'clientMessageId'"),
    ],
    [
      'an empty text',
      'demo-subaccount',
      { ...TEXT, content: { text: '' } },
      envelope(1000, "Invalid parameter(s): 'content.text'"),
    ],
  ]

  it.each(cases)('refuses %s, and keeps nothing', async (_, sub, body, expected) => {
    await expectJson(await post(messagesPath(sub), body), 400, expected)
    expect(await received()).toStrictEqual({ messages: [] })
  })
})
