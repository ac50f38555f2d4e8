import { describe, expect, inject, it } from 'vitest'
import { seedBuilders } from '../../dsl/examples/seeds'
import { createClient, isChatappsError } from '../src/index'
import {
  clearSandbox,
  ED25519_KEY_ID,
  ED25519_PRIVATE,
  HMAC_KEY_ID,
  HMAC_SECRET,
  sandboxMessages,
} from './harness'

const gatewayUrl = inject('gatewayUrl')
const sandboxUrl = inject('sandboxUrl')
const client = createClient({ baseUrl: gatewayUrl, keyId: ED25519_KEY_ID, key: ED25519_PRIVATE })
const stack = {
  sandboxMessages: () => sandboxMessages(sandboxUrl),
  clearSandbox: () => clearSandbox(sandboxUrl),
}

describe('the client against the real gateway and sandbox', () => {
  it('Should deliver every seed message exactly once, in its canonical form', async () => {
    await stack.clearSandbox()
    const sent = []
    for (const [name, builder] of Object.entries(seedBuilders)) {
      const result = await client.send(builder)
      expect(result.kind, name).toBe('sent')
      expect(result.meta.requests, name).toBe(1)
      sent.push({ name, builder, result })
    }
    const received = (await stack.sandboxMessages()).filter((entry) => entry.kind === 'message')
    expect(received).toHaveLength(Object.keys(seedBuilders).length)
    for (const { name, builder, result } of sent) {
      // 8x8 gets the gateway's id as clientMessageId; the caller's own stays its reference.
      const matches = received.filter((entry) => entry.body.clientMessageId === result.id)
      expect(matches, name).toHaveLength(1)
      const [entry] = matches
      expect(entry?.umid, name).toBe(result.umid)
      expect(entry?.body, name).toStrictEqual({ ...builder.build(), clientMessageId: result.id })
      expect(result.clientMessageId, name).toBe(builder.build().clientMessageId ?? result.id)
    }
  })

  it('Should read a sent message back with get()', async () => {
    const sent = await client.send(seedBuilders.text)
    const record = await client.get(sent.id)
    const { meta: _meta, ...answered } = record
    // The send's members, with the same names and types, then the record's own. The sandbox's
    // receipts flow: the state may have moved on since the send.
    expect(Object.keys(answered)).toStrictEqual([
      'id',
      'clientMessageId',
      'umid',
      'status',
      'deliveryAttempts',
      'batchId',
      'createdAt',
      'updatedAt',
      'history',
    ])
    expect(answered).toMatchObject({
      id: sent.id,
      clientMessageId: sent.clientMessageId,
      umid: sent.umid,
      status: {
        state: expect.stringMatching(/^(queued|sent|delivered|read)$/),
        timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
      deliveryAttempts: 1,
      batchId: null,
    })
  })

  it('Should replay, not resend, a second call with the same idempotency key', async () => {
    await stack.clearSandbox()
    const first = await client.send(seedBuilders.location, { idempotencyKey: 'e2e-replay-1' })
    const again = await client.send(seedBuilders.location, { idempotencyKey: 'e2e-replay-1' })
    expect(again.id).toBe(first.id)
    expect(again.meta.replayed).toBe(true)
    expect(await stack.sandboxMessages()).toHaveLength(1)
  })

  it('Should send asynchronously: 202 accepted, then delivered once by the queue', async () => {
    await stack.clearSandbox()
    const result = await client.send(seedBuilders.buttons, { async: true })
    console.log(`async send answered: ${result.kind} (${result.meta.status})`)
    // A gateway may answer synchronously (RFC 7240 preferences are optional): then it is sent.
    if (result.kind === 'accepted') {
      expect(result.meta.status).toBe(202)
      expect(result.location).toBe(`/v1/messages/${result.id}`)
    }
    const deadline = Date.now() + 20_000
    let received = await stack.sandboxMessages()
    while (received.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      received = await stack.sandboxMessages()
    }
    expect(received).toHaveLength(1)
    const { clientMessageId, ...body } = received[0]?.body ?? {}
    expect(body).toStrictEqual(seedBuilders.buttons.build())
    const record = await client.get(result.id)
    expect(record.id).toBe(result.id)
  })

  it('Should send a batch with an hmac-sha256 key', async () => {
    await stack.clearSandbox()
    const hmac = createClient({
      baseUrl: gatewayUrl,
      keyId: HMAC_KEY_ID,
      alg: 'hmac-sha256',
      key: HMAC_SECRET,
    })
    const result = await hmac.sendBatch([seedBuilders.text, seedBuilders.image], {
      clientBatchId: 'e2e',
    })
    expect(result.messages).toHaveLength(2)
    const received = await stack.sandboxMessages()
    expect(received).toHaveLength(1)
    expect(received[0]?.kind).toBe('batch')
  })

  it('Should surface the gateway problem for an unknown message id', async () => {
    const error = await client.get('no-such-id').catch((e: unknown) => e)
    expect(isChatappsError(error) && error.code).toBe('not_found')
  })

  it('Should refuse a bad key with signature_invalid, without retrying', async () => {
    const stranger = createClient({
      baseUrl: gatewayUrl,
      keyId: 'unknown-key',
      key: ED25519_PRIVATE,
    })
    const error = await stranger.send(seedBuilders.text).catch((e: unknown) => e)
    expect(isChatappsError(error) && [error.status, error.code, error.requests]).toStrictEqual([
      401,
      'signature_invalid',
      1,
    ])
  })
})

describe('upload against the real gateway and sandbox', () => {
  it('Should stream a file from disk through the gateway to 8x8, byte for byte', async () => {
    const { mkdtempSync, openAsBlob, rmSync, writeFileSync } = await import('node:fs')
    const { tmpdir } = await import('node:os')
    const { join } = await import('node:path')
    const dir = mkdtempSync(join(tmpdir(), 'chatapps-upload-'))
    try {
      // 1 MiB of varied bytes: several chunks on every hop, any reordering or loss shows.
      const bytes = new Uint8Array(1024 * 1024).map((_, i) => (i * 7919) % 251)
      const path = join(dir, 'photo.jpg')
      writeFileSync(path, bytes)
      const uploaded = await client.upload(await openAsBlob(path), {
        fileName: 'photo.jpg',
        contentType: 'image/jpeg',
      })
      expect(uploaded.meta.status).toBe(201)
      // The sandbox names its files under the base URL the gateway calls it by; here it listens
      // on the testkit's port.
      const { pathname, search } = new URL(uploaded.url)
      expect(pathname).toMatch(/^\/files\/[0-9a-f]{32}\.jpg$/)
      const served = await fetch(`${sandboxUrl}${pathname}${search}`)
      expect(served.status).toBe(200)
      expect(served.headers.get('content-type')).toBe('image/jpeg')
      expect(new Uint8Array(await served.arrayBuffer())).toStrictEqual(bytes)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 180_000)
})
