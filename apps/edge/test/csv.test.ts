import { describe, expect, it } from 'vitest'
import { csvRows, csvText, fromInertCell, inertCell } from '../src/lib/csv'

describe('csv (src/lib/csv.ts)', () => {
  it('reads quoted fields, doubled quotes, line breaks in quotes, CRLF, a BOM; blank rows left out', () => {
    expect(csvRows('\ufeffa,b\r\n"x, y","say ""no"""\r\n\r\n"two\nlines",\n')).toEqual([
      ['a', 'b'],
      ['x, y', 'say "no"'],
      ['two\nlines', ''],
    ])
  })

  it('writes each row a line, quoting only what must be, and reads back what it wrote', () => {
    const rows = [
      ['+15551234567', 'plain'],
      ['+15551234568', 'a, b'],
      ['+15551234569', 'say "no"'],
      ['+15551234570', 'two\nlines'],
    ]
    const text = csvText(rows)
    expect(text).toBe(
      '+15551234567,plain\n+15551234568,"a, b"\n+15551234569,"say ""no"""\n+15551234570,"two\nlines"\n',
    )
    expect(csvRows(text)).toEqual(rows)
  })

  it.each(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx'])(
    '%j, a formula to a spreadsheet, is written inert and read back',
    (text) => {
      expect(inertCell(text)).toBe(`'${text}`)
      expect(fromInertCell(inertCell(text))).toBe(text)
    },
  )

  it("leaves other text as it is, and a ' before ordinary text", () => {
    expect(inertCell('complaint')).toBe('complaint')
    expect(inertCell("'quoted'")).toBe("'quoted'")
    expect(fromInertCell("'quoted'")).toBe("'quoted'")
  })
})
