import { msg } from '@chatapps/dsl'
import { describe, expect, inject, it } from 'vitest'
import { isChatappsError } from '../src/index'
import { BASE_URL, problem, scriptedFetch, signatureParam, testClient, verifies } from './helpers'

const to = msg.to('+15551234567')
const T = '2026-11-24T20:00:00.000Z'
const queued = { state: 'queued', timestamp: T }

describe(`sendBatch (${inject('runtime')})`, () => {
  it('Should post the canonical batch, signed, and map the answer', async () => {
    const { fetch, calls } = scriptedFetch(
      Response.json({
        batchId: 'b-1',
        clientBatchId: 'campaign',
        acceptedCount: 2,
        rejectedCount: 0,
        messages: [
          { id: 'g-1', clientMessageId: 'c-1', umid: 'u-1', status: queued },
          {
            id: 'g-2',
            clientMessageId: 'c-2',
            umid: 'u-2',
            status: {
              state: 'rejected',
              timestamp: T,
              errorCode: 3038,
              errorMessage: 'No template',
            },
          },
        ],
      }),
    )
    const { client } = testClient(fetch)
    const plain = { user: { msisdn: '+15551234568' }, type: 'text', content: { text: 'Two' } }
    const result = await client.sendBatch([to.text('One'), plain], { clientBatchId: 'campaign' })

    const request = calls[0]?.request
    if (request === undefined) throw new Error('no call')
    expect(request.url).toBe(`${BASE_URL}/v1/messages/batch`)
    expect(await verifies(request)).toBe(true)
    expect(JSON.parse(calls[0]?.body ?? '')).toStrictEqual({
      messages: [to.text('One').build(), plain],
      clientBatchId: 'campaign',
    })
    expect(result).toStrictEqual({
      batchId: 'b-1',
      clientBatchId: 'campaign',
      acceptedCount: 2,
      rejectedCount: 0,
      messages: [
        { id: 'g-1', clientMessageId: 'c-1', umid: 'u-1', status: queued },
        {
          id: 'g-2',
          clientMessageId: 'c-2',
          umid: 'u-2',
          status: { state: 'rejected', timestamp: T, errorCode: 3038, errorMessage: 'No template' },
        },
      ],
      meta: {
        requests: 1,
        idempotencyKey: result.meta.idempotencyKey,
        replayed: false,
        status: 200,
      },
    })
  })

  it('Should refuse a batch with an invalid message locally, with paths under messages.<index>', async () => {
    const { fetch, calls } = scriptedFetch(Response.json({}))
    const { client } = testClient(fetch)
    const bad = { user: { msisdn: '+15551234568' }, type: 'text', content: { text: '' } }
    const error = await client.sendBatch([to.text('ok'), to.text(''), bad]).catch((e: unknown) => e)
    expect(isChatappsError(error)).toBe(true)
    if (!isChatappsError(error)) return
    expect(error.source).toBe('local')
    expect(error.issues.map((issue) => issue.path)).toStrictEqual([
      'messages.1.content.text',
      'messages.2.content.text',
    ])
    expect(calls).toHaveLength(0)
  })

  it('Should refuse an empty batch locally', async () => {
    const { fetch, calls } = scriptedFetch(Response.json({}))
    const { client } = testClient(fetch)
    await expect(client.sendBatch([])).rejects.toMatchObject({ code: 'invalid_message' })
    expect(calls).toHaveLength(0)
  })
})

describe(`get (${inject('runtime')})`, () => {
  it('Should sign a GET without a body or an idempotency key', async () => {
    const record = {
      id: 'g 1',
      clientMessageId: 'c-1',
      umid: 'u-1',
      status: { state: 'delivered', timestamp: T, detail: 'delivered_to_recipient' },
      deliveryAttempts: 1,
      batchId: null,
      createdAt: T,
      updatedAt: '2026-11-24T20:00:01.000Z',
      history: [
        { state: 'queued', timestamp: T, receivedAt: T },
        {
          state: 'delivered',
          detail: 'delivered_to_recipient',
          timestamp: T,
          receivedAt: '2026-11-24T20:00:01.000Z',
        },
      ],
    }
    const { fetch, calls } = scriptedFetch(Response.json(record))
    const { client } = testClient(fetch)
    const result = await client.get('g 1')
    const request = calls[0]?.request
    if (request === undefined) throw new Error('no call')
    expect(request.method).toBe('GET')
    expect(request.url).toBe(`${BASE_URL}/v1/messages/g%201`)
    expect(request.headers.get('idempotency-key')).toBeNull()
    expect(request.headers.get('content-digest')).toBeNull()
    expect(signatureParam(request, 'keyid')).toBe('test-key-ed25519')
    expect(await verifies(request)).toBe(true)
    expect(result).toStrictEqual({
      ...record,
      meta: { requests: 1, idempotencyKey: undefined, replayed: false, status: 200 },
    })
  })

  it('Should retry a GET on 503 and not on 404', async () => {
    const { fetch, calls } = scriptedFetch(
      problem(503, 'unavailable'),
      problem(404, 'not_found'),
      Response.json({}),
    )
    const { client } = testClient(fetch)
    await expect(client.get('x')).rejects.toMatchObject({ code: 'not_found', requests: 2 })
    expect(calls).toHaveLength(2)
  })

  it('Should report an answer that is not JSON', async () => {
    const { fetch } = scriptedFetch(new Response('<html>', { status: 200 }))
    const { client } = testClient(fetch)
    await expect(client.get('x')).rejects.toMatchObject({ code: 'invalid_response' })
  })
})
