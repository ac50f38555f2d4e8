import { beforeEach, describe, expect, it } from 'vitest'
import {
  anUuid,
  aTimestamp,
  batchPath,
  clear,
  envelope,
  expectJson,
  fourReceipts,
  post,
  received,
  SUB,
  TEXT,
} from './helpers'

beforeEach(clear)

const A = { ...TEXT, clientMessageId: 'a-1' }
const B = {
  user: { msisdn: '+6511111111' },
  type: 'Image',
  content: { url: 'https://example.com/a.jpg' },
}

describe('POST /api/v1/subaccounts/{subAccountId}/messages/batch', () => {
  it('answers batchId and counts, without messages by default', async () => {
    await expectJson(await post(batchPath(), { messages: [A, B] }), 200, {
      batchId: anUuid(),
      acceptedCount: 2,
      rejectedCount: 0,
    })
  })

  it('echoes clientBatchId and lists the messages when asked', async () => {
    const body = { clientBatchId: 'campaign-7', messages: [A, B], includeMessagesInResponse: true }
    await expectJson(await post(batchPath(), body), 200, {
      batchId: anUuid(),
      clientBatchId: 'campaign-7',
      acceptedCount: 2,
      rejectedCount: 0,
      messages: [
        {
          umid: anUuid(),
          user: { msisdn: '+15551234567' },
          clientMessageId: 'a-1',
          status: { state: 'queued', timestamp: aTimestamp() },
        },
        {
          umid: anUuid(),
          user: { msisdn: '+6511111111' },
          status: { state: 'queued', timestamp: aTimestamp() },
        },
      ],
    })
  })

  it('rejects invalid messages one by one and still answers 200', async () => {
    const bad = { ...TEXT, user: { msisdn: '123' }, clientMessageId: 'bad-1' }
    const long = { ...TEXT, clientMessageId: 'y'.repeat(51) }
    const body = { messages: [A, bad, long, 7], includeMessagesInResponse: true }
    await expectJson(await post(batchPath(), body), 200, {
      batchId: anUuid(),
      acceptedCount: 1,
      rejectedCount: 3,
      messages: [
        {
          umid: anUuid(),
          user: { msisdn: '+15551234567' },
          clientMessageId: 'a-1',
          status: { state: 'queued', timestamp: aTimestamp() },
        },
        {
          umid: anUuid(),
          user: { msisdn: '123' },
          clientMessageId: 'bad-1',
          status: {
            state: 'rejected',
            timestamp: aTimestamp(),
            errorCode: 1002,
            errorMessage: 'Invalid MSISDN format (not E.164 international number)',
          },
        },
        {
          umid: anUuid(),
          user: { msisdn: '+15551234567' },
          clientMessageId: 'y'.repeat(51),
          status: {
            state: 'rejected',
            timestamp: aTimestamp(),
            errorCode: 3009,
            errorMessage: 'Too long ClientMessageId',
          },
        },
        {
          umid: anUuid(),
          user: {},
          status: {
            state: 'rejected',
            timestamp: aTimestamp(),
            errorCode: 1000,
            errorMessage: "Invalid parameter(s): 'messages.3'",
          },
        },
      ],
    })
  })

  it('fills messages in from the template', async () => {
    const body = {
      template: { type: 'text', content: { text: 'Hello from the template' } },
      messages: [{ user: { msisdn: '+15551234567' } }, { user: { msisdn: '1' } }],
      includeMessagesInResponse: true,
    }
    await expectJson(await post(batchPath(), body), 200, {
      batchId: anUuid(),
      acceptedCount: 1,
      rejectedCount: 1,
      messages: [
        {
          umid: anUuid(),
          user: { msisdn: '+15551234567' },
          status: { state: 'queued', timestamp: aTimestamp() },
        },
        {
          umid: anUuid(),
          user: { msisdn: '1' },
          status: {
            state: 'rejected',
            timestamp: aTimestamp(),
            errorCode: 1002,
            errorMessage: 'Invalid MSISDN format (not E.164 international number)',
          },
        },
      ],
    })
  })

  it('keeps the batch once, exactly as received, with its umids in order', async () => {
    const body = { clientBatchId: 'keep', messages: [A, B], includeMessagesInResponse: true }
    const raw = JSON.stringify(body)
    const response = (await (await post(batchPath(), raw)).json()) as {
      batchId: string
      messages: { umid: string }[]
    }
    expect(await received()).toStrictEqual({
      messages: [
        {
          kind: 'batch',
          batchId: response.batchId,
          umids: response.messages.map((message) => message.umid),
          subAccountId: SUB,
          receivedAt: aTimestamp(),
          body,
          raw,
          receipts: response.messages.flatMap((message) => fourReceipts(message.umid)),
        },
      ],
    })
  })
})

describe('errors of a batch (HTTP 400, 8x8 codes)', () => {
  const message = (i: number) => ({ ...TEXT, clientMessageId: `m-${i}` })
  const cases: [string, string, unknown, ReturnType<typeof envelope>][] = [
    ['a bad subAccountId', 'x', { messages: [A] }, envelope(1001, 'Illegal SubAccountId')],
    [
      'a body that is not JSON',
      SUB,
      '[',
      envelope(1000, 'Invalid parameter(s): request body is not valid JSON'),
    ],
    ['no messages', SUB, {}, envelope(3012, 'Missed messages')],
    ['an empty messages array', SUB, { messages: [] }, envelope(3012, 'Missed messages')],
    [
      '1001 messages',
      SUB,
      { messages: Array.from({ length: 1001 }, (_, i) => message(i)) },
      envelope(3013, 'Too much messages'),
    ],
    [
      'a clientBatchId of 101 characters',
      SUB,
      { clientBatchId: 'b'.repeat(101), messages: [A] },
      envelope(3014, 'Too long ClientBatchId'),
    ],
    [
      'messages that are not an array',
      SUB,
      { messages: 'A' },
      envelope(1000, "Invalid parameter(s): 'messages'"),
    ],
    [
      'a template that is not an object',
      SUB,
      { template: 5, messages: [A] },
      envelope(1000, "Invalid parameter(s): 'template'"),
    ],
    [
      'a template with an unknown field',
      SUB,
      { template: { type: 'text', colour: 'red' }, messages: [{ user: { msisdn: '1' } }] },
      envelope(1000, "Invalid parameter(s): 'template.colour'"),
    ],
    [
      'an unknown top-level field',
      SUB,
      { messages: [A], priority: 'high' },
      envelope(1000, "Invalid parameter(s): 'priority'"),
    ],
  ]

  it.each(cases)('refuses %s, and keeps nothing', async (_, sub, body, expected) => {
    await expectJson(await post(batchPath(sub), body), 400, expected)
    expect(await received()).toStrictEqual({ messages: [] })
  })
})
