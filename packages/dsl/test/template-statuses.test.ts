import { describe, expect, test } from 'vitest'
import * as dsl from '../src/index'
import {
  checkTemplate,
  isSendableTemplateStatus,
  type KnownTemplate,
  knownTemplate,
  normalizeTemplateStatus,
  TEMPLATE_STATUSES,
  templateStatusVerdict,
} from '../src/templates/index'

const known = (status: string, text = 'Hi'): KnownTemplate => ({
  name: 'notice',
  language: 'en',
  status,
  components: [{ type: 'BODY', text }],
})
const body = (...texts: string[]) => ({
  type: 'body',
  parameters: texts.map((text) => ({ type: 'text', text })),
})

describe('which statuses WhatsApp sends', () => {
  test('approved and flagged are sendable; every other status Meta lists is not', () => {
    expect(
      Object.entries(TEMPLATE_STATUSES)
        .filter(([, sendable]) => sendable)
        .map(([status]) => status),
    ).toStrictEqual(['approved', 'flagged'])
    expect(
      ['approved', 'FLAGGED', 'Paused', 'REJECTED', 'pending', 'IN_APPEAL', 'disabled'].map(
        templateStatusVerdict,
      ),
    ).toStrictEqual([
      'sendable',
      'sendable',
      'unsendable',
      'unsendable',
      'unsendable',
      'unsendable',
      'unsendable',
    ])
  })

  test('a word the table does not hold is unknown, and not sendable for the predicate', () => {
    expect(templateStatusVerdict('reinstalled')).toBe('unknown')
    expect(templateStatusVerdict('__proto__')).toBe('unknown')
    expect(templateStatusVerdict('toString')).toBe('unknown')
    expect(['APPROVED', 'flagged', 'paused', 'reinstalled'].map(isSendableTemplateStatus)).toEqual([
      true,
      true,
      false,
      false,
    ])
  })

  test('a status is normalised in one place: lower case, words joined by _', () => {
    expect(
      ['PENDING_DELETION', ' In appeal ', 'limit-exceeded'].map(normalizeTemplateStatus),
    ).toEqual(['pending_deletion', 'in_appeal', 'limit_exceeded'])
    expect(
      knownTemplate({
        channelId: 'c',
        templateName: 'n',
        language: 'en',
        components: [],
        status: 'PENDING DELETION',
      }).status,
    ).toBe('pending_deletion')
  })

  test('the package’s main entry exports the same rule', () => {
    expect(dsl.isSendableTemplateStatus).toBe(isSendableTemplateStatus)
    expect(dsl.templateStatusVerdict).toBe(templateStatusVerdict)
    expect(dsl.TEMPLATE_STATUSES).toBe(TEMPLATE_STATUSES)
  })
})

describe('checkTemplate reads the status through the table', () => {
  test('a flagged template is sent (its quality is low; Meta sends it until it pauses it)', () => {
    expect(checkTemplate({ name: 'notice', language: 'en' }, [known('flagged')])).toEqual([])
    expect(checkTemplate({ name: 'notice', language: 'en' }, [known('FLAGGED')])).toEqual([])
  })

  test('a status in upper case is refused as in lower case', () => {
    expect(checkTemplate({ name: 'notice', language: 'en' }, [known('PAUSED')])).toEqual([
      {
        path: 'content.template.name',
        rule: 'not_approved',
        code: undefined,
        message: 'notice (en) is paused: WhatsApp sends approved templates only.',
      },
    ])
  })

  test('an unknown status is left to 8x8 and WhatsApp, not refused', () => {
    expect(checkTemplate({ name: 'notice', language: 'en' }, [known('reinstalled')])).toEqual([])
  })

  test('the same name and language on two channels: the sendable registration is the one', () => {
    const paused = known('paused')
    const approved = known('approved', 'Hi {{1}}')
    const send = { name: 'notice', language: 'en', components: [body('x')] }
    expect(checkTemplate(send, [paused, approved])).toEqual([])
    expect(checkTemplate(send, [approved, paused])).toEqual([])
    expect(checkTemplate(send, [paused, known('rejected')])).toEqual([
      {
        path: 'content.template.name',
        rule: 'not_approved',
        code: undefined,
        message: 'notice (en) is paused: WhatsApp sends approved templates only.',
      },
      {
        path: 'content.template.components.0.parameters',
        rule: 'body_count',
        code: 3033,
        message: 'The body of notice (en) takes 0 parameters; 1 given.',
      },
    ])
  })
})
