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

/** How many issues there were, when a `maxIssues` bound may have cut the list. */
export interface DslIssueCount {
  /**
   * Whether validation stopped at the `maxIssues` bound: `issues` holds the first `maxIssues`,
   * and there are more.
   */
  readonly truncated: boolean
  /**
   * How many issues validation found: `issues.length` when not truncated. When truncated, the
   * issues found before it stopped (more than `maxIssues`): a lower bound of the total, since the
   * rest of the value was not looked at.
   */
  readonly issuesTotal: number
}

/**
 * The result of a `safe…` function given `{ maxIssues }`: like {@link DslResult}, and a failure
 * also says whether the list was cut and how many issues were found.
 *
 * @example
 * ```ts
 * const result: BoundedDslResult<Message> = safeParseMessage(body, { maxIssues: 100 })
 * if (!result.success && result.truncated) console.log(`at least ${result.issuesTotal} issues`)
 * ```
 */
export type BoundedDslResult<TOutput> =
  | Extract<DslResult<TOutput>, { readonly success: true }>
  | (Extract<DslResult<TOutput>, { readonly success: false }> & DslIssueCount)

const ERROR_NAME = 'DslValidationError'

function summarize(issues: DslIssues, count: DslIssueCount): string {
  const lines = issues.map((issue) => `- ${issue.path || '(root)'}: ${issue.message}`)
  const total = count.issuesTotal === 1 ? '1 issue' : `${count.issuesTotal} issues`
  const shown = count.truncated ? `at least ${total}, the first ${issues.length} listed` : total
  return `Invalid message (${shown}):\n${lines.join('\n')}`
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
  /** Every issue, each with its path (the first `maxIssues` when a bound was given). */
  readonly issues: DslIssues
  /** Whether validation stopped at a `maxIssues` bound (see {@link DslResult}). */
  readonly truncated: boolean
  /** How many issues were found; a lower bound of the total when `truncated`. */
  readonly issuesTotal: number

  /**
   * @param issues Every issue found; at least one.
   * @param count Whether a bound cut the list, and how many were found; by default, `issues`.
   */
  constructor(
    issues: DslIssues,
    count: DslIssueCount = { truncated: false, issuesTotal: issues.length },
  ) {
    super(summarize(issues, count))
    this.issues = issues
    this.truncated = count.truncated
    this.issuesTotal = count.issuesTotal
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
