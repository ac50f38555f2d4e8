// Callback URLs outside the local environment (issue 14 §4): https to a public host only, checked
// at every delivery attempt; redirects are never followed. Run in workerd, whose URL parser is
// the one the gateway's check sees.
import { createExecutionContext, createMessageBatch, env, getQueueResult } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import type { Bindings } from '../src/bindings'
import { deliverCallbacks } from '../src/callbacks/consumer'
import type { CallbackJob } from '../src/callbacks/events'
import { isNonPublicHost } from '../src/callbacks/url-rule.js'
import { isAllowedCallbackUrl } from '../src/callbacks/urls'
import { type Config, readConfig } from '../src/config'
import { captureConsole } from './helpers'

const local = readConfig(env as unknown as Bindings)
const logs = captureConsole(() => [])

describe("workerd's URL parser", () => {
  it.each([
    ['https://2130706433/', '127.0.0.1'],
    ['https://0177.0.0.1/', '127.0.0.1'],
    ['https://0x7f.1/', '127.0.0.1'],
    ['https://0x7f000001/', '127.0.0.1'],
    ['https://127.1/', '127.0.0.1'],
    ['https://0/', '0.0.0.0'],
    ['https://0xa9.0xfe.0xa9.0xfe/', '169.254.169.254'],
    ['https://[::ffff:127.0.0.1]/', '[::ffff:7f00:1]'],
    ['https://[0:0:0:0:0:ffff:a9fe:a9fe]/', '[::ffff:a9fe:a9fe]'],
    ['https://[::127.0.0.1]/', '[::7f00:1]'],
    ['https://[64:ff9b::10.0.0.1]/', '[64:ff9b::a00:1]'],
    ['https://[FE80::1]/', '[fe80::1]'],
    ['https://LOCALHOST./', 'localhost.'],
  ])('writes %s as host %s', (url, hostname) => {
    expect(new URL(url).hostname).toBe(hostname)
  })

  it('refuses what no spelling makes an address', () => {
    expect(() => new URL('https://1.2.3.4.5/')).toThrow(TypeError)
    expect(() => new URL('https://[fe80::1%25eth0]/')).toThrow(TypeError)
  })
})

describe('callback URLs in production and staging', () => {
  const refused = [
    // Loopback, in every spelling the parser accepts.
    'https://127.0.0.1/hooks',
    'https://127.255.255.254/hooks',
    'https://2130706433/hooks',
    'https://0177.0.0.1/hooks',
    'https://0x7f.1/hooks',
    'https://127.1/hooks',
    'https://[::1]/hooks',
    'https://[::ffff:127.0.0.1]/hooks',
    'https://[::127.0.0.1]/hooks',
    // Private.
    'https://10.0.0.1/hooks',
    'https://10.255.255.255/hooks',
    'https://172.16.0.1/hooks',
    'https://172.31.255.255/hooks',
    'https://192.168.1.1/hooks',
    'https://[::ffff:10.0.0.1]/hooks',
    'https://[::ffff:192.168.0.1]/hooks',
    // Link-local: the cloud metadata service the review reached.
    'https://169.254.169.254/latest/meta-data/',
    'https://0xa9fea9fe/latest/meta-data/',
    'https://[::ffff:169.254.169.254]/latest/meta-data/',
    'https://[fe80::1]/hooks',
    'https://[febf:ffff::1]/hooks',
    // CGNAT.
    'https://100.64.0.1/hooks',
    'https://100.127.255.255/hooks',
    // Unique-local.
    'https://[fc00::1]/hooks',
    'https://[fd12:3456:789a::1]/hooks',
    // Unspecified, this network.
    'https://0.0.0.0/hooks',
    'https://0/hooks',
    'https://[::]/hooks',
    // IPv4 inside NAT64 and 6to4.
    'https://[64:ff9b::10.0.0.1]/hooks',
    'https://[2002:a9fe:a9fe::]/hooks',
    // Documentation, benchmarking, multicast, reserved, broadcast.
    'https://192.0.2.1/hooks',
    'https://198.18.0.1/hooks',
    'https://224.0.0.1/hooks',
    'https://[ff02::1]/hooks',
    'https://240.0.0.1/hooks',
    'https://255.255.255.255/hooks',
    // Special-use names.
    'https://localhost/hooks',
    'https://LOCALHOST./hooks',
    'https://api.localhost/hooks',
    'https://printer.local/hooks',
    'https://metadata.google.internal/computeMetadata/v1/',
    'https://router.home.arpa/hooks',
  ]
  const allowed = [
    'https://client.example/hooks',
    'https://hooks.client.example:8443/chatapps?tenant=1',
    'https://8.8.8.8/hooks',
    'https://100.63.255.255/hooks',
    'https://100.128.0.1/hooks',
    'https://172.15.255.255/hooks',
    'https://172.32.0.1/hooks',
    'https://169.253.255.255/hooks',
    'https://[2606:4700:4700::1111]/hooks',
    'https://[::ffff:8.8.8.8]/hooks',
    'https://[64:ff9b::8.8.8.8]/hooks',
    'https://[2a00:1450::1]/hooks',
    'https://localhost.example/hooks',
    'https://internal.example/hooks',
  ]

  it.each(['production', 'staging'])('%s refuses every host that is not public', (environment) => {
    expect(refused.filter((url) => isAllowedCallbackUrl(url, environment))).toEqual([])
  })

  it.each(['production', 'staging'])('%s allows public https hosts', (environment) => {
    expect(allowed.filter((url) => !isAllowedCallbackUrl(url, environment))).toEqual([])
  })

  it.each([
    ['http://client.example/hooks', 'production', false],
    ['http://client.example/hooks', 'staging', false],
    ['http://127.0.0.1:9000/hooks', 'production', false],
    ['https://user:pass@client.example/hooks', 'production', false],
    ['not a url', 'production', false],
    // Locally the gateway posts to the machine itself (tests, `pnpm dev`).
    ['https://169.254.169.254/latest/meta-data/', 'local', true],
    ['http://127.0.0.1:9000/hooks', 'local', true],
    ['http://localhost.:9000/hooks', 'local', true],
    ['http://10.0.0.1/hooks', 'local', false],
  ])('%s in %s: %s', (url, environment, expected) => {
    expect(isAllowedCallbackUrl(url, environment)).toBe(expected)
  })

  it('names a host by what the parser made of it', () => {
    expect(
      ['127.0.0.1', '[::ffff:7f00:1]', '[fe80::1]', 'printer.local.', 'client.example'].map(
        isNonPublicHost,
      ),
    ).toEqual([true, true, true, true, false])
  })
})

describe('the consumer checks the stored URL at every attempt', () => {
  const NOW = Date.UTC(2026, 11, 4, 16, 0, 0)

  /** A key with this callback URL, registered directly in D1 (as data that predates the rule). */
  async function keyWithCallback(url: string): Promise<string> {
    const keyId = `cb-url-${crypto.randomUUID()}`
    await env.DB.prepare(
      `INSERT INTO client_keys (key_id, alg, secret, sub_account, status, created_at, callback_url,
        callback_secret) VALUES (?, 'hmac-sha256', 'c2VjcmV0', 'cb-url-sub', 'active', 0, ?, ?)`,
    )
      .bind(keyId, url, 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')
      .run()
    return keyId
  }

  async function consume(job: CallbackJob, config: Config) {
    const batch = createMessageBatch<CallbackJob>('chatapps-callbacks', [
      { id: 'msg-1', timestamp: new Date(NOW), attempts: 1, body: job },
    ])
    const ctx = createExecutionContext()
    await deliverCallbacks(batch, { db: env.DB, config, random: () => 0, now: () => NOW })
    const result = await getQueueResult(batch, ctx)
    return { explicitAcks: result.explicitAcks, retryMessages: result.retryMessages }
  }

  /** What the recorder (every global fetch of the gateway in these tests) received on a path. */
  async function recorded(path: string): Promise<{ url: string; status: number }[]> {
    const response = await fetch(`http://recorder/__recorded?path=${encodeURIComponent(path)}`)
    const { requests } = (await response.json()) as {
      requests: { url: string; status: number }[]
    }
    return requests.map(({ url, status }) => ({ url, status }))
  }

  const job = (keyId: string): CallbackJob => ({
    keyId,
    webhookId: `msg_status_${crypto.randomUUID()}_sent`,
    body: '{"type":"message.status","timestamp":"2026-12-04T16:00:00.000Z","data":{}}',
  })

  it('in production a stored link-local URL is dropped, never posted; locally the same is posted', async () => {
    const path = `/latest/meta-data/${crypto.randomUUID()}`
    const keyId = await keyWithCallback(`https://169.254.169.254${path}`)
    const production = { ...local, environment: 'production' as const }
    const callback = job(keyId)
    expect(await consume(callback, production)).toEqual({
      explicitAcks: ['msg-1'],
      retryMessages: [],
    })
    expect(await recorded(path)).toEqual([])
    expect(logs.lines).toEqual([
      `callback given up ${keyId} ${callback.webhookId} url_not_allowed null`,
    ])

    // The contrast: the same stored URL in the local environment does reach the network.
    expect(await consume(job(keyId), local)).toEqual({
      explicitAcks: ['msg-1'],
      retryMessages: [],
    })
    expect(await recorded(path)).toEqual([{ url: `https://169.254.169.254${path}`, status: 204 }])
  })

  it('a redirect is a failed attempt: retried, its Location never requested', async () => {
    const path = `/hooks/${crypto.randomUUID()}`
    const elsewhere = `/elsewhere/${crypto.randomUUID()}`
    const url = `https://client.test${path}?status=302&location=${encodeURIComponent(`https://client.test${elsewhere}`)}`
    const keyId = await keyWithCallback(url)
    const callback = job(keyId)
    expect(await consume(callback, local)).toEqual({
      explicitAcks: [],
      retryMessages: [{ msgId: 'msg-1' }],
    })
    expect(await recorded(path)).toEqual([{ url, status: 302 }])
    expect(await recorded(elsewhere)).toEqual([])
    expect(logs.lines).toEqual([`callback refused ${keyId} ${callback.webhookId} 302`])
  })
})
