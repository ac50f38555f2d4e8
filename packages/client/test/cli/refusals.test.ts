/**
 * What the CLI says when the gateway refuses the key (401, 403) or nothing answers: the likely
 * causes and how to check each, and a batch that stops at the first such failure.
 */
import { writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { msg } from '@chatapps/dsl'
import { afterAll, describe, expect, it } from 'vitest'
import { ED25519_PUBLIC, HMAC_SECRET, problem, scriptedFetch, signatureParam } from '../helpers'
import { CONFIGURED, removeTempDirs, runCli, tempDir } from './run'

afterAll(removeTempDirs)

/** A 401 whose `Date` is `skew` seconds before the request's `created`. */
const refusedAt = (skew: number) => (request: Request) => {
  const created = Number(signatureParam(request, 'created'))
  return problem(
    401,
    'signature_invalid',
    { detail: undefined },
    { date: new Date((created - skew) * 1000).toUTCString() },
  )
}

const causes = (clock: string, headline = '') =>
  [
    'error: 401 signature_invalid',
    'The gateway refused the signature (401 signature_invalid); it does not say why, on purpose.',
    ...(headline === '' ? [] : [headline]),
    'Likely causes, most likely first:',
    '  1. the key id "test-key-ed25519" is not registered on https://edge.test/, or it was revoked.',
    '     Check: pnpm keys list (add --remote --env production for a deployed gateway) shows test-key-ed25519 active.',
    '  2. private and public key swapped, or another key registered for test-key-ed25519:',
    `     the gateway must hold the PUBLIC key of your private key, ${ED25519_PUBLIC}; register it with`,
    `     pnpm keys add test-key-ed25519 --alg ed25519 --key ${ED25519_PUBLIC} --sub-account <its sub-account>`,
    '  3. the algorithm differs: you sign with ed25519.',
    '     Check: pnpm keys list (add --remote --env production for a deployed gateway) shows the alg of test-key-ed25519; set --alg or CHATAPPS_ALG to match.',
    `  4. the clocks differ by more than 300 s: ${clock}.`,
    "  5. @authority differs from the gateway's host: you signed for edge.test.",
    '     Check: --base-url is the gateway itself, not a proxy or another name for it.',
    '',
  ].join('\n')

/** A loopback port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise((resolve) => server.close(resolve))
  if (address === null || typeof address === 'string') throw new Error('no port')
  return address.port
}

describe('a 401: the likely causes, in order, and how to check each', () => {
  it('Should list them for send, with the public key to register and the measured clock skew', async () => {
    const { fetch } = scriptedFetch(refusedAt(2))
    const sent = await runCli(['send', '--to', '+15551234567', '--text', 'x', '--retries', '0'], {
      env: CONFIGURED,
      fetch,
    })
    expect(sent.code).toBe(3)
    expect(sent.stdout).toBe('')
    expect(sent.stderr).toMatch(/\(Date: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z\)/)
    expect(sent.stderr.replace(/\(Date: [^)]+\)/, '(Date: …)')).toBe(
      causes('this machine and the gateway (Date: …) agree within 5 s: not this'),
    )
  })

  it('Should say the skew, and that it is the cause, when the clocks differ by more than 300 s', async () => {
    const { fetch } = scriptedFetch(refusedAt(400))
    const { code, stderr } = await runCli(['status', 'g-1', '--retries', '0'], {
      env: CONFIGURED,
      fetch,
    })
    expect(code).toBe(3)
    const clock =
      /this machine's clock is 400 s ahead of the gateway's \(Date: [^)]+\): THIS IS THE CAUSE; set the clock \(NTP\), then send again/
    expect(stderr).toMatch(new RegExp(`\nMost likely the clock: ${clock.source}\\.\n`))
    expect(stderr).toMatch(
      new RegExp(`\n  4\\. the clocks differ by more than 300 s: ${clock.source}\\.\n`),
    )
  })

  it('Should not print an HMAC secret, and say both sides hold the same one', async () => {
    const { fetch } = scriptedFetch(problem(401, 'signature_invalid'))
    const { code, stderr } = await runCli(['send', '--to', '+15551234567', '--text', 'x'], {
      env: {
        ...CONFIGURED,
        CHATAPPS_KEY_ID: 'test-shared-secret',
        CHATAPPS_ALG: 'hmac-sha256',
        CHATAPPS_KEY: HMAC_SECRET,
      },
      fetch,
    })
    expect(code).toBe(3)
    expect(stderr).not.toContain(HMAC_SECRET)
    expect(stderr).toContain(
      '\n     both sides must hold the same secret: the one registered with pnpm keys add test-shared-secret --alg hmac-sha256 --key … is your CHATAPPS_KEY / --key\n',
    )
    expect(stderr).toContain(
      "\n  4. the clocks differ by more than 300 s: the gateway sent no Date header to compare with: check this machine's clock (date -u).\n",
    )
  })
})

describe('a 403 on a message type: the keys add that allows it', () => {
  it('Should print the pnpm keys add --types to use', async () => {
    const { fetch } = scriptedFetch(
      problem(403, 'forbidden', { detail: 'This key may not send template messages.' }),
    )
    const { code, stderr } = await runCli(['send', '--to', '+15551234567', '--text', 'x'], {
      env: CONFIGURED,
      fetch,
    })
    expect({ code, stderr }).toStrictEqual({
      code: 3,
      stderr: [
        'error: 403 forbidden: This key may not send template messages.',
        'The key test-key-ed25519 is not allowed this message type (template). Allow it (as the operator):',
        `  pnpm keys add test-key-ed25519 --alg ed25519 --key ${ED25519_PUBLIC} --sub-account <its sub-account> --types <its types>,template`,
        '  pnpm keys list (add --remote --env production for a deployed gateway) shows its sub-account, types and routes; add replaces the key with what you give.',
        '',
      ].join('\n'),
    })
  })
})

describe('chatapps batch stops at the first refusal of the key', () => {
  const template = JSON.stringify({
    user: { msisdn: '{{phone}}' },
    type: 'text',
    content: { text: 'Hi {{name}}' },
  })
  const csv = `phone,name\n${Array.from({ length: 30 }, (_, i) => `+1555123${String(i).padStart(4, '0')},N${i}`).join('\n')}\n`

  it('Should stop after the first 403, say how to fix it and exit 3', async () => {
    const cwd = tempDir()
    writeFileSync(join(cwd, 'rows.csv'), csv)
    const { fetch, calls } = scriptedFetch(
      problem(403, 'forbidden', { detail: 'This key may not send text messages.' }),
    )
    const one = await runCli(
      ['batch', 'rows.csv', '--template', template, '--concurrency', '1', '--retries', '0'],
      { env: CONFIGURED, fetch, cwd },
    )
    expect(calls).toHaveLength(1)
    expect(one.code).toBe(3)
    expect(one.stdout).toBe(
      [
        'sent 0, failed 1, skipped 0 (already sent), of 30',
        'stopped at row 1, 29 not sent: 403 forbidden: This key may not send text messages.',
        'The key test-key-ed25519 is not allowed this message type (text). Allow it (as the operator):',
        `  pnpm keys add test-key-ed25519 --alg ed25519 --key ${ED25519_PUBLIC} --sub-account <its sub-account> --types <its types>,text`,
        '  pnpm keys list (add --remote --env production for a deployed gateway) shows its sub-account, types and routes; add replaces the key with what you give.',
        'row 1: 403 forbidden: This key may not send text messages.',
        '',
      ].join('\n'),
    )

    // With requests in flight, those already sent finish; no new row starts. The answers wait
    // until all four rows are in flight, then row 1's comes first (signing runs concurrently, so
    // the rows may reach fetch in any order).
    let arrived = 0
    let release = () => {}
    const inFlight = new Promise<void>((resolve) => {
      release = resolve
    })
    const gated = scriptedFetch(async (request) => {
      arrived++
      if (arrived === 4) release()
      await inFlight
      const body = await request.clone().text()
      if (!body.includes('+15551230000')) await new Promise((resolve) => setTimeout(resolve, 50))
      return problem(403, 'forbidden', { detail: 'This key may not send text messages.' })
    })
    const four = await runCli(['batch', 'rows.csv', '--template', template, '--json'], {
      env: CONFIGURED,
      fetch: gated.fetch,
      cwd,
    })
    expect(four.code).toBe(3)
    expect(gated.calls).toHaveLength(4)
    const summary = JSON.parse(four.stdout) as { failed: number; notSent: number; stopped: unknown }
    expect(summary.failed).toBe(4)
    expect(summary.notSent).toBe(26)
    expect(summary.stopped).toMatchObject({ row: 1, exitCode: 3 })
  })

  it('Should stop after the first 401 with its causes, and exit 3', async () => {
    const cwd = tempDir()
    writeFileSync(join(cwd, 'rows.csv'), csv)
    const { fetch, calls } = scriptedFetch(problem(401, 'signature_invalid', { detail: undefined }))
    const { code, stdout } = await runCli(
      ['batch', 'rows.csv', '--template', template, '--concurrency', '1'],
      { env: CONFIGURED, fetch, cwd },
    )
    expect(code).toBe(3)
    expect(calls).toHaveLength(1)
    expect(stdout).toMatch(
      /^sent 0, failed 1, skipped 0 \(already sent\), of 30\nstopped at row 1, 29 not sent: 401 signature_invalid\nThe gateway refused the signature \(401 signature_invalid\); it does not say why, on purpose\.\nLikely causes, most likely first:\n {2}1\. the key id "test-key-ed25519" is not registered/,
    )
  })
})

describe('nothing answers at the base URL', () => {
  it('Should name the URL for send and batch, and stop the batch (exit 4)', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/`
    const env = { ...CONFIGURED, CHATAPPS_BASE_URL: url }
    // The real global fetch, to a real closed port.
    const sent = await runCli(['send', '--to', '+15551234567', '--text', 'x', '--retries', '0'], {
      env,
    })
    expect(sent.code).toBe(4)
    expect(sent.stderr).toBe(
      `error: network network_error: fetch failed\nNothing answers at ${url} (connection refused): is the gateway running there? Locally: pnpm start. Otherwise check --base-url / CHATAPPS_BASE_URL.\n`,
    )

    const cwd = tempDir()
    writeFileSync(
      join(cwd, 'messages.jsonl'),
      Array.from({ length: 10 }, (_, i) =>
        JSON.stringify(msg.to('+15551234567').text(`m${i}`).build()),
      ).join('\n'),
    )
    const batch = await runCli(
      ['batch', 'messages.jsonl', '--concurrency', '1', '--retries', '0'],
      { env, cwd },
    )
    expect(batch.code).toBe(4)
    expect(batch.stdout).toBe(
      [
        'sent 0, failed 1, skipped 0 (already sent), of 10',
        'stopped at line 1, 9 not sent: network network_error: fetch failed',
        `Nothing answers at ${url} (connection refused): is the gateway running there? Locally: pnpm start. Otherwise check --base-url / CHATAPPS_BASE_URL.`,
        'line 1: network network_error: fetch failed',
        '',
      ].join('\n'),
    )
  })
})
