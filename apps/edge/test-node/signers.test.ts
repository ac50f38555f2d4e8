/**
 * The copy-pasteable signers of docs/signing.md (docs/signers/: Python, Go, openssl + curl), each
 * run as a user runs it against the real gateway and sandbox on loopback (@chatapps/testkit),
 * with both development keys. Each send must be answered 200 and reach the sandbox exactly once.
 */
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import {
  ED25519_KEY_ID,
  ED25519_PRIVATE,
  HMAC_KEY_ID,
  HMAC_SECRET,
  type Stack,
  sandboxMessages,
  startStack,
} from '@chatapps/testkit'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'

const run = promisify(execFile)
const signers = fileURLToPath(new URL('../../../docs/signers/', import.meta.url))
let stack: Stack
let python = 'python3'

beforeAll(async () => {
  // Go and Python's `cryptography` come from Debian's packages when the machine lacks them.
  const ensured = await run('bash', [`${signers}ensure-toolchains.sh`], { timeout: 540_000 })
  python = ensured.stdout.trim().split('\n').at(-1) ?? python
  stack = await startStack({ receipts: false })
}, 600_000)
afterAll(async () => {
  await stack?.stop()
})

const KEYS = [
  { alg: 'ed25519', keyId: ED25519_KEY_ID, key: ED25519_PRIVATE },
  { alg: 'hmac-sha256', keyId: HMAC_KEY_ID, key: HMAC_SECRET },
] as const

const COMMANDS = {
  python: (body: string) => [python, [`${signers}sign.py`, body]],
  go: (body: string) => ['go', ['run', `${signers}sign.go`, body]],
  shell: (body: string) => ['bash', [`${signers}sign.sh`, body]],
} as const satisfies Record<string, (body: string) => readonly [string, readonly string[]]>

describe.each(Object.entries(COMMANDS))('the %s signer', (language, command) => {
  test.each(KEYS)(
    'sends a message signed with $alg',
    async ({ alg, keyId, key }) => {
      const text = `signed by the ${language} signer with ${alg}`
      const body = JSON.stringify({
        user: { msisdn: '+15551234567' },
        type: 'text',
        content: { text },
      })
      const [file, args] = command(body)
      const { stdout } = await run(file, [...args], {
        timeout: 240_000,
        env: { ...process.env, GATEWAY_URL: stack.url, KEY_ID: keyId, ALG: alg, KEY: key },
      })
      const [statusLine, ...rest] = stdout.trim().split('\n')
      expect(statusLine).toBe('HTTP 200')
      const answer = JSON.parse(rest.join('\n')) as { id: string; status: { state: string } }
      expect(answer.status.state).toBe('queued')
      const received = (await sandboxMessages(stack.sandboxUrl)).filter(
        (entry) => (entry.body.content as { text?: string } | undefined)?.text === text,
      )
      expect(received).toHaveLength(1)
    },
    300_000,
  )
})
