/**
 * The conversation commands (issue 17): `chatapps read UMID`, `typing UMID`, `cancel ID`
 * (`--batch` for a batch), `upload FILE` and `contact RECIPIENT`. Each prints the gateway's
 * answer as JSON.
 *
 * @module
 */
import { openAsBlob } from 'node:fs'
import { basename, resolve } from 'node:path'
import { CONNECTION_HELP, CONNECTION_OPTIONS } from '../config'
import { type CliIo, EXIT, type ExitCode, usageError } from '../io'
import { connect, parseFlags, printJson, reportCallError } from '../shared'

export const READ_HELP = `Usage: chatapps read UMID [options]

Marks an inbound message read at 8x8 (WhatsApp's blue ticks). UMID is the inbound message's
umid, as the inbound callback carries it; the gateway must have received it for this key's
sub-account. Prints { umid, read }.

Options:
  --idempotency-key KEY   the call's idempotency key (default: a random UUID)
  -h, --help              this help

${CONNECTION_HELP}`

export const TYPING_HELP = `Usage: chatapps typing UMID [options]

Shows the customer of an inbound WhatsApp or RCS message that you are typing (another channel:
error typing_unsupported, exit 1). Only within 2 hours of that message (after: error
inbound_too_old, exit 1). Prints { umid, typingUntil }.

Options:
  --idempotency-key KEY   the call's idempotency key (default: a random UUID)
  -h, --help              this help

${CONNECTION_HELP}`

export const CANCEL_HELP = `Usage: chatapps cancel ID [options]
       chatapps cancel --batch BATCH_ID [options]

Cancels a scheduled message (sent with "scheduled", its time not reached) and prints its record,
now "cancelled"; with --batch, a scheduled batch sent synchronously, printing 8x8's
cancelledCount and each message. A message 8x8 already sent: error not_cancellable, exit 1.

Options:
  --batch      ID is a batch id (from "chatapps batch" or POST /v1/messages/batch)
  -h, --help   this help

${CONNECTION_HELP}`

export const UPLOAD_HELP = `Usage: chatapps upload FILE [options]

Uploads a file to 8x8's media hosting through the gateway (at most 100,000,000 bytes) and
prints { fileName, token, url }: use url as a message's media url.

Options:
  --type TYPE             the file's media type (default: application/octet-stream)
  --name NAME             the file name 8x8 keeps (default: FILE's own)
  --idempotency-key KEY   the call's idempotency key (default: a random UUID)
  -h, --help              this help

${CONNECTION_HELP}`

export const CONTACT_HELP = `Usage: chatapps contact RECIPIENT [options]

Prints what the gateway knows of a recipient of this key's sub-account: the 24-hour service
window, consent and its history, pacing, and the last inbound and outbound messages.

Options:
  -h, --help   this help

${CONNECTION_HELP}`

/** One positional argument, the flags, and help: the shape of every command here. */
function parse<T extends Record<string, { type: 'string' | 'boolean' }>>(
  args: readonly string[],
  extra: T,
  what: string,
) {
  const { values, positionals } = parseFlags(args, {
    ...CONNECTION_OPTIONS,
    ...extra,
    help: { type: 'boolean', short: 'h' },
  })
  const [first, ...rest] = positionals
  if (values.help !== true && (first === undefined || rest.length > 0)) {
    throw usageError(`takes exactly one ${what}`)
  }
  return { values, target: first ?? '' }
}

/** Runs one call and prints its answer without `meta`. */
async function run(
  values: Parameters<typeof connect>[0],
  io: CliIo,
  work: (client: Awaited<ReturnType<typeof connect>>['client']) => Promise<{ meta: unknown }>,
): Promise<ExitCode> {
  const session = await connect(values, io)
  try {
    const { meta: _meta, ...answer } = await work(session.client)
    printJson(io, answer)
    return EXIT.ok
  } catch (error) {
    return reportCallError(error, io, session)
  }
}

const KEYED = { 'idempotency-key': { type: 'string' } } as const

const keyOf = (value: unknown) => (typeof value === 'string' ? { idempotencyKey: value } : {})

export async function read(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const { values, target } = parse(args, KEYED, 'umid')
  if (values.help === true) return help(io, READ_HELP)
  return run(values, io, (client) => client.markRead(target, keyOf(values['idempotency-key'])))
}

export async function typing(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const { values, target } = parse(args, KEYED, 'umid')
  if (values.help === true) return help(io, TYPING_HELP)
  return run(values, io, (client) => client.typing(target, keyOf(values['idempotency-key'])))
}

export async function cancel(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const { values, target } = parse(args, { batch: { type: 'boolean' } }, 'message or batch id')
  if (values.help === true) return help(io, CANCEL_HELP)
  return run(values, io, (client) =>
    values.batch === true ? client.cancelBatch(target) : client.cancel(target),
  )
}

export async function upload(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const { values, target } = parse(
    args,
    { ...KEYED, type: { type: 'string' }, name: { type: 'string' } },
    'file',
  )
  if (values.help === true) return help(io, UPLOAD_HELP)
  const path = resolve(io.cwd, target)
  // A Blob backed by the file: the upload streams it from disk, never holding it whole.
  let file: Blob
  try {
    file = await openAsBlob(path)
  } catch {
    throw usageError(`cannot read ${target}`)
  }
  const fileName = typeof values.name === 'string' ? values.name : basename(path)
  return run(values, io, (client) =>
    client.upload(file, {
      fileName,
      ...(typeof values.type === 'string' ? { contentType: values.type } : {}),
      ...keyOf(values['idempotency-key']),
    }),
  )
}

export async function contact(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const { values, target } = parse(args, {}, 'recipient')
  if (values.help === true) return help(io, CONTACT_HELP)
  return run(values, io, (client) => client.contact(target))
}

function help(io: CliIo, text: string): ExitCode {
  io.stdout.write(`${text}\n`)
  return EXIT.ok
}
