/**
 * The messages page: search by any of the record's ids, recipient, state, key and time range,
 * newest first, a page at a time (a cursor in the "Older" link).
 *
 * @module
 */
import type { FC } from 'hono/jsx'
import type { MessageRow } from '../../db/messages/search'
import { time } from '../layout'

/** The search form's fields, as the query string gave them. */
export type SearchFields = Readonly<Record<(typeof FIELDS)[number][0], string>>

/** The form's text fields: query name, label. */
export const FIELDS = [
  ['id', 'Gateway id'],
  ['umid', 'umid'],
  ['recipient', 'Recipient'],
  ['clientMessageId', 'clientMessageId'],
  ['keyId', 'Key'],
  ['from', 'From (ISO time)'],
  ['to', 'To (ISO time)'],
  ['state', 'State'],
] as const

/** The states a message can be in (@chatapps/dsl's ranks), for the state filter. */
const STATES = [
  'accepted',
  'unknown',
  'queued',
  'sent',
  'delivered',
  'read',
  'undelivered',
  'rejected',
  'failed',
  'cancelled',
]

/** The messages page's body. */
export const MessagesPage: FC<{
  fields: SearchFields
  rows: readonly MessageRow[]
  next: string | null
  error?: string
}> = ({ fields, rows, next, error }) => {
  const query = new URLSearchParams(
    Object.entries(fields).filter(([, value]) => value !== '') as [string, string][],
  )
  if (next !== null) query.set('cursor', next)
  return (
    <>
      <form class="search" method="get" action="/console/messages">
        {FIELDS.filter(([name]) => name !== 'state').map(([name, label]) => (
          <label>
            {label}
            <input name={name} value={fields[name]} />
          </label>
        ))}
        <label>
          State
          <select name="state">
            <option value="">any</option>
            {STATES.map((state) => (
              <option value={state} selected={fields.state === state}>
                {state}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Search</button>
      </form>
      {error === undefined ? null : <p class="notice error">{error}</p>}
      <table>
        <thead>
          <tr>
            <th>Created</th>
            <th>Gateway id</th>
            <th>Key</th>
            <th>Recipient</th>
            <th>clientMessageId</th>
            <th>umid</th>
            <th>State</th>
            <th>Attempts</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr>
              <td>{time(row.createdAt)}</td>
              <td>
                <a href={`/console/messages/${encodeURIComponent(row.id)}`}>
                  <code>{row.id}</code>
                </a>
              </td>
              <td>{row.keyId}</td>
              <td>{row.recipient ?? '—'}</td>
              <td>{row.clientMessageId}</td>
              <td>{row.umid ?? '—'}</td>
              <td class={`state-${row.status}`}>{row.status}</td>
              <td>{row.attempts}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 ? <p>No message matches.</p> : null}
      {next === null ? null : (
        <p>
          <a href={`/console/messages?${query.toString()}`} rel="next">
            Older messages
          </a>
        </p>
      )}
    </>
  )
}
