/**
 * The SQL of the customer's side and WhatsApp's rules: `inbound` holds each message a user sent
 * (through `POST /__sandbox/inbound`) with when the business marked it read and showed typing;
 * `opt_outs` the users who wrote STOP; `pair_rate` each user's pair-rate bucket; `rules` the
 * rules set through `POST /__sandbox/rules` (one row); `cancelled` the scheduled messages
 * cancelled; `files` and `file_chunks` the uploaded files (SQLite rows hold at most 2 MB, so a
 * file is kept in chunks).
 *
 * @module
 */
import type { PairBucket, Rules } from '../conversation/rules'

/** The tables. Times are epoch milliseconds. */
export const CONVERSATION_SCHEMA = `
CREATE TABLE IF NOT EXISTS inbound (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  umid TEXT NOT NULL UNIQUE,
  sub_account_id TEXT NOT NULL,
  msisdn TEXT NOT NULL,
  at INTEGER NOT NULL,
  event TEXT NOT NULL,
  read_at INTEGER,
  typing_at INTEGER
);
CREATE INDEX IF NOT EXISTS inbound_user ON inbound (msisdn, at);
CREATE TABLE IF NOT EXISTS opt_outs (msisdn TEXT PRIMARY KEY, at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS pair_rate (msisdn TEXT PRIMARY KEY, tokens REAL NOT NULL, at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS rules (id INTEGER PRIMARY KEY CHECK (id = 1), rules TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS cancelled (umid TEXT PRIMARY KEY, at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS files (
  name TEXT PRIMARY KEY,
  token TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  chunks INTEGER NOT NULL,
  complete INTEGER NOT NULL,
  at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS file_chunks (
  name TEXT NOT NULL,
  idx INTEGER NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (name, idx)
);
`

/** One inbound message as the store returns it. */
export interface InboundRow {
  readonly umid: string
  readonly subAccountId: string
  readonly msisdn: string
  readonly at: number
  /** The webhook event, as JSON text. */
  readonly event: string
  readonly readAt: number | null
  readonly typingAt: number | null
}

type InboundSqlRow = {
  umid: string
  sub_account_id: string
  msisdn: string
  at: number
  event: string
  read_at: number | null
  typing_at: number | null
}

const inboundRow = (row: InboundSqlRow): InboundRow => ({
  umid: row.umid,
  subAccountId: row.sub_account_id,
  msisdn: row.msisdn,
  at: row.at,
  event: row.event,
  readAt: row.read_at,
  typingAt: row.typing_at,
})

/** Keeps an inbound message. */
export function insertInbound(sql: SqlStorage, row: Omit<InboundRow, 'readAt' | 'typingAt'>) {
  sql.exec(
    'INSERT INTO inbound (umid, sub_account_id, msisdn, at, event) VALUES (?, ?, ?, ?, ?)',
    row.umid,
    row.subAccountId,
    row.msisdn,
    row.at,
    row.event,
  )
}

/** One inbound message by umid, or `null`. */
export function inboundByUmid(sql: SqlStorage, umid: string): InboundRow | null {
  const row = sql.exec<InboundSqlRow>('SELECT * FROM inbound WHERE umid = ?', umid).toArray()[0]
  return row === undefined ? null : inboundRow(row)
}

/** Every inbound message, oldest first. */
export function allInbound(sql: SqlStorage): InboundRow[] {
  return sql.exec<InboundSqlRow>('SELECT * FROM inbound ORDER BY seq').toArray().map(inboundRow)
}

/** When the user last wrote (their latest message's time), or `null`. */
export function lastInboundAt(sql: SqlStorage, msisdn: string): number | null {
  return sql
    .exec<{ last: number | null }>('SELECT max(at) AS last FROM inbound WHERE msisdn = ?', msisdn)
    .one().last
}

/** Sets `read_at` or `typing_at` of an inbound message. */
export function markInbound(
  sql: SqlStorage,
  umid: string,
  column: 'read_at' | 'typing_at',
  at: number,
) {
  sql.exec(`UPDATE inbound SET ${column} = ? WHERE umid = ?`, at, umid)
}

/** Opts a user out of marketing (`STOP`) or back in (`START`). */
export function setOptOut(sql: SqlStorage, msisdn: string, out: boolean, at: number): void {
  if (out) {
    sql.exec(
      'INSERT INTO opt_outs (msisdn, at) VALUES (?, ?) ON CONFLICT (msisdn) DO UPDATE SET at = excluded.at',
      msisdn,
      at,
    )
  } else {
    sql.exec('DELETE FROM opt_outs WHERE msisdn = ?', msisdn)
  }
}

/** Whether the user opted out of marketing. */
export function isOptedOut(sql: SqlStorage, msisdn: string): boolean {
  return sql.exec('SELECT 1 FROM opt_outs WHERE msisdn = ?', msisdn).toArray().length > 0
}

/** The user's pair-rate bucket, or `null` before their first message. */
export function loadBucket(sql: SqlStorage, msisdn: string): PairBucket | null {
  const row = sql
    .exec<{ tokens: number; at: number }>(
      'SELECT tokens, at FROM pair_rate WHERE msisdn = ?',
      msisdn,
    )
    .toArray()[0]
  return row === undefined ? null : { tokens: row.tokens, at: row.at }
}

/** Saves the user's pair-rate bucket. */
export function saveBucket(sql: SqlStorage, msisdn: string, bucket: PairBucket): void {
  sql.exec(
    'INSERT INTO pair_rate (msisdn, tokens, at) VALUES (?, ?, ?) ON CONFLICT (msisdn) DO UPDATE SET tokens = excluded.tokens, at = excluded.at',
    msisdn,
    bucket.tokens,
    bucket.at,
  )
}

/** The rules set through the API, or `null` (then `WHATSAPP_RULES` decides). */
export function loadRules(sql: SqlStorage): Rules | null {
  const row = sql.exec<{ rules: string }>('SELECT rules FROM rules WHERE id = 1').toArray()[0]
  return row === undefined ? null : (JSON.parse(row.rules) as Rules)
}

/** Sets the rules (`null`: back to `WHATSAPP_RULES`). */
export function saveRules(sql: SqlStorage, rules: Rules | null): void {
  if (rules === null) {
    sql.exec('DELETE FROM rules')
    return
  }
  sql.exec(
    'INSERT INTO rules (id, rules) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET rules = excluded.rules',
    JSON.stringify(rules),
  )
}

/** Forgets the conversation's state: inbound messages, opt-outs, buckets, cancellations, files. */
export function clearConversation(sql: SqlStorage): void {
  for (const table of ['inbound', 'opt_outs', 'pair_rate', 'cancelled', 'file_chunks', 'files']) {
    sql.exec(`DELETE FROM ${table}`)
  }
}
