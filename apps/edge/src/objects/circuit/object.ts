/**
 * The circuit breaker: one Durable Object per 8x8 sub-account, shared by the synchronous routes and
 * the queue consumer (README, The map: the circuit breaker).
 *
 * @module
 */
import { DurableObject } from 'cloudflare:workers'

/** The breaker's tuning: the configuration's `CIRCUIT_*`, passed with each call. */
export interface CircuitSettings {
  /** Failures among the last {@link WINDOW} outcomes (and at least half of them) that open it. */
  readonly threshold: number
  /** How long the circuit stays open before a probe may pass. */
  readonly openMs: number
}

/** What a caller may do now. */
export type Permit =
  | {
      readonly allowed: true
      /** This request is the half-open probe: report its outcome. */
      readonly probe: boolean
      /** Failures in the window: when 0 and not a probe, a success need not be reported. */
      readonly failures: number
      /** The breaker's generation: outcomes of an older one are ignored (see `report`). */
      readonly epoch: number
    }
  | { readonly allowed: false; readonly retryAfterMs: number }

/** The breaker's state, as {@link Circuit.state} shows it (tests, operators). */
export interface CircuitState {
  readonly state: 'closed' | 'open' | 'half_open'
  /** Failures among the last `outcomes` reported outcomes. */
  readonly failures: number
  readonly outcomes: number
  readonly openUntil: number
  readonly probeUntil: number
  readonly epoch: number
}

/** How many of the latest reported outcomes the breaker weighs. */
export const WINDOW = 20
const MASK = (1 << WINDOW) - 1

interface Row extends Record<string, SqlStorageValue> {
  /** The last `size` outcomes as bits, newest lowest; 1 is a failure. */
  window: number
  size: number
  open_until: number
  probe_until: number
  epoch: number
}

function countFailures(window: number): number {
  let count = 0
  for (let bits = window; bits !== 0; bits &= bits - 1) count++
  return count
}

export class Circuit extends DurableObject {
  private readonly sql: SqlStorage

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env)
    this.sql = ctx.storage.sql
    this.sql.exec(`CREATE TABLE IF NOT EXISTS outcomes (id INTEGER PRIMARY KEY CHECK (id = 1),
      window INTEGER NOT NULL, size INTEGER NOT NULL, open_until INTEGER NOT NULL,
      probe_until INTEGER NOT NULL, epoch INTEGER NOT NULL);
      INSERT OR IGNORE INTO outcomes (id, window, size, open_until, probe_until, epoch)
      VALUES (1, 0, 0, 0, 0, 0);`)
  }

  private row(): Row {
    return this.sql
      .exec<Row>('SELECT window, size, open_until, probe_until, epoch FROM outcomes')
      .one()
  }

  private save(row: Row): void {
    this.sql.exec(
      `UPDATE outcomes SET window = ?, size = ?, open_until = ?, probe_until = ?, epoch = ?
       WHERE id = 1`,
      row.window,
      row.size,
      row.open_until,
      row.probe_until,
      row.epoch,
    )
  }

  /** Whether a request to 8x8 may go now. Synchronous inside, so decisions never interleave. */
  acquire(settings: CircuitSettings, now: number): Permit {
    const row = this.row()
    const failures = countFailures(row.window)
    const { epoch } = row
    if (row.open_until === 0) return { allowed: true, probe: false, failures, epoch }
    if (now < row.open_until) return { allowed: false, retryAfterMs: row.open_until - now }
    // Half-open: one probe at a time, for at most one open period.
    if (now < row.probe_until) return { allowed: false, retryAfterMs: row.probe_until - now }
    this.save({ ...row, probe_until: now + settings.openMs })
    return { allowed: true, probe: true, failures, epoch }
  }

  /**
   * Reports an attempt's outcome. `failure` means a retryable or ambiguous failure of 8x8;
   * a rejected message is a success here (8x8 is up). `epoch` is the permit's: opening and
   * closing start a new generation, so that requests still in flight from before (timeouts
   * come back late, all together) neither reopen a circuit a probe just closed nor keep one
   * open.
   */
  report(
    settings: CircuitSettings,
    failure: boolean,
    probe: boolean,
    now: number,
    epoch: number,
  ): CircuitState {
    const row = this.row()
    if (probe) {
      // The probe decides: 8x8 is back (closed, a clean slate), or not (open again).
      this.save(
        failure
          ? { ...row, open_until: now + settings.openMs, probe_until: 0 }
          : { window: 0, size: 0, open_until: 0, probe_until: 0, epoch: row.epoch + 1 },
      )
      return this.state(now)
    }
    return this.record(settings, failure ? 1 : 0, failure ? 0 : 1, now, epoch)
  }

  /**
   * Gives back a half-open probe whose attempt never reached 8x8 (its claim was lost before the
   * call, the gateway refused the call itself): it says nothing of 8x8, neither success nor
   * failure, so the next request may probe at once instead of waiting out the probe's lease.
   * `takenAt` is the `now` of the probe's {@link acquire}: a probe whose lease ran out and passed
   * to another request is no longer this one's to give back.
   */
  releaseProbe(settings: CircuitSettings, takenAt: number, now: number): CircuitState {
    const row = this.row()
    if (row.open_until !== 0 && row.probe_until === takenAt + settings.openMs) {
      this.save({ ...row, probe_until: 0 })
    }
    return this.state(now)
  }

  /**
   * Reports the outcomes of many attempts at once (a queue batch), interleaved in the window:
   * in a burst, failures come back before successes (8x8 refuses faster than it accepts), and
   * counting them in arrival order would open the circuit on a 15 % failure rate.
   */
  record(
    settings: CircuitSettings,
    failures: number,
    successes: number,
    now: number,
    epoch: number,
  ): CircuitState {
    const row = this.row()
    if (epoch !== row.epoch || row.open_until !== 0 || failures + successes === 0) {
      return this.state(now)
    }
    let { window, size } = row
    const total = failures + successes
    // Bresenham: spread the failures evenly among the successes.
    for (let i = 0, placed = 0; i < total; i++) {
      const failure = Math.floor(((i + 1) * failures) / total) > placed
      if (failure) placed++
      window = ((window << 1) | (failure ? 1 : 0)) & MASK
      size = Math.min(WINDOW, size + 1)
    }
    const counted = countFailures(window)
    const opens = failures > 0 && counted >= settings.threshold && counted * 2 >= size
    if (opens) {
      // Operators want to see this: 8x8 is failing and sends are being held back.
      console.warn('circuit opened', counted, 'failures of the last', size, 'outcomes')
      this.save({ ...row, window, size, open_until: now + settings.openMs, epoch: epoch + 1 })
    } else {
      this.save({ ...row, window, size })
    }
    return this.state(now)
  }

  /** The current state. */
  state(now: number = Date.now()): CircuitState {
    const row = this.row()
    const state =
      row.open_until === 0 ? 'closed' : now < row.open_until ? 'open' : ('half_open' as const)
    return {
      state,
      failures: countFailures(row.window),
      outcomes: row.size,
      openUntil: row.open_until,
      probeUntil: row.probe_until,
      epoch: row.epoch,
    }
  }
}
