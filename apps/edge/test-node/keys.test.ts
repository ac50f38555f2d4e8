/**
 * The key-management command, run as an operator runs it, against a fresh local D1 database
 * (wrangler d1 execute --local --persist-to a temporary folder).
 */
import { execFile, execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'

const script = fileURLToPath(new URL('../scripts/keys.mjs', import.meta.url))
const state = mkdtempSync(join(tmpdir(), 'chatapps-keys-'))
afterAll(() => rmSync(state, { recursive: true, force: true }))

const keys = (...args: string[]) =>
  execFileSync('node', [script, ...args, '--persist-to', state], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  })

/** The command run without blocking this process (a test gateway answers it from here). */
const keysAsync = (args: string[], env: Record<string, string>) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      'node',
      [script, ...args, '--persist-to', state],
      { encoding: 'utf8', env: { ...process.env, ...env } },
      (error, stdout, stderr) =>
        resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr }),
    )
  })

/** A stand-in gateway on loopback that records what it is told and answers `status`. */
async function gateway(status: number, body: string) {
  const told: {
    method: string | undefined
    url: string | undefined
    authorization: string | undefined
  }[] = []
  const server = createServer((request, response) => {
    told.push({
      method: request.method,
      url: request.url,
      authorization: request.headers.authorization,
    })
    response.writeHead(status, { 'content-type': 'application/json' }).end(body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return { told, url, close: () => new Promise((resolve) => server.close(resolve)) }
}

interface Row {
  key_id: string
  alg: string
  sub_account: string
  status: string
  callback_url?: string | null
}
const list = (): Row[] =>
  (JSON.parse(keys('list', '--json', 'true').trim().split('\n').at(-1) ?? '[]') as Row[]).map(
    ({ key_id, alg, sub_account, status }) => ({ key_id, alg, sub_account, status }),
  )

// Each test's bound (600 s) only catches a hang: a wrangler call takes seconds, and much longer
// on a loaded two-core machine (a test with 20 calls took 326 s there).

const SPKI = 'MCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs='
/** The private half of SPKI (signing.md's development key): what must never be registered. */
const PKCS8 = 'MC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF'
const REPOSITORY = fileURLToPath(new URL('../../..', import.meta.url))
const ADD_USAGE =
  'pnpm keys add <keyId> --alg ed25519|hmac-sha256 --key BASE64 --sub-account ID [options]'

describe('pnpm --filter @chatapps/edge keys', () => {
  // Each test can run alone (-t): the table exists whichever runs first; migrating again is a no-op.
  beforeAll(() => {
    keys('migrate')
  }, 600_000)

  test('migrate, add, list, rotate (two active keys), revoke', () => {
    keys('migrate')
    keys('add', 'acme-1', '--alg', 'ed25519', '--key', SPKI, '--sub-account', 'acme-sub')
    expect(list()).toStrictEqual([
      { key_id: 'acme-1', alg: 'ed25519', sub_account: 'acme-sub', status: 'active' },
    ])

    keys('rotate', 'acme-1', 'acme-2', '--key', SPKI)
    expect(list()).toStrictEqual([
      { key_id: 'acme-1', alg: 'ed25519', sub_account: 'acme-sub', status: 'active' },
      { key_id: 'acme-2', alg: 'ed25519', sub_account: 'acme-sub', status: 'active' },
    ])

    keys('revoke', 'acme-1')
    expect(list().map((row) => [row.key_id, row.status])).toStrictEqual([
      ['acme-1', 'revoked'],
      ['acme-2', 'active'],
    ])
    // Revocation is final: the id cannot be registered again.
    expect(() =>
      keys('add', 'acme-1', '--alg', 'ed25519', '--key', SPKI, '--sub-account', 'acme-sub'),
    ).toThrow(/acme-1 was revoked, and revocation is final: register the key under a new id/)
    expect(list().find((row) => row.key_id === 'acme-1')?.status).toBe('revoked')
    // seed-dev, which `pnpm dev` runs, goes on past a development key revoked here.
    keys('seed-dev')
    keys('revoke', 'test-key-ed25519')
    expect(keys('seed-dev')).toContain(
      'test-key-ed25519 was revoked, and revocation is final (locally, remove apps/edge/.wrangler/state to start afresh)',
    )
  }, 600_000)

  test('add --service-window and pacing per recipient; rotate keeps them', () => {
    keys(
      'add',
      'window-1',
      '--alg',
      'ed25519',
      '--key',
      SPKI,
      '--sub-account',
      'acme-sub',
      '--service-window',
      'enforce',
      '--contact-rate',
      '0.5',
      '--contact-burst',
      '4',
    )
    keys('rotate', 'window-1', 'window-2', '--key', SPKI)
    const rows = JSON.parse(
      keys('list', '--json', 'true').trim().split('\n').at(-1) ?? '[]',
    ) as Record<string, unknown>[]
    for (const id of ['window-1', 'window-2']) {
      const row = rows.find((r) => r.key_id === id)
      expect([row?.service_window, row?.contact_rate_per_second, row?.contact_burst]).toStrictEqual(
        ['enforce', 0.5, 4],
      )
    }
    expect(() =>
      keys(
        'add',
        'window-3',
        '--alg',
        'ed25519',
        '--key',
        SPKI,
        '--sub-account',
        'a',
        '--service-window',
        'strict',
      ),
    ).toThrow(/--service-window is off, observe or enforce/)
  }, 600_000)

  test('revoke tells the gateway named by --gateway, with CHATAPPS_ADMIN_TOKEN', async () => {
    keys('add', 'told-1', '--alg', 'ed25519', '--key', SPKI, '--sub-account', 'acme-sub')
    const ok = await gateway(200, '{"keyId":"told-1","status":"revoked"}')
    try {
      const run = await keysAsync(['revoke', 'told-1', '--gateway', ok.url], {
        CHATAPPS_ADMIN_TOKEN: 'operator-token-0123456789',
      })
      expect(run.code).toBe(0)
      expect(ok.told).toStrictEqual([
        {
          method: 'POST',
          url: '/admin/keys/told-1/revoke',
          authorization: 'Bearer operator-token-0123456789',
        },
      ])
      expect(run.stdout).toBe(
        `revoked told-1 in D1\nthe gateway at ${ok.url} refuses told-1 from the next request on\n`,
      )
    } finally {
      await ok.close()
    }
    expect(list().find((row) => row.key_id === 'told-1')?.status).toBe('revoked')

    const refusing = await gateway(401, '{"code":"admin_unauthorized"}')
    try {
      const run = await keysAsync(['revoke', 'told-1', '--gateway', refusing.url], {
        CHATAPPS_ADMIN_TOKEN: 'wrong-token-0123456789',
      })
      expect(run.code).toBe(3)
      expect(run.stderr).toBe(
        `keys: ${refusing.url} answered 401 admin_unauthorized; isolates that remember the key refuse it within KEY_CACHE_MS (60 s by default)\n`,
      )
    } finally {
      await refusing.close()
    }
  }, 600_000)

  test('refuses a key that is not base64, and the development keys in production', () => {
    expect(() =>
      keys('add', 'bad', '--alg', 'ed25519', '--key', 'not base64!', '--sub-account', 'x'),
    ).toThrow()
    expect(() => keys('seed-dev', '--env', 'production')).toThrow(/never registered in production/)
  }, 600_000)

  test('list shows no key material', () => {
    expect(keys('list', '--json', 'true')).not.toContain(SPKI)
  }, 600_000)

  test('callbacks: add --callback-url prints a whsec_ secret once; set-callback replaces or removes it', () => {
    const WHSEC =
      /^callback secret for (\S+) \(shown once, give it to the client\): (whsec_[A-Za-z0-9+/]{43}=)$/m
    const added = keys(
      'add',
      'hooked-1',
      '--alg',
      'ed25519',
      '--key',
      SPKI,
      '--sub-account',
      'hooked-sub',
      '--callback-url',
      'https://client.example/hooks',
    )
    const first = WHSEC.exec(added)
    expect(first?.[1]).toBe('hooked-1')
    const callbacks = () =>
      (JSON.parse(keys('list', '--json', 'true').trim().split('\n').at(-1) ?? '[]') as Row[])
        .filter((row) => row.key_id === 'hooked-1')
        .map((row) => row.callback_url)
    expect(callbacks()).toStrictEqual(['https://client.example/hooks'])
    // list shows the URL, never the secret.
    expect(keys('list', '--json', 'true')).not.toContain(first?.[2])

    // Plain http only to a loopback or .test host, and only locally.
    expect(() => keys('set-callback', 'hooked-1', 'http://client.example/hooks')).toThrow(
      /must be https/,
    )
    const local = keys('set-callback', 'hooked-1', 'http://127.0.0.1:9000/hooks')
    const second = WHSEC.exec(local)
    expect(second?.[2]).toMatch(/^whsec_/)
    expect(second?.[2]).not.toBe(first?.[2])
    expect(callbacks()).toStrictEqual(['http://127.0.0.1:9000/hooks'])

    // A rotation keeps the callback and its secret (nothing new to hand out).
    expect(keys('rotate', 'hooked-1', 'hooked-2', '--key', SPKI)).not.toContain('whsec_')
    const rotated = JSON.parse(
      keys('list', '--json', 'true').trim().split('\n').at(-1) ?? '[]',
    ) as Row[]
    expect(rotated.find((row) => row.key_id === 'hooked-2')?.callback_url).toBe(
      'http://127.0.0.1:9000/hooks',
    )

    expect(keys('set-callback', 'hooked-1', 'none')).not.toContain('whsec_')
    expect(callbacks()).toStrictEqual([null])
    expect(() => keys('set-callback', 'nobody', 'none')).toThrow(/nobody is not a key/)
  }, 600_000)

  test('--help and <command> --help answer on stdout, within 100 columns', async () => {
    const general = await keysAsync(['--help'], {})
    expect(general.code).toBe(0)
    expect(general.stdout.split('\n')[0]).toBe(
      'Usage: pnpm keys <command> [arguments] [--local | --remote] [--env staging|production]',
    )
    for (const command of [
      'migrate',
      'seed-dev',
      'add',
      'set-callback',
      'list',
      'revoke',
      'rotate',
    ]) {
      const help = await keysAsync([command, '--help'], {})
      expect(help.code, command).toBe(0)
      expect(help.stdout, command).toMatch(new RegExp(`^Usage: pnpm keys ${command}`))
      expect(Math.max(...help.stdout.split('\n').map((line) => line.length))).toBeLessThanOrEqual(
        100,
      )
    }
    expect((await keysAsync(['add', '--help'], {})).stdout.split('\n')[0]).toBe(
      `Usage: ${ADD_USAGE}`,
    )
  }, 600_000)

  test('add refuses a private key, a short HMAC secret, stray arguments and unknown flags, saying what was expected', async () => {
    const refused = async (...args: string[]) => {
      const run = await keysAsync(args, {})
      return { code: run.code, stderr: run.stderr, stdout: run.stdout }
    }
    expect(
      await refused(
        'add',
        'mistake-1',
        '--alg',
        'ed25519',
        '--key',
        PKCS8,
        '--sub-account',
        'acme',
      ),
    ).toStrictEqual({
      code: 1,
      stdout: '',
      stderr: `keys: this is a PRIVATE key (PKCS#8): it stays with the client, and the gateway needs the public key. Register its public key instead: --key ${SPKI}\n`,
    })
    const fiveBytes = Buffer.from('abcde').toString('base64')
    expect(
      await refused(
        'add',
        'mistake-2',
        '--alg',
        'hmac-sha256',
        '--key',
        fiveBytes,
        '--sub-account',
        'acme',
      ),
    ).toStrictEqual({
      code: 1,
      stdout: '',
      stderr:
        'keys: an HMAC secret of 5 bytes is too short: at least 32 random bytes, base64 (openssl rand -base64 32)\n',
    })
    expect(
      await refused(
        'add',
        'mistake-3',
        '--alg',
        'hmac-sha256',
        '--key',
        SPKI,
        '--sub-account',
        'acme',
      ),
    ).toStrictEqual({
      code: 1,
      stdout: '',
      stderr: 'keys: this is an Ed25519 key, not a shared secret: register it with --alg ed25519\n',
    })
    expect(
      await refused('add', 'mistake-4', 'acme', '--alg', 'ed25519', '--key', SPKI),
    ).toStrictEqual({
      code: 2,
      stdout: '',
      stderr: `keys: unexpected argument "acme": expected ${ADD_USAGE}\n(pnpm keys add --help)\n`,
    })
    expect(
      await refused('add', 'mistake-5', '--alg', 'ed25519', '--key', SPKI, '--subaccount', 'acme'),
    ).toStrictEqual({
      code: 2,
      stdout: '',
      stderr:
        'keys: add does not take --subaccount; it takes --alg, --key, --sub-account, --routes, --types, --rate, --burst, --service-window, --template-check, --contact-rate, --contact-burst, --callback-url and --local, --remote, --env, --persist-to\n(pnpm keys add --help)\n',
    })
    expect(await refused('rotate', 'only-one', '--key', SPKI)).toStrictEqual({
      code: 2,
      stdout: '',
      stderr:
        'keys: missing <newKeyId>: expected pnpm keys rotate <oldKeyId> <newKeyId> --key BASE64\n(pnpm keys rotate --help)\n',
    })
    expect(await refused('lsit')).toStrictEqual({
      code: 2,
      stdout: '',
      stderr:
        'keys: unknown command "lsit": expected one of migrate, seed-dev, add, set-callback, list, revoke, rotate\n(pnpm keys --help)\n',
    })
    expect(list().filter((row) => row.key_id.startsWith('mistake-'))).toStrictEqual([])
  }, 600_000)

  test('list: one line per key in 100 columns, ISO dates, long values under it; from the repository root too', () => {
    keys(
      'add',
      'listed-1',
      '--alg',
      'ed25519',
      '--key',
      SPKI,
      '--sub-account',
      'listed-sub',
      '--types',
      'text,image,interactive,template',
      '--routes',
      'POST /v1/messages,GET /v1/messages/:id',
    )
    const rows = JSON.parse(keys('list', '--json').trim().split('\n').at(-1) ?? '[]') as {
      key_id: string
      created_at: number
    }[]
    const created = new Date(rows.find((row) => row.key_id === 'listed-1')?.created_at ?? 0)
      .toISOString()
      .slice(0, 10)
    // From the root, as the docs show: `pnpm keys list` forwards to the edge package.
    const text = execFileSync('pnpm', ['--silent', 'keys', 'list', '--persist-to', state], {
      cwd: REPOSITORY,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const lines = text.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^key id +alg +sub-account +status +rate\/burst +created +types$/)
    const at = lines.findIndex((line) => line.startsWith('listed-1 '))
    expect(lines.slice(at, at + 3).map((line) => line.replace(/ +/g, ' '))).toStrictEqual([
      `listed-1 ed25519 listed-sub active 10/60 ${created} (below)`,
      ' types: text,image,interactive,template',
      ' routes: POST /v1/messages,GET /v1/messages/:id',
    ])
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(100)
    expect(text).not.toContain(SPKI)
  }, 600_000)
})
