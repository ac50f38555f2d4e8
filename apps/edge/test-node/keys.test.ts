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
import { afterAll, describe, expect, test } from 'vitest'

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

const SPKI = 'MCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs='

describe('pnpm --filter @chatapps/edge keys', () => {
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
  }, 120_000)

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
  }, 120_000)

  test('refuses a key that is not base64, and the development keys in production', () => {
    expect(() =>
      keys('add', 'bad', '--alg', 'ed25519', '--key', 'not base64!', '--sub-account', 'x'),
    ).toThrow()
    expect(() => keys('seed-dev', '--env', 'production')).toThrow(/never registered in production/)
  }, 60_000)

  test('list shows no key material', () => {
    expect(keys('list', '--json', 'true')).not.toContain(SPKI)
  }, 60_000)

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
  }, 120_000)
})
