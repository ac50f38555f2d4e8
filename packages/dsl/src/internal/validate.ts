import * as v from 'valibot'
import { type DslResult, DslValidationError, toDslIssues } from '../errors'
import { deepFreeze } from './freeze'

/** @internal Validates a value against a schema; returns the frozen output or every issue. */
export function safeValidate<TSchema extends v.GenericSchema>(
  schema: TSchema,
  input: unknown,
): DslResult<v.InferOutput<TSchema>> {
  const result = v.safeParse(schema, input)
  if (result.success) return { success: true, output: deepFreeze(result.output) }
  return { success: false, issues: toDslIssues(result.issues) }
}

/** @internal Validates a value against a schema; throws {@link DslValidationError} if invalid. */
export function validate<TSchema extends v.GenericSchema>(
  schema: TSchema,
  input: unknown,
): v.InferOutput<TSchema> {
  const result = safeValidate(schema, input)
  if (!result.success) throw new DslValidationError(result.issues)
  return result.output
}
