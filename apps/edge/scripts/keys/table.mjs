// `keys list` as text: one line per key within 100 columns, dates as ISO dates; what does not fit
// (routes, callback URL, long type lists) on indented lines under it, in full, only when set.
// `--json` has every column.

const WIDTH = 100

/** The part of an ISO timestamp that is the date (UTC). */
const isoDate = (ms) =>
  ms === null || ms === undefined ? '' : new Date(Number(ms)).toISOString().slice(0, 10)

const listOf = (json) => (json === null || json === undefined ? 'all' : JSON.parse(json).join(','))

const clip = (text, width) =>
  text.length <= width ? text.padEnd(width) : `${text.slice(0, width - 1)}…`

/**
 * @example
 * formatKeys([{ key_id: 'acme-1', alg: 'ed25519', sub_account: 'acme', status: 'active',
 *   allowed_types: '["text"]', allowed_routes: null, rate_per_second: 10, rate_burst: 60,
 *   callback_url: null, created_at: 1796400000000 }])
 * // 'key id   alg   sub-account   status   rate/burst   created      types\n' + 'acme-1 …'
 */
export function formatKeys(rows) {
  if (rows.length === 0) return 'no keys (pnpm keys add --help)'
  const cells = rows.map((row) => ({
    id: row.key_id,
    alg: row.alg,
    sub: row.sub_account,
    status: row.status,
    rate: `${row.rate_per_second}/${row.rate_burst}`,
    created: isoDate(row.created_at),
    types: listOf(row.allowed_types),
  }))
  const head = {
    id: 'key id',
    alg: 'alg',
    sub: 'sub-account',
    status: 'status',
    rate: 'rate/burst',
    created: 'created',
    types: 'types',
  }
  const caps = { id: 24, alg: 11, sub: 18, status: 7, rate: 10, created: 10 }
  const widths = Object.fromEntries(
    Object.entries(caps).map(([name, cap]) => [
      name,
      Math.min(cap, Math.max(head[name].length, ...cells.map((c) => c[name].length))),
    ]),
  )
  const fixed = Object.values(widths).reduce((a, b) => a + b, 0) + 2 * Object.keys(widths).length
  const typesWidth = Math.max(5, WIDTH - fixed)
  const line = (c) =>
    [...Object.keys(caps).map((name) => clip(c[name], widths[name])), c.types].join('  ').trimEnd()
  const out = [line(head)]
  rows.forEach((row, index) => {
    const cell = cells[index]
    const inline = cell.types.length <= typesWidth
    out.push(line({ ...cell, types: inline ? cell.types : '(below)' }))
    if (!inline) out.push(`  types: ${cell.types}`)
    if (row.allowed_routes !== null && row.allowed_routes !== undefined) {
      out.push(`  routes: ${listOf(row.allowed_routes)}`)
    }
    if (row.callback_url) out.push(`  callbacks to ${row.callback_url}`)
  })
  return out.join('\n')
}
