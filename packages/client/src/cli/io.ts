/**
 * What the CLI touches of the world, passed in so tests can run it in-process, and its exit codes.
 *
 * @module
 */
import type { FetchLike } from '../types'

/** A stream the CLI writes to. */
export interface Output {
  write(text: string): unknown
  readonly isTTY?: boolean
  readonly columns?: number
}

/** The CLI's world: arguments, environment, working directory, streams. */
export interface CliIo {
  readonly env: Readonly<Record<string, string | undefined>>
  readonly cwd: string
  readonly stdout: Output
  readonly stderr: Output
  readonly readStdin: () => Promise<string>
  /** A fetch for tests; the global one otherwise. */
  readonly fetch?: FetchLike
}

/** The documented exit codes. */
export const EXIT = {
  /** Everything was sent (or printed). */
  ok: 0,
  /** Some or all messages were refused: invalid, or rejected by the gateway or 8x8. */
  failed: 1,
  /** The command line is wrong: unknown command or flag, missing argument. */
  usage: 2,
  /** The configuration is missing or wrong: base URL, key id, key, config file; or the gateway refused the key (401, 403). */
  config: 3,
  /** The gateway could not be reached or stayed unavailable after the retries (network, timeout, 429, 5xx). */
  unavailable: 4,
} as const

export type ExitCode = (typeof EXIT)[keyof typeof EXIT]

/** A failure with its exit code and a message for stderr. */
export class CliError extends Error {
  readonly exitCode: ExitCode
  constructor(exitCode: ExitCode, message: string) {
    super(message)
    this.name = 'CliError'
    this.exitCode = exitCode
  }
}

export const usageError = (message: string) => new CliError(EXIT.usage, message)
export const configError = (message: string) => new CliError(EXIT.config, message)
