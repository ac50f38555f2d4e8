import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'

// The runner's bindings come from vitest.service.config.ts, not from wrangler.jsonc.
const sandbox = (env as unknown as { SANDBOX: Fetcher }).SANDBOX

const TEXT = { user: { msisdn: '+15551234567' }, type: 'text', content: { text: 'Hi' } }

describe('the built sandbox as an auxiliary worker behind a service binding', () => {
  it('answers /health', async () => {
    const response = await sandbox.fetch('http://chatapps-sandbox/health')
    expect(response.status).toBe(200)
    expect(await response.json()).toStrictEqual({ ok: true })
  })

  it('accepts a send and keeps it in its Durable Object', async () => {
    expect(
      (await sandbox.fetch('http://chatapps-sandbox/__sandbox/messages', { method: 'DELETE' }))
        .status,
    ).toBe(204)
    const raw = JSON.stringify(TEXT)
    const response = await sandbox.fetch(
      'http://chatapps-sandbox/api/v1/subaccounts/demo-subaccount/messages',
      {
        method: 'POST',
        headers: { Authorization: 'Bearer sandbox-demo-key', 'Content-Type': 'application/json' },
        body: raw,
      },
    )
    expect(response.status).toBe(200)
    const { umid } = (await response.json()) as { umid: string }
    const list = await sandbox.fetch('http://chatapps-sandbox/__sandbox/messages')
    const { messages } = (await list.json()) as { messages: Record<string, unknown>[] }
    expect(messages).toStrictEqual([
      {
        kind: 'message',
        umid,
        subAccountId: 'demo-subaccount',
        receivedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        body: TEXT,
        raw,
        // This config sets no WEBHOOK_URL: the sandbox schedules no receipts.
        receipts: [],
      },
    ])
  })

  it('refuses a wrong key with 401', async () => {
    const response = await sandbox.fetch(
      'http://chatapps-sandbox/api/v1/subaccounts/demo-subaccount/messages',
      { method: 'POST', headers: { Authorization: 'Bearer nope' }, body: JSON.stringify(TEXT) },
    )
    expect(response.status).toBe(401)
  })
})
