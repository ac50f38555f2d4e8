import { msg } from '@chatapps/dsl'
import { beforeEach, describe, expect, inject, it } from 'vitest'
import { createClient } from '../src/index'
import {
  clearSandbox,
  ED25519_KEY_ID,
  ED25519_PRIVATE,
  LIMITED_KEY_ID,
  sandboxMessages,
} from './harness'

const gatewayUrl = inject('gatewayUrl')
const sandboxUrl = inject('sandboxUrl')

beforeEach(() => clearSandbox(sandboxUrl))

describe('retries against the real gateway', () => {
  it('Should ride out 429 rate_limited with Retry-After, each message delivered once', async () => {
    const limited = createClient({
      baseUrl: gatewayUrl,
      keyId: LIMITED_KEY_ID,
      key: ED25519_PRIVATE,
      retries: 10,
    })
    const run = crypto.randomUUID().slice(0, 8)
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        limited.send(msg.to('+15551234567').text(`limited ${run} ${i}`)),
      ),
    )
    const attempts = results.map((r) => r.meta.requests)
    console.log(`6 sends at 2/s (burst 2): attempts ${attempts.join(', ')}`)
    expect(Math.max(...attempts)).toBeGreaterThan(1)
    const texts = (await sandboxMessages(sandboxUrl)).map(
      (e) => (e.body.content as { text: string }).text,
    )
    expect(texts.sort()).toStrictEqual(
      Array.from({ length: 6 }, (_, i) => `limited ${run} ${i}`).sort(),
    )
  })

  it('Should answer two concurrent calls with one idempotency key with one message', async () => {
    const client = createClient({
      baseUrl: gatewayUrl,
      keyId: ED25519_KEY_ID,
      key: ED25519_PRIVATE,
    })
    const key = `e2e-concurrent-${crypto.randomUUID()}`
    const message = msg.to('+15551234567').text(`concurrent ${key}`)
    const [a, b] = await Promise.all([
      client.send(message, { idempotencyKey: key }),
      client.send(message, { idempotencyKey: key }),
    ])
    console.log(
      `same key, concurrently: attempts ${a.meta.requests} and ${b.meta.requests}, replayed ${a.meta.replayed}/${b.meta.replayed}`,
    )
    expect(a.id).toBe(b.id)
    expect(a.umid).toBe(b.umid)
    expect(await sandboxMessages(sandboxUrl)).toHaveLength(1)
  })
})
