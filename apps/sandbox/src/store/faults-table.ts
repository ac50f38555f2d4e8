/**
 * The SQL of the fault plan: one row holding the {@link FaultState} as JSON (the plan, how far
 * its sequence went, the PRNG states and the counters).
 *
 * @module
 */
import { emptyFaultState, type FaultState } from '../faults/decide'

/** The table: at most one row, `id = 1`. */
export const FAULTS_SCHEMA = `
CREATE TABLE IF NOT EXISTS faults (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  state TEXT NOT NULL
);
`

/** The current fault state; no plan and zero counters when none was set. */
export function loadFaults(sql: SqlStorage): FaultState {
  const row = sql.exec<{ state: string }>('SELECT state FROM faults WHERE id = 1').toArray()[0]
  return row === undefined ? emptyFaultState() : (JSON.parse(row.state) as FaultState)
}

/** Replaces the fault state. */
export function saveFaults(sql: SqlStorage, state: FaultState): void {
  sql.exec(
    'INSERT INTO faults (id, state) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET state = excluded.state',
    JSON.stringify(state),
  )
}

/** Removes the plan and its counters. */
export function clearFaults(sql: SqlStorage): void {
  sql.exec('DELETE FROM faults')
}
