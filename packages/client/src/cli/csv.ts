/**
 * CSV (RFC 4180) to records, and `{{column}}` placeholders filled from a record.
 *
 * @module
 */

/**
 * Parses CSV text into rows of fields: quoted fields may hold commas, quotes (`""`) and line
 * breaks; CRLF and LF both end a record; a final empty line is ignored.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0
  for (; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"'
          i++
        } else quoted = false
      } else field += c
    } else if (c === '"' && field === '') quoted = true
    else if (c === ',') {
      row.push(field)
      field = ''
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++
      row.push(field)
      rows.push(row)
      row = []
      field = ''
    } else field += c
  }
  if (quoted) throw new SyntaxError('CSV: a quoted field is not closed')
  if (field !== '' || row.length > 0) {
    row.push(field)
    rows.push(row)
  }
  return rows.filter((r) => !(r.length === 1 && r[0] === ''))
}

/** The CSV's records as objects keyed by the header row's names. */
export function csvRecords(text: string): { header: string[]; records: Record<string, string>[] } {
  const [header, ...rows] = parseCsv(text)
  if (header === undefined) return { header: [], records: [] }
  const names = header.map((name) => name.trim())
  const records = rows.map((row, index) => {
    if (row.length !== names.length) {
      throw new SyntaxError(
        `CSV: row ${index + 1} has ${row.length} fields, the header has ${names.length}`,
      )
    }
    return Object.fromEntries(names.map((name, at) => [name, row[at] ?? '']))
  })
  return { header: names, records }
}

const PLACEHOLDER = /\{\{\s*([^{}]+?)\s*\}\}/g

/** Every placeholder name used in a template's string values. */
export function placeholders(template: unknown): Set<string> {
  const names = new Set<string>()
  walk(template, (text) => {
    for (const match of text.matchAll(PLACEHOLDER)) if (match[1] !== undefined) names.add(match[1])
    return text
  })
  return names
}

/** A copy of the template with every `{{column}}` in its strings replaced by the record's value. */
export function fillTemplate(template: unknown, record: Readonly<Record<string, string>>): unknown {
  return walk(template, (text) =>
    text.replace(PLACEHOLDER, (whole, name: string) => record[name] ?? whole),
  )
}

function walk(value: unknown, onString: (text: string) => string): unknown {
  if (typeof value === 'string') return onString(value)
  if (Array.isArray(value)) return value.map((item) => walk(item, onString))
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, onString)]))
  }
  return value
}
