import { beforeEach, describe, expect, it } from 'vitest'
import {
  call,
  clear,
  envelope,
  expectJson,
  KEY,
  messagesPath,
  post,
  received,
  SUB,
  TEXT,
} from './helpers'

const UNAUTHORIZED = envelope(1200, 'Request was not authenticated properly')

beforeEach(clear)

describe('bearer authentication', () => {
  it.each([
    ['no Authorization header', {}],
    ['an empty header', { Authorization: '' }],
    ['a wrong key', { Authorization: 'Bearer sandbox-demo-kez' }],
    ['a longer key', { Authorization: `Bearer ${KEY}x` }],
    ['a prefix of the key', { Authorization: 'Bearer sandbox' }],
    ['another scheme', { Authorization: `Basic ${KEY}` }],
    ['the key without a scheme', { Authorization: KEY }],
    ['Bearer without a key', { Authorization: 'Bearer ' }],
  ])('refuses %s with 401 and code 1200, and keeps nothing', async (_, headers) => {
    await expectJson(await post(messagesPath(), TEXT, headers), 401, UNAUTHORIZED)
    expect(await received()).toStrictEqual({ messages: [] })
  })

  it('accepts the scheme in any case', async () => {
    const response = await post(messagesPath(), TEXT, { Authorization: `bearer ${KEY}` })
    expect(response.status).toBe(200)
  })

  it('checks the key before the sub-account and the body', async () => {
    const response = await post(messagesPath('!'), 'not json', {})
    await expectJson(response, 401, UNAUTHORIZED)
  })

  it('guards the batch and details routes too', async () => {
    await expectJson(
      await post(`${messagesPath()}/batch`, { messages: [TEXT] }, {}),
      401,
      UNAUTHORIZED,
    )
    const details = await call(`/api/v1/subaccounts/${SUB}/messages/${crypto.randomUUID()}`)
    await expectJson(details, 401, UNAUTHORIZED)
  })
})
