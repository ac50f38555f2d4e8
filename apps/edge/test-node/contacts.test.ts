import { execFile } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'

const SCRIPT = fileURLToPath(new URL('../scripts/contacts.mjs', import.meta.url))

interface Seen {
  method: string
  url: string
  authorization: string | undefined
  body: string
}

/** A stand-in gateway on a loopback port: answers `answer(seen)` and records each request. */
async function gateway(answer: (seen: Seen) => { status: number; body: string }) {
  const seen: Seen[] = []
  const server = createServer((request, response) => {
    let body = ''
    request.on('data', (chunk) => {
      body += chunk
    })
    request.on('end', () => {
      const entry = {
        method: request.method ?? '',
        url: request.url ?? '',
        authorization: request.headers.authorization,
        body,
      }
      seen.push(entry)
      const { status, body: out } = answer(entry)
      response.writeHead(status, { 'content-type': 'application/json' })
      response.end(out)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}`, seen, close: () => server.close() }
}

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [SCRIPT, ...args],
      { env: { ...process.env, CHATAPPS_ADMIN_TOKEN: 'operator-token-0123456789' } },
      (error, stdout, stderr) => {
        resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr })
      },
    )
  })
}

const AUTH = 'Bearer operator-token-0123456789'

describe('pnpm contacts', () => {
  test('suppress and unsuppress call the admin routes', async () => {
    const fake = await gateway((seen) => ({
      status: 200,
      body: JSON.stringify({
        recipient: '+15551234567',
        consent: {
          state: seen.method === 'PUT' ? 'opted_out' : 'subscribed',
          reason: 'complaint',
        },
      }),
    }))
    try {
      const on = await run([
        'suppress',
        'acme',
        '+15551234567',
        '--reason',
        'complaint',
        '--gateway',
        fake.url,
      ])
      expect(on).toEqual({ code: 0, stdout: '+15551234567: opted_out (complaint)\n', stderr: '' })
      const off = await run(['unsuppress', 'acme', '+15551234567', '--gateway', fake.url])
      expect(off.stdout).toBe('+15551234567: subscribed (complaint)\n')
      expect(
        fake.seen.map(({ method, url, authorization }) => [method, url, authorization]),
      ).toEqual([
        ['PUT', '/admin/suppressions/acme/%2B15551234567?reason=complaint', AUTH],
        ['DELETE', '/admin/suppressions/acme/%2B15551234567', AUTH],
      ])
    } finally {
      fake.close()
    }
  })

  test('with facts in the answer, each is printed; --fact lifts that one fact', async () => {
    const block = { state: 'blocked', by: '8x8', reason: '2007', at: '2026-12-06T08:00:00.000Z' }
    const fake = await gateway((seen) => ({
      status: 200,
      body: JSON.stringify({
        subAccount: 'acme',
        recipient: '+15551234567',
        consent:
          seen.method === 'PUT'
            ? {
                state: 'opted_out',
                by: 'operator',
                reason: 'complaint',
                at: '2026-12-06T09:00:00.000Z',
                facts: [
                  {
                    state: 'opted_out',
                    by: 'operator',
                    reason: 'complaint',
                    at: '2026-12-06T09:00:00.000Z',
                  },
                  block,
                ],
              }
            : seen.url.includes('fact=opted_out')
              ? { ...block, facts: [block] }
              : {
                  state: 'subscribed',
                  by: 'operator',
                  reason: 'operator',
                  at: '2026-12-06T09:00:00.000Z',
                  facts: [],
                },
      }),
    }))
    try {
      const at = ['--gateway', fake.url]
      expect(
        await run(['suppress', 'acme', '+15551234567', '--reason', 'complaint', ...at]),
      ).toEqual({
        code: 0,
        stdout:
          '+15551234567: opted_out (complaint)\n  facts: opted_out (operator: complaint), blocked (8x8: 2007)\n',
        stderr: '',
      })
      const stop = ['unsuppress', 'acme', '+15551234567', '--fact', 'opted_out', '--reason', 'a b']
      expect(await run([...stop, ...at])).toEqual({
        code: 0,
        stdout: '+15551234567: blocked (2007)\n  facts: blocked (8x8: 2007)\n',
        stderr: '',
      })
      expect(await run(['unsuppress', 'acme', '+15551234567', ...at])).toEqual({
        code: 0,
        stdout: '+15551234567: subscribed (operator)\n  facts: none\n',
        stderr: '',
      })
      expect(fake.seen.map(({ method, url }) => [method, url])).toEqual([
        ['PUT', '/admin/suppressions/acme/%2B15551234567?reason=complaint'],
        ['DELETE', '/admin/suppressions/acme/%2B15551234567?reason=a%20b&fact=opted_out'],
        ['DELETE', '/admin/suppressions/acme/%2B15551234567'],
      ])
      // A suppression sets the stop only: naming a fact there is a usage error, nothing sent.
      const wrong = await run(['suppress', 'acme', '+1555', '--fact', 'blocked', ...at])
      expect(wrong.code).toBe(2)
      expect(wrong.stderr.split('\n')[0]).toBe('contacts: --fact is for unsuppress')
      expect(fake.seen).toHaveLength(3)
    } finally {
      fake.close()
    }
  })

  test('an unknown --fact: the gateway refuses it, exit 3 with its words', async () => {
    const fake = await gateway(() => ({
      status: 422,
      body: JSON.stringify({
        code: 'invalid_message',
        detail:
          'Name one fact: `opted_out`, `blocked`, `marketing_opted_out`; or leave `fact` out.',
      }),
    }))
    try {
      const args = ['unsuppress', 'acme', '+15551234567', '--fact', 'marketing']
      expect(await run([...args, '--gateway', fake.url])).toEqual({
        code: 3,
        stdout: '',
        stderr: `contacts: ${fake.url} answered 422 invalid_message Name one fact: \`opted_out\`, \`blocked\`, \`marketing_opted_out\`; or leave \`fact\` out.\n`,
      })
      expect(fake.seen.map(({ url }) => url)).toEqual([
        '/admin/suppressions/acme/%2B15551234567?fact=marketing',
      ])
    } finally {
      fake.close()
    }
  })

  test('list follows pages; import sends the CSV; export prints it', async () => {
    const fake = await gateway((seen) => {
      if (seen.url.includes('/import')) return { status: 200, body: '{"imported":2}' }
      if (seen.url.includes('/export'))
        return { status: 200, body: 'recipient,state\n+1,opted_out\n' }
      const first = seen.url.endsWith('after=')
      return {
        status: 200,
        body: JSON.stringify({
          suppressions: [{ recipient: first ? '+1' : '+2' }],
          next: first ? '+1' : null,
        }),
      }
    })
    try {
      const listed = await run(['list', 'acme', '--gateway', fake.url])
      expect(listed.stdout).toBe('{"recipient":"+1"}\n{"recipient":"+2"}\n')
      const dir = mkdtempSync(join(tmpdir(), 'contacts-'))
      const file = join(dir, 'in.csv')
      // A quoted reason with a comma and a line break stays one row; the header goes along.
      writeFileSync(
        file,
        '\ufeffrecipient,reason\r\n+15550000001,bounced\r\n+15550000002\r\n"+15550000003","moved, then\nasked"\r\n',
      )
      const imported = await run(['import', 'acme', file, '--gateway', fake.url])
      expect(imported.stdout).toBe('imported 2 suppressions for acme\n')
      const exported = await run(['export', 'acme', '--gateway', fake.url])
      expect(exported.stdout).toBe('recipient,state\n+1,opted_out\n')
      expect(fake.seen.map(({ method, url, body }) => [method, url, body])).toEqual([
        ['GET', '/admin/suppressions/acme?limit=1000&after=', ''],
        ['GET', '/admin/suppressions/acme?limit=1000&after=%2B1', ''],
        [
          'POST',
          '/admin/suppressions/acme/import',
          'recipient,reason\n+15550000001,bounced\n+15550000002\n+15550000003,"moved, then\nasked"',
        ],
        ['GET', '/admin/suppressions/acme/export', ''],
      ])
    } finally {
      fake.close()
    }
  })

  test('an import of 1,001 rows is two calls, each with the header; a failure names the rows done', async () => {
    let calls = 0
    const fake = await gateway(() =>
      ++calls === 1
        ? { status: 200, body: '{"imported":1000}' }
        : {
            status: 503,
            body: '{"code":"unavailable","detail":"Imported 0 of 1 rows before the contact store failed; nothing after them. Importing the same file again is safe.","imported":0}',
          },
    )
    try {
      const dir = mkdtempSync(join(tmpdir(), 'contacts-'))
      const file = join(dir, 'in.csv')
      const rows = Array.from({ length: 1001 }, (_, i) => `+1555${String(i).padStart(7, '0')},r`)
      writeFileSync(file, `recipient,reason\n${rows.join('\n')}\n`)
      const failed = await run(['import', 'acme', file, '--gateway', fake.url])
      expect(failed).toEqual({
        code: 3,
        stdout: '',
        stderr: `contacts: ${fake.url} answered 503 unavailable Imported 0 of 1 rows before the contact store failed; nothing after them. Importing the same file again is safe. (rows 1 to 1000 of the file were imported before)\n`,
      })
      expect(fake.seen.map(({ body }) => body.split('\n'))).toEqual([
        ['recipient,reason', ...rows.slice(0, 1000)],
        ['recipient,reason', rows[1000]],
      ])
    } finally {
      fake.close()
    }
  })

  test('a refusal exits 3; a usage error exits 2', async () => {
    const fake = await gateway(() => ({
      status: 401,
      body: '{"code":"admin_unauthorized","detail":"Admin unauthorized"}',
    }))
    try {
      expect(await run(['list', 'acme', '--gateway', fake.url])).toEqual({
        code: 3,
        stdout: '',
        stderr: `contacts: ${fake.url} answered 401 admin_unauthorized Admin unauthorized\n`,
      })
    } finally {
      fake.close()
    }
    const usage = await run(['suppress', 'acme'])
    expect(usage.code).toBe(2)
    expect(usage.stderr.split('\n')[0]).toBe('contacts: missing <recipient>')
  })
})
