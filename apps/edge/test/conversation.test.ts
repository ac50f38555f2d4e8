/**
 * Issue 17 §2: 8x8's conversation API through the gateway (read, typing, cancel, files), against
 * the fault-injecting fake 8x8 (test/fake-8x8.mjs), which keeps every call as it received it.
 */
import { createExecutionContext, createMessageBatch, env, getQueueResult } from 'cloudflare:test'
import { DELIVERY_STATE_RANKS } from '@chatapps/dsl'
import { OUTCOMES } from '@chatapps/signature'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  CANCEL_INFERRED_REASON,
  CANCEL_UNKNOWN_REASON,
  HELD_REASON,
  STOPPED_REASON,
} from '../src/db/messages/cancel'
import { acceptMessages } from '../src/db/messages/delivery'
import { deliverBatch } from '../src/delivery/consumer'
import type { DeliveryJob } from '../src/delivery/jobs'
import { storeReceipt } from '../src/receipts/intake'
import {
  acceptedMessage,
  deliveryDeps,
  flushRecords,
  HMAC_SECRET,
  KEYS,
  ORIGIN,
  problem,
  problemBody,
  receiptOf,
  sendFaulty,
  sendHereVia,
  signedDelete,
  signedGet,
  signedPost,
  textMessage,
  upstreamReceived,
} from './helpers'

const SUB = 'demo-subaccount'
/** The sub-account a message was sent under before its key was moved to {@link SUB}. */
const EARLIER_SUB = 'earlier-subaccount'
const READ_ONLY = 'conversation-read-only'
const HOUR = 60 * 60 * 1000
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/
/** The detail of a cancel 8x8 failed after it was sent (500): it may have cancelled `what`. */
const CANCEL_UNKNOWN = (what: string) =>
  `8x8 failed after the cancel was sent: it may have cancelled ${what}. Asking again is safe.`

/** The detail of a cancel 8x8 did not answer in time: it may have cancelled `what`. */
const CANCEL_TIMED_OUT = (what: string) =>
  `8x8 did not answer the cancel in time: it may have cancelled ${what}. Asking again is safe.`

/**
 * An 8x8 written by the test: each request is kept (`METHOD path`), and answered by `answer`.
 */
function fake8x8(answer: (init: RequestInit | undefined) => Promise<Response>) {
  const asked: string[] = []
  const fetcher = {
    fetch: (url: string, init?: RequestInit) => {
      asked.push(`${init?.method ?? 'GET'} ${new URL(url).pathname}`)
      return answer(init)
    },
  } as unknown as Fetcher
  return { fetcher, asked }
}

/** An 8x8 whose connection is lost once each request may have been written, as workerd says it. */
const connectionLost = () =>
  fake8x8(() => Promise.reject(new TypeError('Network connection lost.')))

/**
 * An 8x8 that never answers: each request ends only when the gateway aborts it (its upstream
 * timeout). The outcome does not depend on how long anything takes; only the test's duration does.
 */
const neverAnswers = () =>
  fake8x8(
    (init) =>
      new Promise((_, reject) => {
        const signal = init?.signal
        if (signal === undefined || signal === null) return
        signal.addEventListener('abort', () => reject(signal.reason))
      }),
  )

/** The suite's variables with an upstream timeout of 20 ms, for {@link neverAnswers}. */
const QUICK_TIMEOUT = { UPSTREAM_TIMEOUT_MS: '20' }

/**
 * Moves these records to a sub-account of their own (as sent under it): the failures a test
 * provokes then count against that sub-account's circuit breaker, not the file's.
 */
async function ownSubAccount(ids: readonly string[]): Promise<string> {
  await flushRecords()
  const subAccount = `own-${crypto.randomUUID()}`
  for (const id of ids) {
    await env.DB.prepare('UPDATE messages SET sub_account = ? WHERE id = ?')
      .bind(subAccount, id)
      .run()
  }
  return subAccount
}

/** What a record keeps of its cancels: when one had no known outcome (ms), and its claim. */
async function cancelMemory(id: string) {
  return env.DB.prepare('SELECT cancel_unknown_at, lease_until FROM messages WHERE id = ?')
    .bind(id)
    .first<{ cancel_unknown_at: number | null; lease_until: number }>()
}

/** The `cancel` member of a record whose earlier cancel, remembered at `at` (ms), has no known outcome. */
const cancelUnknown = (at: number | null | undefined) => ({
  outcome: 'unknown',
  timestamp: new Date(at ?? Number.NaN).toISOString(),
  reason: CANCEL_UNKNOWN_REASON,
})

/** Runs the delivery queue's consumer on a message's job, as the queue would. */
async function deliver(id: string, recipient?: string) {
  const paced =
    recipient === undefined ? {} : { recipient, pace: { ratePerSecond: 1 / 6, burst: 45 } }
  const batch = createMessageBatch<DeliveryJob>('chatapps-delivery', [
    {
      id: `msg-${id}`,
      timestamp: new Date(1_000),
      attempts: 1,
      body: { id, subAccount: SUB, ...paced },
    },
  ])
  const ctx = createExecutionContext()
  await deliverBatch(batch, deliveryDeps())
  return getQueueResult(batch, ctx)
}

beforeAll(async () => {
  await env.DB.prepare(
    `INSERT OR REPLACE INTO client_keys (key_id, alg, secret, sub_account, allowed_routes,
      rate_per_second, rate_burst, status, created_at) VALUES (?, 'hmac-sha256', ?, ?, ?, 100, 1000, 'active', 0)`,
  )
    .bind(READ_ONLY, HMAC_SECRET, SUB, '["POST /v1/inbound/:umid/read"]')
    .run()
})

/**
 * An inbound message the gateway received `ago` ms ago, on a sub-account. With a channel, its
 * event is an MO v3 event as the webhook stores it, that channel spelt as given; without one, the
 * event is `{}` (no channel).
 */
async function inbound(ago: number, subAccount: string = SUB, channel?: string): Promise<string> {
  const umid = crypto.randomUUID()
  const at = Date.now() - ago
  const timestamp = new Date(at).toISOString()
  const event =
    channel === undefined
      ? {}
      : {
          kind: 'inbound_message',
          version: 3,
          namespace: 'ChatApps',
          eventType: 'inbound_message_received',
          payload: {
            umid,
            subAccountId: subAccount,
            timestamp,
            user: { msisdn: '+15551234567' },
            recipient: { channel, channelId: 'channel-id-1' },
            type: 'Text',
            content: { text: 'hello' },
          },
        }
  await env.DB.prepare(
    `INSERT INTO inbound_messages (umid, sub_account, type, timestamp, event, received_at)
      VALUES (?, ?, 'text', ?, ?, ?)`,
  )
    .bind(umid, subAccount, timestamp, JSON.stringify(event), at)
    .run()
  return umid
}

/** What the fake 8x8 received whose raw text or path names `marker`. */
async function calls(marker: string) {
  return (await upstreamReceived(undefined, 'FAULTY_UPSTREAM')).filter(
    (call) =>
      call.raw.includes(marker) || ((call as { path?: string }).path ?? '').includes(marker),
  )
}

const signatureProblem = (code: keyof typeof OUTCOMES, detail?: string) =>
  problemBody(code, OUTCOMES[code].status, OUTCOMES[code].title, detail)

describe('POST /v1/inbound/{umid}/read', () => {
  it('marks an inbound message read at 8x8, once per idempotency key', async () => {
    const umid = await inbound(1000)
    const idempotencyKey = crypto.randomUUID()
    const path = `/v1/inbound/${umid}/read`
    const response = await sendFaulty(await signedPost('', { path, idempotencyKey }))
    expect(response.status).toBe(200)
    expect(await response.json()).toStrictEqual({ umid, read: true })
    const replay = await sendFaulty(await signedPost('', { path, idempotencyKey }))
    expect(replay.status).toBe(200)
    expect(replay.headers.get('idempotency-replayed')).toBe('true')
    expect(await replay.json()).toStrictEqual({ umid, read: true })
    expect(await calls(umid)).toStrictEqual([
      {
        subAccountId: SUB,
        method: 'POST',
        path: `/api/v1/subaccounts/${SUB}/messages/${umid}/read`,
        raw: `read ${umid}`,
      },
    ])
  })

  it('answers a connection lost as 8x8 unavailable, and lets the retry with the same key ask again: marking read twice is harmless', async () => {
    // Another key's sub-account: the failure counts against its circuit, not the file's.
    const umid = await inbound(1000, 'other-subaccount')
    const idempotencyKey = crypto.randomUUID()
    const request = () =>
      signedPost('', { path: `/v1/inbound/${umid}/read`, idempotencyKey, keyId: KEYS.otherSub })
    const lost = connectionLost()
    const failed = await sendHereVia(await request(), lost.fetcher)
    expect(failed.status).toBe(503)
    expect(failed.headers.get('retry-after')).toBe('1')
    expect(await problem(failed)).toStrictEqual(
      problemBody('upstream_unavailable', 503, '8x8 unavailable', '8x8 is unavailable.'),
    )
    expect(lost.asked).toStrictEqual([
      `POST /api/v1/subaccounts/other-subaccount/messages/${umid}/read`,
    ])
    // Not final for the key: its retry reaches 8x8 (not a replay of the 503).
    const retried = await sendFaulty(await request())
    expect(retried.status).toBe(200)
    expect(retried.headers.get('idempotency-replayed')).toBeNull()
    expect(await retried.json()).toStrictEqual({ umid, read: true })
    expect(await calls(`read ${umid}`)).toHaveLength(1)
  })

  it('answers 404 for a umid the gateway did not receive, or another sub-account’s', async () => {
    const other = await inbound(1000, 'other-subaccount')
    for (const umid of [crypto.randomUUID(), other]) {
      const response = await sendFaulty(await signedPost('', { path: `/v1/inbound/${umid}/read` }))
      expect(response.status).toBe(404)
      expect(await problem(response)).toStrictEqual(
        problemBody(
          'not_found',
          404,
          'Not found',
          "No inbound message with this umid on the key's sub-account.",
        ),
      )
      expect(await calls(umid)).toStrictEqual([])
    }
  })

  it('takes no body: 413', async () => {
    const umid = await inbound(1000)
    const response = await sendFaulty(await signedPost('{}', { path: `/v1/inbound/${umid}/read` }))
    expect(response.status).toBe(413)
    expect(await problem(response)).toStrictEqual(signatureProblem('payload_too_large'))
    expect(await calls(umid)).toStrictEqual([])
  })

  it('answers 8x8’s refusal as 422 upstream_rejected', async () => {
    const umid = `gone-${crypto.randomUUID()}`
    await env.DB.prepare(
      `INSERT INTO inbound_messages (umid, sub_account, type, timestamp, event, received_at)
        VALUES (?, ?, 'text', ?, '{}', ?)`,
    )
      .bind(umid, SUB, new Date().toISOString(), Date.now())
      .run()
    const response = await sendFaulty(await signedPost('', { path: `/v1/inbound/${umid}/read` }))
    expect(response.status).toBe(422)
    expect(await problem(response)).toStrictEqual(
      problemBody('upstream_rejected', 422, 'Rejected by 8x8', '8x8 rejected the read receipt.', {
        upstream: { code: 1300, message: 'Message not found.' },
      }),
    )
  })
})

describe('POST /v1/inbound/{umid}/typing', () => {
  it('shows the typing indicator within 2 hours of the inbound message', async () => {
    const umid = await inbound(HOUR)
    const response = await sendFaulty(await signedPost('', { path: `/v1/inbound/${umid}/typing` }))
    expect(response.status).toBe(200)
    const body = (await response.json()) as { umid: string; typingUntil: string }
    expect(Object.keys(body)).toStrictEqual(['umid', 'typingUntil'])
    expect(body.umid).toBe(umid)
    // Received an hour ago: an hour left, give or take the test's own time.
    const left = Date.parse(body.typingUntil) - Date.now()
    expect(left).toBeGreaterThan(HOUR - 60_000)
    expect(left).toBeLessThanOrEqual(HOUR)
    expect(await calls(umid)).toStrictEqual([
      {
        subAccountId: SUB,
        method: 'POST',
        path: `/api/v1/subaccounts/${SUB}/events`,
        raw: JSON.stringify({ channel: 'whatsapp', type: 'typing', umid }),
      },
    ])
  })

  it('shows it on the inbound message’s own channel, WhatsApp or RCS, in 8x8’s lower case', async () => {
    for (const [channel, sent] of [
      ['rcs', 'rcs'],
      ['RCS', 'rcs'],
      ['whatsapp', 'whatsapp'],
      ['whatsApp', 'whatsapp'],
    ] as const) {
      const umid = await inbound(1000, SUB, channel)
      const path = `/v1/inbound/${umid}/typing`
      const response = await sendFaulty(await signedPost('', { path }))
      expect(response.status).toBe(200)
      expect(await calls(umid)).toStrictEqual([
        {
          subAccountId: SUB,
          method: 'POST',
          path: `/api/v1/subaccounts/${SUB}/events`,
          raw: JSON.stringify({ channel: sent, type: 'typing', umid }),
        },
      ])
    }
  })

  it('refuses a channel 8x8 shows no typing indicator on: 422 typing_unsupported, nothing sent', async () => {
    for (const [channel, named] of [
      ['viber', 'viber'],
      ['LINE', 'line'],
      ['sms', 'sms'],
      ['telegram', 'telegram'],
    ] as const) {
      const umid = await inbound(1000, SUB, channel)
      const path = `/v1/inbound/${umid}/typing`
      const response = await sendFaulty(await signedPost('', { path }))
      expect(response.status).toBe(422)
      expect(await problem(response)).toStrictEqual(
        problemBody(
          'typing_unsupported',
          422,
          'Typing indicator unsupported',
          `8x8 shows a typing indicator only on WhatsApp and RCS: this inbound message came on ${named}.`,
          { channel: named },
        ),
      )
      expect(await calls(umid)).toStrictEqual([])
    }
  })

  it('replays its answer for an idempotency key: one indicator', async () => {
    const umid = await inbound(1000)
    const idempotencyKey = crypto.randomUUID()
    const path = `/v1/inbound/${umid}/typing`
    const first = await sendFaulty(await signedPost('', { path, idempotencyKey }))
    const again = await sendFaulty(await signedPost('', { path, idempotencyKey }))
    expect(first.status).toBe(200)
    expect(again.status).toBe(200)
    expect(again.headers.get('idempotency-replayed')).toBe('true')
    expect(await again.json()).toStrictEqual(await first.json())
    expect(await calls(umid)).toHaveLength(1)
  })

  it('refuses an inbound message older than 2 hours: 422 inbound_too_old, nothing sent', async () => {
    const umid = await inbound(2 * HOUR + 1000)
    const row = await env.DB.prepare('SELECT received_at FROM inbound_messages WHERE umid = ?')
      .bind(umid)
      .first<{ received_at: number }>()
    const receivedAt = row?.received_at ?? 0
    const response = await sendFaulty(await signedPost('', { path: `/v1/inbound/${umid}/typing` }))
    expect(response.status).toBe(422)
    expect(await problem(response)).toStrictEqual(
      problemBody(
        'inbound_too_old',
        422,
        'Inbound message too old',
        'A typing indicator is shown only within 2 hours of the inbound message.',
        {
          receivedAt: new Date(receivedAt).toISOString(),
          typingUntil: new Date(receivedAt + 2 * HOUR).toISOString(),
        },
      ),
    )
    expect(await calls(umid)).toStrictEqual([])
  })

  it('is a route of its own in the key’s permissions: 403 for a key allowed only read', async () => {
    const umid = await inbound(1000)
    const typing = await sendFaulty(
      await signedPost('', { path: `/v1/inbound/${umid}/typing`, keyId: READ_ONLY }),
    )
    expect(typing.status).toBe(403)
    expect(await problem(typing)).toStrictEqual(
      signatureProblem('forbidden', 'This key may not call POST /v1/inbound/:umid/typing.'),
    )
    const read = await sendFaulty(
      await signedPost('', { path: `/v1/inbound/${umid}/read`, keyId: READ_ONLY }),
    )
    expect(read.status).toBe(200)
    expect(await calls(umid)).toHaveLength(1)
  })
})

/** A message sent now through the fake, scheduled for tomorrow: its id and umid. */
async function scheduled(text: string = `later ${crypto.randomUUID()}`) {
  const body = { ...textMessage(text), scheduled: new Date(Date.now() + 24 * HOUR).toISOString() }
  const response = await sendFaulty(await signedPost(JSON.stringify(body)))
  expect(response.status).toBe(200)
  return (await response.json()) as { id: string; umid: string }
}

describe('DELETE /v1/messages/{id}', () => {
  it('cancels a scheduled message at 8x8: the record becomes cancelled; again, the same answer', async () => {
    const { id, umid } = await scheduled()
    const response = await sendFaulty(await signedDelete(`/v1/messages/${id}`))
    expect(response.status).toBe(200)
    const cancelled = (await response.json()) as { status: { state: string } }
    expect(cancelled.status.state).toBe('cancelled')
    const record = await sendFaulty(await signedGet(`/v1/messages/${id}`))
    expect(await record.json()).toStrictEqual(cancelled)
    const again = await sendFaulty(await signedDelete(`/v1/messages/${id}`))
    expect(again.status).toBe(200)
    expect(await again.json()).toStrictEqual(cancelled)
    expect(await calls(`/messages/${umid}`)).toStrictEqual([
      {
        subAccountId: SUB,
        method: 'DELETE',
        path: `/api/v1/subaccounts/${SUB}/messages/${umid}`,
        raw: `cancel ${umid}`,
      },
    ])
  })

  it('answers 409 not_cancellable when 8x8 cancels nothing (sent) or knows nothing (404 1300)', async () => {
    for (const text of ['fault:sent', 'fault:gone']) {
      const { id } = await scheduled(`${text} ${crypto.randomUUID()}`)
      const response = await sendFaulty(await signedDelete(`/v1/messages/${id}`))
      await expectNotCancellable(
        response,
        '8x8 holds no scheduled message to cancel: it was sent, never scheduled, or cancelled already.',
        null,
      )
      const record = (await (await sendFaulty(await signedGet(`/v1/messages/${id}`))).json()) as {
        status: { state: string }
      }
      expect(record.status.state).toBe('queued')
    }
  })

  it('cancels a message the gateway still holds: the queue then acknowledges it, nothing sent', async () => {
    const text = `held ${crypto.randomUUID()}`
    const id = await acceptedMessage(text)
    const response = await sendFaulty(await signedDelete(`/v1/messages/${id}`))
    expect(response.status).toBe(200)
    const cancelled = (await response.json()) as Record<string, unknown>
    expect(cancelled).toStrictEqual({
      id,
      clientMessageId: `cmid-${id}`,
      umid: null,
      status: { state: 'cancelled', timestamp: expect.stringMatching(ISO), reason: HELD_REASON },
      deliveryAttempts: 0,
      batchId: null,
      createdAt: new Date(1).toISOString(),
      updatedAt: expect.stringMatching(ISO),
      history: [],
    })
    expect(await (await sendFaulty(await signedGet(`/v1/messages/${id}`))).json()).toStrictEqual(
      cancelled,
    )
    const again = await sendFaulty(await signedDelete(`/v1/messages/${id}`))
    expect(again.status).toBe(200)
    expect(await again.json()).toStrictEqual(cancelled)
    // The queue's delivery of its job finds it settled: acknowledged, never posted to 8x8.
    expect(await deliver(id)).toStrictEqual({
      outcome: 'ok',
      ackAll: false,
      retryBatch: { retry: false },
      explicitAcks: [`msg-${id}`],
      retryMessages: [],
    })
    expect(await calls(text)).toStrictEqual([])
    expect(await calls(id)).toStrictEqual([])
  })

  it('gives a cancelled message’s pacing token back: its recipient shows no send', async () => {
    const recipient = `+1555${String(Date.now()).slice(-7)}`
    const id = crypto.randomUUID()
    await acceptMessages(env.DB, [
      {
        id,
        keyId: KEYS.ed25519,
        idempotencyKey: `idem-${id}`,
        clientMessageId: id,
        subAccount: SUB,
        payload: JSON.stringify({
          ...textMessage(),
          user: { msisdn: recipient },
          clientMessageId: id,
        }),
        createdAt: 1,
        recipient,
      },
    ])
    expect((await sendFaulty(await signedDelete(`/v1/messages/${id}`))).status).toBe(200)
    expect((await deliver(id, recipient)).explicitAcks).toStrictEqual([`msg-${id}`])
    const contact = (await (
      await sendFaulty(await signedGet(`/v1/contacts/${encodeURIComponent(recipient)}`))
    ).json()) as { pacing: { tokens: number }; lastOutboundAt: string | null }
    // As a recipient never sent to: a full bucket (the deployment's burst) and no last send.
    expect([contact.pacing.tokens, contact.lastOutboundAt]).toStrictEqual([100_000, null])
  })

  it('cancels a held message once when two DELETEs race: both answer the cancelled record', async () => {
    const id = await acceptedMessage(`held ${crypto.randomUUID()}`)
    const [first, second] = await Promise.all([
      sendFaulty(await signedDelete(`/v1/messages/${id}`)),
      sendFaulty(await signedDelete(`/v1/messages/${id}`)),
    ])
    expect([first?.status, second?.status]).toStrictEqual([200, 200])
    const [a, b] = (await Promise.all([first?.json(), second?.json()])) as {
      status: { state: string }
    }[]
    expect(a?.status.state).toBe('cancelled')
    expect(b).toStrictEqual(a)
  })

  it('asks 8x8 once when two DELETEs of a scheduled message race: the other answers the cancelled record, or to ask again', async () => {
    for (let round = 0; round < 5; round++) {
      const { id, umid } = await scheduled()
      const answers = await Promise.all([
        sendFaulty(await signedDelete(`/v1/messages/${id}`)),
        sendFaulty(await signedDelete(`/v1/messages/${id}`)),
      ])
      const statuses = answers.map((answer) => answer.status)
      const winner = answers[statuses.indexOf(200)]
      const record = (await winner?.json()) as { status: { state: string } }
      expect(record.status.state).toBe('cancelled')
      const other = answers.find((answer) => answer !== winner)
      if (other?.status === 200) {
        expect(await other.json()).toStrictEqual(record)
      } else {
        // It came while the first was asking 8x8: never "nothing to cancel".
        await expectNotCancellable(
          other as Response,
          'Another request is cancelling this message at 8x8 now: ask again once it has settled.',
          '1',
        )
        const again = await sendFaulty(await signedDelete(`/v1/messages/${id}`))
        expect(again.status).toBe(200)
        expect(await again.json()).toStrictEqual(record)
      }
      expect(await calls(`cancel ${umid}`)).toHaveLength(1)
    }
  })

  it('leaves a message another cancel holds to it: 409 with Retry-After, 8x8 not asked', async () => {
    const { id, umid } = await scheduled()
    await flushRecords()
    await env.DB.prepare('UPDATE messages SET lease_until = ? WHERE id = ?')
      .bind(Date.now() + 30_000, id)
      .run()
    const raced = await sendFaulty(await signedDelete(`/v1/messages/${id}`))
    await expectNotCancellable(
      raced,
      'Another request is cancelling this message at 8x8 now: ask again once it has settled.',
      '1',
    )
    expect(await calls(`cancel ${umid}`)).toStrictEqual([])
    // A claim whose worker died expires: then the next DELETE cancels it.
    await env.DB.prepare('UPDATE messages SET lease_until = ? WHERE id = ?')
      .bind(Date.now() - 1, id)
      .run()
    const cancelled = await sendFaulty(await signedDelete(`/v1/messages/${id}`))
    expect(cancelled.status).toBe(200)
    expect(await calls(`cancel ${umid}`)).toHaveLength(1)
  })

  it('answers 409 without Retry-After for a message at 8x8 in a final state: nothing to cancel, 8x8 not asked', async () => {
    for (const state of ['delivered', 'read', 'rejected', 'failed', 'undelivered'] as const) {
      const { id, umid } = await scheduled()
      await flushRecords()
      await env.DB.prepare('UPDATE messages SET status = ?, status_rank = ? WHERE id = ?')
        .bind(state, DELIVERY_STATE_RANKS[state], id)
        .run()
      const response = await sendFaulty(await signedDelete(`/v1/messages/${id}`))
      await expectNotCancellable(response, `Nothing to cancel: the message is ${state}.`, null)
      expect(await calls(`cancel ${umid}`)).toStrictEqual([])
      const record = (await (await sendFaulty(await signedGet(`/v1/messages/${id}`))).json()) as {
        status: { state: string }
      }
      expect(record.status.state).toBe(state)
    }
  })

  it('releases its claim when 8x8 fails: the next DELETE asks 8x8 again', async () => {
    const { id, umid } = await scheduled(`cancel:503 ${crypto.randomUUID()}`)
    const failed = await sendFaulty(await signedDelete(`/v1/messages/${id}`))
    expect(failed.status).toBe(503)
    const again = await sendFaulty(await signedDelete(`/v1/messages/${id}`))
    expect(again.status).toBe(503)
    expect(await calls(`cancel ${umid}`)).toHaveLength(2)
    const lease = await env.DB.prepare('SELECT lease_until FROM messages WHERE id = ?')
      .bind(id)
      .first<number>('lease_until')
    expect(lease).toBe(0)
  })

  it('answers an ambiguous failure of 8x8’s cancel as an outcome unknown; asked again before the scheduled time, 8x8 holding nothing means it was cancelled', async () => {
    const { id, umid } = await scheduled(`cancel:500-after ${crypto.randomUUID()}`)
    const failed = await sendFaulty(await signedDelete(`/v1/messages/${id}`))
    expect(failed.status).toBe(503)
    expect(failed.headers.get('retry-after')).toBe('1')
    expect(await problem(failed)).toStrictEqual(
      problemBody('upstream_unavailable', 503, '8x8 unavailable', CANCEL_UNKNOWN('the message')),
    )
    // Remembered on the record, the claim released: asking again is safe.
    const row = await env.DB.prepare(
      'SELECT cancel_unknown_at > 0 AS remembered, lease_until FROM messages WHERE id = ?',
    )
      .bind(id)
      .first()
    expect(row).toStrictEqual({ remembered: 1, lease_until: 0 })
    const again = await sendFaulty(await signedDelete(`/v1/messages/${id}`))
    expect(again.status).toBe(200)
    const record = (await again.json()) as Record<string, unknown>
    expect(record).toStrictEqual({
      id,
      clientMessageId: expect.any(String),
      umid,
      status: {
        state: 'cancelled',
        timestamp: expect.stringMatching(ISO),
        reason: CANCEL_INFERRED_REASON,
      },
      deliveryAttempts: 1,
      batchId: null,
      createdAt: expect.stringMatching(ISO),
      updatedAt: expect.stringMatching(ISO),
      history: [],
    })
    expect(await (await sendFaulty(await signedGet(`/v1/messages/${id}`))).json()).toStrictEqual(
      record,
    )
    expect(await calls(`cancel ${umid}`)).toHaveLength(2)
  })

  it('answers an ambiguous failure of 8x8’s cancel that cancelled nothing as an outcome unknown; asked again, cancels it', async () => {
    const { id, umid } = await scheduled(`cancel:500-before ${crypto.randomUUID()}`)
    const failed = await sendFaulty(await signedDelete(`/v1/messages/${id}`))
    expect(failed.status).toBe(503)
    expect(await problem(failed)).toStrictEqual(
      problemBody('upstream_unavailable', 503, '8x8 unavailable', CANCEL_UNKNOWN('the message')),
    )
    const again = await sendFaulty(await signedDelete(`/v1/messages/${id}`))
    expect(again.status).toBe(200)
    const record = (await again.json()) as { status: unknown }
    expect(record.status).toStrictEqual({
      state: 'cancelled',
      timestamp: expect.stringMatching(ISO),
    })
    expect(await calls(`cancel ${umid}`)).toHaveLength(2)
  })

  it('after an ambiguous cancel, past the scheduled time (or none), answers 409 that the earlier cancel’s outcome is unknown, not that it was sent', async () => {
    const past = await scheduled(`cancel:500-after ${crypto.randomUUID()}`)
    const body = textMessage(`cancel:500-after ${crypto.randomUUID()}`)
    const now = await sendFaulty(await signedPost(JSON.stringify(body)))
    const unscheduled = (await now.json()) as { id: string; umid: string }
    for (const { id } of [past, unscheduled]) {
      expect((await sendFaulty(await signedDelete(`/v1/messages/${id}`))).status).toBe(503)
    }
    await env.DB.prepare(
      `UPDATE messages SET payload = json_set(payload, '$.scheduled', ?) WHERE id = ?`,
    )
      .bind(new Date(Date.now() - HOUR).toISOString(), past.id)
      .run()
    for (const { id, umid } of [past, unscheduled]) {
      const again = await sendFaulty(await signedDelete(`/v1/messages/${id}`))
      await expectNotCancellable(
        again,
        'An earlier cancel of this message has no known outcome, and 8x8 holds nothing scheduled under it now: that cancel took effect, or the message was sent. Its receipts will tell.',
        null,
      )
      const record = (await (await sendFaulty(await signedGet(`/v1/messages/${id}`))).json()) as {
        status: { state: string }
        cancel: unknown
      }
      expect(record.status.state).toBe('queued')
      // Queued, or cancelled by the earlier cancel: the record says it does not know which.
      expect(record.cancel).toStrictEqual(
        cancelUnknown((await cancelMemory(id))?.cancel_unknown_at),
      )
      expect(await calls(`cancel ${umid}`)).toHaveLength(2)
      // A receipt that 8x8 sent it settles it: the earlier cancel did not take effect.
      await storeReceipt(env.DB, receiptOf(id, umid, 'sent', SUB), Date.now())
      const sent = (await (await sendFaulty(await signedGet(`/v1/messages/${id}`))).json()) as {
        status: { state: string }
      }
      expect(sent.status.state).toBe('sent')
      expect(sent).not.toHaveProperty('cancel')
    }
  })

  it('answers a connection lost once the cancel may have reached 8x8 as an outcome unknown, as a 5xx; the record says so until a cancel settles it', async () => {
    const { id, umid } = await scheduled()
    const subAccount = await ownSubAccount([id])
    const lost = connectionLost()
    const failed = await sendHereVia(await signedDelete(`/v1/messages/${id}`), lost.fetcher)
    expect(failed.status).toBe(503)
    expect(failed.headers.get('retry-after')).toBe('1')
    expect(await problem(failed)).toStrictEqual(
      problemBody('upstream_unavailable', 503, '8x8 unavailable', CANCEL_UNKNOWN('the message')),
    )
    expect(lost.asked).toStrictEqual([`DELETE /api/v1/subaccounts/${subAccount}/messages/${umid}`])
    // Remembered on the record, the claim released: asking again is safe.
    const memory = await cancelMemory(id)
    expect(memory?.cancel_unknown_at).toEqual(expect.any(Number))
    expect(memory?.lease_until).toBe(0)
    // Its record is still queued (since it was sent), and says that 8x8 may have cancelled it.
    const record = (await (await sendFaulty(await signedGet(`/v1/messages/${id}`))).json()) as {
      createdAt: string
    }
    const cancel = cancelUnknown(memory?.cancel_unknown_at)
    expect(record).toStrictEqual({
      id,
      clientMessageId: id,
      umid,
      status: { state: 'queued', timestamp: record.createdAt },
      cancel,
      deliveryAttempts: 1,
      batchId: null,
      createdAt: expect.stringMatching(ISO),
      updatedAt: cancel.timestamp,
      history: [],
    })
    // 8x8 had not cancelled it: the cancel asked again does, and the record says only that.
    const again = await sendFaulty(await signedDelete(`/v1/messages/${id}`))
    expect(again.status).toBe(200)
    const cancelled = (await again.json()) as Record<string, unknown>
    expect(cancelled.status).toStrictEqual({
      state: 'cancelled',
      timestamp: expect.stringMatching(ISO),
    })
    expect(cancelled).not.toHaveProperty('cancel')
  })

  it('answers 8x8 not answering the cancel in time as 504, an outcome unknown remembered on the record', async () => {
    const { id, umid } = await scheduled()
    const subAccount = await ownSubAccount([id])
    const silent = neverAnswers()
    const failed = await sendHereVia(
      await signedDelete(`/v1/messages/${id}`),
      silent.fetcher,
      QUICK_TIMEOUT,
    )
    expect(failed.status).toBe(504)
    expect(failed.headers.get('retry-after')).toBe('1')
    expect(await problem(failed)).toStrictEqual(
      problemBody('upstream_unavailable', 504, '8x8 unavailable', CANCEL_TIMED_OUT('the message')),
    )
    expect(silent.asked).toStrictEqual([
      `DELETE /api/v1/subaccounts/${subAccount}/messages/${umid}`,
    ])
    const memory = await cancelMemory(id)
    expect(memory?.cancel_unknown_at).toEqual(expect.any(Number))
    expect(memory?.lease_until).toBe(0)
    const record = (await (await sendFaulty(await signedGet(`/v1/messages/${id}`))).json()) as {
      status: unknown
      cancel: unknown
      createdAt: string
    }
    expect(record.status).toStrictEqual({ state: 'queued', timestamp: record.createdAt })
    expect(record.cancel).toStrictEqual(cancelUnknown(memory?.cancel_unknown_at))
  })

  it('leaves a held message whose attempt is in flight, or whose earlier outcome is unknown: 409', async () => {
    const id = await acceptedMessage(`held ${crypto.randomUUID()}`)
    const until = Date.now() + 30_000
    await env.DB.prepare('UPDATE messages SET attempts = 1, lease_until = ? WHERE id = ?')
      .bind(until, id)
      .run()
    const inFlight = await sendFaulty(await signedDelete(`/v1/messages/${id}`))
    await expectNotCancellable(
      inFlight,
      'An attempt to send this message to 8x8 is in flight: ask again once it has settled.',
      '5',
    )
    await env.DB.prepare('UPDATE messages SET lease_until = 0, ambiguous_attempts = 1 WHERE id = ?')
      .bind(id)
      .run()
    const maybe = await sendFaulty(await signedDelete(`/v1/messages/${id}`))
    await expectNotCancellable(
      maybe,
      'An earlier attempt to send this message has no known outcome: 8x8 may have it. The gateway will not send it again (its state is now unknown); cancel it once a receipt gives it a umid.',
      null,
    )
    const record = (await (await sendFaulty(await signedGet(`/v1/messages/${id}`))).json()) as {
      status: { state: string }
    }
    expect(record.status).toStrictEqual({
      state: 'unknown',
      timestamp: expect.stringMatching(ISO),
      reason: STOPPED_REASON,
    })
    // Its job's next delivery sends nothing: the sender asked to cancel it.
    expect((await deliver(id)).explicitAcks).toStrictEqual([`msg-${id}`])
    expect(await calls(id)).toStrictEqual([])
  })

  it('answers 409 for a message that was not sent or whose umid is unknown, 404 for an unknown id', async () => {
    for (const [state, detail] of [
      ['failed', 'Nothing to cancel: the message is failed.'],
      [
        'unknown',
        '8x8 may have this message, under a umid the gateway does not know: cancel it once a receipt gives it one.',
      ],
    ] as const) {
      const id = await acceptedMessage(`held ${crypto.randomUUID()}`)
      await env.DB.prepare('UPDATE messages SET status = ?, status_rank = ? WHERE id = ?')
        .bind(state, state === 'failed' ? 4 : 1, id)
        .run()
      const response = await sendFaulty(await signedDelete(`/v1/messages/${id}`))
      await expectNotCancellable(response, detail, null)
    }
    const unknown = await sendFaulty(await signedDelete(`/v1/messages/${crypto.randomUUID()}`))
    expect(unknown.status).toBe(404)
    expect(await problem(unknown)).toStrictEqual(
      problemBody('not_found', 404, 'Not found', 'No such message.'),
    )
  })

  it('cancels at 8x8 under the sub-account the message was sent under, not the key’s current one', async () => {
    const { id, umid } = await scheduled()
    await flushRecords()
    // Sent under another sub-account: the key's was changed since (pnpm keys add upserts it).
    await env.DB.prepare('UPDATE messages SET sub_account = ? WHERE id = ?')
      .bind(EARLIER_SUB, id)
      .run()
    const response = await sendFaulty(await signedDelete(`/v1/messages/${id}`))
    expect(response.status).toBe(200)
    expect(await calls(`/messages/${umid}`)).toStrictEqual([
      {
        subAccountId: EARLIER_SUB,
        method: 'DELETE',
        path: `/api/v1/subaccounts/${EARLIER_SUB}/messages/${umid}`,
        raw: `cancel ${umid}`,
      },
    ])
  })

  it('is a route of its own in the key’s permissions', async () => {
    const { id } = await scheduled()
    const response = await sendFaulty(await signedDelete(`/v1/messages/${id}`, READ_ONLY))
    expect(response.status).toBe(403)
    expect(await problem(response)).toStrictEqual(
      signatureProblem('forbidden', 'This key may not call DELETE /v1/messages/:id.'),
    )
  })
})

/** A batch of these messages scheduled for tomorrow, sent synchronously: 8x8's batch id. */
async function scheduledBatch(items: ReturnType<typeof textMessage>[]) {
  const body = { messages: items, template: { scheduled: new Date(Date.now() + 24 * HOUR) } }
  const sent = await sendFaulty(
    await signedPost(JSON.stringify(body), { path: '/v1/messages/batch' }),
  )
  expect(sent.status).toBe(200)
  return (await sent.json()) as { batchId: string; messages: { id: string; umid: string }[] }
}

/**
 * An asynchronous batch of these texts, as `POST /v1/messages/batch` with `Prefer:
 * respond-async` records it (each scheduled for tomorrow): its id and its messages' ids.
 */
async function asyncBatch(texts: readonly string[]) {
  const batchId = crypto.randomUUID()
  const ids = texts.map(() => crypto.randomUUID())
  const scheduled = new Date(Date.now() + 24 * HOUR).toISOString()
  await acceptMessages(
    env.DB,
    ids.map((id, index) => ({
      id,
      keyId: KEYS.ed25519,
      idempotencyKey: `idem-${batchId}`,
      clientMessageId: id,
      subAccount: SUB,
      payload: JSON.stringify({
        ...textMessage(`${texts[index]} ${crypto.randomUUID()}`),
        clientMessageId: id,
        scheduled,
      }),
      createdAt: 1,
      batchId,
      batchIndex: index,
    })),
  )
  return { batchId, ids }
}

/** The umid each message has now (null: none yet). */
async function umidsOf(ids: readonly string[]): Promise<(string | null)[]> {
  return Promise.all(
    ids.map((id) =>
      env.DB.prepare('SELECT umid FROM messages WHERE id = ?')
        .bind(id)
        .first<string | null>('umid'),
    ),
  )
}

/** DELETEs the batch: 200, with this count and these messages. */
async function expectBatchCancel(
  batchId: string,
  cancelledCount: number,
  messages: readonly unknown[],
): Promise<void> {
  const response = await sendFaulty(await signedDelete(`/v1/batches/${batchId}`))
  expect(response.status).toBe(200)
  expect(await response.json()).toStrictEqual({ batchId, cancelledCount, messages })
}

/** Asserts a 409 `not_cancellable` with this detail and `Retry-After` (null: none). */
async function expectNotCancellable(response: Response, detail: string, retryAfter: string | null) {
  expect(response.status).toBe(409)
  expect(response.headers.get('retry-after')).toBe(retryAfter)
  expect(await problem(response)).toStrictEqual(
    problemBody('not_cancellable', 409, 'Not cancellable', detail),
  )
}

/**
 * A synchronous batch (8x8's batch) and an asynchronous one (one by one, by umid), each cancelled
 * against the 8x8 `fault` makes: `status`, `detail(what)`, and each record remembers that 8x8 may
 * have cancelled it. Each batch under a sub-account of its own (the failures open no circuit).
 */
async function expectBatchCancelUnknown(
  fault: () => ReturnType<typeof fake8x8>,
  vars: Readonly<Record<string, string>>,
  status: number,
  detail: (what: string) => string,
): Promise<void> {
  const sync = await scheduledBatch([textMessage(), textMessage()])
  const queued = await asyncBatch(['later', 'later'])
  for (const id of queued.ids) await deliver(id)
  const syncIds = sync.messages.map((message) => message.id)
  const syncSub = await ownSubAccount(syncIds)
  const queuedSub = await ownSubAccount(queued.ids)
  const umids = await umidsOf(queued.ids)
  for (const [batchId, ids, what, asked] of [
    [
      sync.batchId,
      syncIds,
      'the batch',
      [`DELETE /api/v1/subaccounts/${syncSub}/messages/batch/${sync.batchId}`],
    ],
    [
      queued.batchId,
      queued.ids,
      'messages of this batch',
      umids.map((umid) => `DELETE /api/v1/subaccounts/${queuedSub}/messages/${umid}`).sort(),
    ],
  ] as const) {
    const upstream = fault()
    const failed = await sendHereVia(
      await signedDelete(`/v1/batches/${batchId}`),
      upstream.fetcher,
      vars,
    )
    expect(failed.status).toBe(status)
    expect(failed.headers.get('retry-after')).toBe('1')
    expect(await problem(failed)).toStrictEqual(
      problemBody('upstream_unavailable', status, '8x8 unavailable', detail(what)),
    )
    expect([...upstream.asked].sort()).toStrictEqual(asked)
    for (const id of ids) {
      const memory = await cancelMemory(id)
      expect(memory?.cancel_unknown_at).toEqual(expect.any(Number))
      expect(memory?.lease_until).toBe(0)
    }
  }
}

/** The fake's cancels of these umids, sorted (concurrent cancels reach it in any order). */
async function cancelCalls(umids: readonly (string | null)[]): Promise<string[]> {
  const asked = new Set(umids.flatMap((umid) => (umid === null ? [] : [`cancel ${umid}`])))
  return (await upstreamReceived(undefined, 'FAULTY_UPSTREAM'))
    .map((call) => call.raw)
    .filter((raw) => asked.has(raw))
    .sort()
}

/** The cancels of these umids, as {@link cancelCalls} lists them. */
const cancelsOf = (umids: readonly (string | null)[]) =>
  umids.map((umid) => `cancel ${umid}`).sort()

describe('DELETE /v1/batches/{batchId}', () => {
  it('cancels a scheduled batch at 8x8: each record becomes cancelled', async () => {
    const { batchId, messages } = await scheduledBatch([textMessage(), textMessage()])
    await expectBatchCancel(
      batchId,
      2,
      messages.map(({ id, umid }) => ({ id, umid, status: 'cancelled' })),
    )
    const again = await sendFaulty(await signedDelete(`/v1/batches/${batchId}`))
    expect(await again.json()).toStrictEqual({
      batchId,
      cancelledCount: 0,
      messages: messages.map(({ id, umid }) => ({ id, umid, status: 'cancelled' })),
    })
    expect(await calls(`cancel batch ${batchId}`)).toHaveLength(1)
  })

  it('records a scheduled batch of 120 cancelled (D1 binds at most 100 parameters to a statement)', async () => {
    const { batchId, messages } = await scheduledBatch(
      Array.from({ length: 120 }, () => textMessage()),
    )
    await expectBatchCancel(
      batchId,
      120,
      messages.map(({ id, umid }) => ({ id, umid, status: 'cancelled' })),
    )
  })

  it('leaves the records to their receipts when 8x8 cancelled fewer than the batch holds', async () => {
    const { batchId, messages } = await scheduledBatch([
      textMessage(`fault:partial ${crypto.randomUUID()}`),
      textMessage(),
    ])
    await expectBatchCancel(
      batchId,
      1,
      messages.map(({ id, umid }) => ({ id, umid, status: 'queued' })),
    )
  })

  it('cancels an asynchronous batch: what the gateway holds itself, what reached 8x8 one by one', async () => {
    // 0 held; 1 and 2 at 8x8, scheduled; 3 at 8x8, sent already; 4 being sent now.
    const texts = ['held', 'later', 'later', 'fault:sent', 'moving']
    const { batchId, ids } = await asyncBatch(texts)
    for (const id of ids.slice(1, 4)) await deliver(id)
    await env.DB.prepare('UPDATE messages SET attempts = 1, lease_until = ? WHERE id = ?')
      .bind(Date.now() + 30_000, ids[4])
      .run()
    const umids = await umidsOf(ids)
    await expectBatchCancel(batchId, 3, [
      { id: ids[0], umid: null, status: 'cancelled' },
      { id: ids[1], umid: umids[1], status: 'cancelled' },
      { id: ids[2], umid: umids[2], status: 'cancelled' },
      { id: ids[3], umid: umids[3], status: 'queued' },
      { id: ids[4], umid: null, status: 'accepted' },
    ])
    // Each message at 8x8 asked by its umid; 8x8 holds no batch of this id, so none asked.
    const cancels = async () => (await calls(batchId)).length + (await cancelCalls(umids)).length
    expect(await cancelCalls(umids)).toStrictEqual(cancelsOf(umids.slice(1, 4)))
    expect(await calls(batchId)).toStrictEqual([])
    // Nothing cancelled while a message is being sent: ask again once it has settled.
    const moving = await sendFaulty(await signedDelete(`/v1/batches/${batchId}`))
    await expectNotCancellable(
      moving,
      'An attempt to send a message of this batch to 8x8 is in flight: ask again once it has settled.',
      '1',
    )
    expect(await cancels()).toBe(4)
    // Sent: it is at 8x8, scheduled, and cancelled there.
    await env.DB.prepare('UPDATE messages SET lease_until = 0 WHERE id = ?').bind(ids[4]).run()
    await deliver(ids[4] ?? '')
    const [, , , , last] = await umidsOf(ids)
    const settled = await sendFaulty(await signedDelete(`/v1/batches/${batchId}`))
    expect(settled.status).toBe(200)
    expect(((await settled.json()) as { cancelledCount: number }).cancelledCount).toBe(1)
    expect(await cancelCalls([last ?? ''])).toStrictEqual([`cancel ${last}`])
    // Only the one sent already is left: 8x8 holds nothing of the batch to cancel.
    const again = await sendFaulty(await signedDelete(`/v1/batches/${batchId}`))
    await expectNotCancellable(
      again,
      '8x8 holds no scheduled message of this batch to cancel: they were sent, never scheduled, or cancelled already.',
      null,
    )
  })

  it('keeps what 8x8 cancelled when a cancel fails part way; asked again, goes on with the rest', async () => {
    const { batchId, ids } = await asyncBatch(['later', 'cancel:503', 'later'])
    for (const id of ids) await deliver(id)
    const umids = await umidsOf(ids)
    const failed = await sendFaulty(await signedDelete(`/v1/batches/${batchId}`))
    expect(failed.status).toBe(503)
    expect(((await problem(failed)) as { code: string }).code).toBe('upstream_unavailable')
    const states = async () =>
      (
        await env.DB.prepare('SELECT status FROM messages WHERE batch_id = ? ORDER BY batch_index')
          .bind(batchId)
          .all<{ status: string }>()
      ).results.map((row) => row.status)
    expect(await states()).toStrictEqual(['cancelled', 'queued', 'cancelled'])
    // Asked again, only the one left is asked about (it fails again: 8x8 still answers 503).
    const again = await sendFaulty(await signedDelete(`/v1/batches/${batchId}`))
    expect(again.status).toBe(503)
    expect(await cancelCalls(umids)).toStrictEqual(cancelsOf([...umids, umids[1] ?? null]))
  })

  it('answers an ambiguous failure of 8x8’s batch cancel as an outcome unknown; asked again before the scheduled time, records the batch cancelled', async () => {
    const { batchId, messages } = await scheduledBatch([
      textMessage(`cancel:500-after ${crypto.randomUUID()}`),
      textMessage(),
    ])
    const failed = await sendFaulty(await signedDelete(`/v1/batches/${batchId}`))
    expect(failed.status).toBe(503)
    expect(failed.headers.get('retry-after')).toBe('1')
    expect(await problem(failed)).toStrictEqual(
      problemBody('upstream_unavailable', 503, '8x8 unavailable', CANCEL_UNKNOWN('the batch')),
    )
    await expectBatchCancel(
      batchId,
      2,
      messages.map(({ id, umid }) => ({ id, umid, status: 'cancelled' })),
    )
    expect(await calls(`cancel batch ${batchId}`)).toHaveLength(2)
  })

  it('after an ambiguous cancel of a batch, past its scheduled time, answers 409 that the earlier cancel’s outcome is unknown', async () => {
    const sync = await scheduledBatch([
      textMessage(`cancel:500-after ${crypto.randomUUID()}`),
      textMessage(),
    ])
    // One failure each: three would open the sub-account's circuit (CIRCUIT_THRESHOLD).
    const queued = await asyncBatch(['cancel:500-after', 'later'])
    for (const id of queued.ids) await deliver(id)
    for (const batchId of [sync.batchId, queued.batchId]) {
      expect((await sendFaulty(await signedDelete(`/v1/batches/${batchId}`))).status).toBe(503)
      await env.DB.prepare(
        `UPDATE messages SET payload = json_set(payload, '$.scheduled', ?) WHERE batch_id = ?`,
      )
        .bind(new Date(Date.now() - HOUR).toISOString(), batchId)
        .run()
      const again = await sendFaulty(await signedDelete(`/v1/batches/${batchId}`))
      await expectNotCancellable(
        again,
        'An earlier cancel of messages of this batch has no known outcome, and 8x8 holds none of them scheduled now: that cancel took effect, or they were sent. Their receipts will tell.',
        null,
      )
    }
  })

  it('answers an ambiguous failure of a one-by-one cancel as an outcome unknown; asked again before the scheduled time, records it cancelled', async () => {
    const { batchId, ids } = await asyncBatch(['cancel:500-after', 'later'])
    for (const id of ids) await deliver(id)
    const umids = await umidsOf(ids)
    const failed = await sendFaulty(await signedDelete(`/v1/batches/${batchId}`))
    expect(failed.status).toBe(503)
    expect(await problem(failed)).toStrictEqual(
      problemBody(
        'upstream_unavailable',
        503,
        '8x8 unavailable',
        CANCEL_UNKNOWN('messages of this batch'),
      ),
    )
    await expectBatchCancel(batchId, 1, [
      { id: ids[0], umid: umids[0], status: 'cancelled' },
      { id: ids[1], umid: umids[1], status: 'cancelled' },
    ])
    const reason = await env.DB.prepare('SELECT reason FROM messages WHERE id = ?')
      .bind(ids[0])
      .first<string>('reason')
    expect(reason).toBe(CANCEL_INFERRED_REASON)
    expect(await cancelCalls(umids)).toStrictEqual(cancelsOf([...umids, umids[0] ?? null]))
  })

  it('answers a connection lost once a batch cancel may have reached 8x8 as an outcome unknown, 8x8’s batch or one by one; each record remembers it', async () => {
    await expectBatchCancelUnknown(connectionLost, {}, 503, CANCEL_UNKNOWN)
  })

  it('answers 8x8 not answering a batch cancel in time as 504, 8x8’s batch or one by one; each record remembers it', async () => {
    await expectBatchCancelUnknown(neverAnswers, QUICK_TIMEOUT, 504, CANCEL_TIMED_OUT)
  })

  it('shows, in its answer, a message whose earlier cancel has no known outcome: still queued, with its `cancel`', async () => {
    // 0 and 1 at 8x8, scheduled (8x8 cancels 0, then fails); 2 being sent now.
    const { batchId, ids } = await asyncBatch(['cancel:500-after', 'later', 'held'])
    for (const id of ids.slice(0, 2)) await deliver(id)
    await ownSubAccount(ids)
    await env.DB.prepare('UPDATE messages SET attempts = 1, lease_until = ? WHERE id = ?')
      .bind(Date.now() + 30_000, ids[2])
      .run()
    const failed = await sendFaulty(await signedDelete(`/v1/batches/${batchId}`))
    expect(failed.status).toBe(503)
    expect(await problem(failed)).toStrictEqual(
      problemBody(
        'upstream_unavailable',
        503,
        '8x8 unavailable',
        CANCEL_UNKNOWN('messages of this batch'),
      ),
    )
    // The attempt in flight settles without sending; the first's scheduled time passes.
    await env.DB.prepare('UPDATE messages SET lease_until = 0 WHERE id = ?').bind(ids[2]).run()
    await env.DB.prepare(
      `UPDATE messages SET payload = json_set(payload, '$.scheduled', ?) WHERE id = ?`,
    )
      .bind(new Date(Date.now() - HOUR).toISOString(), ids[0])
      .run()
    const umids = await umidsOf(ids)
    const memory = await cancelMemory(ids[0] ?? '')
    await expectBatchCancel(batchId, 1, [
      {
        id: ids[0],
        umid: umids[0],
        status: 'queued',
        cancel: cancelUnknown(memory?.cancel_unknown_at),
      },
      { id: ids[1], umid: umids[1], status: 'cancelled' },
      { id: ids[2], umid: null, status: 'cancelled' },
    ])
  })

  it('goes on past a message 8x8 refuses to cancel; refused and nothing cancelled, answers the refusal', async () => {
    const { batchId, ids } = await asyncBatch(['cancel:400', ...Array(7).fill('later')])
    for (const id of ids) await deliver(id)
    const umids = await umidsOf(ids)
    await expectBatchCancel(
      batchId,
      7,
      ids.map((id, index) => ({
        id,
        umid: umids[index],
        status: index === 0 ? 'queued' : 'cancelled',
      })),
    )
    // All eight asked, in two groups of at most six.
    expect(await cancelCalls(umids)).toStrictEqual(cancelsOf(umids))
    const refused = await sendFaulty(await signedDelete(`/v1/batches/${batchId}`))
    expect(refused.status).toBe(422)
    expect(await problem(refused)).toStrictEqual(
      problemBody('upstream_rejected', 422, 'Rejected by 8x8', '8x8 rejected the message.', {
        upstream: { code: 1000, message: 'Invalid umid.' },
      }),
    )
    expect(await cancelCalls(umids)).toStrictEqual(cancelsOf([...umids, umids[0] ?? null]))
  })

  it('leaves the messages another cancel holds to it; when nothing else was cancelled, 409', async () => {
    const { batchId, ids } = await asyncBatch(['later', 'later'])
    for (const id of ids) await deliver(id)
    const umids = await umidsOf(ids)
    await env.DB.prepare('UPDATE messages SET lease_until = ? WHERE id = ?')
      .bind(Date.now() + 30_000, ids[0])
      .run()
    await expectBatchCancel(batchId, 1, [
      { id: ids[0], umid: umids[0], status: 'queued' },
      { id: ids[1], umid: umids[1], status: 'cancelled' },
    ])
    const raced = await sendFaulty(await signedDelete(`/v1/batches/${batchId}`))
    await expectNotCancellable(
      raced,
      'Another request is cancelling messages of this batch at 8x8 now: ask again once it has settled.',
      '1',
    )
    expect(await cancelCalls(umids)).toStrictEqual(cancelsOf([umids[1] ?? null]))
  })

  it('stops retrying a held message of an asynchronous batch that 8x8 may have: unknown, never sent again', async () => {
    const { batchId, ids } = await asyncBatch(['held', 'maybe'])
    await env.DB.prepare('UPDATE messages SET attempts = 1, ambiguous_attempts = 1 WHERE id = ?')
      .bind(ids[1])
      .run()
    await expectBatchCancel(batchId, 1, [
      { id: ids[0], umid: null, status: 'cancelled' },
      { id: ids[1], umid: null, status: 'unknown' },
    ])
    const reason = await env.DB.prepare('SELECT reason FROM messages WHERE id = ?')
      .bind(ids[1])
      .first<{ reason: string }>('reason')
    expect(reason).toBe(STOPPED_REASON)
    expect(await calls(batchId)).toStrictEqual([])
  })

  it('answers 409 for a batch whose messages left 8x8 may have under umids the gateway does not know, as for one message', async () => {
    const { batchId, ids } = await asyncBatch(['maybe', 'maybe'])
    await env.DB.prepare(
      'UPDATE messages SET attempts = 1, ambiguous_attempts = 1 WHERE batch_id = ?',
    )
      .bind(batchId)
      .run()
    const stopped = await sendFaulty(await signedDelete(`/v1/batches/${batchId}`))
    await expectNotCancellable(
      stopped,
      'An earlier attempt to send messages of this batch has no known outcome: 8x8 may have them. The gateway will not send them again (their state is now unknown); cancel each once a receipt gives it a umid.',
      null,
    )
    const states = await env.DB.prepare(
      'SELECT status, umid FROM messages WHERE batch_id = ? ORDER BY batch_index',
    )
      .bind(batchId)
      .all<{ status: string; umid: string | null }>()
    expect(states.results).toStrictEqual([
      { status: 'unknown', umid: null },
      { status: 'unknown', umid: null },
    ])
    const again = await sendFaulty(await signedDelete(`/v1/batches/${batchId}`))
    await expectNotCancellable(
      again,
      '8x8 may have messages of this batch, under umids the gateway does not know: cancel each once a receipt gives it one.',
      null,
    )
    expect(await calls(batchId)).toStrictEqual([])
    for (const id of ids) expect(await calls(id)).toStrictEqual([])
  })

  it('cancels at 8x8 under the sub-account the batch was sent under, not the key’s current one', async () => {
    const sync = await scheduledBatch([textMessage(), textMessage()])
    const queued = await asyncBatch(['later', 'later'])
    for (const id of queued.ids) await deliver(id)
    await flushRecords()
    for (const { batchId } of [sync, queued]) {
      await env.DB.prepare('UPDATE messages SET sub_account = ? WHERE batch_id = ?')
        .bind(EARLIER_SUB, batchId)
        .run()
    }
    await expectBatchCancel(
      sync.batchId,
      2,
      sync.messages.map(({ id, umid }) => ({ id, umid, status: 'cancelled' })),
    )
    const umids = await umidsOf(queued.ids)
    await expectBatchCancel(
      queued.batchId,
      2,
      queued.ids.map((id, index) => ({ id, umid: umids[index], status: 'cancelled' })),
    )
    const asked = (await upstreamReceived(undefined, 'FAULTY_UPSTREAM'))
      .filter(
        (call) =>
          call.raw === `cancel batch ${sync.batchId}` ||
          umids.some((umid) => call.raw === `cancel ${umid}`),
      )
      .map((call) => call.subAccountId)
    expect(asked).toStrictEqual([EARLIER_SUB, EARLIER_SUB, EARLIER_SUB])
  })

  it('answers 404 for an unknown batch', async () => {
    const response = await sendFaulty(await signedDelete(`/v1/batches/${crypto.randomUUID()}`))
    expect(response.status).toBe(404)
    expect(await problem(response)).toStrictEqual(
      problemBody('not_found', 404, 'Not found', 'No such batch.'),
    )
  })
})

/** A multipart form with one file, as bytes and its media type. */
async function form(name: string, content: Uint8Array) {
  const data = new FormData()
  data.set('file', new File([content], name, { type: 'image/jpeg' }))
  const request = new Request('http://form/', { method: 'POST', body: data })
  return {
    bytes: new Uint8Array(await request.arrayBuffer()),
    type: request.headers.get('content-type') ?? '',
  }
}

async function sha256Hex(bytes: Uint8Array) {
  const hash = await crypto.subtle.digest('SHA-256', bytes)
  return Array.from(new Uint8Array(hash), (b) => b.toString(16).padStart(2, '0')).join('')
}

describe('POST /v1/files', () => {
  it('streams the form to 8x8 and answers the hosted URL; a replay uploads nothing more', async () => {
    const name = `photo-${crypto.randomUUID()}.jpg`
    const content = crypto.getRandomValues(new Uint8Array(60_000))
    const { bytes, type } = await form(name, content)
    const idempotencyKey = crypto.randomUUID()
    const request = () =>
      signedPost(bytes, { path: '/v1/files', contentType: type, idempotencyKey })
    const response = await sendFaulty(await request())
    expect(response.status).toBe(201)
    const body = (await response.json()) as { fileName: string; token: string; url: string }
    expect(Object.keys(body)).toStrictEqual(['fileName', 'token', 'url'])
    expect(body.fileName.endsWith(name)).toBe(true)
    const url = `http://127.0.0.1:8788/files/${encodeURIComponent(body.fileName)}?token=${body.token}`
    expect(body.url).toBe(url)
    expect(response.headers.get('location')).toBe(url)
    const replay = await sendFaulty(await request())
    expect(replay.status).toBe(201)
    expect(replay.headers.get('idempotency-replayed')).toBe('true')
    expect(await replay.json()).toStrictEqual(body)
    expect(await calls(name)).toStrictEqual([
      {
        subAccountId: SUB,
        method: 'POST',
        path: `/api/v1/subaccounts/${SUB}/files`,
        raw: `file ${name} 60000 ${await sha256Hex(content)}`,
      },
    ])
  })

  it('refuses bytes that do not match the signed digest before 8x8 has the whole form', async () => {
    const name = `tampered-${crypto.randomUUID()}.jpg`
    const { bytes, type } = await form(name, new Uint8Array(5000).fill(1))
    const idempotencyKey = crypto.randomUUID()
    const signed = await signedPost(bytes, { path: '/v1/files', contentType: type, idempotencyKey })
    const tampered = bytes.slice()
    tampered[tampered.length - 200] = 2
    const response = await sendFaulty(new Request(signed, { body: tampered }))
    expect(response.status).toBe(401)
    expect(response.headers.get('accept-signature')).not.toBeNull()
    expect(await problem(response)).toStrictEqual(signatureProblem('digest_mismatch'))
    // 8x8 never received a complete form, so it stored nothing.
    expect((await calls(name)).filter((call) => call.raw.startsWith('file '))).toStrictEqual([])
    // Damaged bytes are not the request: the same key, sent again intact, uploads.
    const retry = await sendFaulty(
      await signedPost(bytes, { path: '/v1/files', contentType: type, idempotencyKey }),
    )
    expect(retry.status).toBe(201)
    expect(retry.headers.get('idempotency-replayed')).toBeNull()
  })

  it('answers 8x8’s refusal of a form without a file as 422 upstream_rejected', async () => {
    const data = new FormData()
    data.set('picture', 'not a file')
    const encoded = new Request('http://form/', { method: 'POST', body: data })
    const bytes = new Uint8Array(await encoded.arrayBuffer())
    const type = encoded.headers.get('content-type') ?? ''
    const response = await sendFaulty(
      await signedPost(bytes, { path: '/v1/files', contentType: type }),
    )
    expect(response.status).toBe(422)
    expect(await problem(response)).toStrictEqual(
      problemBody('upstream_rejected', 422, 'Rejected by 8x8', '8x8 rejected the file.', {
        upstream: { code: 1000, message: 'Field "file" is required.' },
      }),
    )
  })

  it('refuses another media type (415) and a declared length over 100 MB (413)', async () => {
    const json = await sendFaulty(await signedPost('{}', { path: '/v1/files' }))
    expect(json.status).toBe(415)
    expect(await problem(json)).toStrictEqual(
      problemBody(
        'unsupported_media_type',
        415,
        'Unsupported media type',
        'The body must be multipart/form-data (with a boundary), the file in field "file".',
      ),
    )
    const { bytes, type } = await form('big.jpg', new Uint8Array(10))
    const signed = await signedPost(bytes, { path: '/v1/files', contentType: type })
    const headers = new Headers(signed.headers)
    headers.set('content-length', '100000001')
    const declared = await sendFaulty(
      new Request(signed.url, { method: 'POST', headers, body: 'x'.repeat(10) }),
    )
    expect(declared.status).toBe(413)
    expect(await problem(declared)).toStrictEqual(
      problemBody(
        'payload_too_large',
        413,
        OUTCOMES.payload_too_large.title,
        'An upload is at most 100000000 bytes.',
      ),
    )
  })

  it('aborts a stream that passes 100 MB without declaring its length: 413, nothing stored', async () => {
    const name = `huge-${crypto.randomUUID()}.bin`
    const head = await form(name, new Uint8Array(1))
    const signed = await signedPost(head.bytes, { path: '/v1/files', contentType: head.type })
    const chunk = new Uint8Array(1 << 20)
    let sent = 0
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > 120_000_000) return controller.close()
        sent += chunk.byteLength
        controller.enqueue(chunk.slice())
      },
    })
    const headers = new Headers(signed.headers)
    headers.delete('content-length')
    const response = await sendFaulty(
      new Request(signed.url, { method: 'POST', headers, body: endless }),
    )
    expect(response.status).toBe(413)
    expect(await problem(response)).toStrictEqual(
      problemBody(
        'payload_too_large',
        413,
        OUTCOMES.payload_too_large.title,
        'An upload is at most 100000000 bytes.',
      ),
    )
    // The gateway stopped reading soon after the cap, not at the end of the stream.
    expect(sent).toBeLessThan(110_000_000)
    expect((await calls(name)).filter((call) => call.raw.startsWith('file '))).toStrictEqual([])
  }, 60_000)

  it('is a route of its own in the key’s permissions', async () => {
    const { bytes, type } = await form('x.jpg', new Uint8Array(10))
    const response = await sendFaulty(
      await signedPost(bytes, { path: '/v1/files', contentType: type, keyId: READ_ONLY }),
    )
    expect(response.status).toBe(403)
    expect(await problem(response)).toStrictEqual(
      signatureProblem('forbidden', 'This key may not call POST /v1/files.'),
    )
  })
})

describe('the conversation routes’ other methods', () => {
  it('answer 405 with Allow, before any signature', async () => {
    const cases: [string, string, string][] = [
      ['PUT', '/v1/messages/some-id', 'GET, DELETE'],
      ['GET', '/v1/batches/some-batch', 'DELETE'],
      ['GET', '/v1/files', 'POST'],
      ['GET', '/v1/inbound/some-umid/read', 'POST'],
      ['DELETE', '/v1/inbound/some-umid/typing', 'POST'],
    ]
    for (const [method, path, allow] of cases) {
      const response = await sendFaulty(new Request(`${ORIGIN}${path}`, { method }))
      expect(response.status, `${method} ${path}`).toBe(405)
      expect(response.headers.get('allow'), `${method} ${path}`).toBe(allow)
      expect(await problem(response)).toStrictEqual(
        problemBody(
          'method_not_allowed',
          405,
          'Method not allowed',
          `${method} is not allowed here.`,
        ),
      )
    }
  })
})
