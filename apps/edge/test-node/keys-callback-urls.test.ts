/**
 * `pnpm keys set-callback` refuses, for staging or production, a URL the gateway would refuse to
 * post to (src/callbacks/url-rule.js), before touching D1.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, test } from 'vitest'

const script = fileURLToPath(new URL('../scripts/keys.mjs', import.meta.url))
// Where a database would be, were one touched: it stays empty.
const state = mkdtempSync(join(tmpdir(), 'chatapps-keys-urls-'))
afterAll(() => rmSync(state, { recursive: true, force: true }))

/** The command's exit code, stdout and stderr. */
function keys(...args: string[]) {
  const { status, stdout, stderr } = spawnSync('node', [script, ...args, '--persist-to', state], {
    encoding: 'utf8',
  })
  return { status, stdout, stderr }
}

const NOT_PUBLIC =
  'keys: a callback URL must name a public host (not loopback, private, link-local, CGNAT, unique-local, localhost, .local or .internal)\n'

describe('pnpm keys: callback URLs outside the local environment', () => {
  test.each([
    ['production', 'https://169.254.169.254/latest/meta-data/'],
    ['production', 'https://2130706433/hooks'],
    ['production', 'https://0x7f.1/hooks'],
    ['production', 'https://[::ffff:127.0.0.1]/hooks'],
    ['production', 'https://10.1.2.3/hooks'],
    ['production', 'https://100.64.0.1/hooks'],
    ['production', 'https://[fd00::1]/hooks'],
    ['production', 'https://localhost/hooks'],
    ['production', 'https://printer.local/hooks'],
    ['staging', 'https://metadata.google.internal/computeMetadata/v1/'],
    ['staging', 'https://192.168.0.10/hooks'],
  ])('%s refuses %s', (environment, url) => {
    expect(keys('set-callback', 'some-key', url, '--env', environment)).toEqual({
      status: 1,
      stdout: '',
      stderr: NOT_PUBLIC,
    })
    expect(readdirSync(state)).toEqual([])
  })

  test.each(['production', 'staging'])('%s refuses plain http', (environment) => {
    expect(
      keys('set-callback', 'some-key', 'http://client.example/hooks', '--env', environment),
    ).toEqual({
      status: 1,
      stdout: '',
      stderr: 'keys: a callback URL must be https\n',
    })
  })
})
