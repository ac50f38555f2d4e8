import { describe, expect, test } from 'vitest'
import {
  DslValidationError,
  parseBatch,
  parseMessage,
  safeParseBatch,
  safeParseMessage,
} from '../src/index'
import { listOf } from './fixtures/list-of-rows'

const user = { msisdn: '+15551234567' }

/** `count` empty rows, each missing its id and title (two issues each). */
const emptyRows = (count: number) => Array.from({ length: count }, () => ({}))

/** An array that counts how many of its items were read: the work validation did. */
function counted<T>(items: readonly T[]): { readonly items: T[]; readonly reads: () => number } {
  const read = new Set<string>()
  const items_ = new Proxy([...items], {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^\d+$/.test(key)) read.add(key)
      return Reflect.get(target, key, receiver)
    },
  })
  return { items: items_, reads: () => read.size }
}

const missingKey = (path: string, key: string) => ({
  path,
  message: `Invalid key: Expected "${key}" but received undefined`,
  expected: `"${key}"`,
  received: 'undefined',
})

describe('maxIssues bounds the issues and the work', () => {
  test('80,000 empty rows in under 256 KiB: the first 100 issues, truncated, 101 found', () => {
    const message = listOf(emptyRows(80_000))
    expect(JSON.stringify(message).length).toBeLessThan(256 * 1024)
    const result = safeParseMessage(message, { maxIssues: 100 })
    const rows = 'content.interactive.action.sections.0.rows'
    expect(result).toStrictEqual({
      success: false,
      issues: Array.from({ length: 50 }, (_, row) => [
        missingKey(`${rows}.${row}.id`, 'id'),
        missingKey(`${rows}.${row}.title`, 'title'),
      ]).flat(),
      truncated: true,
      issuesTotal: 101,
    })
  })

  test('validation stops at the bound: it reads 51 rows of 80,000, not all of them', () => {
    const rows = counted(emptyRows(80_000))
    safeParseMessage(listOf(rows.items), { maxIssues: 100 })
    expect(rows.reads()).toBe(51)
  })

  test('without options nothing changes: every issue, and no new fields', () => {
    const rows = counted(emptyRows(300))
    const result = safeParseMessage(listOf(rows.items))
    expect(rows.reads()).toBe(300)
    expect(result.success).toBe(false)
    expect(result.issues).toHaveLength(600)
    expect(Object.keys(result)).toStrictEqual(['success', 'issues'])
  })

  test('exactly maxIssues issues are all listed and not truncated; one more is', () => {
    const at = safeParseMessage(listOf(emptyRows(50)), { maxIssues: 100 })
    expect(at.success || [at.issues.length, at.truncated, at.issuesTotal]).toStrictEqual([
      100,
      false,
      100,
    ])
    const over = safeParseMessage(listOf([...emptyRows(50), { id: 'x' }]), { maxIssues: 100 })
    expect(over.success || [over.issues.length, over.truncated, over.issuesTotal]).toStrictEqual([
      100,
      true,
      101,
    ])
  })

  test('thousands of repeated row ids stop at the bound too', () => {
    const rows = Array.from({ length: 2_000 }, () => ({ id: 'same', title: 'Row' }))
    const result = safeParseMessage(listOf(rows), { maxIssues: 100 })
    expect(result.success || [result.issues.length, result.truncated, result.issuesTotal]).toEqual([
      100,
      true,
      101,
    ])
    expect(result.issues?.[1]).toStrictEqual({
      path: 'content.interactive.action.sections.0.rows.1.id',
      message: 'Invalid id: row ids must be unique within the list',
      expected: null,
      received: '"same"',
    })
  })

  test('a batch of 1,000 messages with three issues each: 100 issues over all, 34 read', () => {
    const bad = { user: {}, type: 'text', content: { text: '' }, priority: 'high' }
    const messages = counted(Array.from({ length: 1_000 }, () => bad))
    const result = safeParseBatch({ messages: messages.items }, { maxIssues: 100 })
    expect(messages.reads()).toBe(34)
    expect(result.success || [result.issues.length, result.truncated, result.issuesTotal]).toEqual([
      100,
      true,
      101,
    ])
    expect(result.issues?.slice(0, 3)).toStrictEqual([
      {
        path: 'messages.0.user',
        message: 'Invalid recipient: give an msisdn, a channelUserId or a lineUserId',
        expected: null,
        received: 'Object',
      },
      {
        path: 'messages.0.content.text',
        message: 'Invalid length: must not be empty',
        expected: '>=1',
        received: '0',
      },
      {
        path: 'messages.0.priority',
        message: 'Unknown key: "priority" is not a field of this object',
        expected: 'never',
        received: '"priority"',
      },
    ])
  })

  test('a batch with a template stops at the bound inside the merged messages', () => {
    const messages = Array.from({ length: 1_000 }, () => ({ user, content: { text: '' } }))
    const result = safeParseBatch({ template: { type: 'text' }, messages }, { maxIssues: 100 })
    expect(result.success || [result.issues.length, result.truncated, result.issuesTotal]).toEqual([
      100,
      true,
      101,
    ])
    expect(result.issues?.[99]?.path).toBe('messages.99.content.text')
  })

  test('options tried and discarded by a union are not counted: real issues are all listed', () => {
    // Each value of the flow data is tried as a string, number, boolean, null and array first.
    const data = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, { v: [i] }]))
    const message = {
      user,
      type: 'interactive',
      content: {
        interactive: {
          type: 'flow',
          body: { text: 'Go' },
          action: {
            parameters: { flowId: 'f', flowCta: 'Open', flowActionPayload: { data } },
          },
        },
      },
      clientMessageId: '',
      scheduled: 'soon',
    }
    const bounded = safeParseMessage(message, { maxIssues: 100 })
    const unbounded = safeParseMessage(message)
    expect(unbounded.issues).toHaveLength(2)
    expect(bounded).toStrictEqual({ ...unbounded, truncated: false, issuesTotal: 2 })
  })

  test('under a generous bound, the issues are exactly those of an unbounded run', () => {
    const inputs: unknown[] = [
      listOf(emptyRows(120)),
      listOf([{ id: 'a', title: 'A' }, { id: 'a', title: '' }, 7]),
      { user: { msisdn: '555' }, type: 'location', content: { location: { latitude: '91' } } },
      {
        user,
        type: 'richCard',
        content: { richCard: { suggestions: [{ reply: {} }, { nope: 1 }, 'x'] } },
      },
      { messages: [{ user }, { user, type: 'text', content: { text: 1 } }], extra: true },
    ]
    for (const input of inputs) {
      const isBatch = typeof input === 'object' && input !== null && 'messages' in input
      const unbounded = isBatch ? safeParseBatch(input) : safeParseMessage(input)
      const bounded = isBatch
        ? safeParseBatch(input, { maxIssues: 10_000 })
        : safeParseMessage(input, { maxIssues: 10_000 })
      expect(unbounded.success).toBe(false)
      expect(bounded).toStrictEqual({
        ...unbounded,
        truncated: false,
        issuesTotal: unbounded.issues?.length,
      })
    }
  })

  test('parseMessage and parseBatch throw with the count, and say the list was cut', () => {
    let caught: unknown
    try {
      parseMessage(listOf(emptyRows(1_000)), { maxIssues: 2 })
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(DslValidationError)
    const error = caught as DslValidationError
    expect([error.issues.length, error.truncated, error.issuesTotal]).toStrictEqual([2, true, 3])
    expect(error.message).toBe(
      'Invalid message (at least 3 issues, the first 2 listed):\n' +
        '- content.interactive.action.sections.0.rows.0.id: Invalid key: Expected "id" but received undefined\n' +
        '- content.interactive.action.sections.0.rows.0.title: Invalid key: Expected "title" but received undefined',
    )
    expect(() => parseBatch({ messages: [] }, { maxIssues: 5 })).toThrow(
      'Invalid message (1 issue):',
    )
  })

  test.each([0, -1, 1.5, Number.NaN])('maxIssues %s is refused', (maxIssues) => {
    expect(() => safeParseMessage({}, { maxIssues })).toThrow(
      new RangeError(`maxIssues must be a positive integer, received ${maxIssues}`),
    )
  })

  test('a fault deep inside JSON data is reported at its own path, not as a failed union', () => {
    const message = {
      user,
      type: 'interactive',
      content: {
        interactive: {
          type: 'flow',
          body: { text: 'Go' },
          action: {
            parameters: {
              flowId: 'f',
              flowCta: 'Open',
              flowActionPayload: { data: { a: [1, { b: '\ud800' }] } },
            },
          },
        },
      },
    }
    expect(safeParseMessage(message).issues).toStrictEqual([
      {
        path: 'content.interactive.action.parameters.flowActionPayload.data.a.1.b',
        message: 'Invalid text: contains a lone surrogate (not well-formed Unicode)',
        expected: null,
        received: '"\ud800"',
      },
    ])
  })

  test('a valid message is the same with or without a bound', () => {
    const rows = Array.from({ length: 10 }, (_, i) => ({ id: `r${i}`, title: `Row ${i}` }))
    expect(safeParseMessage(listOf(rows), { maxIssues: 1 })).toStrictEqual(
      safeParseMessage(listOf(rows)),
    )
  })
})
