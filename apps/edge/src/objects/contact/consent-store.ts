/**
 * A contact's consent facts in its SQLite storage (`consent_facts`, one row a fact), and how a
 * contact stored before it kept each fact on its own (one state, one clock for all) is read into
 * them. The contact object calls these; nothing else writes the table.
 *
 * @module
 */
import {
  CONSENT_FACTS,
  type ConsentChange,
  type ConsentFact,
  type ConsentState,
  type ContactConsent,
  consentOf,
  type FactRecord,
  NO_CHANGE,
  NO_CONSENT,
} from './protocol'

/** The table, made with the contact's others. */
export const CONSENT_FACTS_TABLE = `CREATE TABLE IF NOT EXISTS consent_facts (
  fact TEXT PRIMARY KEY, holds INTEGER NOT NULL, by TEXT, reason TEXT, at INTEGER,
  refused_at INTEGER, lifted_at INTEGER);`

interface FactRow extends Record<string, SqlStorageValue> {
  fact: string
  holds: number
  by: string | null
  reason: string | null
  at: number | null
  refused_at: number | null
  lifted_at: number | null
}

/** Every fact as stored (a fact without a row: it never held, nothing was heard of it). */
export function readConsent(sql: SqlStorage): ContactConsent {
  const facts: Record<ConsentFact, FactRecord> = { ...NO_CONSENT }
  for (const row of sql.exec<FactRow>('SELECT * FROM consent_facts')) {
    const fact = row.fact as ConsentFact
    const holds = row.holds === 1
    facts[fact] = {
      holds,
      change:
        holds && row.by !== null
          ? {
              state: fact,
              by: row.by as ConsentChange['by'],
              reason: row.reason ?? '',
              at: row.at ?? 0,
            }
          : null,
      clock: { refusedAt: row.refused_at, liftedAt: row.lifted_at },
    }
  }
  return facts
}

/** Writes every fact (three rows). */
export function writeConsent(sql: SqlStorage, facts: ContactConsent): void {
  for (const fact of CONSENT_FACTS) {
    const { holds, change, clock } = facts[fact]
    sql.exec(
      `INSERT INTO consent_facts (fact, holds, by, reason, at, refused_at, lifted_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (fact) DO UPDATE SET holds = ?2,
       by = ?3, reason = ?4, at = ?5, refused_at = ?6, lifted_at = ?7`,
      fact,
      holds ? 1 : 0,
      change?.by ?? null,
      change?.reason ?? null,
      change?.at ?? null,
      clock.refusedAt,
      clock.liftedAt,
    )
  }
}

/**
 * The facts of a contact that kept one consent state (the row's `consent`) and one clock for all
 * of them (`consent_clock`): its history weighed again, fact by fact, which finds what the one
 * state lost (a 1051 that a later 2007 overwrote); the state it held holds in any case (its
 * history may have been cut to the newest 50). Every fact takes the one clock: it was each one's
 * order then.
 */
export function consentOfOneState(
  sql: SqlStorage,
  history: readonly ConsentChange[],
): ContactConsent {
  const state = sql.exec<{ consent: string }>('SELECT consent FROM contact').one()
    .consent as ConsentState
  const clock = sql
    .exec<{ refused_at: number | null; lifted_at: number | null }>(
      'SELECT refused_at, lifted_at FROM consent_clock',
    )
    .toArray()[0]
  const facts: Record<ConsentFact, FactRecord> = { ...consentOf(history) }
  if (state !== 'subscribed' && !facts[state].holds) {
    const change = history.findLast((entry) => entry.state === state) ?? { ...NO_CHANGE, state }
    facts[state] = { ...facts[state], holds: true, change }
  }
  const one = { refusedAt: clock?.refused_at ?? null, liftedAt: clock?.lifted_at ?? null }
  for (const fact of CONSENT_FACTS) facts[fact] = { ...facts[fact], clock: one }
  return facts
}
