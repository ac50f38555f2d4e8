/**
 * `chatapps keygen`: an Ed25519 key pair for the gateway.
 *
 * @module
 */
import { exportPrivateKey, exportPublicKey, generateKeyPair } from '@chatapps/signature'
import { type CliIo, EXIT, type ExitCode, usageError } from '../io'
import { parseFlags, printJson } from '../shared'

export const KEYGEN_HELP = `Usage: chatapps keygen [--key-id ID] [--json]

Generates an Ed25519 key pair and prints:
  key id       the id to register it under (default: a random "key-…")
  public key   SPKI, base64: register it with the gateway, for example
               pnpm --filter @chatapps/edge keys add <key id> --alg ed25519 --key <public key> --sub-account <id>
  private key  PKCS#8, base64: keep it secret; give it to the client (CHATAPPS_KEY or --key-file)

Options:
  --key-id ID  the key id to print (1 to 100 of A-Z a-z 0-9 . _ -)
  --json       print {"keyId","alg","publicKey","privateKey"} as JSON
  -h, --help   this help`

export async function keygen(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseFlags(args, {
    'key-id': { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  })
  if (values.help) {
    io.stdout.write(`${KEYGEN_HELP}\n`)
    return EXIT.ok
  }
  if (positionals.length > 0)
    throw usageError(`keygen takes no arguments: ${positionals.join(' ')}`)
  const keyId = values['key-id'] ?? `key-${crypto.randomUUID().slice(0, 8)}`
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(keyId)) {
    throw usageError('a key id is 1 to 100 of A-Z a-z 0-9 . _ -')
  }
  const pair = await generateKeyPair('ed25519')
  const publicKey = await exportPublicKey(pair.publicKey)
  const privateKey = await exportPrivateKey(pair.privateKey)
  if (values.json) {
    printJson(io, { keyId, alg: 'ed25519', publicKey, privateKey })
  } else {
    io.stdout.write(
      `key id:      ${keyId}\n` +
        `public key:  ${publicKey}\n` +
        `private key: ${privateKey}\n\n` +
        `Register the public key with the gateway:\n` +
        `  pnpm --filter @chatapps/edge keys add ${keyId} --alg ed25519 --key ${publicKey} --sub-account <sub-account>\n` +
        `Keep the private key secret; the client reads it from CHATAPPS_KEY or --key-file.\n`,
    )
  }
  return EXIT.ok
}
