import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { msg } from '@chatapps/dsl'
import { importPrivateKey, importPublicKey, parseIdempotencyKey } from '@chatapps/signature'
import { afterAll, describe, expect, it } from 'vitest'
import { acceptedAnswer, problem, scriptedFetch, sentAnswer, verifies } from '../helpers'
import { CONFIGURED, removeTempDirs, runCli, tempDir } from './run'

afterAll(removeTempDirs)

describe('chatapps', () => {
  it('Should print help for every command, and exit 2 for an unknown one', async () => {
    for (const command of ['keygen', 'send', 'batch', 'status']) {
      const { code, stdout } = await runCli([command, '--help'])
      expect(code, command).toBe(0)
      expect(stdout, command).toMatch(new RegExp(`^Usage: chatapps ${command}`))
    }
    expect((await runCli(['--help'])).code).toBe(0)
    expect((await runCli([])).code).toBe(2)
    const unknown = await runCli(['sned'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toMatch(/unknown command "sned"/)
    expect((await runCli(['send', '--bogus'])).code).toBe(2)
  })
})

describe('chatapps keygen', () => {
  it('Should print a key id, an SPKI public key and a PKCS#8 private key that import', async () => {
    const { code, stdout } = await runCli(['keygen', '--key-id', 'acme-1', '--json'])
    expect(code).toBe(0)
    const json = JSON.parse(stdout) as Record<string, string>
    expect(json.keyId).toBe('acme-1')
    expect(json.alg).toBe('ed25519')
    await importPublicKey(json.publicKey ?? '')
    await importPrivateKey(json.privateKey ?? '')
    const text = await runCli(['keygen'])
    expect(text.stdout).toMatch(/^key id: +key-[0-9a-f]{8}\npublic key: +MCowBQYDK2VwAyEA/)
    expect((await runCli(['keygen', '--key-id', 'bad id'])).code).toBe(2)
  })
})

describe('chatapps send', () => {
  it('Should send a text from flags, signed, and print the answer', async () => {
    const { fetch, calls } = scriptedFetch(sentAnswer())
    const { code, stdout } = await runCli(
      ['send', '--to', '+15551234567', '--text', 'Hello', '--json'],
      {
        env: CONFIGURED,
        fetch,
      },
    )
    expect(code).toBe(0)
    expect(calls).toHaveLength(1)
    const request = calls[0]?.request as Request
    expect(await verifies(request)).toBe(true)
    expect(JSON.parse(calls[0]?.body ?? '')).toStrictEqual(
      msg.to('+15551234567').text('Hello').build(),
    )
    // The answer's members, as `status --json` names them, then the call's own: `requests`
    // counts HTTP requests, never to be taken for the record's `deliveryAttempts`.
    expect(stdout).toBe(
      `${JSON.stringify({
        kind: 'sent',
        id: 'msg-1',
        clientMessageId: 'cmid-msg-1',
        umid: 'umid-msg-1',
        status: { state: 'queued', timestamp: '2026-11-24T20:00:00.000Z' },
        idempotencyKey: parseIdempotencyKey(request.headers.get('idempotency-key') ?? ''),
        requests: 1,
        replayed: false,
      })}\n`,
    )
  })

  it.each([
    [
      ['--image', 'https://example.com/a.jpg', '--caption', 'A'],
      msg.to('+15551234567').image('https://example.com/a.jpg', { caption: 'A' }),
    ],
    [
      ['--video', 'https://example.com/a.mp4'],
      msg.to('+15551234567').video('https://example.com/a.mp4'),
    ],
    [
      ['--document', 'https://example.com/a.pdf', '--caption', 'D'],
      msg.to('+15551234567').file('https://example.com/a.pdf', { caption: 'D' }),
    ],
  ])('Should build media from flags %j', async (flags, builder) => {
    const { fetch, calls } = scriptedFetch(sentAnswer())
    const { code } = await runCli(['send', '--to', '+15551234567', ...flags], {
      env: CONFIGURED,
      fetch,
    })
    expect(code).toBe(0)
    expect(JSON.parse(calls[0]?.body ?? '')).toStrictEqual(builder.build())
  })

  it('Should send a message from a JSON file and from stdin, with --async and an idempotency key', async () => {
    const message = {
      user: { msisdn: '+15551234567' },
      type: 'text',
      content: { text: 'From JSON' },
    }
    const cwd = tempDir()
    writeFileSync(join(cwd, 'message.json'), JSON.stringify(message))
    const { fetch, calls } = scriptedFetch(acceptedAnswer('a-1'))
    const fromFile = await runCli(
      ['send', '--file', 'message.json', '--async', '--idempotency-key', 'k-1'],
      {
        env: CONFIGURED,
        fetch,
        cwd,
      },
    )
    expect(fromFile.code).toBe(0)
    expect(JSON.parse(fromFile.stdout)).toStrictEqual({
      kind: 'accepted',
      id: 'a-1',
      clientMessageId: 'cmid-a-1',
      umid: null,
      status: { state: 'accepted', timestamp: '2026-11-24T20:00:00.000Z' },
      location: '/v1/messages/a-1',
      idempotencyKey: 'k-1',
      requests: 1,
      replayed: false,
    })
    expect(calls[0]?.request.headers.get('prefer')).toBe('respond-async')
    expect(calls[0]?.request.headers.get('idempotency-key')).toBe('"k-1"')
    const fromStdin = await runCli(['send', '-'], {
      env: CONFIGURED,
      fetch,
      stdin: JSON.stringify(message),
    })
    expect(fromStdin.code).toBe(0)
    expect(JSON.parse(calls[1]?.body ?? '')).toStrictEqual(message)
  })

  it('Should list every issue of an invalid message, send nothing and exit 1', async () => {
    const { fetch, calls } = scriptedFetch(sentAnswer())
    const { code, stderr } = await runCli(['send', '-'], {
      env: CONFIGURED,
      fetch,
      stdin: JSON.stringify({ user: { msisdn: 'x' }, type: 'text', content: { text: '' } }),
    })
    expect(code).toBe(1)
    expect(calls).toHaveLength(0)
    expect(stderr).toMatch(/invalid_message/)
    expect(stderr).toMatch(/- content\.text: /)
    expect(stderr).toMatch(/- user\.msisdn: /)
  })

  it.each([
    [problem(401, 'signature_invalid'), 3],
    [problem(403, 'forbidden'), 3],
    [problem(422, 'upstream_rejected', { upstream: { code: 1002, message: 'Invalid MSISDN' } }), 1],
    [problem(503, 'upstream_unavailable', {}, { 'retry-after': '1' }), 4],
    [new TypeError('fetch failed'), 4],
  ])('Should map a failure to its exit code (%#)', async (answer, expected) => {
    const { fetch } = scriptedFetch(answer)
    const { code, stderr } = await runCli(
      ['send', '--to', '+15551234567', '--text', 'x', '--retries', '0'],
      {
        env: CONFIGURED,
        fetch,
      },
    )
    expect(code).toBe(expected)
    expect(stderr).toMatch(/^error: /)
  })

  it('Should print an unknown outcome with the id to follow, and exit 1 (never "retry later")', async () => {
    const id = '5b0e2d3c-7a41-4f0e-9d2b-6c8a1e3f4b5a'
    const { fetch, calls } = scriptedFetch(
      problem(504, 'upstream_outcome_unknown', { id, clientMessageId: id }),
      sentAnswer(),
    )
    const { code, stderr } = await runCli(['send', '--to', '+15551234567', '--text', 'x'], {
      env: CONFIGURED,
      fetch,
    })
    expect(calls).toHaveLength(1)
    expect(code).toBe(1)
    expect(stderr).toBe(
      `error: 504 upstream_outcome_unknown: upstream_outcome_unknown!\n  8x8 may have the message: do not send it again. Follow it with: chatapps status ${id}\n`,
    )
  })

  it('Should refuse a usage mistake with exit 2 and a configuration gap with exit 3', async () => {
    expect((await runCli(['send', '--text', 'x'], { env: CONFIGURED })).code).toBe(2)
    expect(
      (
        await runCli(['send', '--to', '+1555', '--text', 'x', '--image', 'https://x'], {
          env: CONFIGURED,
        })
      ).code,
    ).toBe(2)
    expect((await runCli(['send', '--to', '+15551234567', '--text', 'x'])).code).toBe(3)
  })
})

describe('chatapps status', () => {
  const T = (second: number) => `2026-11-24T09:30:0${second}.000Z`
  const delivered = {
    id: '5b0e2d3c-7a41-4f0e-9d2b-6c8a1e3f4b5a',
    clientMessageId: 'order-42-shipped',
    umid: '82188ee0-109f-e811-8150-020897df5459',
    status: { state: 'read', timestamp: T(4) },
    deliveryAttempts: 1,
    batchId: null,
    createdAt: T(0),
    updatedAt: T(5),
    history: [
      { state: 'queued', timestamp: T(1), receivedAt: T(1) },
      { state: 'sent', timestamp: T(2), receivedAt: T(2) },
      { state: 'delivered', detail: 'delivered_to_recipient', timestamp: T(3), receivedAt: T(3) },
      { state: 'read', timestamp: T(4), receivedAt: T(5) },
    ],
  }

  it('Should print a readable summary: state and when, ids, attempts and the receipts', async () => {
    const { fetch, calls } = scriptedFetch(Response.json(delivered))
    const { code, stdout } = await runCli(['status', delivered.id], { env: CONFIGURED, fetch })
    expect(code).toBe(0)
    expect(calls[0]?.request.url).toBe(`https://edge.test/v1/messages/${delivered.id}`)
    expect(stdout).toBe(
      [
        'status            read at 2026-11-24T09:30:04.000Z',
        'id                5b0e2d3c-7a41-4f0e-9d2b-6c8a1e3f4b5a',
        'clientMessageId   order-42-shipped',
        'umid              82188ee0-109f-e811-8150-020897df5459',
        'deliveryAttempts  1',
        'createdAt         2026-11-24T09:30:00.000Z',
        'updatedAt         2026-11-24T09:30:05.000Z',
        'history           4 receipts',
        '  queued     2026-11-24T09:30:01.000Z',
        '  sent       2026-11-24T09:30:02.000Z',
        '  delivered  2026-11-24T09:30:03.000Z  delivered_to_recipient',
        '  read       2026-11-24T09:30:04.000Z',
        '',
      ].join('\n'),
    )
  })

  it("Should say what to do about 8x8's error, from the one table of 8x8's codes", async () => {
    const windowClosed = {
      ...delivered,
      status: {
        state: 'undelivered',
        timestamp: T(3),
        errorCode: 1022,
        errorMessage: 'Message window expired',
      },
      history: [],
    }
    const one = await runCli(['status', delivered.id], {
      env: CONFIGURED,
      fetch: scriptedFetch(Response.json(windowClosed)).fetch,
    })
    expect(one.stdout.split('\n').slice(0, 3)).toStrictEqual([
      'status            undelivered at 2026-11-24T09:30:03.000Z',
      'reason            8x8 error 1022: Message window expired',
      'what to do        fix_message: The user has not written in the last 24 hours: only a template message may be sent.',
    ])
    const rejected = await runCli(
      ['send', '--to', '+15551234567', '--text', 'x', '--retries', '0'],
      {
        env: CONFIGURED,
        fetch: scriptedFetch(
          problem(422, 'upstream_rejected', {
            upstream: { code: 3038, message: 'Template not found' },
          }),
        ).fetch,
      },
    )
    expect(rejected.stderr.split('\n').slice(0, 2)).toStrictEqual([
      'error: 422 upstream_rejected: upstream_rejected!',
      '  8x8: 3038 Template not found (refresh_template: No approved template has this name and language on the channel.)',
    ])
  })

  it("Should say why a message failed: 8x8's error, or the gateway's reason", async () => {
    const undelivered = {
      ...delivered,
      status: {
        state: 'undelivered',
        timestamp: T(3),
        detail: 'undelivered_to_recipient',
        errorCode: 7001,
        errorMessage: 'Not a WhatsApp number',
      },
      history: [
        { state: 'sent', timestamp: T(2), receivedAt: T(2) },
        {
          state: 'undelivered',
          detail: 'undelivered_to_recipient',
          errorCode: 7001,
          errorMessage: 'Not a WhatsApp number',
          timestamp: T(3),
          receivedAt: T(3),
        },
      ],
    }
    const one = await runCli(['status', delivered.id], {
      env: CONFIGURED,
      fetch: scriptedFetch(Response.json(undelivered)).fetch,
    })
    expect(one.stdout.split('\n').slice(0, 2)).toStrictEqual([
      'status            undelivered at 2026-11-24T09:30:03.000Z (undelivered_to_recipient)',
      'reason            8x8 error 7001: Not a WhatsApp number',
    ])
    expect(one.stdout.split('\n').slice(-3)).toStrictEqual([
      '  sent         2026-11-24T09:30:02.000Z',
      '  undelivered  2026-11-24T09:30:03.000Z  undelivered_to_recipient; 8x8 error 7001: Not a WhatsApp number',
      '',
    ])

    const deadLettered = {
      id: 'g-2',
      clientMessageId: 'g-2',
      umid: null,
      status: {
        state: 'failed',
        timestamp: T(9),
        reason: 'delivery attempts exhausted (last: 8x8: HTTP 503 (code 1503): Unavailable)',
      },
      deliveryAttempts: 8,
      batchId: 'b-1',
      createdAt: T(0),
      updatedAt: T(9),
      history: [],
    }
    const two = await runCli(['status', 'g-2'], {
      env: CONFIGURED,
      fetch: scriptedFetch(Response.json(deadLettered)).fetch,
    })
    expect(two.code).toBe(0)
    expect(two.stdout).toBe(
      [
        'status            failed at 2026-11-24T09:30:09.000Z',
        'reason            delivery attempts exhausted (last: 8x8: HTTP 503 (code 1503): Unavailable)',
        'id                g-2',
        'clientMessageId   g-2',
        'umid              none yet (8x8 has not taken it)',
        'batchId           b-1',
        'deliveryAttempts  8',
        'createdAt         2026-11-24T09:30:00.000Z',
        'updatedAt         2026-11-24T09:30:09.000Z',
        'history           no receipts yet',
        '',
      ].join('\n'),
    )
  })

  it('Should say that an earlier cancel has no known outcome, under the state it may hide', async () => {
    const queued = {
      id: 'g-3',
      clientMessageId: 'g-3',
      umid: 'u-3',
      status: { state: 'queued', timestamp: T(0) },
      cancel: { outcome: 'unknown', timestamp: T(5), reason: '8x8 may have cancelled the message' },
      deliveryAttempts: 1,
      batchId: null,
      createdAt: T(0),
      updatedAt: T(5),
      history: [],
    }
    const one = await runCli(['status', 'g-3'], {
      env: CONFIGURED,
      fetch: scriptedFetch(Response.json(queued)).fetch,
    })
    expect(one.code).toBe(0)
    expect(one.stdout.split('\n').slice(0, 3)).toStrictEqual([
      'status            queued at 2026-11-24T09:30:00.000Z',
      'cancel            outcome unknown since 2026-11-24T09:30:05.000Z: 8x8 may have cancelled the message',
      'id                g-3',
    ])
  })

  it('Should print the record with --json exactly as the gateway answered it, on one line', async () => {
    const { fetch } = scriptedFetch(Response.json(delivered))
    const { code, stdout } = await runCli(['status', delivered.id, '--json'], {
      env: CONFIGURED,
      fetch,
    })
    expect(code).toBe(0)
    expect(stdout).toBe(`${JSON.stringify(delivered)}\n`)
  })

  it('Should exit 1 for an unknown id and 2 without one', async () => {
    const missing = await runCli(['status', 'nope', '--retries', '0'], {
      env: CONFIGURED,
      fetch: scriptedFetch(problem(404, 'not_found')).fetch,
    })
    expect(missing.code).toBe(1)
    expect((await runCli(['status'], { env: CONFIGURED })).code).toBe(2)
  })
})

describe('chatapps batch', () => {
  const template = JSON.stringify({
    user: { msisdn: '{{phone}}' },
    type: 'text',
    content: { text: 'Hi {{name}}' },
  })
  const csv = (rows: number) =>
    `phone,name\n${Array.from({ length: rows }, (_, i) => `+1555123${String(i).padStart(4, '0')},"Name ${i}"`).join('\n')}\n`

  it('Should send every CSV row through the template, at most --concurrency at a time', async () => {
    const cwd = tempDir()
    writeFileSync(join(cwd, 'rows.csv'), csv(25))
    let inFlight = 0
    let most = 0
    let n = 0
    const { fetch, calls } = scriptedFetch(async () => {
      inFlight++
      most = Math.max(most, inFlight)
      await new Promise((resolve) => setTimeout(resolve, 2))
      inFlight--
      return sentAnswer(`m-${n++}`)
    })
    const { code, stdout, stderr } = await runCli(
      ['batch', 'rows.csv', '--template', template, '--concurrency', '3'],
      {
        env: CONFIGURED,
        fetch,
        cwd,
      },
    )
    expect(code).toBe(0)
    expect(calls).toHaveLength(25)
    expect(most).toBe(3)
    const texts = calls
      .map((c) => (JSON.parse(c.body) as { content: { text: string } }).content.text)
      .sort()
    expect(texts).toStrictEqual(Array.from({ length: 25 }, (_, i) => `Hi Name ${i}`).sort())
    expect(new Set(calls.map((c) => c.request.headers.get('idempotency-key'))).size).toBe(25)
    expect(stdout).toBe('sent 25, failed 0, skipped 0 (already sent), of 25\n')
    // Not a terminal: plain lines, at most one per tenth.
    const lines = stderr.trim().split('\n')
    expect(lines.length).toBeLessThanOrEqual(11)
    expect(lines.at(-1)).toBe('progress 25/25 sent 25 failed 0 skipped 0')
  })

  it('Should draw a bar on a terminal', async () => {
    const cwd = tempDir()
    writeFileSync(join(cwd, 'rows.csv'), csv(3))
    const { fetch } = scriptedFetch(sentAnswer())
    const { stderr } = await runCli(['batch', 'rows.csv', '--template', template], {
      env: CONFIGURED,
      fetch,
      cwd,
      tty: true,
    })
    expect(stderr).toMatch(/\r\[#+\] 3\/3 sent 3 failed 0 skipped 0\n$/)
  })

  it('Should report failed JSONL lines with reasons, exit 1, and resume from --state', async () => {
    const cwd = tempDir()
    const good = (text: string) => JSON.stringify(msg.to('+15551234567').text(text).build())
    writeFileSync(
      join(cwd, 'messages.jsonl'),
      [
        good('one'),
        '',
        'not json',
        JSON.stringify({ type: 'text' }),
        good('four'),
        good('five'),
      ].join('\n'),
    )
    let rejectFive = true
    const { fetch, calls } = scriptedFetch(async (request) => {
      const body = await request.text()
      if (rejectFive && body.includes('five'))
        return problem(503, 'upstream_unavailable', {}, { 'retry-after': '0' })
      return sentAnswer()
    })
    const first = await runCli(
      ['batch', 'messages.jsonl', '--state', 'state.json', '--retries', '0', '--json'],
      {
        env: CONFIGURED,
        fetch,
        cwd,
      },
    )
    expect(first.code).toBe(1)
    const summary = JSON.parse(first.stdout) as {
      sent: number
      failed: number
      failures: { row: number; httpStatus: number; code: string; reason: string }[]
    }
    expect(summary.sent).toBe(2)
    expect(summary.failed).toBe(3)
    expect(summary.failures.map((f) => [f.row, f.httpStatus, f.code])).toStrictEqual([
      [3, 0, 'unreadable'],
      [4, 422, 'invalid_message'],
      [6, 503, 'upstream_unavailable'],
    ])
    expect(summary.failures[1]?.reason).toMatch(/- user: /)
    const state = JSON.parse(readFileSync(join(cwd, 'state.json'), 'utf8')) as {
      accepted: Record<string, unknown>
    }
    expect(Object.keys(state.accepted).sort()).toStrictEqual(['1', '5'])
    const firstKeys = new Map(calls.map((c) => [c.body, c.request.headers.get('idempotency-key')]))

    rejectFive = false
    calls.length = 0
    const second = await runCli(['batch', 'messages.jsonl', '--state', 'state.json'], {
      env: CONFIGURED,
      fetch,
      cwd,
    })
    expect(second.stdout).toMatch(/^sent 1, failed 2, skipped 2 \(already sent\), of 5\n/)
    expect(second.stdout).toMatch(/line 3: /)
    expect(calls).toHaveLength(1)
    // The retried row keeps its idempotency key: a send that reached the gateway is not repeated.
    expect(calls[0]?.request.headers.get('idempotency-key')).toBe(
      firstKeys.get(calls[0]?.body ?? ''),
    )
  })

  it('Should refuse a CSV without a template, or a template with unknown columns', async () => {
    const cwd = tempDir()
    writeFileSync(join(cwd, 'rows.csv'), csv(2))
    expect((await runCli(['batch', 'rows.csv'], { env: CONFIGURED, cwd })).code).toBe(2)
    const unknown = await runCli(['batch', 'rows.csv', '--template', '{"x":"{{email}}"}'], {
      env: CONFIGURED,
      cwd,
    })
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toMatch(/lacks: email/)
    expect(
      (
        await runCli(['batch', 'rows.csv', '--template', template, '--concurrency', '0'], {
          env: CONFIGURED,
          cwd,
        })
      ).code,
    ).toBe(2)
  })

  it('Should validate every row with --dry-run, without a key or a request', async () => {
    const cwd = tempDir()
    writeFileSync(join(cwd, 'rows.csv'), 'phone,name\n+15551234567,Ann\nnope,Bob\n')
    const { code, stdout } = await runCli(
      ['batch', 'rows.csv', '--template', template, '--dry-run'],
      { cwd },
    )
    expect(code).toBe(1)
    expect(stdout).toMatch(
      /^valid 1, invalid 1, of 2 \(dry run: nothing sent\)\nrow 2: invalid_message\n {2}- user\.msisdn: /,
    )
  })

  it('Should exit 4 when nothing could reach the gateway', async () => {
    const cwd = tempDir()
    writeFileSync(join(cwd, 'rows.csv'), csv(2))
    const { fetch } = scriptedFetch(new TypeError('fetch failed'))
    const { code } = await runCli(['batch', 'rows.csv', '--template', template, '--retries', '0'], {
      env: CONFIGURED,
      fetch,
      cwd,
    })
    expect(code).toBe(4)
  })
})
