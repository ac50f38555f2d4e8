import { describe, expect, test } from 'vitest'
import { DslValidationError, isDslValidationError, parseMessage } from '../src/index'
import { chars, to } from './helpers'

describe('every issue at once', () => {
  const threeFaults = () =>
    to.clientMessageId(chars(51)).buttons().body('Pick one').reply('a', chars(21)).reply('a', 'B')

  test('a message with three faults reports three issues, each with its path', () => {
    expect(threeFaults().safeBuild()).toStrictEqual({
      success: false,
      issues: [
        {
          path: 'content.interactive.action.buttons.0.reply.title',
          message: 'Invalid length: expected at most 20 characters but received 21',
          expected: '<=20',
          received: '21',
        },
        {
          path: 'content.interactive.action.buttons.1.reply.id',
          message: 'Invalid id: reply button ids must be unique',
          expected: null,
          received: '"a"',
        },
        {
          path: 'clientMessageId',
          message: 'Invalid length: expected at most 50 characters but received 51',
          expected: '<=50',
          received: '51',
        },
      ],
    })
  })

  test('build() throws a DslValidationError carrying the same issues and a readable message', () => {
    let caught: unknown
    try {
      threeFaults().build()
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(DslValidationError)
    const error = caught as DslValidationError
    expect(error.name).toBe('DslValidationError')
    expect(error.issues).toStrictEqual(threeFaults().safeBuild().issues)
    expect(error.message).toBe(
      [
        'Invalid message (3 issues):',
        '- content.interactive.action.buttons.0.reply.title: Invalid length: expected at most 20 characters but received 21',
        '- content.interactive.action.buttons.1.reply.id: Invalid id: reply button ids must be unique',
        '- clientMessageId: Invalid length: expected at most 50 characters but received 51',
      ].join('\n'),
    )
  })

  test('an unknown key is named in its issue', () => {
    expect(() =>
      parseMessage({
        user: { msisdn: '+15551234567' },
        type: 'text',
        content: { text: 'Hi', colour: 'red' },
      }),
    ).toThrow('- content.colour: Unknown key: "colour" is not a field of this object')
  })

  test('the root is reported with an empty path', () => {
    try {
      parseMessage('not a message')
      expect.unreachable()
    } catch (error) {
      expect(isDslValidationError(error) && error.issues).toStrictEqual([
        {
          path: '',
          message: 'Invalid type: Expected Object but received "not a message"',
          expected: 'Object',
          received: '"not a message"',
        },
      ])
    }
  })
})

describe('isDslValidationError', () => {
  test('recognises the error, also from another copy of the package', () => {
    const issues = [{ path: '', message: 'x', expected: null, received: 'y' }] as const
    const foreign = Object.assign(new Error('x'), {
      name: 'DslValidationError',
      issues: [...issues],
    })
    expect(isDslValidationError(new DslValidationError(issues))).toBe(true)
    expect(isDslValidationError(foreign)).toBe(true)
    expect(isDslValidationError(new Error('x'))).toBe(false)
    expect(isDslValidationError({ name: 'DslValidationError', issues: [] })).toBe(false)
  })
})
