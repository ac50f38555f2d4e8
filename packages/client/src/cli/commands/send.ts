/**
 * `chatapps send`: one message, from flags or from JSON (a file or stdin).
 *
 * @module
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { msg } from '@chatapps/dsl'
import type { MessageInput } from '../../types'
import { CONNECTION_HELP, CONNECTION_OPTIONS } from '../config'
import { type CliIo, EXIT, type ExitCode, usageError } from '../io'
import { connect, parseFlags, printJson, reportCallError } from '../shared'

export const SEND_HELP = `Usage: chatapps send --to NUMBER (--text TEXT | --image URL | --video URL | --document URL) [--caption TEXT] [options]
       chatapps send --file message.json [options]
       chatapps send - [options] < message.json

Sends one message and prints the gateway's answer: kind (sent, or accepted with --async), the
message's id, clientMessageId, umid and status ({ state, timestamp, … }, the same members as
\`chatapps status ID --json\`), then idempotencyKey, requests (the HTTP requests this command made,
retries included) and replayed. The message is validated before anything is sent; every issue
is listed.

Message:
  --to NUMBER             the recipient, E.164 (+15551234567)
  --text TEXT             a text message
  --image URL             an image (https), with an optional --caption
  --video URL             a video (https), with an optional --caption
  --document URL          a document (https), with an optional --caption
  --caption TEXT          the caption of an image, video or document
  --client-message-id ID  your reference, echoed in receipts
  --file PATH | -         a message as 8x8's JSON, from a file or stdin

Options:
  --idempotency-key KEY   reuse a key to make re-running this command safe (default: random)
  --async                 let the gateway queue it (Prefer: respond-async; 202 accepted)
  --json                  print the answer as one line of JSON
  -h, --help              this help

${CONNECTION_HELP}`

const OPTIONS = {
  ...CONNECTION_OPTIONS,
  to: { type: 'string' },
  text: { type: 'string' },
  image: { type: 'string' },
  video: { type: 'string' },
  document: { type: 'string' },
  caption: { type: 'string' },
  'client-message-id': { type: 'string' },
  file: { type: 'string' },
  'idempotency-key': { type: 'string' },
  async: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const

type Values = ReturnType<typeof parseFlags<typeof OPTIONS>>['values']

async function messageOf(values: Values, positionals: string[], io: CliIo): Promise<MessageInput> {
  const source = values.file ?? (positionals[0] === '-' ? '-' : undefined)
  const rest = source === '-' && values.file === undefined ? positionals.slice(1) : positionals
  if (rest.length > 0) throw usageError(`unexpected arguments: ${rest.join(' ')}`)
  const kinds = (['text', 'image', 'video', 'document'] as const).filter(
    (k) => values[k] !== undefined,
  )

  if (source !== undefined) {
    if (kinds.length > 0 || values.to !== undefined || values.caption !== undefined) {
      throw usageError('give a message from --file (or -) or from flags, not both')
    }
    const text = source === '-' ? await io.readStdin() : readText(resolve(io.cwd, source))
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch (error) {
      throw usageError(`the message is not JSON: ${(error as Error).message}`)
    }
    if (values['client-message-id'] !== undefined && typeof json === 'object' && json !== null) {
      json = { ...json, clientMessageId: values['client-message-id'] }
    }
    return json as MessageInput
  }

  if (values.to === undefined) throw usageError('--to is required (or --file)')
  if (kinds.length !== 1) {
    throw usageError('give exactly one of --text, --image, --video, --document (or --file)')
  }
  const kind = kinds[0]
  if (kind === 'text' && values.caption !== undefined) throw usageError('--caption goes with media')
  const caption = values.caption === undefined ? {} : { caption: values.caption }
  let start = msg.to(values.to)
  if (values['client-message-id'] !== undefined) {
    start = start.clientMessageId(values['client-message-id'])
  }
  switch (kind) {
    case 'image':
      return start.image(values.image ?? '', caption)
    case 'video':
      return start.video(values.video ?? '', caption)
    case 'document':
      return start.file(values.document ?? '', caption)
    default:
      return start.text(values.text ?? '')
  }
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    throw usageError(`cannot read ${path}`)
  }
}

export async function send(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseFlags(args, OPTIONS)
  if (values.help) {
    io.stdout.write(`${SEND_HELP}\n`)
    return EXIT.ok
  }
  const message = await messageOf(values, positionals, io)
  const session = await connect(values, io)
  const { client } = session
  try {
    const result = await client.send(message, {
      async: values.async === true,
      ...(values['idempotency-key'] === undefined
        ? {}
        : { idempotencyKey: values['idempotency-key'] }),
    })
    const { meta, ...answer } = result
    printJson(
      io,
      {
        ...answer,
        idempotencyKey: meta.idempotencyKey,
        requests: meta.requests,
        replayed: meta.replayed,
      },
      values.json !== true,
    )
    return EXIT.ok
  } catch (error) {
    return reportCallError(error, io, session)
  }
}
