/**
 * The circuit breaker: one Durable Object per 8x8 sub-account (SQLite storage), shared by the
 * synchronous routes and the queue consumer, so that every isolate sees the same state.
 *
 * - closed: requests pass; `threshold` retryable failures in a row open it.
 * - open: nothing passes until `openMs` has elapsed; callers wait (the queue) or answer 503
 *   with `Retry-After` (the synchronous routes).
 * - half-open: one probe at a time passes (a lease, so a probe that never reports frees itself);
 *   its success closes the circuit, its failure opens it again.
 *
 * @module
 */
import { DurableObject } from 'cloudflare:workers'

/** The breaker's tuning, from the configuration (src/env.ts). */
export interface CircuitSettings {
  /** Retryable failures in a row that open the circuit. */
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
      /** Failures in a row so far: when 0 and not a probe, a success need not be reported. */
      readonly failures: number
    }
  | { readonly allowed: false; readonly retryAfterMs: number }

/** The breaker's state, as {@link Circuit.state} shows it (tests, operators). */
export interface CircuitState {
  readonly state: 'closed' | 'open' | 'half_open'
  readonly failures: number
  readonly openUntil: number
  readonly probeUntil: number
}

interface Row extends Record<string, SqlStorageValue> {
  failures: number
  open_until: number
  probe_until: number
}

export class Circuit extends DurableObject {
  private readonly sql: SqlStorage

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env)
    this.sql = ctx.storage.sql
    this.sql.exec(`CREATE TABLE IF NOT EXISTS circuit (id INTEGER PRIMARY KEY CHECK (id = 1),
      failures INTEGER NOT NULL, open_until INTEGER NOT NULL, probe_until INTEGER NOT NULL);
      INSERT OR IGNORE INTO circuit (id, failures, open_until, probe_until) VALUES (1, 0, 0, 0);`)
  }

  private row(): Row {
    const row = this.sql.exec<Row>('SELECT failures, open_until, probe_until FROM circuit').one()
    return row
  }

  private save(failures: number, openUntil: number, probeUntil: number): void {
    this.sql.exec(
      'UPDATE circuit SET failures = ?, open_until = ?, probe_until = ? WHERE id = 1',
      failures,
      openUntil,
      probeUntil,
    )
  }

  /** Whether a request to 8x8 may go now. Synchronous inside, so decisions never interleave. */
  acquire(settings: CircuitSettings, now: number): Permit {
    const { failures, open_until: openUntil, probe_until: probeUntil } = this.row()
    if (openUntil === 0) return { allowed: true, probe: false, failures }
    if (now < openUntil) return { allowed: false, retryAfterMs: openUntil - now }
    // Half-open: one probe at a time, for at most one open period.
    if (now < probeUntil) return { allowed: false, retryAfterMs: probeUntil - now }
    this.save(failures, openUntil, now + settings.openMs)
    return { allowed: true, probe: true, failures }
  }

  /**
   * Reports an attempt's outcome. `failure` means a retryable or ambiguous failure of 8x8;
   * a rejected message is a success here (8x8 is up).
   */
  report(settings: CircuitSettings, failure: boolean, probe: boolean, now: number): CircuitState {
    const row = this.row()
    if (!failure) {
      // A success closes the circuit (a late success of a non-probe does too: 8x8 answers).
      this.save(0, 0, 0)
    } else if (probe || row.open_until !== 0) {
      // The probe failed, or a request that passed before the circuit opened: stay open.
      this.save(row.failures + 1, now + settings.openMs, probe ? 0 : row.probe_until)
    } else {
      const failures = row.failures + 1
      const opens = failures >= settings.threshold
      // Operators want to see this: 8x8 is failing and sends are being held back.
      if (opens) console.warn('circuit opened', failures, 'failures in a row')
      this.save(failures, opens ? now + settings.openMs : 0, 0)
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
      failures: row.failures,
      openUntil: row.open_until,
      probeUntil: row.probe_until,
    }
  }
}
