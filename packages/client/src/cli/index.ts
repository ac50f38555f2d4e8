#!/usr/bin/env node
/**
 * The `chatapps` binary: `keygen`, `send`, `batch` and `status`. Node only (the library itself
 * uses no Node built-ins).
 *
 * @example
 * ```sh
 * chatapps keygen
 * chatapps send --to +15551234567 --text 'Hello'
 * chatapps batch contacts.csv --template message.json --state .chatapps-state.json
 * chatapps status 6f1c…
 * ```
 *
 * @module
 */
import { main } from './main'

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

const code = await main(process.argv.slice(2), {
  env: process.env,
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
  readStdin,
}).catch((error: unknown) => {
  process.stderr.write(
    `chatapps: unexpected error: ${error instanceof Error ? error.stack : String(error)}\n`,
  )
  return 70
})
process.exitCode = code
