/**
 * `chatapps batch FILE`: many messages, one request each, a few at a time, resumable.
 *
 * @module
 */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { safeParseMessage } from '@chatapps/dsl'
import { type ChatappsError, isChatappsError } from '../../errors'
import type { MessageInput } from '../../types'
import { CONNECTION_HELP, CONNECTION_OPTIONS } from '../config'
import { csvRecords, fillTemplate, placeholders } from '../csv'
import { type CliIo, configError, EXIT, type ExitCode, usageError } from '../io'
import { type Counts, progress } from '../progress'
import { explainFailure, isConnectionRefused } from '../refusal'
import { connect, describeError, exitCodeOf, parseFlags, printJson } from '../shared'

export const BATCH_HELP = `Usage: chatapps batch FILE [--template JSON|PATH] [options]

Sends every message of FILE, one signed request each, --concurrency at a time, and prints a
summary of what was sent and what failed, with the reasons.

FILE:
  *.jsonl     one message (8x8's JSON) per line; blank lines are skipped
  *.csv       one message per row, made from --template: a JSON message whose string values
              may hold {{column}} placeholders, filled from the row (the first row names the columns)
  -           stdin (give --format)

Options:
  --template JSON|PATH   the message template for CSV rows (inline JSON or a file)
  --format jsonl|csv     the format of FILE (default: from its extension, else jsonl)
  --concurrency N        requests in flight (default 4, at most 64)
  --state PATH           resume file: rows the gateway accepted are recorded there and skipped
                         by a rerun with the same file; a rerun reuses their idempotency keys.
                         A row whose content changed since it was sent is sent again (its key
                         comes from its content), and the summary says so
  --skip-sent-rows       with --state: skip every row recorded as sent by its number, even if
                         its content changed since
  --async                let the gateway queue each message (Prefer: respond-async)
  --dry-run              validate every row locally and report; send nothing (no key needed)
  --json                 print the summary as JSON: { total, sent, failed, skipped, notSent,
                         changed, stopped, failures: [{ row, httpStatus, code, reason }] }
  -h, --help             this help

Progress goes to stderr: a bar on a terminal, a line every 10% otherwise.
The batch stops at the first refusal of the key (401, 403: every other row would fail too) and
when nothing answers at the base URL, says what to do, and leaves the rest unsent.
Exit codes: 0 every row sent (or skipped), 1 some rows failed, 2 usage, 3 configuration or a
key the gateway refused (401, 403), 4 the gateway was unreachable.

${CONNECTION_HELP}`

const OPTIONS = {
  ...CONNECTION_OPTIONS,
  template: { type: 'string' },
  format: { type: 'string' },
  concurrency: { type: 'string' },
  state: { type: 'string' },
  'skip-sent-rows': { type: 'boolean' },
  async: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const

/** One row to send: its number in the file (line for JSONL, data row for CSV) and its message. */
interface Row {
  readonly row: number
  readonly message: unknown
  /** Why the row could not be read, when it could not. */
  readonly error?: string
}

interface StateFile {
  readonly version: 1
  readonly runId: string
  readonly accepted: Record<string, { readonly hash: string; readonly id: string }>
}

/** Why the batch stopped before its end. */
interface Stop {
  readonly row: number
  readonly reason: string
  readonly advice: string
  readonly exitCode: ExitCode
}

/** Whether every later row would fail as this one did: a refused key, or nobody answering. */
function stopsTheBatch(error: ChatappsError): boolean {
  if (error.status === 401 || error.status === 403) return true
  return error.source === 'network' && isConnectionRefused(error.cause)
}

interface Failure {
  readonly row: number
  /** The gateway's HTTP status (0: no answer). Not a message's `status`, which is an object. */
  readonly httpStatus: number
  readonly code: string
  readonly reason: string
}

function readRows(text: string, format: 'jsonl' | 'csv', template: unknown): Row[] {
  if (format === 'jsonl') {
    return text.split(/\r?\n/).flatMap((line, index): Row[] => {
      if (line.trim() === '') return []
      try {
        return [{ row: index + 1, message: JSON.parse(line) }]
      } catch {
        return [{ row: index + 1, message: null, error: 'the line is not JSON' }]
      }
    })
  }
  if (template === undefined) throw usageError('a CSV batch needs --template')
  let parsed: ReturnType<typeof csvRecords>
  try {
    parsed = csvRecords(text)
  } catch (error) {
    throw usageError((error as Error).message)
  }
  const missing = [...placeholders(template)].filter((name) => !parsed.header.includes(name))
  if (missing.length > 0) {
    throw usageError(`the template uses columns the CSV lacks: ${missing.join(', ')}`)
  }
  return parsed.records.map((record, index) => ({
    row: index + 1,
    message: fillTemplate(template, record),
  }))
}

function readTemplate(value: string | undefined, io: CliIo): unknown {
  if (value === undefined) return undefined
  const text = value.trim().startsWith('{') ? value : readFile(resolve(io.cwd, value))
  try {
    return JSON.parse(text)
  } catch (error) {
    throw usageError(`--template is not JSON: ${(error as Error).message}`)
  }
}

function readFile(path: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    throw usageError(`cannot read ${path}`)
  }
}

function loadState(path: string | undefined): StateFile {
  const fresh: StateFile = { version: 1, runId: crypto.randomUUID(), accepted: {} }
  if (path === undefined || !existsSync(path)) return fresh
  try {
    const json = JSON.parse(readFileSync(path, 'utf8')) as Partial<StateFile>
    if (json.version !== 1 || typeof json.runId !== 'string' || typeof json.accepted !== 'object') {
      throw new Error('not a state file')
    }
    return { version: 1, runId: json.runId, accepted: { ...json.accepted } }
  } catch (error) {
    throw configError(`cannot use the state file ${path}: ${(error as Error).message}`)
  }
}

/** Writes the state atomically (a temporary file renamed over it). */
function saveState(path: string, state: StateFile): void {
  const temporary = `${path}.tmp`
  writeFileSync(temporary, `${JSON.stringify(state)}\n`)
  renameSync(temporary, path)
}

const hashOf = (message: unknown) =>
  createHash('sha256').update(JSON.stringify(message)).digest('hex').slice(0, 16)

export async function batch(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseFlags(args, OPTIONS)
  if (values.help) {
    io.stdout.write(`${BATCH_HELP}\n`)
    return EXIT.ok
  }
  const [file, ...rest] = positionals
  if (file === undefined || rest.length > 0) throw usageError('batch takes exactly one FILE')
  const format = values.format ?? (file.toLowerCase().endsWith('.csv') ? 'csv' : 'jsonl')
  if (format !== 'csv' && format !== 'jsonl') throw usageError('--format is jsonl or csv')
  const concurrency = Number(values.concurrency ?? 4)
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
    throw usageError('--concurrency is an integer from 1 to 64')
  }
  const template = readTemplate(values.template, io)
  const text = file === '-' ? await io.readStdin() : readFile(resolve(io.cwd, file))
  const rows = readRows(text, format, template)
  if (values['dry-run']) return dryRun(rows, format, values.json === true, io)
  const statePath = values.state === undefined ? undefined : resolve(io.cwd, values.state)
  const skipSentRows = values['skip-sent-rows'] === true
  if (skipSentRows && statePath === undefined) {
    throw usageError('--skip-sent-rows needs --state (the file that records the sent rows)')
  }
  const state = loadState(statePath)
  const session = await connect(values, io)

  const counts: Counts = { sent: 0, failed: 0, skipped: 0 }
  const failures: Failure[] = []
  /** Rows sent before whose content changed: sent again, or skipped with --skip-sent-rows. */
  const changed: number[] = []
  const bar = progress(io.stderr, rows.length)
  let unreachable = 0
  let stopped: Stop | undefined
  let next = 0

  const work = async () => {
    for (let index = next++; index < rows.length && stopped === undefined; index = next++) {
      const item = rows[index]
      if (item === undefined) continue
      const hash = hashOf(item.message)
      const before = state.accepted[item.row]
      if (before !== undefined && before.hash !== hash) changed.push(item.row)
      if (before !== undefined && (before.hash === hash || skipSentRows)) {
        counts.skipped++
      } else if (item.error !== undefined) {
        counts.failed++
        failures.push({ row: item.row, httpStatus: 0, code: 'unreadable', reason: item.error })
      } else {
        try {
          const result = await session.client.send(item.message as MessageInput, {
            // One key per row and content, stable across reruns that share the state file: a row
            // sent before a crash, but not recorded, is replayed by the gateway, not sent twice.
            idempotencyKey: `${state.runId}-${item.row}-${hash}`,
            async: values.async === true,
          })
          counts.sent++
          state.accepted[item.row] = { hash, id: result.id }
          if (statePath !== undefined) saveState(statePath, state)
        } catch (error) {
          if (!isChatappsError(error)) throw error
          counts.failed++
          if (error.source === 'network' || error.status === 429 || error.status >= 500)
            unreachable++
          failures.push({
            row: item.row,
            httpStatus: error.status,
            code: error.code,
            reason: describeError(error),
          })
          if (stopped === undefined && stopsTheBatch(error)) {
            stopped = {
              row: item.row,
              reason: describeError(error),
              advice: explainFailure(error, session) ?? '',
              exitCode: exitCodeOf(error),
            }
          }
        }
      }
      bar.update(counts)
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(rows.length, 1)) }, work))
  bar.done(counts)

  failures.sort((a, b) => a.row - b.row)
  changed.sort((a, b) => a - b)
  const notSent = rows.length - counts.sent - counts.failed - counts.skipped
  const summary = {
    total: rows.length,
    ...counts,
    notSent,
    changed,
    stopped: stopped ?? null,
    failures,
  }
  if (values.json) printJson(io, summary)
  else {
    const label = rowLabel(format)
    io.stdout.write(
      `sent ${counts.sent}, failed ${counts.failed}, skipped ${counts.skipped} (already sent), of ${rows.length}\n`,
    )
    if (changed.length > 0) io.stdout.write(`${changedLine(changed, skipSentRows, label)}\n`)
    if (stopped !== undefined) {
      io.stdout.write(
        `stopped at ${label} ${stopped.row}, ${notSent} not sent: ${stopped.reason}\n${stopped.advice}\n`,
      )
    }
    for (const failure of failures) io.stdout.write(`${label} ${failure.row}: ${failure.reason}\n`)
  }
  if (stopped !== undefined) return stopped.exitCode
  if (counts.failed === 0) return EXIT.ok
  return unreachable === counts.failed && counts.sent === 0 ? EXIT.unavailable : EXIT.failed
}

/** `1 row changed since it was sent: sent again (row 3; …)`. */
function changedLine(changed: readonly number[], skipped: boolean, label: string): string {
  const one = changed.length === 1
  const head = `${changed.length} ${one ? label : `${label}s`} changed since ${one ? 'it was' : 'they were'} sent`
  const which = `${one ? label : `${label}s`} ${changed.join(', ')}`
  return skipped
    ? `${head}: skipped (${which}; --skip-sent-rows)`
    : `${head}: sent again (${which}; --skip-sent-rows skips sent rows by number instead)`
}

/** Validates every row locally: exit 0 when all are valid, 1 otherwise. */
function dryRun(rows: readonly Row[], format: string, json: boolean, io: CliIo): ExitCode {
  const invalid = rows.flatMap((item) => {
    if (item.error !== undefined) return [{ row: item.row, reason: item.error }]
    const result = safeParseMessage(item.message)
    if (result.success) return []
    const issues = result.issues.map((issue) => `\n  - ${issue.path || '(root)'}: ${issue.message}`)
    return [{ row: item.row, reason: `invalid_message${issues.join('')}` }]
  })
  const valid = rows.length - invalid.length
  if (json) printJson(io, { total: rows.length, valid, invalid })
  else {
    io.stdout.write(
      `valid ${valid}, invalid ${invalid.length}, of ${rows.length} (dry run: nothing sent)\n`,
    )
    for (const item of invalid) io.stdout.write(`${rowLabel(format)} ${item.row}: ${item.reason}\n`)
  }
  return invalid.length === 0 ? EXIT.ok : EXIT.failed
}

const rowLabel = (format: string) => (format === 'csv' ? 'row' : 'line')
