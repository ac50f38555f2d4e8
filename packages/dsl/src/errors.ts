/**
 * Validation issues and the error that carries them.
 *
 * @module
 */
import type * as v from 'valibot'

/** One problem with a message, and where it is. */
export interface DslIssue {
  /**
   * Where the problem is, as dot-separated keys and indexes from the message's root, for example
   * `content.interactive.action.sections.1.rows.0.title`; `''` for the root itself.
   */
  readonly path: string
  /** What is wrong, in a sentence. */
  readonly message: string
  /** What was expected, when there is a short way to say it (`"<=24"`, `"string"`). */
  readonly expected: string | null
  /** What was received, in the same short form. */
  readonly received: string
}

/** The issues of an invalid message: never empty. */
export type DslIssues = readonly [DslIssue, ...DslIssue[]]

/** The result of a `safe…` function: the output, or every issue. */
export type DslResult<TOutput> =
  | { readonly success: true; readonly output: TOutput; readonly issues?: undefined }
  | { readonly success: false; readonly output?: undefined; readonly issues: DslIssues }

const ERROR_NAME = 'DslValidationError'

function summarize(issues: DslIssues): string {
  const lines = issues.map((issue) => `- ${issue.path || '(root)'}: ${issue.message}`)
  const count = issues.length === 1 ? '1 issue' : `${issues.length} issues`
  return `Invalid message (${count}):\n${lines.join('\n')}`
}

/**
 * Thrown by `build()` and the `parse…` functions when a message is invalid. `issues` lists every
 * problem with its path, not only the first.
 *
 * @example
 * ```ts
 * try {
 *   msg.to('+15551234567').text('').build()
 * } catch (error) {
 *   if (isDslValidationError(error)) console.log(error.issues[0].path) // 'content.text'
 * }
 * ```
 */
export class DslValidationError extends Error {
  override readonly name = ERROR_NAME
  /** Every issue, each with its path. */
  readonly issues: DslIssues

  /** @param issues Every issue found; at least one. */
  constructor(issues: DslIssues) {
    super(summarize(issues))
    this.issues = issues
  }
}

/**
 * Tells whether a value is a {@link DslValidationError}, also when it comes from another copy of
 * this package.
 *
 * @param error The value to test, typically a caught error.
 * @returns Whether it is a DslValidationError.
 *
 * @example
 * ```ts
 * const result = await send(message).catch((error) => (isDslValidationError(error) ? error.issues : []))
 * ```
 */
export function isDslValidationError(error: unknown): error is DslValidationError {
  return (
    error instanceof DslValidationError ||
    (error instanceof Error &&
      error.name === ERROR_NAME &&
      Array.isArray((error as { issues?: unknown }).issues))
  )
}

function dotPath(issue: v.BaseIssue<unknown>): string {
  return issue.path?.map((item) => String(item.key)).join('.') ?? ''
}

function describe(issue: v.BaseIssue<unknown>): string {
  // valibot says "Expected never" for an unknown key of a strict object.
  if (issue.type.startsWith('strict_') && issue.expected === 'never') {
    return `Unknown key: ${issue.received} is not a field of this object`
  }
  return issue.message
}

/** @internal Turns valibot's issues into the package's own. */
export function toDslIssues(
  issues: readonly [v.BaseIssue<unknown>, ...v.BaseIssue<unknown>[]],
): DslIssues {
  return issues.map((issue) => ({
    path: dotPath(issue),
    message: describe(issue),
    expected: issue.expected,
    received: issue.received,
  })) as unknown as DslIssues
}
