import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { problem, scriptedFetch, verifies } from '../helpers'
import { CONFIGURED, removeTempDirs, runCli, tempDir } from './run'

afterAll(removeTempDirs)

const T = '2026-11-24T20:00:00.000Z'

describe('chatapps read, typing, cancel, upload, contact', () => {
  it('Should print help for each, and exit 2 without its argument', async () => {
    for (const command of ['read', 'typing', 'cancel', 'upload', 'contact']) {
      const { code, stdout } = await runCli([command, '--help'])
      expect(code, command).toBe(0)
      expect(stdout, command).toMatch(new RegExp(`^Usage: chatapps ${command}`))
      const missing = await runCli([command], { env: CONFIGURED })
      expect(missing.code, command).toBe(2)
    }
    expect((await runCli(['--help'])).stdout).toMatch(/ {2}upload FILE {6}upload media/)
  })

  it('read posts the mark-read call and prints the answer', async () => {
    const { fetch, calls } = scriptedFetch(Response.json({ umid: 'u-1', read: true }))
    const { code, stdout } = await runCli(['read', 'u-1', '--idempotency-key', 'k-1'], {
      env: CONFIGURED,
      fetch,
    })
    expect(code).toBe(0)
    expect(JSON.parse(stdout)).toStrictEqual({ umid: 'u-1', read: true })
    expect(calls[0]?.request.url).toBe('https://edge.test/v1/inbound/u-1/read')
    expect(calls[0]?.request.headers.get('idempotency-key')).toBe('"k-1"')
  })

  it('typing exits 1 with the gateway’s problem when the message is too old', async () => {
    const { fetch } = scriptedFetch(problem(422, 'inbound_too_old'))
    const { code, stderr } = await runCli(['typing', 'u-1'], { env: CONFIGURED, fetch })
    expect(code).toBe(1)
    expect(stderr).toMatch(/^error: 422 inbound_too_old: inbound_too_old!/)
  })

  it('cancel deletes a message, and with --batch a batch', async () => {
    const record = {
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
    const batch = { batchId: 'b-1', cancelledCount: 1, messages: [] }
    const { fetch, calls } = scriptedFetch(Response.json(record), Response.json(batch))
    const one = await runCli(['cancel', 'g-1'], { env: CONFIGURED, fetch })
    expect(one.code).toBe(0)
    expect(JSON.parse(one.stdout)).toStrictEqual(record)
    const all = await runCli(['cancel', '--batch', 'b-1'], { env: CONFIGURED, fetch })
    expect(all.code).toBe(0)
    expect(JSON.parse(all.stdout)).toStrictEqual(batch)
    expect(calls.map((c) => `${c.request.method} ${c.request.url}`)).toStrictEqual([
      'DELETE https://edge.test/v1/messages/g-1',
      'DELETE https://edge.test/v1/batches/b-1',
    ])
  })

  it('upload sends the file, signed, and prints the URL; an unreadable file is exit 2', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'photo.jpg'), new Uint8Array([9, 8, 7]))
    const uploaded = { fileName: 'x-photo.jpg', token: 't', url: 'https://8x8/files/x?token=t' }
    const { fetch, calls } = scriptedFetch(Response.json(uploaded, { status: 201 }))
    const { code, stdout } = await runCli(['upload', 'photo.jpg', '--type', 'image/jpeg'], {
      env: CONFIGURED,
      fetch,
      cwd: dir,
    })
    expect(code).toBe(0)
    expect(JSON.parse(stdout)).toStrictEqual(uploaded)
    const request = calls[0]?.request
    if (request === undefined) throw new Error('no call')
    expect(await verifies(request)).toBe(true)
    const file = (await request.clone().formData()).get('file')
    if (!(file instanceof File)) throw new Error('no file')
    expect([file.name, file.type, file.size]).toStrictEqual(['photo.jpg', 'image/jpeg', 3])
    expect((await runCli(['upload', 'nope.jpg'], { env: CONFIGURED, cwd: dir })).code).toBe(2)
  })

  it('contact prints the recipient’s state', async () => {
    const body = {
      recipient: '+15551234567',
      serviceWindow: { open: false, openUntil: null, closedAt: T },
      consent: {
        state: 'opted_out',
        facts: [
          { state: 'opted_out', by: 'user', reason: 'STOP', at: T },
          { state: 'marketing_opted_out', by: '8x8', reason: '1051', at: T },
        ],
        history: [],
      },
      pacing: { ratePerSecond: 1, burst: 5, tokens: 5, heldUntil: null },
      lastInboundAt: T,
      lastOutboundAt: T,
      sameAs: null,
      aliases: [],
    }
    const { fetch, calls } = scriptedFetch(Response.json(body))
    const { code, stdout } = await runCli(['contact', '+15551234567'], { env: CONFIGURED, fetch })
    expect(code).toBe(0)
    expect(JSON.parse(stdout)).toStrictEqual(body)
    expect(calls[0]?.request.url).toBe('https://edge.test/v1/contacts/%2B15551234567')
  })
})
