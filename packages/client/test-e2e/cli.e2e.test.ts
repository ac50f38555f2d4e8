import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { msg } from '@chatapps/dsl'
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest'
import {
  CLIENT_DIR,
  clearSandbox,
  ED25519_KEY_ID,
  ED25519_PRIVATE,
  ED25519_PUBLIC,
  sandboxMessages,
} from './harness'

const run = promisify(execFile)
const gatewayUrl = inject('gatewayUrl')
const sandboxUrl = inject('sandboxUrl')
const CLI = join(CLIENT_DIR, 'src/cli/index.ts')

/** Runs the real `chatapps` entry as a child process (through tsx), configured by environment. */
async function chatapps(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', CLI, ...args], {
      cwd: CLIENT_DIR,
      env: {
        PATH: process.env.PATH ?? '',
        CHATAPPS_BASE_URL: gatewayUrl,
        CHATAPPS_KEY_ID: ED25519_KEY_ID,
        CHATAPPS_KEY: ED25519_PRIVATE,
        ...env,
      },
      timeout: 60_000,
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string }
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' }
  }
}

const texts = async () =>
  (await sandboxMessages(sandboxUrl)).map((entry) => (entry.body.content as { text?: string }).text)

beforeEach(() => clearSandbox(sandboxUrl))
// Faults never outlive their test, even one that failed, so the next file sees a healthy 8x8.
afterEach(async () => {
  await fetch(`${sandboxUrl}/__sandbox/faults`, { method: 'DELETE' })
})

describe('the chatapps CLI against the real gateway and sandbox', () => {
  it('Should send one message, and show it with status', async () => {
    const text = `CLI ${crypto.randomUUID()}`
    const sent = await chatapps(['send', '--to', '+15551234567', '--text', text, '--json'])
    expect(sent.stderr).toBe('')
    expect(sent.code).toBe(0)
    const answer = JSON.parse(sent.stdout) as { id: string; umid: string; clientMessageId: string }
    const received = await sandboxMessages(sandboxUrl)
    expect(received).toHaveLength(1)
    expect(received[0]?.body).toStrictEqual({
      ...msg.to('+15551234567').text(text).build(),
      clientMessageId: answer.clientMessageId,
    })

    const status = await chatapps(['status', answer.id, '--json'])
    expect(status.code).toBe(0)
    const record = JSON.parse(status.stdout) as Record<string, unknown>
    expect(record).toMatchObject({
      id: answer.id,
      clientMessageId: answer.clientMessageId,
      umid: answer.umid,
      status: { state: expect.stringMatching(/^(queued|sent|delivered|read)$/) },
      deliveryAttempts: 1,
    })
    // Without --json: the summary a person reads.
    const summary = await chatapps(['status', answer.id])
    expect(summary.code).toBe(0)
    expect(summary.stdout).toMatch(
      /^status {12}(queued|sent|delivered|read) at \d{4}-\d\d-\d\dT[\d:.]+Z/,
    )
    expect(summary.stdout).toContain(`\nid                ${answer.id}\n`)
  })

  it('Should send a 200-row CSV batch while the sandbox fails 20 % of sends, each row once, and skip them all on a rerun', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chatapps-e2e-'))
    const run = crypto.randomUUID().slice(0, 8)
    const rows = Array.from(
      { length: 200 },
      (_, i) => `+1555${String(1_000_000 + i)},"Customer ${i}"`,
    )
    writeFileSync(join(dir, 'rows.csv'), `phone,name\n${rows.join('\n')}\n`)
    writeFileSync(
      join(dir, 'template.json'),
      JSON.stringify({
        user: { msisdn: '{{phone}}' },
        type: 'text',
        content: { text: `Hi {{name}} (${run})` },
      }),
    )
    // The key through a config file this time: flags > env > file.
    writeFileSync(
      join(dir, 'config.json'),
      JSON.stringify({ baseUrl: gatewayUrl, keyId: ED25519_KEY_ID, key: ED25519_PRIVATE }),
    )
    const args = [
      'batch',
      join(dir, 'rows.csv'),
      '--template',
      join(dir, 'template.json'),
      '--concurrency',
      '8',
      // A row fails only if every attempt meets a fault: 0.2^9 with 8 retries, where the
      // default 3 leaves 0.2^4 per row, about one chance in four that one of 200 rows fails.
      '--retries',
      '8',
      '--state',
      join(dir, 'state.json'),
      '--config',
      join(dir, 'config.json'),
    ]
    // 8x8 failing in ways that never take the message (429, 503): the gateway answers 503 with
    // Retry-After, and the CLI retries each row with its idempotency key. (A 500 is ambiguous:
    // the gateway answers upstream_outcome_unknown, which is final and never retried.)
    const faults = await fetch(`${sandboxUrl}/__sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        send: { rate: 0.2, kinds: ['429', '503'], seed: 6, retryAfter: 1 },
      }),
    })
    expect(faults.status).toBe(200)
    const started = performance.now()
    const first = await chatapps(args, {
      CHATAPPS_BASE_URL: '',
      CHATAPPS_KEY_ID: '',
      CHATAPPS_KEY: '',
    })
    const seconds = (performance.now() - started) / 1000
    expect(first.stdout).toBe('sent 200, failed 0, skipped 0 (already sent), of 200\n')
    expect(first.code).toBe(0)
    expect(first.stderr.trim().split('\n').at(-1)).toBe(
      'progress 200/200 sent 200 failed 0 skipped 0',
    )
    console.log(
      `CLI batch: 200 rows in ${seconds.toFixed(1)} s (${(200 / seconds).toFixed(0)} rows/s, concurrency 8, process start included)`,
    )

    const injected = (await (await fetch(`${sandboxUrl}/__sandbox/faults`)).json()) as {
      injected: Record<string, number>
    }
    await fetch(`${sandboxUrl}/__sandbox/faults`, { method: 'DELETE' })
    const failures = Object.values(injected.injected).reduce((sum, n) => sum + n, 0)
    console.log(`CLI batch: the sandbox failed ${failures} sends on purpose`)
    expect(failures).toBeGreaterThan(10)

    const received = await texts()
    expect(received).toHaveLength(200)
    const expected = Array.from({ length: 200 }, (_, i) => `Hi Customer ${i} (${run})`)
    expect([...received].sort()).toStrictEqual([...expected].sort())

    const again = await chatapps(args)
    expect(again.code).toBe(0)
    expect(again.stdout).toBe('sent 0, failed 0, skipped 200 (already sent), of 200\n')
    expect(await texts()).toHaveLength(200)
    rmSync(dir, { recursive: true, force: true })
  })

  it('Should refuse an invalid message before sending, exit 1', async () => {
    const bad = await chatapps(['send', '--to', 'not-a-number', '--text', 'x'])
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/user\.msisdn/)
    expect(await sandboxMessages(sandboxUrl)).toHaveLength(0)
  })

  it('Should exit 3 when the gateway refuses the key', async () => {
    const refused = await chatapps(['send', '--to', '+15551234567', '--text', 'x'], {
      CHATAPPS_KEY_ID: 'nobody',
    })
    expect(refused.code).toBe(3)
    expect(refused.stderr).toMatch(/401 signature_invalid/)
  })

  it('Should list the likely causes of a real 401, with the public key to register and the authority signed for', async () => {
    const host = new URL(gatewayUrl).host
    const refused = await chatapps(['send', '--to', '+15551234567', '--text', 'x'], {
      CHATAPPS_KEY_ID: 'nobody',
    })
    expect(refused.code).toBe(3)
    expect(refused.stdout).toBe('')
    const lines = refused.stderr.split('\n')
    expect(lines.slice(0, 4)).toStrictEqual([
      'error: 401 signature_invalid: Signature invalid',
      'The gateway refused the signature (401 signature_invalid); it does not say why, on purpose.',
      'Likely causes, most likely first:',
      `  1. the key id "nobody" is not registered on ${new URL(gatewayUrl).href}, or it was revoked.`,
    ])
    expect(lines).toContain(
      `     pnpm keys add nobody --alg ed25519 --key ${ED25519_PUBLIC} --sub-account <its sub-account>`,
    )
    // workerd behind Miniflare sends no `Date` (Cloudflare's edge adds one in production), so the
    // CLI says it could not compare the clocks; the skew itself is measured in test/cli.
    expect(lines.find((line) => line.startsWith('  4. '))).toBe(
      "  4. the clocks differ by more than 300 s: the gateway sent no Date header to compare with: check this machine's clock (date -u).",
    )
    expect(lines).toContain(
      `  5. @authority differs from the gateway's host: you signed for ${host}.`,
    )
  })

  it('Should stop a batch at the first 401, send nothing more and exit 3', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chatapps-e2e-'))
    writeFileSync(
      join(dir, 'rows.csv'),
      `phone,name\n${Array.from({ length: 30 }, (_, i) => `+1555${2_000_000 + i},N${i}`).join('\n')}\n`,
    )
    const template = JSON.stringify({
      user: { msisdn: '{{phone}}' },
      type: 'text',
      content: { text: 'Hi {{name}}' },
    })
    const stopped = await chatapps(
      ['batch', join(dir, 'rows.csv'), '--template', template, '--concurrency', '1'],
      { CHATAPPS_KEY_ID: 'nobody' },
    )
    expect(stopped.code).toBe(3)
    expect(stopped.stdout.split('\n').slice(0, 3)).toStrictEqual([
      'sent 0, failed 1, skipped 0 (already sent), of 30',
      'stopped at row 1, 29 not sent: 401 signature_invalid: Signature invalid',
      'The gateway refused the signature (401 signature_invalid); it does not say why, on purpose.',
    ])
    expect(await sandboxMessages(sandboxUrl)).toHaveLength(0)
    rmSync(dir, { recursive: true, force: true })
  })
})
