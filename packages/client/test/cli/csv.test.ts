import { describe, expect, it } from 'vitest'
import { csvRecords, fillTemplate, parseCsv, placeholders } from '../../src/cli/csv'

describe('csv', () => {
  it('Should parse quotes, escaped quotes, commas and line breaks in fields, CRLF and a BOM', () => {
    const text = '\uFEFFa,b\r\n"x, y","say ""hi"""\r\n"multi\nline",\n\n'
    expect(parseCsv(text)).toStrictEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"'],
      ['multi\nline', ''],
    ])
  })

  it('Should key records by the header and refuse a row of the wrong width', () => {
    expect(csvRecords('phone,name\n+1555,Ann\n').records).toStrictEqual([
      { phone: '+1555', name: 'Ann' },
    ])
    expect(() => csvRecords('a,b\n1\n')).toThrow(/row 1 has 1 fields/)
    expect(() => parseCsv('"open')).toThrow(SyntaxError)
  })

  it('Should fill {{column}} placeholders in every string of a template', () => {
    const template = {
      user: { msisdn: '{{phone}}' },
      type: 'text',
      content: { text: 'Hello {{ name }}, order {{order}}', list: ['{{name}}', 3] },
    }
    expect(placeholders(template)).toStrictEqual(new Set(['phone', 'name', 'order']))
    expect(fillTemplate(template, { phone: '+1555', name: 'Ann', order: '7' })).toStrictEqual({
      user: { msisdn: '+1555' },
      type: 'text',
      content: { text: 'Hello Ann, order 7', list: ['Ann', 3] },
    })
  })
})
