// One failing callback must not make the queue post its batch's other callbacks again (issue 14
// §4). The built gateway in Miniflare posts over the real network stack to endpoints on
// loopback: three good ones (plain http) and one https server whose certificate workerd does not
// trust (test-soak/fixtures: self-signed, for this test only), so that its TLS handshake fails
// as the review's did. That failure fails workerd's whole queue event although the consumer
// catches it; had the batch held the four callbacks, all would be retried.
import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { createServer as createTlsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { type Stack, startStack } from '@chatapps/testkit'
import { afterAll, beforeAll, expect, it } from 'vitest'

let stack: Stack
let server: Server
let untrusted: Server
let port: number
let untrustedPort: number
/** Requests received, by path (both servers). */
const received = new Map<string, number>()
/** Failed handshakes at the untrusted server: one per attempt at the failing callback. */
let handshakes = 0
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url))

beforeAll(async () => {
  server = createServer((request, response) => {
    const path = request.url ?? ''
    received.set(path, (received.get(path) ?? 0) + 1)
    request.resume()
    request.on('end', () => response.writeHead(204).end())
  })
  untrusted = createTlsServer(
    { key: fixture('untrusted-key.pem'), cert: fixture('untrusted-cert.pem') },
    (request, response) => {
      received.set(`tls:${request.url}`, (received.get(`tls:${request.url}`) ?? 0) + 1)
      response.writeHead(204).end()
    },
  )
  // Counted when the failed handshake's connection closes: by then the posts of the same
  // attempt, had the batch held the good callbacks too, have reached the plain server.
  untrusted.on('connection', (socket) => {
    socket.on('close', () => {
      handshakes += 1
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  await new Promise<void>((resolve) => untrusted.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port
  untrustedPort = (untrusted.address() as AddressInfo).port
  stack = await startStack({
    receipts: false,
    // The failing callback's retry comes after the callback schedule's first delay (4 to 6 s).
    gatewayVars: { DELIVERY_BACKOFF_BASE_S: '1', DELIVERY_BACKOFF_CAP_S: '1' },
  })
})
afterAll(async () => {
  await stack?.stop()
  await new Promise((resolve) => server?.close(resolve))
  await new Promise((resolve) => untrusted?.close(resolve))
})

/** Waits for a condition, polling; bounded by the test's own timeout. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 50))
}

it('a callback whose TLS handshake fails is retried alone: the three good ones of its batch are posted once', async () => {
  const subAccount = `isolation-${Date.now()}`
  const urls = [
    `http://127.0.0.1:${port}/good-1`,
    `https://127.0.0.1:${untrustedPort}/bad`,
    `http://127.0.0.1:${port}/good-2`,
    `http://127.0.0.1:${port}/good-3`,
  ]
  for (const [index, url] of urls.entries()) {
    await stack.query(
      `INSERT INTO client_keys (key_id, alg, secret, sub_account, status, created_at, callback_url,
        callback_secret) VALUES (?, 'hmac-sha256', 'c2VjcmV0', ?, 'active', 0, ?,
        'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')`,
      `isolation-key-${index}`,
      subAccount,
      url,
    )
  }
  // One inbound message of the sub-account: one callback per key, queued together.
  const response = await fetch(`${stack.url}/v1/webhooks/chatapps`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sandbox-webhook-secret' },
    body: JSON.stringify({
      namespace: 'ChatApps',
      eventType: 'inbound_message_received',
      payload: {
        umid: crypto.randomUUID(),
        subAccountId: subAccount,
        timestamp: '2026-12-04T16:00:00.00Z',
        user: { msisdn: '+15551234567', name: 'Ann' },
        recipient: { channel: 'whatsapp', channelId: 'wa-1' },
        type: 'Text',
        content: { text: 'hi there' },
      },
    }),
  })
  expect(response.status).toBe(200)
  expect(await response.json()).toEqual({ received: true })

  // Two attempts at the untrusted endpoint (the first, then its retry after the schedule's first
  // delay, about 5 s; the next is minutes later): had it shared a batch with the good ones, they
  // would have been posted again with the retry.
  await until(() => handshakes >= 2)
  expect(Object.fromEntries(received)).toEqual({ '/good-1': 1, '/good-2': 1, '/good-3': 1 })
}, 120_000)
