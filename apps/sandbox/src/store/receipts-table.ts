/**
 * The SQL of delivery receipts: `receipts` holds each receipt to send (or dropped) with its
 * progress, `receipt_attempts` each POST made, in order. Functions over the store's `SqlStorage`,
 * called inside the {@link SandboxStore}.
 *
 * @module
 */
import type { ScheduledReceipt } from '../receipts/schedule'
import type { PostOutcome } from '../receipts/send'

/** The tables; `status` is `pending`, `sending`, `delivered`, `failed` (given up) or `dropped`. */
export const RECEIPTS_SCHEMA = `
CREATE TABLE IF NOT EXISTS receipts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  umid TEXT NOT NULL,
  state TEXT NOT NULL,
  due_at INTEGER NOT NULL,
  body TEXT NOT NULL,
  duplicate INTEGER NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  sent_at INTEGER
);
CREATE INDEX IF NOT EXISTS receipts_due ON receipts (status, due_at);
CREATE INDEX IF NOT EXISTS receipts_umid ON receipts (umid, due_at);
CREATE TABLE IF NOT EXISTS receipt_attempts (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  receipt_id INTEGER NOT NULL,
  attempt INTEGER NOT NULL,
  at INTEGER NOT NULL,
  url TEXT NOT NULL,
  http_status INTEGER,
  error TEXT,
  ok INTEGER NOT NULL
);
`

/** What a receipt's status can be. */
export type ReceiptStatus = 'pending' | 'sending' | 'delivered' | 'failed' | 'dropped'

/** A receipt and how it went, as `GET /__sandbox/messages` shows it (times in epoch ms). */
export interface ReceiptRow {
  readonly umid: string
  readonly state: string
  readonly duplicate: boolean
  readonly status: ReceiptStatus
  readonly attempts: number
  readonly sentAt: number | null
}

/** One POST of a receipt, as `GET /__sandbox/receipts` shows it. */
export interface AttemptRow {
  readonly umid: string
  readonly state: string
  readonly duplicate: boolean
  readonly attempt: number
  readonly at: number
  readonly url: string
  readonly httpStatus: number | null
  readonly error: string | null
  readonly ok: boolean
  readonly body: string
}

/** A receipt taken for sending. */
export interface DueReceipt {
  readonly id: number
  readonly body: string
}

type ReceiptSqlRow = {
  umid: string
  state: string
  duplicate: number
  status: ReceiptStatus
  attempts: number
  sent_at: number | null
}

type AttemptSqlRow = {
  umid: string
  state: string
  duplicate: number
  attempt: number
  at: number
  url: string
  http_status: number | null
  error: string | null
  ok: number
  body: string
}

/** Adds the receipts of one message. */
export function insertReceipts(sql: SqlStorage, receipts: readonly ScheduledReceipt[]): void {
  for (const receipt of receipts) {
    sql.exec(
      'INSERT INTO receipts (umid, state, due_at, body, duplicate, status) VALUES (?, ?, ?, ?, ?, ?)',
      receipt.umid,
      receipt.state,
      receipt.dueAt,
      receipt.body,
      receipt.duplicate ? 1 : 0,
      receipt.dropped ? 'dropped' : 'pending',
    )
  }
}

/**
 * Takes the receipts due at `now` and marks them `sending`: at most one per message (its next
 * one), so that a message's receipts leave in order even when several are due at once.
 */
export function takeDue(sql: SqlStorage, now: number, limit: number): DueReceipt[] {
  const due = sql
    .exec<{ id: number; body: string }>(
      `SELECT id, body FROM receipts r
       WHERE status = 'pending' AND due_at <= ?
         AND NOT EXISTS (
           SELECT 1 FROM receipts e
           WHERE e.umid = r.umid AND e.status IN ('pending', 'sending')
             AND (e.due_at < r.due_at OR (e.due_at = r.due_at AND e.id < r.id)))
       ORDER BY due_at, id LIMIT ?`,
      now,
      limit,
    )
    .toArray()
  for (const receipt of due) {
    sql.exec(`UPDATE receipts SET status = 'sending' WHERE id = ?`, receipt.id)
  }
  return due
}

/**
 * Records how a POST went: delivered, due again after the next retry delay, or given up once the
 * delays are used up. Does nothing if the receipt was cleared meanwhile.
 */
export function settle(
  sql: SqlStorage,
  id: number,
  post: { readonly outcome: PostOutcome; readonly at: number; readonly url: string },
  retryDelaysMs: readonly number[],
): void {
  const rows = sql
    .exec<{ attempts: number }>(
      'UPDATE receipts SET attempts = attempts + 1, sent_at = coalesce(sent_at, ?) WHERE id = ? RETURNING attempts',
      post.at,
      id,
    )
    .toArray()
  const attempts = rows[0]?.attempts
  if (attempts === undefined) return
  const { outcome } = post
  const retryDelay = retryDelaysMs[attempts - 1]
  if (outcome.ok) {
    sql.exec(`UPDATE receipts SET status = 'delivered' WHERE id = ?`, id)
  } else if (retryDelay !== undefined) {
    const dueAt = Date.now() + retryDelay
    sql.exec(`UPDATE receipts SET status = 'pending', due_at = ? WHERE id = ?`, dueAt, id)
  } else {
    sql.exec(`UPDATE receipts SET status = 'failed' WHERE id = ?`, id)
  }
  sql.exec(
    'INSERT INTO receipt_attempts (receipt_id, attempt, at, url, http_status, error, ok) VALUES (?, ?, ?, ?, ?, ?, ?)',
    id,
    attempts,
    post.at,
    post.url,
    outcome.status,
    outcome.error,
    outcome.ok ? 1 : 0,
  )
}

/** When the next pending receipt is due (epoch ms), or `null`. */
export function nextDue(sql: SqlStorage): number | null {
  const row = sql
    .exec<{ next: number | null }>(
      `SELECT min(due_at) AS next FROM receipts WHERE status = 'pending'`,
    )
    .one()
  return row.next
}

/** Receipts left `sending` by an instance that stopped mid-send are sent again. */
export function resumeInterrupted(sql: SqlStorage): void {
  sql.exec(`UPDATE receipts SET status = 'pending' WHERE status = 'sending'`)
}

/** The receipts of the messages of one received request, in the order they were scheduled. */
export function receiptsOf(sql: SqlStorage, seq: number): ReceiptRow[] {
  return sql
    .exec<ReceiptSqlRow>(
      `SELECT r.umid, r.state, r.duplicate, r.status, r.attempts, r.sent_at FROM receipts r
       JOIN messages m ON m.umid = r.umid WHERE m.seq = ? ORDER BY m.position, r.id`,
      seq,
    )
    .toArray()
    .map((row) => ({
      umid: row.umid,
      state: row.state,
      duplicate: row.duplicate === 1,
      status: row.status,
      attempts: row.attempts,
      sentAt: row.sent_at,
    }))
}

/** Every POST made, oldest first. */
export function attempts(sql: SqlStorage): AttemptRow[] {
  return sql
    .exec<AttemptSqlRow>(
      `SELECT r.umid, r.state, r.duplicate, r.body, a.attempt, a.at, a.url, a.http_status, a.error, a.ok
       FROM receipt_attempts a JOIN receipts r ON r.id = a.receipt_id ORDER BY a.seq`,
    )
    .toArray()
    .map((row) => ({
      umid: row.umid,
      state: row.state,
      duplicate: row.duplicate === 1,
      attempt: row.attempt,
      at: row.at,
      url: row.url,
      httpStatus: row.http_status,
      error: row.error,
      ok: row.ok === 1,
      body: row.body,
    }))
}

/** Forgets every receipt and attempt. */
export function clearReceipts(sql: SqlStorage): void {
  sql.exec('DELETE FROM receipt_attempts')
  sql.exec('DELETE FROM receipts')
}
