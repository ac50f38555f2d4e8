/**
 * The `chatapps` command line: dispatches to a command and turns failures into exit codes.
 *
 * @module
 */
import { batch } from './commands/batch'
import { cancel, contact, read, typing, upload } from './commands/conversation'
import { keygen } from './commands/keygen'
import { send } from './commands/send'
import { status } from './commands/status'
import { templates } from './commands/templates'
import { CliError, type CliIo, EXIT, type ExitCode } from './io'

export const HELP = `Usage: chatapps <command> [options]

Send 8x8 ChatApps messages through the chatapps edge gateway: every message is validated
locally, every request signed (RFC 9421, chatapps-v1) and retried safely.

Commands:
  keygen           generate an Ed25519 key pair to register with the gateway
  send             send one message, from flags or JSON
  batch FILE       send the messages of a JSONL file, or of a CSV file through a template
  status ID        show a sent message's record
  read UMID        mark an inbound message read (WhatsApp's blue ticks)
  typing UMID      show the typing indicator to the customer of an inbound message
  cancel ID        cancel a scheduled message, or one still held for delivery (--batch: a batch)
  upload FILE      upload media to 8x8's hosting and print the URL to send
  contact NUMBER   show what the gateway knows of a recipient (window, consent, pacing)
  templates pull   write the registered WhatsApp templates as a TypeScript declaration (--out)
  templates list   show the registered WhatsApp templates and what a send of each takes

Run "chatapps <command> --help" for a command's options.

Configuration: flags > environment (CHATAPPS_BASE_URL, CHATAPPS_KEY_ID, CHATAPPS_KEY,
CHATAPPS_KEY_FILE, CHATAPPS_ALG) > a JSON config file (--config, default ./chatapps.config.json).

Exit codes:
  0  ok
  1  some or all messages failed (invalid, or rejected by the gateway or 8x8)
  2  usage error
  3  configuration error (missing or bad settings, or the gateway refused the key: 401, 403)
  4  the gateway was unreachable or unavailable after the retries (network, timeout, 429, 5xx)`

const COMMANDS: Record<string, (args: readonly string[], io: CliIo) => Promise<ExitCode>> = {
  keygen,
  send,
  batch,
  status,
  read,
  typing,
  cancel,
  upload,
  contact,
  templates,
}

/** Runs the CLI with `args` (without the node and script paths) and returns its exit code. */
export async function main(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const [command, ...rest] = args
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.stdout.write(`${HELP}\n`)
    return command === undefined ? EXIT.usage : EXIT.ok
  }
  const run = COMMANDS[command]
  if (run === undefined) {
    io.stderr.write(`chatapps: unknown command "${command}"\n\n${HELP}\n`)
    return EXIT.usage
  }
  try {
    return await run(rest, io)
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr.write(`chatapps ${command}: ${error.message}\n`)
      if (error.exitCode === EXIT.usage) io.stderr.write(`Run "chatapps ${command} --help".\n`)
      return error.exitCode
    }
    throw error
  }
}
