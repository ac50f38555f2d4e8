/**
 * CSV as operators' spreadsheets write and read it (RFC 4180: quoted fields, doubled quotes,
 * commas and line breaks inside quotes, CRLF or LF), for the suppression import and export.
 * Parsing and quoting are d3-dsv's, the small, dependency-free CSV reader and writer of d3 (its
 * own dependencies serve only its command-line tools, which the bundle never loads): quoting
 * rules are where a hand-written reader goes wrong.
 *
 * @module
 */
import { csvFormatRow, csvParseRows } from 'd3-dsv'

/**
 * The rows of a CSV text (a byte-order mark left by a spreadsheet is dropped); rows with no
 * text at all are left out.
 *
 * @example
 * csvRows('recipient,reason\n"+15551234567","moved, asked by phone"\n')
 * // [['recipient', 'reason'], ['+15551234567', 'moved, asked by phone']]
 */
export function csvRows(text: string): string[][] {
  const rows = csvParseRows(text.startsWith('\uFEFF') ? text.slice(1) : text)
  return rows.filter((row) => row.some((cell) => cell.trim() !== ''))
}

/**
 * A CSV text of rows, each field quoted when it must be, one row a line, the last one ended.
 *
 * @example
 * csvText([['recipient', 'reason'], ['+15551234567', 'said "no"']])
 * // 'recipient,reason\n+15551234567,"said ""no"""\n'
 */
export function csvText(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => `${csvFormatRow([...row])}\n`).join('')
}

/** What makes a spreadsheet read a cell as a formula (OWASP, CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/

/**
 * A free-text cell (an operator's reason) as a spreadsheet shows it and never runs it: one
 * that starts like a formula is written behind a `'`. {@link fromInertCell} undoes it.
 *
 * @example
 * inertCell('=HYPERLINK("http://evil.example")') // `'=HYPERLINK("http://evil.example")`
 */
export function inertCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text
}

/**
 * A cell as {@link inertCell} wrote it, back to its text.
 *
 * @example
 * fromInertCell(`'=1+1`) // '=1+1'
 */
export function fromInertCell(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell
}
