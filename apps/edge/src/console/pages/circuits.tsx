/**
 * The circuit breaker of each sub-account the keys name: closed, open (until when) or
 * half-open, and its recent failures.
 *
 * @module
 */
import type { FC } from 'hono/jsx'
import type { CircuitState } from '../../objects/circuit/object'
import { time } from '../layout'

/** The circuits page's body. */
export const CircuitsPage: FC<{
  circuits: readonly { readonly subAccount: string; readonly state: CircuitState | null }[]
}> = ({ circuits }) => (
  <table>
    <thead>
      <tr>
        <th>Sub-account</th>
        <th>State</th>
        <th>Failures / outcomes</th>
        <th>Open until</th>
      </tr>
    </thead>
    <tbody>
      {circuits.map(({ subAccount, state }) => (
        <tr>
          <td>{subAccount}</td>
          <td>{state === null ? 'unavailable' : state.state}</td>
          <td>{state === null ? '—' : `${state.failures} / ${state.outcomes}`}</td>
          <td>{state === null || state.openUntil === 0 ? '—' : time(state.openUntil)}</td>
        </tr>
      ))}
    </tbody>
  </table>
)
