import { safeParseEvent } from '@chatapps/dsl'
import { beforeEach, describe, expect, it } from 'vitest'
import { SEND_CONCURRENCY } from '../src/receipts/send'
import {
  aTimestamp,
  batchPath,
  call,
  calls,
  clear,
  clearRecorder,
  delayRecorder,
  expectJson,
  failNext,
  get,
  holdReceipts,
  maxInFlight,
  messagesPath,
  post,
  RETRY_DELAYS_MS,
  received,
  releaseReceipts,
  STEP_MS,
  SUB,
  settledReceipts,
  TEXT,
  WEBHOOK_AUTHORIZATION,
  WEBHOOK_URL,
} from './helpers'

beforeEach(async () => {
  await clear()
  await clearRecorder()
  // No fault plan of an earlier test (the fallback tests set one).
  expect((await call('/__sandbox/faults', { method: 'DELETE' })).status).toBe(204)
})

async function send(body: unknown): Promise<{ umid: string }> {
  const response = await post(messagesPath(), body)
  expect(response.status).toBe(200)
  return response.json()
}

/** 8x8's v9 receipt envelope around a payload. */
function receipt(payload: Record<string, unknown>) {
  return {
    version: 9,
    namespace: 'ChatApps',
    eventType: 'outbound_message_status_changed',
    description: 'ChatApps outbound message delivery receipt',
    payload,
  }
}

/** A webhook call as the recorder saw it, answered 200 unless told. */
function webhookCall(body: unknown, answered = 200) {
  return {
    at: expect.any(Number),
    method: 'POST',
    url: WEBHOOK_URL,
    authorization: WEBHOOK_AUTHORIZATION,
    contentType: 'application/json',
    body,
    answered,
  }
}

/** A receipt as `GET /__sandbox/messages` shows it once it was delivered at the first attempt. */
function deliveredOnce(umid: string, state: string, duplicate = false) {
  return {
    umid,
    state,
    duplicate,
    sentAt: aTimestamp(),
    attempts: 1,
    delivered: true,
    dropped: false,
    pending: false,
  }
}

const DELIVERED = { state: 'delivered', detail: 'delivered_to_recipient' }
const user = { msisdn: '+15551234567' }

describe('delivery receipts of a single send', () => {
  it('POSTs queued, sent, delivered, read: v9 bodies, configured URL and Authorization', async () => {
    const { umid } = await send({ ...TEXT, clientMessageId: 'order-1' })
    const payload = {
      umid,
      clientMessageId: 'order-1',
      subAccountId: SUB,
      channel: 'whatsapp',
      user,
    }
    const status = (extra: Record<string, unknown>) => ({
      payload: { ...payload, status: { ...extra, timestamp: aTimestamp() } },
    })
    expect(await settledReceipts()).toStrictEqual(
      ['queued', 'sent', 'delivered', 'read'].map((state) => deliveredOnce(umid, state)),
    )
    const got = await calls(umid)
    expect(got).toStrictEqual([
      webhookCall(receipt(status({ state: 'queued' }).payload)),
      webhookCall(receipt(status({ state: 'sent' }).payload)),
      webhookCall(receipt(status(DELIVERED).payload)),
      webhookCall(receipt(status({ state: 'read' }).payload)),
    ])
    // Keys in 8x8's order, byte for byte.
    expect(Object.keys(got[0]?.body.payload ?? {})).toStrictEqual([
      'umid',
      'clientMessageId',
      'subAccountId',
      'channel',
      'user',
      'status',
    ])
    for (const { body } of got) {
      const event = safeParseEvent(body)
      if (!event.success || event.output.kind !== 'delivery_receipt') {
        throw new Error(`not a delivery receipt: ${JSON.stringify(body)}`)
      }
      expect(event.output.payload).toStrictEqual(body.payload)
    }
  })

  it('stamps each state one step after the previous one, the first one step after the send', async () => {
    const before = Date.now()
    const { umid } = await send(TEXT)
    await settledReceipts()
    const got = await calls(umid)
    const stamps = got.map((call) =>
      Date.parse((call.body.payload.status as unknown as { timestamp: string }).timestamp),
    )
    expect(stamps.slice(1).map((stamp, i) => stamp - (stamps[i] ?? 0))).toStrictEqual([
      STEP_MS,
      STEP_MS,
      STEP_MS,
    ])
    expect(stamps[0]).toBeGreaterThanOrEqual(before + STEP_MS)
    // Sent no earlier than stamped (alarms fire at or after their time).
    got.forEach((call, i) => {
      expect(call.at).toBeGreaterThanOrEqual((stamps[i] ?? 0) - 5)
    })
  })

  it('omits clientMessageId when the message had none', async () => {
    const { umid } = await send(TEXT)
    await settledReceipts()
    const [queued] = await calls(umid)
    expect(queued?.body).toStrictEqual(
      receipt({
        umid,
        subAccountId: SUB,
        channel: 'whatsapp',
        user,
        status: { state: 'queued', timestamp: aTimestamp() },
      }),
    )
  })

  it('an msisdn ending in 0000: queued, sent, undelivered (AbsentSubscriber), no read', async () => {
    const { umid } = await send({ ...TEXT, user: { msisdn: '+15550000000' } })
    const payload = {
      umid,
      subAccountId: SUB,
      channel: 'whatsapp',
      user: { msisdn: '+15550000000' },
    }
    expect(await settledReceipts()).toStrictEqual(
      ['queued', 'sent', 'undelivered'].map((state) => deliveredOnce(umid, state)),
    )
    expect((await calls(umid)).map((call) => call.body)).toStrictEqual([
      receipt({ ...payload, status: { state: 'queued', timestamp: aTimestamp() } }),
      receipt({ ...payload, status: { state: 'sent', timestamp: aTimestamp() } }),
      receipt({
        ...payload,
        status: {
          state: 'undelivered',
          detail: 'undelivered_to_recipient',
          timestamp: aTimestamp(),
          errorCode: 1,
          errorMessage: 'AbsentSubscriber',
        },
      }),
    ])
    const last = safeParseEvent((await calls(umid))[2]?.body)
    expect(
      last.success && last.output.kind === 'delivery_receipt' && last.output.payload.status,
    ).toStrictEqual({
      state: 'undelivered',
      detail: 'undelivered_to_recipient',
      timestamp: aTimestamp(),
      errorCode: 1,
      errorMessage: 'AbsentSubscriber',
    })
  })

  it('the fallback fault: undelivered on the first channel, then delivered on the second, each step its own channel and details entry', async () => {
    expect((await post('/__sandbox/faults', { receipts: { fallback: true } }, {})).status).toBe(200)
    const channels = [{ channel: 'WhatsApp' }, { channel: 'SMS' }]
    const { umid } = await send({ ...TEXT, channels })
    expect(await settledReceipts()).toStrictEqual(
      ['queued', 'sent', 'undelivered', 'queued', 'sent', 'delivered'].map((state) =>
        deliveredOnce(umid, state),
      ),
    )
    const step = (channel: string, status: Record<string, unknown>) =>
      receipt({
        umid,
        subAccountId: SUB,
        channel,
        user,
        status: { ...status, timestamp: aTimestamp() },
      })
    expect((await calls(umid)).map((call) => call.body)).toStrictEqual([
      step('whatsapp', { state: 'queued' }),
      step('whatsapp', { state: 'sent' }),
      step('whatsapp', {
        state: 'undelivered',
        detail: 'undelivered_to_recipient',
        errorCode: 1,
        errorMessage: 'AbsentSubscriber',
      }),
      step('sms', { state: 'queued' }),
      step('sms', { state: 'sent' }),
      step('sms', DELIVERED),
    ])
    const entry = (channel: string, n: number, status: Record<string, unknown>) => ({
      umid,
      subAccountId: SUB,
      channel,
      direction: 'Outbound',
      status: { ...status, timestamp: aTimestamp() },
      contentType: 'Text',
      createdAt: aTimestamp(),
      step: n,
      user: { msisdn: '+1555123xxxx' },
      content: '**MASKED**',
    })
    await expectJson(await get(`${messagesPath()}/${umid}`), 200, {
      data: [
        entry('WhatsApp', 1, {
          state: 'undelivered',
          errorCode: 1,
          errorMessage: 'AbsentSubscriber',
        }),
        entry('SMS', 2, { state: 'delivered' }),
      ],
    })
  })

  it('the fallback fault without channels: WhatsApp, then the default SMS', async () => {
    expect((await post('/__sandbox/faults', { receipts: { fallback: true } }, {})).status).toBe(200)
    const { umid } = await send(TEXT)
    expect(await settledReceipts()).toHaveLength(6)
    expect(
      (await calls(umid)).map((call) => (call.body.payload as { channel?: string }).channel),
    ).toStrictEqual(['whatsapp', 'whatsapp', 'whatsapp', 'sms', 'sms', 'sms'])
  })

  it('an msisdn ending in 0001: queued, sent, delivered, no read', async () => {
    const { umid } = await send({ ...TEXT, user: { msisdn: '+15550010001' } })
    const payload = {
      umid,
      subAccountId: SUB,
      channel: 'whatsapp',
      user: { msisdn: '+15550010001' },
    }
    expect(await settledReceipts()).toStrictEqual(
      ['queued', 'sent', 'delivered'].map((state) => deliveredOnce(umid, state)),
    )
    expect((await calls(umid)).map((call) => call.body)).toStrictEqual([
      receipt({ ...payload, status: { state: 'queued', timestamp: aTimestamp() } }),
      receipt({ ...payload, status: { state: 'sent', timestamp: aTimestamp() } }),
      receipt({ ...payload, status: { ...DELIVERED, timestamp: aTimestamp() } }),
    ])
  })

  it('lists every attempt on GET /__sandbox/receipts', async () => {
    const { umid } = await send(TEXT)
    await settledReceipts()
    const response = await call('/__sandbox/receipts')
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Type')).toBe('application/json')
    const { attempts } = (await response.json()) as { attempts: { umid: string }[] }
    const bodies = (await calls(umid)).map((c) => c.body)
    expect(attempts.filter((attempt) => attempt.umid === umid)).toStrictEqual(
      ['queued', 'sent', 'delivered', 'read'].map((state, i) => ({
        umid,
        state,
        duplicate: false,
        attempt: 1,
        at: aTimestamp(),
        url: WEBHOOK_URL,
        status: 200,
        delivered: true,
        body: bodies[i],
      })),
    )
  })

  it('DELETE /__sandbox/messages clears the receipts too, pending ones included', async () => {
    // Its receipts held back, so all four are pending when the store is cleared, however busy
    // the machine (a slow webhook raced the clear before, and lost on a loaded machine).
    await holdReceipts()
    const { umid } = await send(TEXT).finally(releaseReceipts)
    await clear()
    expect(await call('/__sandbox/receipts').then((r) => r.json())).toStrictEqual({ attempts: [] })
    // A later message settles after the cleared one would have: none of the cleared ones went.
    const later = await send(TEXT)
    await settledReceipts()
    expect(await calls(later.umid)).toHaveLength(4)
    expect(await calls(umid)).toStrictEqual([])
    const { attempts } = (await call('/__sandbox/receipts').then((r) => r.json())) as {
      attempts: { umid: string }[]
    }
    expect(attempts.map((attempt) => attempt.umid)).toStrictEqual(Array(4).fill(later.umid))
  })
})

describe('delivery receipts of a batch', () => {
  it('carry batchId and clientBatchId; rejected messages get none', async () => {
    const response = await post(batchPath(), {
      clientBatchId: 'campaign-7',
      includeMessagesInResponse: true,
      messages: [
        { ...TEXT, clientMessageId: 'b-1' },
        { ...TEXT, user: { msisdn: 'nope' } },
        { ...TEXT, user: { msisdn: '+15550010001' } },
      ],
    })
    expect(response.status).toBe(200)
    const { batchId, messages } = (await response.json()) as {
      batchId: string
      messages: { umid: string }[]
    }
    const [first, rejected, third] = messages.map((message) => message.umid)
    expect(await settledReceipts()).toStrictEqual([
      ...['queued', 'sent', 'delivered', 'read'].map((state) =>
        deliveredOnce(String(first), state),
      ),
      ...['queued', 'sent', 'delivered'].map((state) => deliveredOnce(String(third), state)),
    ])
    const common = { batchId, subAccountId: SUB, channel: 'whatsapp' }
    expect((await calls(String(first))).map((c) => c.body)).toStrictEqual(
      [{ state: 'queued' }, { state: 'sent' }, DELIVERED, { state: 'read' }].map((status) =>
        receipt({
          umid: first,
          batchId,
          clientMessageId: 'b-1',
          clientBatchId: 'campaign-7',
          subAccountId: SUB,
          channel: 'whatsapp',
          user,
          status: { ...status, timestamp: aTimestamp() },
        }),
      ),
    )
    expect((await calls(String(third))).map((c) => c.body)).toStrictEqual(
      [{ state: 'queued' }, { state: 'sent' }, DELIVERED].map((status) =>
        receipt({
          umid: third,
          ...common,
          clientBatchId: 'campaign-7',
          user: { msisdn: '+15550010001' },
          status: { ...status, timestamp: aTimestamp() },
        }),
      ),
    )
    expect(await calls(String(rejected))).toStrictEqual([])
  })

  it('omit clientBatchId when the batch had none', async () => {
    const response = await post(batchPath(), { messages: [TEXT], includeMessagesInResponse: true })
    const { batchId, messages } = (await response.json()) as {
      batchId: string
      messages: { umid: string }[]
    }
    const umid = String(messages[0]?.umid)
    await settledReceipts()
    expect((await calls(umid))[0]?.body).toStrictEqual(
      receipt({
        umid,
        batchId,
        subAccountId: SUB,
        channel: 'whatsapp',
        user,
        status: { state: 'queued', timestamp: aTimestamp() },
      }),
    )
  })

  it('sends receipts due together in parallel, at most SEND_CONCURRENCY at once', async () => {
    await delayRecorder(60)
    const response = await post(batchPath(), { messages: Array(12).fill(TEXT) })
    expect(response.status).toBe(200)
    const receipts = await settledReceipts()
    expect(receipts).toHaveLength(48)
    expect(receipts.every((r) => r.delivered && r.attempts === 1)).toBe(true)
    expect(await maxInFlight()).toBe(SEND_CONCURRENCY)
  })
})

describe('retries of a failed receipt POST', () => {
  it('retries after the configured delays, then succeeds', async () => {
    await failNext({ clientMessageId: 'retry-1', state: 'queued', statuses: [500, 503, 429] })
    const { umid } = await send({ ...TEXT, clientMessageId: 'retry-1' })
    const receipts = await settledReceipts()
    expect(receipts[0]).toStrictEqual({ ...deliveredOnce(umid, 'queued'), attempts: 4 })
    expect(receipts.slice(1)).toStrictEqual(
      ['sent', 'delivered', 'read'].map((state) => deliveredOnce(umid, state)),
    )
    const queued = (await calls(umid)).filter((c) => c.body.payload.status.state === 'queued')
    expect(queued.map((c) => c.answered)).toStrictEqual([500, 503, 429, 200])
    // Every retry sends the same body.
    expect(new Set(queued.map((c) => JSON.stringify(c.body))).size).toBe(1)
    const gaps = queued.slice(1).map((c, i) => c.at - (queued[i]?.at ?? 0))
    gaps.forEach((gap, i) => {
      const delay = RETRY_DELAYS_MS[i] ?? 0
      // Never before its delay. No upper bound: how late an alarm fires is the machine's load.
      expect(gap).toBeGreaterThanOrEqual(delay - 5)
    })
    const { attempts } = (await call('/__sandbox/receipts').then((r) => r.json())) as {
      attempts: { umid: string; state: string; attempt: number; status: number }[]
    }
    expect(
      attempts
        .filter((a) => a.umid === umid && a.state === 'queued')
        .map((a) => [a.attempt, a.status]),
    ).toStrictEqual([
      [1, 500],
      [2, 503],
      [3, 429],
      [4, 200],
    ])
  })

  it('retries after a network error, which GET /__sandbox/receipts reports', async () => {
    await failNext({ clientMessageId: 'retry-3', state: 'queued', statuses: [0] })
    const { umid } = await send({ ...TEXT, clientMessageId: 'retry-3' })
    const receipts = await settledReceipts()
    expect(receipts[0]).toStrictEqual({ ...deliveredOnce(umid, 'queued'), attempts: 2 })
    const { attempts } = (await call('/__sandbox/receipts').then((r) => r.json())) as {
      attempts: { umid: string; state: string; body: unknown }[]
    }
    const queued = attempts.filter((a) => a.umid === umid && a.state === 'queued')
    const common = { umid, state: 'queued', duplicate: false, url: WEBHOOK_URL, at: aTimestamp() }
    expect(queued).toStrictEqual([
      {
        ...common,
        attempt: 1,
        status: null,
        error: 'webhook-recorder: connection dropped',
        delivered: false,
        body: queued[0]?.body,
      },
      { ...common, attempt: 2, status: 200, delivered: true, body: queued[0]?.body },
    ])
    expect(queued[0]?.body).toStrictEqual(receipt(expect.objectContaining({ umid })))
  })

  it('gives up after the last delay; the later receipts still go out', async () => {
    await failNext({ clientMessageId: 'retry-2', state: 'sent', statuses: [500, 500, 500, 500] })
    const { umid } = await send({ ...TEXT, clientMessageId: 'retry-2' })
    const receipts = await settledReceipts()
    expect(receipts).toStrictEqual([
      deliveredOnce(umid, 'queued'),
      { ...deliveredOnce(umid, 'sent'), attempts: 4, delivered: false },
      deliveredOnce(umid, 'delivered'),
      deliveredOnce(umid, 'read'),
    ])
    const got = await calls(umid)
    expect(got.map((c) => [c.body.payload.status.state, c.answered])).toStrictEqual([
      ['queued', 200],
      ['sent', 500],
      ['delivered', 200],
      ['read', 200],
      ['sent', 500],
      ['sent', 500],
      ['sent', 500],
    ])
    const { messages } = await received()
    expect(messages[0]?.receipts).toStrictEqual(receipts)
  })
})
