/**
 * Reading messages for the operator's console: search with a cursor, one message with everything
 * recorded about it, and the figures of the last minutes. Reads only, each through an index
 * (migration 0013): D1 runs one query at a time, so a page that read the whole table would stall
 * the gateway's writes behind it.
 *
 * @module
 */
import { type CancelUnknown, cancelOutcome } from './cancel'

/** What the console's search may filter on; every given filter must match. */
export interface MessageFilters {
  /** The gateway's id. */
  readonly id?: string
  readonly umid?: string
  readonly recipient?: string
  /** The caller's clientMessageId. */
  readonly clientMessageId?: string
  readonly state?: string
  readonly keyId?: string
  /** Created at or after (ms). */
  readonly from?: number
  /** Created before (ms). */
  readonly to?: number
}

/** Where a page of results starts: after this message, newest first. */
export interface Cursor {
  readonly createdAt: number
  readonly id: string
}

/** One message in the console's list. */
export interface MessageRow {
  readonly id: string
  readonly keyId: string
  readonly subAccount: string
  readonly clientMessageId: string
  readonly umid: string | null
  readonly recipient: string | null
  readonly status: string
  readonly reason: string | null
  readonly attempts: number
  readonly createdAt: number
  readonly updatedAt: number
}

interface Row {
  id: string
  key_id: string
  sub_account: string
  client_message_id: string
  umid: string | null
  recipient: string | null
  status: string
  reason: string | null
  attempts: number
  created_at: number
  updated_at: number
}

const COLUMNS = `id, key_id, sub_account, client_message_id, umid, recipient, status, reason,
  attempts, created_at, updated_at`

function rowOf(row: Row): MessageRow {
  return {
    id: row.id,
    keyId: row.key_id,
    subAccount: row.sub_account,
    clientMessageId: row.client_message_id,
    umid: row.umid,
    recipient: row.recipient,
    status: row.status,
    reason: row.reason,
    attempts: row.attempts,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

/**
 * Messages matching every filter, newest first, after `cursor`, at most `limit`.
 *
 * @example
 * const page = await searchMessages(env.DB, { state: 'failed', keyId: 'acme-1' }, null, 50)
 */
export async function searchMessages(
  db: D1Database,
  filters: MessageFilters,
  cursor: Cursor | null,
  limit: number,
): Promise<MessageRow[]> {
  const where: string[] = []
  const values: (string | number)[] = []
  const equal = (column: string, value: string | undefined) => {
    if (value === undefined) return
    where.push(`${column} = ?`)
    values.push(value)
  }
  equal('id', filters.id)
  equal('umid', filters.umid)
  equal('recipient', filters.recipient)
  equal('client_message_id', filters.clientMessageId)
  equal('status', filters.state)
  equal('key_id', filters.keyId)
  if (filters.from !== undefined) {
    where.push('created_at >= ?')
    values.push(filters.from)
  }
  if (filters.to !== undefined) {
    where.push('created_at < ?')
    values.push(filters.to)
  }
  if (cursor !== null) {
    // A row value, which an index on (…, created_at, id) seeks to: an OR of the two columns
    // would read and sort every older row (migration 0013).
    where.push('(created_at, id) < (?, ?)')
    values.push(cursor.createdAt, cursor.id)
  }
  const clause = where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`
  const { results } = await db
    .prepare(`SELECT ${COLUMNS} FROM messages ${clause} ORDER BY created_at DESC, id DESC LIMIT ?`)
    .bind(...values, limit)
    .all<Row>()
  return results.map(rowOf)
}

/** One message with everything the console shows of it. */
export interface MessageDetail extends MessageRow {
  /** The canonical JSON sent to 8x8; null when not kept (a synchronous send). */
  readonly payload: string | null
  readonly batchId: string | null
  readonly serviceWindow: string | null
  /**
   * The channel the record's state is of, as 8x8's receipts name it (lower case: `sms`), null
   * when none set it (`status.channel` of `GET /v1/messages/{id}`).
   */
  readonly statusChannel: string | null
  /** An earlier cancel whose outcome is unknown, while unsettled ({@link cancelOutcome}); else null. */
  readonly cancel: CancelUnknown | null
  /** 8x8's umid of a second copy 8x8 is known to have taken (`sentTwice`); else null. */
  readonly duplicateUmid: string | null
  /**
   * When an earlier try of the send claimed its idempotency key, if this send took that claim
   * over after its lease ended without an answer (`maybeSentTwice`); else null.
   */
  readonly earlierTryAt: number | null
  readonly deliveryAttempts: readonly {
    readonly attempt: number
    readonly at: number
    readonly outcome: string
    readonly httpStatus: number | null
    readonly detail: string | null
    readonly durationMs: number
  }[]
  readonly callbackAttempts: readonly {
    readonly webhookId: string
    readonly attempt: number
    readonly eventType: string
    readonly at: number
    readonly httpStatus: number | null
    readonly outcome: string
    readonly detail: string | null
  }[]
}

/**
 * One message by the gateway's id, with its delivery and callback attempts, or null.
 *
 * @example
 * const detail = await messageDetail(env.DB, id)
 */
export async function messageDetail(db: D1Database, id: string): Promise<MessageDetail | null> {
  const [records, deliveries, callbacks] = await db.batch<Record<string, unknown>>([
    db
      .prepare(
        `SELECT ${COLUMNS}, payload, batch_id, service_window, status_channel, status_rank,
          cancel_unknown_at, duplicate_umid, earlier_try_at FROM messages WHERE id = ?`,
      )
      .bind(id),
    db
      .prepare(
        `SELECT attempt, at, outcome, http_status, detail, duration_ms FROM delivery_attempts
         WHERE message_id = ? ORDER BY at, attempt`,
      )
      .bind(id),
    db
      .prepare(
        `SELECT webhook_id, attempt, event_type, at, http_status, outcome, detail
         FROM callback_attempts WHERE message_id = ? ORDER BY at, attempt`,
      )
      .bind(id),
  ])
  const row = records?.results[0] as
    | (Row & {
        payload: string | null
        batch_id: string | null
        service_window: string | null
        status_channel: string | null
        status_rank: number
        cancel_unknown_at: number | null
        duplicate_umid: string | null
        earlier_try_at: number | null
      })
    | undefined
  if (row === undefined) return null
  return {
    ...rowOf(row),
    payload: row.payload,
    batchId: row.batch_id,
    serviceWindow: row.service_window,
    statusChannel: row.status_channel,
    cancel: cancelOutcome(row.cancel_unknown_at, row.status_rank).cancel ?? null,
    duplicateUmid: row.duplicate_umid,
    earlierTryAt: row.earlier_try_at,
    deliveryAttempts: (deliveries?.results ?? []).map((a) => ({
      attempt: a.attempt as number,
      at: a.at as number,
      outcome: a.outcome as string,
      httpStatus: a.http_status as number | null,
      detail: a.detail as string | null,
      durationMs: a.duration_ms as number,
    })),
    callbackAttempts: (callbacks?.results ?? []).map((a) => ({
      webhookId: a.webhook_id as string,
      attempt: a.attempt as number,
      eventType: a.event_type as string,
      at: a.at as number,
      httpStatus: a.http_status as number | null,
      outcome: a.outcome as string,
      detail: a.detail as string | null,
    })),
  }
}

/** The last minutes, as the console's live view shows them. */
export interface LiveFigures {
  /** Messages created since, by their current state. */
  readonly byState: readonly { readonly state: string; readonly count: number }[]
  /** 8x8's refusals of delivery attempts since, by outcome and HTTP status. */
  readonly refusals: readonly {
    readonly outcome: string
    readonly httpStatus: number | null
    readonly count: number
  }[]
  /** Durations of the attempts since, in ms: how many, median, 95th percentile, slowest. */
  readonly latency: {
    readonly count: number
    readonly p50: number | null
    readonly p95: number | null
    readonly max: number | null
  }
}

/**
 * 8x8's latency over the window, as exact nearest-rank percentiles of every attempt in it (not of
 * a sample, which kept the fastest): the window's durations counted per distinct value, read from
 * the index on (at, duration_ms) alone, then the smallest value whose running count reaches p% of
 * all. One statement, one row back; it reads the window's attempts and no others.
 */
const LATENCY = `WITH counted AS (
    SELECT duration_ms, COUNT(*) AS n FROM delivery_attempts WHERE at >= ? GROUP BY duration_ms
  ), running AS (
    SELECT duration_ms, SUM(n) OVER (ORDER BY duration_ms) AS upto, SUM(n) OVER () AS total
    FROM counted
  )
  SELECT COALESCE(MAX(total), 0) AS count,
    MIN(CASE WHEN upto * 100 >= total * 50 THEN duration_ms END) AS p50,
    MIN(CASE WHEN upto * 100 >= total * 95 THEN duration_ms END) AS p95,
    MAX(duration_ms) AS max
  FROM running`

/**
 * Sends, refusals and 8x8's latency since `since` (ms).
 *
 * @example
 * const figures = await liveFigures(env.DB, Date.now() - 15 * 60_000)
 */
export async function liveFigures(db: D1Database, since: number): Promise<LiveFigures> {
  const [states, refusals, durations] = await db.batch<Record<string, unknown>>([
    db
      .prepare(
        // The window through messages_created: without stats the planner would rather scan all of
        // messages_status_created to skip the GROUP BY's sort.
        `SELECT status AS state, COUNT(*) AS count FROM messages INDEXED BY messages_created
         WHERE created_at >= ? GROUP BY status ORDER BY count DESC, status`,
      )
      .bind(since),
    db
      .prepare(
        `SELECT outcome, http_status, COUNT(*) AS count FROM delivery_attempts
         WHERE at >= ? AND outcome <> 'sent' GROUP BY outcome, http_status
         ORDER BY count DESC, outcome, http_status`,
      )
      .bind(since),
    db.prepare(LATENCY).bind(since),
  ])
  const latency = durations?.results[0]
  return {
    byState: (states?.results ?? []).map((row) => ({
      state: row.state as string,
      count: row.count as number,
    })),
    refusals: (refusals?.results ?? []).map((row) => ({
      outcome: row.outcome as string,
      httpStatus: row.http_status as number | null,
      count: row.count as number,
    })),
    latency: {
      count: (latency?.count as number | undefined) ?? 0,
      p50: (latency?.p50 as number | null | undefined) ?? null,
      p95: (latency?.p95 as number | null | undefined) ?? null,
      max: (latency?.max as number | null | undefined) ?? null,
    },
  }
}
