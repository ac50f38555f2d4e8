/**
 * One shape for a message (docs/gateway-contract.md, the message record): every answer about a
 * message, each message of a batch, the `message.status` callback and `GET /v1/messages/{id}`
 * show `id`, `clientMessageId`, `umid` and `status` with the same names and types, `status`
 * always an object.
 */
import { env, SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { HMAC_SECRET, ORIGIN, send, signedGet, signedPost, textMessage } from './helpers'

const ASYNC = 'respond-async'
const SUB_ACCOUNT = 'demo-subaccount'
const AUTHORIZATION = 'Bearer sandbox-webhook-secret'

type Json = null | boolean | number | string | Json[] | { [member: string]: Json }

/**
 * A value's shape: its members in order, each with its JSON type (an object's, recursively);
 * `umid` may be a string or null, so its type is left out.
 */
function shapeOf(value: Json): Json {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value !== 'object') return typeof value
  return Object.fromEntries(
    Object.entries(value).map(([member, item]) => [
      member,
      member === 'umid' ? 'string | null' : shapeOf(item),
    ]),
  )
}

/** Every answer about a message: exactly these members, in this order. */
const SUMMARY = {
  id: 'string',
  clientMessageId: 'string',
  umid: 'string | null',
  status: { state: 'string', timestamp: 'string' },
}

/** A key of the demo sub-account with a callback URL at the test's recorder. */
async function keyWithCallback(): Promise<{ keyId: string; path: string }> {
  const keyId = `record-${crypto.randomUUID()}`
  const path = `/hooks/${crypto.randomUUID()}`
  await env.DB.prepare(
    `INSERT INTO client_keys (key_id, alg, secret, sub_account, rate_per_second, rate_burst,
      status, created_at, callback_url, callback_secret)
     VALUES (?, 'hmac-sha256', ?, ?, 100, 1000, 'active', 0, ?, ?)`,
  )
    .bind(
      keyId,
      HMAC_SECRET,
      SUB_ACCOUNT,
      `https://client.test${path}`,
      `whsec_${btoa('a callback secret of the record test')}`,
    )
    .run()
  return { keyId, path }
}

async function json(response: Response, status: number): Promise<{ [member: string]: Json }> {
  expect(response.status).toBe(status)
  return (await response.json()) as { [member: string]: Json }
}

/** Waits (bounded) for the record to leave `accepted`: the queue delivered it. */
async function deliveredRecord(id: string, keyId: string) {
  const deadline = Date.now() + 15_000
  for (;;) {
    const record = await json(await send(await signedGet(`/v1/messages/${id}`, keyId)), 200)
    if (record.umid !== null) return record
    if (Date.now() > deadline) throw new Error(`not delivered: ${JSON.stringify(record)}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** Waits (bounded) for the first callback the recorder received on `path`. */
async function callbackBody(path: string): Promise<{ [member: string]: Json }> {
  const deadline = Date.now() + 10_000
  for (;;) {
    const response = await fetch(`http://recorder/__recorded?path=${encodeURIComponent(path)}`)
    const { requests } = (await response.json()) as { requests: { body: string }[] }
    const [first] = requests
    if (first !== undefined) return JSON.parse(first.body) as { [member: string]: Json }
    if (Date.now() > deadline) throw new Error(`no callback on ${path}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

describe('one shape for a message', () => {
  it('sync send, async send, both batches, GET and the callback: the same members and types', async () => {
    const { keyId, path } = await keyWithCallback()
    const post = (body: unknown, options: { path?: string; prefer?: string } = {}) =>
      signedPost(JSON.stringify(body), { keyId, ...options }).then(send)

    const sync = await json(await post({ ...textMessage(), clientMessageId: 'shape-1' }), 200)
    const async = await json(await post(textMessage(), { prefer: ASYNC }), 202)
    const batch = await json(
      await post({ messages: [textMessage()] }, { path: '/v1/messages/batch' }),
      200,
    )
    const asyncBatch = await json(
      await post({ messages: [textMessage()] }, { path: '/v1/messages/batch', prefer: ASYNC }),
      202,
    )
    const [batchItem] = batch.messages as Json[]
    const [asyncBatchItem] = asyncBatch.messages as Json[]

    for (const [name, value] of Object.entries({ sync, async, batchItem, asyncBatchItem })) {
      expect(shapeOf(value ?? null), name).toEqual(SUMMARY)
      expect(Object.keys(value as object), name).toEqual(Object.keys(SUMMARY))
    }
    expect(typeof sync.umid).toBe('string')
    expect(async.umid).toBeNull()
    expect((async.status as { state: string }).state).toBe('accepted')

    // The record of the asynchronous send, once delivered: the summary's members first.
    const record = await deliveredRecord(String(async.id), keyId)
    expect(shapeOf(record)).toEqual({
      ...SUMMARY,
      deliveryAttempts: 'number',
      batchId: 'null',
      createdAt: 'string',
      updatedAt: 'string',
      history: 'array',
    })
    expect(Object.keys(record).slice(0, 4)).toEqual(Object.keys(SUMMARY))

    // 8x8's receipt of the synchronous send: the callback's data is the same summary.
    const receipt = await SELF.fetch(`${ORIGIN}/v1/webhooks/chatapps`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: AUTHORIZATION },
      body: JSON.stringify({
        version: 9,
        namespace: 'ChatApps',
        eventType: 'outbound_message_status_changed',
        payload: {
          umid: sync.umid,
          subAccountId: SUB_ACCOUNT,
          channel: 'whatsapp',
          status: { state: 'sent', timestamp: '2026-11-24T10:00:02.00Z' },
        },
      }),
    })
    expect(receipt.status).toBe(200)
    const callback = await callbackBody(path)
    expect(shapeOf(callback)).toEqual({
      type: 'string',
      timestamp: 'string',
      data: { ...SUMMARY, status: { state: 'string', timestamp: 'string', channel: 'string' } },
    })
    expect(callback.data).toEqual({
      id: sync.id,
      clientMessageId: 'shape-1',
      umid: sync.umid,
      status: { state: 'sent', timestamp: '2026-11-24T10:00:02.00Z', channel: 'whatsapp' },
    })
    // And GET of that message now shows the same status as the callback did, with the channel
    // its receipt named (docs/delivery.md#fallback-between-channels).
    const shown = await json(await send(await signedGet(`/v1/messages/${sync.id}`, keyId)), 200)
    expect(shown.status).toEqual((callback.data as { status: { [member: string]: Json } }).status)
  })
})
