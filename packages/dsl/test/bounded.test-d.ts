import { describe, expectTypeOf, test } from 'vitest'
import {
  type Batch,
  type BoundedDslResult,
  type DslIssues,
  type DslResult,
  type Message,
  safeParseBatch,
  safeParseMessage,
  type ValidationOptions,
} from '../src/index'

describe('maxIssues in the types', () => {
  test('without options, the result type is unchanged', () => {
    expectTypeOf(safeParseMessage({})).toEqualTypeOf<DslResult<Message>>()
    expectTypeOf(safeParseBatch({})).toEqualTypeOf<DslResult<Batch>>()
  })

  test('with options, a failure carries truncated and issuesTotal', () => {
    const result = safeParseMessage({}, { maxIssues: 100 })
    expectTypeOf(result).toEqualTypeOf<BoundedDslResult<Message>>()
    expectTypeOf(safeParseBatch({}, { maxIssues: 100 })).toEqualTypeOf<BoundedDslResult<Batch>>()
    if (!result.success) {
      expectTypeOf(result.truncated).toEqualTypeOf<boolean>()
      expectTypeOf(result.issuesTotal).toEqualTypeOf<number>()
      expectTypeOf(result.issues).toEqualTypeOf<DslIssues>()
    } else {
      expectTypeOf(result.output).toEqualTypeOf<Message>()
      // @ts-expect-error a success has no count
      void result.truncated
    }
  })

  test('maxIssues is a number, and the only option', () => {
    expectTypeOf<ValidationOptions>().toEqualTypeOf<{ readonly maxIssues?: number }>()
    // @ts-expect-error a string is not a bound
    safeParseMessage({}, { maxIssues: '100' })
    // @ts-expect-error an unknown option
    safeParseMessage({}, { abortEarly: true })
  })
})
