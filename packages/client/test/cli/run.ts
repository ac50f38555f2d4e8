/** Runs the CLI in-process with captured streams, a temporary directory and a scripted fetch. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { main } from '../../src/cli/main'
import type { FetchLike } from '../../src/index'
import { ED25519_PRIVATE } from '../helpers'

export interface RunOptions {
  readonly env?: Record<string, string | undefined>
  readonly stdin?: string
  readonly fetch?: FetchLike
  readonly cwd?: string
  readonly tty?: boolean
}

/** The environment of a configured CLI: the development ed25519 key, no retries. */
export const CONFIGURED = {
  CHATAPPS_BASE_URL: 'https://edge.test',
  CHATAPPS_KEY_ID: 'test-key-ed25519',
  CHATAPPS_KEY: ED25519_PRIVATE,
}

const made: string[] = []

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'chatapps-cli-'))
  made.push(dir)
  return dir
}

/** Removes every directory {@link tempDir} made. */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true })
}

export async function runCli(args: readonly string[], options: RunOptions = {}) {
  let stdout = ''
  let stderr = ''
  const code = await main(args, {
    env: options.env ?? {},
    cwd: options.cwd ?? tempDir(),
    stdout: { write: (text: string) => (stdout += text) },
    stderr: {
      write: (text: string) => (stderr += text),
      isTTY: options.tty ?? false,
      columns: 100,
    },
    readStdin: async () => options.stdin ?? '',
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  })
  return { code, stdout, stderr }
}
