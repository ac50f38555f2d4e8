import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { resolveConnection } from '../../src/cli/config'
import { CliError } from '../../src/cli/io'
import { ED25519_PRIVATE, HMAC_SECRET } from '../helpers'
import { removeTempDirs, tempDir } from './run'

afterAll(removeTempDirs)

function io(cwd: string, env: Record<string, string> = {}) {
  const sink = { write: () => true }
  return { env, cwd, stdout: sink, stderr: sink, readStdin: async () => '' }
}

describe('configuration', () => {
  it('Should take flags over environment over the config file, field by field', async () => {
    const cwd = tempDir()
    writeFileSync(
      join(cwd, 'chatapps.config.json'),
      JSON.stringify({
        baseUrl: 'https://file.test',
        keyId: 'file-key',
        key: ED25519_PRIVATE,
        retries: 5,
      }),
    )
    const env = { CHATAPPS_BASE_URL: 'https://env.test', CHATAPPS_KEY_ID: 'env-key' }
    const connection = await resolveConnection({ 'base-url': 'https://flag.test' }, io(cwd, env))
    expect(connection).toStrictEqual({
      baseUrl: 'https://flag.test/',
      keyId: 'env-key',
      key: ED25519_PRIVATE,
      alg: 'ed25519',
      retries: 5,
    })
  })

  it('Should read a key file relative to the config file, and an hmac key', async () => {
    const cwd = tempDir()
    writeFileSync(join(cwd, 'secret.txt'), `${HMAC_SECRET}\n`)
    writeFileSync(
      join(cwd, 'other.json'),
      JSON.stringify({
        baseUrl: 'http://127.0.0.1:8787',
        keyId: 'k',
        keyFile: 'secret.txt',
        alg: 'hmac-sha256',
      }),
    )
    const connection = await resolveConnection({ config: 'other.json' }, io(cwd))
    expect(connection.key).toBe(HMAC_SECRET)
    expect(connection.alg).toBe('hmac-sha256')
  })

  it.each([
    [{}, {}, /no gateway/],
    [{ 'base-url': 'ftp://x' }, {}, /must be http/],
    [{ 'base-url': 'https://x' }, {}, /no key id/],
    [{ 'base-url': 'https://x', 'key-id': 'k' }, {}, /no key/],
    [{ 'base-url': 'https://x', 'key-id': 'k', key: 'bm9wZQ==' }, {}, /not an Ed25519 private key/],
    [
      { 'base-url': 'https://x', 'key-id': 'k', key: ED25519_PRIVATE, alg: 'rsa' },
      {},
      /alg must be/,
    ],
    [{ config: 'missing.json' }, {}, /does not exist/],
    [
      { 'base-url': 'https://x', 'key-id': 'k', key: ED25519_PRIVATE, timeout: '0' },
      {},
      /timeoutMs/,
    ],
  ])('Should refuse %j with a configuration error', async (flags, env, message) => {
    const error = await resolveConnection(flags, io(tempDir(), env)).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CliError)
    expect((error as CliError).exitCode).toBe(3)
    expect((error as CliError).message).toMatch(message)
  })

  it('Should refuse a config file with an unknown key', async () => {
    const cwd = tempDir()
    writeFileSync(join(cwd, 'chatapps.config.json'), JSON.stringify({ baseURL: 'https://x' }))
    await expect(resolveConnection({}, io(cwd))).rejects.toThrow(/unknown key "baseURL"/)
  })
})
