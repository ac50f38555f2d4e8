import * as v from 'valibot'
import { type BoundedDslResult, type DslResult, DslValidationError, toDslIssues } from '../errors'
import { IssueBudget } from './budget'
import { deepFreeze } from './freeze'

/** How a validation reports its issues. */
export interface ValidationOptions {
  /**
   * The most issues to collect. Validation stops once it has found one more (its work is bounded
   * too, not only its answer), and the result says `truncated: true`. Unbounded when left out.
   */
  readonly maxIssues?: number
}

type Issues = readonly [v.BaseIssue<unknown>, ...v.BaseIssue<unknown>[]]

/** Runs the schema, under a budget when `maxIssues` is given. */
function run(schema: v.GenericSchema, input: unknown, maxIssues: number | undefined) {
  if (maxIssues === undefined) {
    const result = v.safeParse(schema, input)
    const issues = result.issues as Issues | undefined
    return { output: result.output, issues, found: issues?.length ?? 0, exhausted: false }
  }
  if (!(Number.isInteger(maxIssues) && maxIssues >= 1)) {
    throw new RangeError(`maxIssues must be a positive integer, received ${maxIssues}`)
  }
  const budget = new IssueBudget(maxIssues)
  const dataset = schema['~run']({ value: input }, budget)
  const issues = dataset.issues as Issues | undefined
  return { output: dataset.value, issues, found: budget.found, exhausted: budget.exhausted }
}

/** @internal Validates a value against a schema, within `options.maxIssues` issues. */
export function safeValidateBounded<TSchema extends v.GenericSchema>(
  schema: TSchema,
  input: unknown,
  options: ValidationOptions,
): BoundedDslResult<v.InferOutput<TSchema>> {
  const { maxIssues } = options
  const { output, issues, found, exhausted } = run(schema, input, maxIssues)
  if (issues === undefined) return { success: true, output: deepFreeze(output) }
  const truncated = exhausted || (maxIssues !== undefined && issues.length > maxIssues)
  if (!truncated) {
    return { success: false, issues: toDslIssues(issues), truncated, issuesTotal: issues.length }
  }
  return {
    success: false,
    issues: toDslIssues(issues.slice(0, maxIssues) as unknown as Issues),
    truncated,
    issuesTotal: Math.max(found, issues.length),
  }
}

/** @internal Validates a value against a schema; returns the frozen output or every issue. */
export function safeValidate<TSchema extends v.GenericSchema>(
  schema: TSchema,
  input: unknown,
): DslResult<v.InferOutput<TSchema>> {
  const result = v.safeParse(schema, input)
  if (result.success) return { success: true, output: deepFreeze(result.output) }
  return { success: false, issues: toDslIssues(result.issues) }
}

/**
 * @internal Validates a value against a schema; throws {@link DslValidationError} if invalid
 * (with at most `options.maxIssues` issues, and how many were found).
 */
export function validate<TSchema extends v.GenericSchema>(
  schema: TSchema,
  input: unknown,
  options?: ValidationOptions,
): v.InferOutput<TSchema> {
  if (options === undefined) {
    const result = safeValidate(schema, input)
    if (!result.success) throw new DslValidationError(result.issues)
    return result.output
  }
  const result = safeValidateBounded(schema, input, options)
  if (!result.success) throw new DslValidationError(result.issues, result)
  return result.output
}
