/**
 * `chatapps status ID`: a message's record on the gateway, as a readable summary or as JSON.
 *
 * @module
 */
import { explainStatus } from '../../explain'
import type { HistoryEntry, MessageRecord, MessageStatus } from '../../types'
import { CONNECTION_HELP, CONNECTION_OPTIONS } from '../config'
import { type CliIo, EXIT, type ExitCode, usageError } from '../io'
import { connect, parseFlags, printJson, reportCallError } from '../shared'

export const STATUS_HELP = `Usage: chatapps status ID [options]

Prints the gateway's record of a message sent with this key: its state and when it was
reached, why it failed (if it did), its ids, its delivery attempts and its receipts.

Options:
  --json       print the record as one line of JSON, exactly as the gateway answered it:
               { id, clientMessageId, umid, status: { state, timestamp, reason?, detail?,
               errorCode?, errorMessage? }, deliveryAttempts, batchId, createdAt, updatedAt,
               history }
  -h, --help   this help

${CONNECTION_HELP}`

/** The most receipts the summary lists; `--json` has them all. */
const HISTORY_SHOWN = 6

/** 8x8's error of a status or a receipt: `8x8 error 7001: Not on WhatsApp`. */
function upstreamError(entry: Pick<MessageStatus, 'errorCode' | 'errorMessage'>): string {
  const { errorCode, errorMessage } = entry
  if (errorCode === undefined && errorMessage === undefined) return ''
  const code = errorCode === undefined ? '' : ` ${errorCode}`
  return `8x8 error${code}${errorMessage === undefined ? '' : `: ${errorMessage}`}`
}

/** Why the message is where it is, when there is a reason: the gateway's, then 8x8's. */
export function reasonOf(status: MessageStatus): string {
  return [status.reason ?? '', upstreamError(status)].filter((part) => part !== '').join('; ')
}

function historyLine(entry: HistoryEntry, width: number): string {
  const notes = [entry.detail ?? '', upstreamError(entry)].filter((part) => part !== '')
  return `  ${entry.state.padEnd(width)}  ${entry.timestamp}${notes.length === 0 ? '' : `  ${notes.join('; ')}`}`
}

/**
 * A record as a person reads it: the state and when, the reason if any, an earlier cancel whose
 * outcome is unknown, the ids, the delivery attempts and times, and the receipts (the latest
 * {@link HISTORY_SHOWN}).
 *
 * @example
 * ```text
 * status            undelivered at 2026-11-24T09:30:02.000Z (undelivered_to_recipient)
 * reason            8x8 error 7001: Not on WhatsApp
 * id                5b0e2d3c-7a41-4f0e-9d2b-6c8a1e3f4b5a
 * …
 * ```
 */
export function formatRecord(record: Omit<MessageRecord, 'meta'>): string {
  const { status } = record
  const when = status.timestamp === '' ? '' : ` at ${status.timestamp}`
  const detail = status.detail === undefined ? '' : ` (${status.detail})`
  const reason = reasonOf(status)
  // What 8x8's code calls for, when 8x8 documents it (@chatapps/dsl's one table of its codes).
  const explained = explainStatus(status)
  const todo =
    explained?.coverage === 'documented' ? `${explained.action}: ${explained.meaning}` : ''
  const rows: [string, string][] = [
    ['status', `${status.state}${when}${detail}`],
    ...(reason === '' ? [] : [['reason', reason] as [string, string]]),
    ...(todo === '' ? [] : [['what to do', todo] as [string, string]]),
    ...(record.cancel === undefined
      ? []
      : [
          [
            'cancel',
            `outcome unknown since ${record.cancel.timestamp}: ${record.cancel.reason}`,
          ] as [string, string],
        ]),
    ['id', record.id],
    ['clientMessageId', record.clientMessageId],
    ['umid', record.umid ?? 'none yet (8x8 has not taken it)'],
    ...(record.batchId === null ? [] : [['batchId', record.batchId] as [string, string]]),
    ['deliveryAttempts', String(record.deliveryAttempts)],
    ['createdAt', record.createdAt],
    ['updatedAt', record.updatedAt],
  ]
  const { history } = record
  const count = `${history.length} ${history.length === 1 ? 'receipt' : 'receipts'}`
  rows.push(['history', history.length === 0 ? 'no receipts yet' : count])
  const lines = rows.map(([label, value]) => `${label.padEnd(18)}${value}`)
  const shown = history.slice(-HISTORY_SHOWN)
  if (shown.length < history.length) {
    lines.push(`  … ${history.length - shown.length} earlier (--json shows every receipt)`)
  }
  const width = Math.max(0, ...shown.map((entry) => entry.state.length))
  for (const entry of shown) lines.push(historyLine(entry, width))
  return `${lines.join('\n')}\n`
}

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
    if (values.json === true) printJson(io, record, false)
    else io.stdout.write(formatRecord(record))
    return EXIT.ok
  } catch (error) {
    return reportCallError(error, io, session)
  }
}
