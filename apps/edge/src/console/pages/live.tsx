/**
 * The last minutes: messages by state, 8x8's refusals of delivery attempts by outcome and
 * status, and 8x8's latency. The page refreshes itself (a meta refresh: no script).
 *
 * @module
 */
import type { FC } from 'hono/jsx'
import type { LiveFigures } from '../../db/messages/search'
import { time } from '../layout'

/** The live page's body. */
export const LivePage: FC<{ figures: LiveFigures; since: number; minutes: number }> = ({
  figures,
  since,
  minutes,
}) => (
  <>
    <p>{`The last ${minutes} minutes (since ${time(since)}); this page refreshes every 10 s.`}</p>
    <h2>Sends by state</h2>
    <table>
      <thead>
        <tr>
          <th>State</th>
          <th>Messages</th>
        </tr>
      </thead>
      <tbody>
        {figures.byState.map((row) => (
          <tr>
            <td class={`state-${row.state}`}>{row.state}</td>
            <td>{row.count}</td>
          </tr>
        ))}
      </tbody>
    </table>
    <h2>Refusals by code</h2>
    {figures.refusals.length === 0 ? (
      <p>No refused attempt.</p>
    ) : (
      <table>
        <thead>
          <tr>
            <th>Outcome</th>
            <th>HTTP</th>
            <th>Attempts</th>
          </tr>
        </thead>
        <tbody>
          {figures.refusals.map((row) => (
            <tr>
              <td class={`outcome-${row.outcome}`}>{row.outcome}</td>
              <td>{row.httpStatus ?? 'no answer'}</td>
              <td>{row.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    )}
    <h2>8x8's latency</h2>
    <p>
      {figures.latency.count === 0
        ? 'No delivery attempt.'
        : `${figures.latency.count} attempts: p50 ${figures.latency.p50} ms, p95 ${figures.latency.p95} ms, slowest ${figures.latency.max} ms`}
    </p>
  </>
)
