/**
 * The operator's revocation, end to end: the real gateway and sandbox (@chatapps/testkit, on
 * loopback), a key the gateway has already read and remembers, and `pnpm keys revoke` run as an
 * operator runs it, telling that gateway. The next request with the key is refused.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { signRequest } from '@chatapps/signature'
import { HMAC_SECRET, type Stack, startStack } from '@chatapps/testkit'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'

const run = promisify(execFile)
const script = fileURLToPath(new URL('../scripts/keys.mjs', import.meta.url))
const state = mkdtempSync(join(tmpdir(), 'chatapps-revoke-'))
const keyId = `operator-revoked-${Date.now()}`
let stack: Stack

beforeAll(async () => {
  stack = await startStack({ receipts: false })
  await stack.query(
    `INSERT INTO client_keys (key_id, alg, secret, sub_account, status, created_at)
     VALUES (?, 'hmac-sha256', ?, 'demo-subaccount', 'active', 0)`,
    keyId,
    HMAC_SECRET,
  )
}, 240_000)
afterAll(async () => {
  await stack?.stop()
  rmSync(state, { recursive: true, force: true })
})

async function send(text: string): Promise<Response> {
  const request = new Request(`${stack.url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': `"${crypto.randomUUID()}"` },
    body: JSON.stringify({ user: { msisdn: '+15551234567' }, type: 'text', content: { text } }),
  })
  return fetch(await signRequest(request, { keyId, alg: 'hmac-sha256', key: HMAC_SECRET }))
}

describe('pnpm keys revoke against a running gateway', () => {
  test('the gateway refuses the key from the next request on, though it remembered it', async () => {
    expect((await send('before')).status).toBe(200)

    // The operator's own database here is a fresh local one; the gateway's is the stack's.
    await run('node', [script, 'migrate', '--persist-to', state])
    const revoked = await run('node', [
      script,
      'revoke',
      keyId,
      '--gateway',
      stack.url,
      '--persist-to',
      state,
    ])
    expect(revoked.stdout).toBe(
      `revoked ${keyId} in D1\nthe gateway at ${stack.url} refuses ${keyId} from the next request on\n`,
    )

    const refused = await send('after')
    expect(refused.status).toBe(401)
    expect(((await refused.json()) as { code: string }).code).toBe('signature_invalid')
    expect(await stack.query('SELECT status FROM client_keys WHERE key_id = ?', keyId)).toEqual([
      { status: 'revoked' },
    ])
  }, 120_000)
})
