// The callbacks consumer settles each message of a batch on its own, and never throws out of the
// handler (the queue would retry the whole batch, acknowledged callbacks included).
import { createExecutionContext, createMessageBatch, env, getQueueResult } from 'cloudflare:test'
import { expect, it } from 'vitest'
import type { Bindings } from '../src/bindings'
import { deliverCallbacks } from '../src/callbacks/consumer'
import type { CallbackJob } from '../src/callbacks/events'
import { readConfig } from '../src/config'
import { captureConsole } from './helpers'

const config = readConfig(env as unknown as Bindings)
const logs = captureConsole(() => [])
const NOW = Date.UTC(2026, 11, 4, 16, 0, 0)

async function keyWithCallback(url: string): Promise<string> {
  const keyId = `cb-batch-${crypto.randomUUID()}`
  await env.DB.prepare(
    `INSERT INTO client_keys (key_id, alg, secret, sub_account, status, created_at, callback_url,
      callback_secret) VALUES (?, 'hmac-sha256', 'c2VjcmV0', 'cb-batch-sub', 'active', 0, ?, ?)`,
  )
    .bind(keyId, url, 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')
    .run()
  return keyId
}

it('one callback failing in every way at once leaves the other three acknowledged', async () => {
  const good = await Promise.all(
    [1, 2, 3].map((n) => keyWithCallback(`https://client.test/batch-${n}`)),
  )
  const bad = await keyWithCallback('https://client.test/batch-bad')
  const jobs = [good[0], bad, good[1], good[2]].map((keyId, index) => ({
    id: `msg-${index}`,
    timestamp: new Date(NOW),
    attempts: 1,
    body: { keyId, webhookId: `msg_inbound_${index}`, body: '{}' } as CallbackJob,
  }))
  const batch = createMessageBatch<CallbackJob>('chatapps-callbacks', jobs)
  const posted: string[] = []
  const ctx = createExecutionContext()
  await deliverCallbacks(batch, {
    db: env.DB,
    config,
    now: () => NOW,
    // The failing callback's POST throws, and so does working out its backoff.
    random: () => {
      throw new Error('no randomness')
    },
    fetch: (async (input: RequestInfo | URL) => {
      const url = String(input)
      if (url.endsWith('/batch-bad')) throw new Error('TLS peer certificate is not trusted')
      posted.push(new URL(url).pathname)
      return new Response(null, { status: 204 })
    }) as typeof fetch,
  })
  const result = await getQueueResult(batch, ctx)
  expect({
    explicitAcks: [...result.explicitAcks].sort(),
    retryMessages: result.retryMessages,
    retryBatch: result.retryBatch,
    ackAll: result.ackAll,
    outcome: result.outcome,
  }).toEqual({
    explicitAcks: ['msg-0', 'msg-2', 'msg-3'],
    retryMessages: [{ msgId: 'msg-1' }],
    retryBatch: { retry: false },
    ackAll: false,
    outcome: 'ok',
  })
  expect(posted.sort()).toEqual(['/batch-1', '/batch-2', '/batch-3'])
  expect(logs.lines).toEqual([
    `callback failed ${bad} msg_inbound_1 Error`,
    'callback: unexpected Error',
  ])
})
