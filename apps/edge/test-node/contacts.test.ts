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
