import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  aTimestamp,
  batchPath,
  clear,
  envelope,
  eventually,
  expectJson,
  get,
  holdReceipts,
  messagesPath,
  post,
  releaseReceipts,
  SUB,
  TEXT,
} from './helpers'

// These tests describe messages as 8x8 has them before any receipt: hold the receipts back rather
// than race the 40 ms receipt step (a busy machine lost that race).
beforeEach(async () => {
  await clear()
  await holdReceipts()
})
afterEach(releaseReceipts)

const NOT_FOUND = envelope(1300, 'Message not found.')

async function sendOne(body: unknown): Promise<string> {
  const response = await post(messagesPath(), body)
  return ((await response.json()) as { umid: string }).umid
}

describe('GET /api/v1/subaccounts/{subAccountId}/messages/{umid}', () => {
  it('describes a received message with content and phone number masked', async () => {
    const umid = await sendOne({ ...TEXT, clientMessageId: 'c-1' })
    await expectJson(await get(`${messagesPath()}/${umid}`), 200, {
      data: [
        {
          umid,
          subAccountId: SUB,
          channel: 'WhatsApp',
          direction: 'Outbound',
          status: { state: 'queued', timestamp: aTimestamp() },
          contentType: 'Text',
          createdAt: aTimestamp(),
          step: 1,
          user: { msisdn: '+1555123xxxx' },
          content: '**MASKED**',
          clientMessageId: 'c-1',
        },
      ],
    })
  })

  it('names the first requested channel and the interactive kind', async () => {
    const umid = await sendOne({
      user: { msisdn: '+15551234567' },
      type: 'Interactive',
      channels: [{ channel: 'WhatsApp' }, { channel: 'SMS' }],
      content: {
        interactive: {
          type: 'button',
          body: { text: 'Pick one' },
          action: { buttons: [{ type: 'reply', reply: { id: 'a', title: 'A' } }] },
        },
      },
    })
    await expectJson(await get(`${messagesPath()}/${umid}`), 200, {
      data: [
        {
          umid,
          subAccountId: SUB,
          channel: 'WhatsApp',
          direction: 'Outbound',
          status: { state: 'queued', timestamp: aTimestamp() },
          contentType: 'Buttons',
          createdAt: aTimestamp(),
          step: 1,
          user: { msisdn: '+1555123xxxx' },
          content: '**MASKED**',
        },
      ],
    })
  })

  it('describes a batch message with its batch ids, and a rejected one with its error', async () => {
    const body = {
      clientBatchId: 'cb-1',
      messages: [
        { ...TEXT, channels: [{ channel: 'SMS' }] },
        { ...TEXT, user: { msisdn: '12' } },
      ],
      includeMessagesInResponse: true,
    }
    const response = (await (await post(batchPath(), body)).json()) as {
      batchId: string
      messages: { umid: string }[]
    }
    const [queued, rejected] = response.messages.map((message) => message.umid)
    const common = {
      subAccountId: SUB,
      direction: 'Outbound',
      contentType: 'Text',
      createdAt: aTimestamp(),
      step: 1,
      content: '**MASKED**',
      clientBatchId: 'cb-1',
      batchId: response.batchId,
    }
    await expectJson(await get(`${messagesPath()}/${queued}`), 200, {
      data: [
        {
          ...common,
          umid: queued,
          channel: 'SMS',
          status: { state: 'queued', timestamp: aTimestamp() },
          user: { msisdn: '+1555123xxxx' },
        },
      ],
    })
    await expectJson(await get(`${messagesPath()}/${rejected}`), 200, {
      data: [
        {
          ...common,
          umid: rejected,
          channel: 'WhatsApp',
          status: {
            state: 'rejected',
            timestamp: aTimestamp(),
            errorCode: 1002,
            errorMessage: 'Invalid MSISDN format (not E.164 international number)',
          },
          user: { msisdn: '12' },
        },
      ],
    })
  })

  it('answers 404 with code 1300 for an unknown umid', async () => {
    await expectJson(await get(`${messagesPath()}/${crypto.randomUUID()}`), 404, NOT_FOUND)
  })

  it('answers 404 for a message of another sub-account', async () => {
    const umid = await sendOne(TEXT)
    await expectJson(await get(`${messagesPath('other-subaccount')}/${umid}`), 404, NOT_FOUND)
  })

  it('answers 404 once the store is cleared', async () => {
    const umid = await sendOne(TEXT)
    await clear()
    await expectJson(await get(`${messagesPath()}/${umid}`), 404, NOT_FOUND)
  })
})

describe('GET …/messages/{umid} follows the receipts', () => {
  it('shows the latest state that fell due, even when its receipt was dropped on the way', async () => {
    const state = async (umid: string) => {
      const response = await get(`${messagesPath()}/${umid}`)
      const body = (await response.json()) as { data: { status: { state: string } }[] }
      return body.data[0]?.status.state
    }
    // Every receipt is dropped. One message's receipts are held back: none fell due, it is queued.
    await post('/__sandbox/faults', { receipts: { drop: 1, delayMs: 600_000 } })
    const held = await sendOne(TEXT)
    // The other's fall due at once: 8x8 knows it was read once that receipt fell due.
    await post('/__sandbox/faults', { receipts: { drop: 1 } })
    const read = await sendOne(TEXT)
    expect(
      await eventually(async () => ((await state(read)) === 'read' ? 'read' : undefined)),
    ).toBe('read')
    expect(await state(held)).toBe('queued')
  })
})
