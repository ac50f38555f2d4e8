import { expect } from 'vitest'
import type { DslResult } from '../src/index'
import { msg } from '../src/index'

/** A recipient for tests. */
export const to = msg.to('+15551234567')

/** A string of `n` code points. */
export const chars = (n: number, char = 'a') => char.repeat(n)

/** The paths of a result's issues, or `[]` if it succeeded. */
export function pathsOf(result: DslResult<unknown>): string[] {
  return result.success ? [] : result.issues.map((issue) => issue.path)
}

/** Asserts that a result failed with exactly these issue paths, in this order. */
export function expectIssuesAt(result: DslResult<unknown>, paths: string[]): void {
  expect(result.success).toBe(false)
  expect(pathsOf(result)).toStrictEqual(paths)
}

/** Asserts that a result succeeded. */
export function expectValid(result: DslResult<unknown>): void {
  expect(result.issues).toBeUndefined()
  expect(result.success).toBe(true)
}
