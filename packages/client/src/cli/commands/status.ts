/**
 * `chatapps status ID`: a message's record on the gateway.
 *
 * @module
 */
import { CONNECTION_HELP, CONNECTION_OPTIONS } from '../config'
import { type CliIo, EXIT, type ExitCode, usageError } from '../io'
import { connect, parseFlags, printJson, reportCallError } from '../shared'

export const STATUS_HELP = `Usage: chatapps status ID [options]

Prints the gateway's record of a message sent with this key: its ids and status.

Options:
  --json       print the record as one line of JSON
  -h, --help   this help

${CONNECTION_HELP}`

export async function status(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseFlags(args, {
    ...CONNECTION_OPTIONS,
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  })
  if (values.help) {
    io.stdout.write(`${STATUS_HELP}\n`)
    return EXIT.ok
  }
  const [id, ...rest] = positionals
  if (id === undefined || rest.length > 0) throw usageError('status takes exactly one message id')
  const session = await connect(values, io)
  const { client } = session
  try {
    const { meta: _meta, ...record } = await client.get(id)
    printJson(io, record, values.json !== true)
    return EXIT.ok
  } catch (error) {
    return reportCallError(error, io, session)
  }
}
