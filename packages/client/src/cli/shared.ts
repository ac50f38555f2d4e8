/**
 * What the commands share: parsing flags, building the client, reporting errors.
 *
 * @module
 */
import { parseArgs } from 'node:util'
import { type ChatappsError, isChatappsError, isOutcomeUnknownError } from '../errors'
import { type CliIo, EXIT, type ExitCode, usageError } from './io'
import { explainFailure } from './refusal'
import type { Session } from './session'

export { connect } from './session'

type OptionSpec = Record<string, { readonly type: 'string' | 'boolean'; readonly short?: string }>

/** The parsed flags: a string or a boolean by each option's type. */
export type FlagValues<T extends OptionSpec> = {
  -readonly [K in keyof T]?: T[K]['type'] extends 'boolean' ? boolean : string
}

/** `parseArgs`, strict, with usage errors as {@link CliError}. */
export function parseFlags<T extends OptionSpec>(
  args: readonly string[],
  options: T,
): { values: FlagValues<T>; positionals: string[] } {
  try {
    const parsed = parseArgs({ args: [...args], options, allowPositionals: true, strict: true })
    return { values: parsed.values as FlagValues<T>, positionals: parsed.positionals }
  } catch (error) {
    throw usageError((error as Error).message)
  }
}

/** The exit code a failed call maps to. */
export function exitCodeOf(error: ChatappsError): ExitCode {
  // Not "unavailable": a script that retries on 4 must not send a message 8x8 may have.
  if (isOutcomeUnknownError(error)) return EXIT.failed
  if (error.source === 'network') return EXIT.unavailable
  if (error.status === 401 || error.status === 403) return EXIT.config
  if (error.status === 429 || error.status >= 500) return EXIT.unavailable
  return EXIT.failed
}

/** One line (and the issues) describing a failed call. */
export function describeError(error: ChatappsError): string {
  const head = `${error.status === 0 ? error.source : error.status} ${error.code}${error.detail ? `: ${error.detail}` : ''}`
  const issues = error.issues.map((issue) => `\n  - ${issue.path || '(root)'}: ${issue.message}`)
  const explained = error.upstreamExplanation
  const todo =
    explained?.coverage === 'documented' ? ` (${explained.action}: ${explained.meaning})` : ''
  const upstream = error.upstream
    ? `\n  8x8: ${error.upstream.code} ${error.upstream.message}${todo}`
    : ''
  const retry = error.retryAfter === undefined ? '' : ` (retry after ${error.retryAfter} s)`
  const requests = error.requests > 1 ? ` (after ${error.requests} requests)` : ''
  const unknown = isOutcomeUnknownError(error)
    ? `\n  8x8 may have the message: do not send it again. Follow it with: ${error.messageIds
        .map((id) => `chatapps status ${id}`)
        .join(', ')}`
    : ''
  return `${head}${retry}${requests}${issues.join('')}${upstream}${unknown}`
}

/**
 * Reports a failed call on stderr, with what to do when the CLI can tell (a 401, a 403, nothing
 * answering), and returns its exit code; rethrows anything else.
 */
export function reportCallError(error: unknown, io: CliIo, session: Session): ExitCode {
  if (!isChatappsError(error)) throw error
  const explanation = explainFailure(error, session)
  io.stderr.write(
    `error: ${describeError(error)}\n${explanation === undefined ? '' : `${explanation}\n`}`,
  )
  return exitCodeOf(error)
}

/** Writes a value as JSON on stdout. */
export function printJson(io: CliIo, value: unknown, pretty = true): void {
  io.stdout.write(`${JSON.stringify(value, null, pretty ? 2 : undefined)}\n`)
}
