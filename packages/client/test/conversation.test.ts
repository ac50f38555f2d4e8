import { describe, expect, inject, it } from 'vitest'
import { isChatappsError } from '../src/index'
import { BASE_URL, problem, scriptedFetch, testClient, verifies } from './helpers'

const T = '2026-11-24T20:00:00.000Z'
const meta = (status: number, idempotencyKey: string | undefined) => ({
  requests: 1,
  idempotencyKey,
  replayed: false,
  status,
})

describe(`conversation calls (${inject('runtime')})`, () => {
  it('markRead posts the empty body, signed, with an idempotency key', async () => {
    const { fetch, calls } = scriptedFetch(Response.json({ umid: 'in 1', read: true }))
    const { client } = testClient(fetch)
    const result = await client.markRead('in 1', { idempotencyKey: 'read-1' })
    const request = calls[0]?.request
    if (request === undefined) throw new Error('no call')
    expect(request.method).toBe('POST')
    expect(request.url).toBe(`${BASE_URL}/v1/inbound/in%201/read`)
    expect(calls[0]?.body).toBe('')
    expect(request.headers.get('idempotency-key')).toBe('"read-1"')
    expect(await verifies(request)).toBe(true)
    expect(result).toStrictEqual({ umid: 'in 1', read: true, meta: meta(200, 'read-1') })
  })

  it('typing answers until when, and throws inbound_too_old as the gateway says', async () => {
    const { fetch, calls } = scriptedFetch(
      Response.json({ umid: 'u', typingUntil: T }),
      problem(422, 'inbound_too_old', { receivedAt: T, typingUntil: T }),
    )
    const { client } = testClient(fetch)
    const shown = await client.typing('u', { idempotencyKey: 't-1' })
    expect(shown).toStrictEqual({ umid: 'u', typingUntil: T, meta: meta(200, 't-1') })
    expect(calls[0]?.request.url).toBe(`${BASE_URL}/v1/inbound/u/typing`)
    const error = await client.typing('u').catch((e: unknown) => e)
    expect(isChatappsError(error) && error.code).toBe('inbound_too_old')
    expect(calls).toHaveLength(2)
  })

  it('cancel signs a DELETE without a body and answers the record', async () => {
    const answer = {
      id: 'g-1',
      clientMessageId: 'c-1',
      umid: 'u-1',
      status: { state: 'cancelled', timestamp: T },
      deliveryAttempts: 1,
      batchId: null,
      createdAt: T,
      updatedAt: T,
      history: [],
    }
    const { fetch, calls } = scriptedFetch(Response.json(answer))
    const { client } = testClient(fetch)
    const result = await client.cancel('g-1')
    const request = calls[0]?.request
    if (request === undefined) throw new Error('no call')
    expect(request.method).toBe('DELETE')
    expect(request.url).toBe(`${BASE_URL}/v1/messages/g-1`)
    expect(request.headers.get('idempotency-key')).toBeNull()
    expect(await verifies(request)).toBe(true)
    expect(result).toStrictEqual({ ...answer, meta: meta(200, undefined) })
  })

  it('get and cancelBatch keep a record’s cancel with no known outcome', async () => {
    const cancel = {
      outcome: 'unknown',
      timestamp: T,
      reason: '8x8 may have cancelled the message',
    } as const
    const record = {
      id: 'g-1',
      clientMessageId: 'c-1',
      umid: 'u-1',
      status: { state: 'queued', timestamp: T },
      cancel,
      deliveryAttempts: 1,
      batchId: null,
      createdAt: T,
      updatedAt: T,
      history: [],
    }
    const batch = {
      batchId: 'b-1',
      cancelledCount: 1,
      messages: [
        { id: 'g-1', umid: 'u-1', status: 'queued', cancel },
        { id: 'g-2', umid: 'u-2', status: 'cancelled' },
      ],
    }
    const { fetch } = scriptedFetch(Response.json(record), Response.json(batch))
    const { client } = testClient(fetch)
    expect(await client.get('g-1')).toStrictEqual({ ...record, meta: meta(200, undefined) })
    expect(await client.cancelBatch('b-1')).toStrictEqual({ ...batch, meta: meta(200, undefined) })
  })

  it('cancelBatch answers 8x8’s count and each message', async () => {
    const body = {
      batchId: 'b-1',
      cancelledCount: 2,
      messages: [
        { id: 'g-1', umid: 'u-1', status: 'cancelled' },
        { id: 'g-2', umid: null, status: 'accepted' },
      ],
    }
    const { fetch, calls } = scriptedFetch(Response.json(body))
    const { client } = testClient(fetch)
    expect(await client.cancelBatch('b-1')).toStrictEqual({ ...body, meta: meta(200, undefined) })
    expect(calls[0]?.request.method).toBe('DELETE')
    expect(calls[0]?.request.url).toBe(`${BASE_URL}/v1/batches/b-1`)
  })

  it('upload sends a signed multipart form with the file in field "file"', async () => {
    const uploaded = { fileName: 'f-photo.jpg', token: 'tok', url: 'https://8x8/files/f?token=tok' }
    const { fetch, calls } = scriptedFetch(Response.json(uploaded, { status: 201 }))
    const { client } = testClient(fetch)
    const bytes = new Uint8Array([1, 2, 3, 4])
    const result = await client.upload(bytes, {
      fileName: 'photo.jpg',
      contentType: 'image/jpeg',
      idempotencyKey: 'up-1',
    })
    expect(result).toStrictEqual({ ...uploaded, meta: meta(201, 'up-1') })
    const request = calls[0]?.request
    if (request === undefined) throw new Error('no call')
    expect(request.url).toBe(`${BASE_URL}/v1/files`)
    expect(request.headers.get('content-type')).toMatch(/^multipart\/form-data; boundary=/)
    expect(await verifies(request)).toBe(true)
    const form = await request.clone().formData()
    const file = form.get('file')
    if (!(file instanceof File)) throw new Error('no file')
    expect(file.name).toBe('photo.jpg')
    expect(file.type).toBe('image/jpeg')
    expect(new Uint8Array(await file.arrayBuffer())).toStrictEqual(bytes)
    await expect(client.upload(bytes, { fileName: '' })).rejects.toThrow('fileName is required')
  })

  it('contact reads a recipient’s state', async () => {
    const body = {
      recipient: '+15551234567',
      serviceWindow: { open: true, openUntil: T, closedAt: null },
      consent: {
        state: 'blocked',
        facts: [{ state: 'blocked', by: '8x8', reason: '2007', at: T }],
        history: [
          { state: 'blocked', by: '8x8', reason: '2007', at: T },
          { state: 'subscribed', by: 'user', reason: 'START', at: T },
        ],
      },
      pacing: { ratePerSecond: 1, burst: 5, tokens: 5, heldUntil: null },
      lastInboundAt: T,
      lastOutboundAt: null,
      sameAs: null,
      aliases: ['US.13491208655302741918'],
    }
    const { fetch, calls } = scriptedFetch(Response.json(body))
    const { client } = testClient(fetch)
    expect(await client.contact('+15551234567')).toStrictEqual({
      ...body,
      meta: meta(200, undefined),
    })
    expect(calls[0]?.request.url).toBe(`${BASE_URL}/v1/contacts/%2B15551234567`)
    expect(calls[0]?.request.method).toBe('GET')
  })
})
