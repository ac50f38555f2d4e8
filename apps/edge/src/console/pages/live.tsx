/**
 * The last minutes: messages by state, the gateway's refusals of signed requests by problem
 * code, 8x8's refusals of delivery attempts by outcome and status, and 8x8's latency. The page refreshes itself (a meta refresh: no script).
 *
 * @module
 */
import type { FC } from 'hono/jsx'
import type { LiveFigures } from '../../db/messages/search'
import type { RefusalsByCode } from '../../db/refusals'
import { time } from '../layout'

/** The live page's body. */
export const LivePage: FC<{
  figures: LiveFigures
  refusals: readonly RefusalsByCode[]
  since: number
  minutes: number
  refreshSeconds: number
}> = ({ figures, refusals, since, minutes, refreshSeconds }) => (
  <>
    <p>{`The last ${minutes} minutes (since ${time(since)}); this page refreshes every ${refreshSeconds} s.`}</p>
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
    <p>
      The gateway's answers of 400 and above to signed requests, by problem code (from the minute
      the period starts; a bad signature or an unknown key is in the request log lines only).
    </p>
    {refusals.length === 0 ? (
      <p>No refused request.</p>
    ) : (
      <table>
        <thead>
          <tr>
            <th>Code</th>
            <th>Requests</th>
            <th>Keys</th>
          </tr>
        </thead>
        <tbody>
          {refusals.map((row) => (
            <tr>
              <td>
                <a href={`/problems/${row.code}`}>
                  <code>{row.code}</code>
                </a>
              </td>
              <td>{row.count}</td>
              <td>{row.keys}</td>
            </tr>
          ))}
        </tbody>
      </table>
    )}
    <h2>8x8's refusals of delivery attempts</h2>
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
