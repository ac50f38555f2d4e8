/**
 * Dead letters: asynchronous messages whose attempts ran out, newest first; tick some (or one)
 * and replay them into the delivery queue.
 *
 * @module
 */
import type { FC } from 'hono/jsx'
import type { DeadLetter } from '../../db/messages/replay'
import { Notice, PostForm, time } from '../layout'

/** The dead letters page's body. */
export const DeadLettersPage: FC<{
  rows: readonly DeadLetter[]
  next: string | null
  csrf: string
  done: string | undefined
}> = ({ rows, next, csrf, done }) => (
  <>
    <Notice text={done} />
    {rows.length === 0 ? (
      <p>No dead letter.</p>
    ) : (
      <PostForm action="/console/dead-letters/replay" csrf={csrf}>
        <table>
          <thead>
            <tr>
              <th>Replay</th>
              <th>Failed</th>
              <th>Gateway id</th>
              <th>Key</th>
              <th>Recipient</th>
              <th>Attempts</th>
              <th>Reason</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr>
                <td>
                  <input type="checkbox" name="id" value={row.id} aria-label={`Replay ${row.id}`} />
                </td>
                <td>{time(row.updatedAt)}</td>
                <td>
                  <a href={`/console/messages/${encodeURIComponent(row.id)}`}>
                    <code>{row.id}</code>
                  </a>
                </td>
                <td>{row.keyId}</td>
                <td>{row.recipient ?? '—'}</td>
                <td>{row.attempts}</td>
                <td>{row.reason ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p>
          <button type="submit">Replay selected</button>
        </p>
      </PostForm>
    )}
    {next === null ? null : (
      <p>
        <a href={`/console/dead-letters?cursor=${encodeURIComponent(next)}`} rel="next">
          Older dead letters
        </a>
      </p>
    )}
  </>
)
