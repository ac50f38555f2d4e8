import { beforeEach, describe, expect, it } from 'vitest'
import { batchPath, call, clear, messagesPath, post, received, TEXT } from './helpers'

beforeEach(clear)

describe('GET /__sandbox/messages and DELETE /__sandbox/messages', () => {
  it('starts empty, as JSON, without authentication', async () => {
    const response = await call('/__sandbox/messages')
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Type')).toBe('application/json')
    expect(await response.json()).toStrictEqual({ messages: [] })
  })

  it('keeps every accepted request in arrival order, newest last', async () => {
    await post(messagesPath(), { ...TEXT, clientMessageId: 'first' })
    await post(batchPath(), { messages: [{ ...TEXT, clientMessageId: 'second' }] })
    await post(messagesPath('other-subaccount'), { ...TEXT, clientMessageId: 'third' })
    const { messages } = await received()
    expect(messages.map((entry) => [entry.kind, entry.subAccountId, entry.body])).toStrictEqual([
      ['message', 'demo-subaccount', { ...TEXT, clientMessageId: 'first' }],
      ['batch', 'demo-subaccount', { messages: [{ ...TEXT, clientMessageId: 'second' }] }],
      ['message', 'other-subaccount', { ...TEXT, clientMessageId: 'third' }],
    ])
    const times = messages.map((entry) => String(entry.receivedAt))
    expect([...times].sort()).toStrictEqual(times)
  })

  it('keeps the body byte for byte, whitespace and key order included', async () => {
    const raw =
      '{ "type": "text",\n  "content": {"text": "Hi"}, "user": {"msisdn": "+15551234567"} }'
    await post(messagesPath(), raw)
    const { messages } = await received()
    expect(messages[0]?.raw).toBe(raw)
    expect(messages[0]?.body).toStrictEqual(JSON.parse(raw))
  })

  it('keeps what arrives concurrently, each once', async () => {
    const sends = Array.from({ length: 20 }, (_, i) =>
      post(messagesPath(), { ...TEXT, clientMessageId: `c-${i}` }),
    )
    const responses = await Promise.all(sends)
    expect(responses.map((response) => response.status)).toStrictEqual(Array(20).fill(200))
    const { messages } = await received()
    const ids = messages.map((entry) => (entry.body as { clientMessageId: string }).clientMessageId)
    expect([...ids].sort()).toStrictEqual(Array.from({ length: 20 }, (_, i) => `c-${i}`).sort())
  })

  it('clears with 204 and no body', async () => {
    await post(messagesPath(), TEXT)
    const response = await call('/__sandbox/messages', { method: 'DELETE' })
    expect(response.status).toBe(204)
    expect(await response.text()).toBe('')
    expect(await received()).toStrictEqual({ messages: [] })
  })
})
