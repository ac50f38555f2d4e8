/**
 * The Durable Object (SQLite storage) that keeps what the sandbox received, the delivery receipts
 * it sends, and the fault plan. One instance (`idFromName('default')`) serves every request, so
 * reads see every earlier write, in order, and each fault decision is atomic.
 *
 * Receipts are rows with a due time; the object's alarm sends what is due and re-arms itself for
 * the next one, so receipts and their retries go out without any live request.
 *
 * Its RPC methods take and return flat rows with JSON as text (recursive JSON types are too deep
 * for the RPC types); {@link ./client.ts} gives the routes typed access.
 *
 * @module
 */
import { DurableObject } from 'cloudflare:workers'
import { deliveryStateRank } from '@chatapps/dsl'
import { readConfig, type SettingsBindings } from '../config'
import { decideSend, emptyFaultState, type FaultState, type SendFault } from '../faults/decide'
import { Prng } from '../faults/prng'
import type { FaultPlan } from '../faults/schema'
import { scheduleReceipts } from '../receipts/schedule'
import { eachBounded, postReceipt, SEND_CONCURRENCY } from '../receipts/send'
import { clearFaults, FAULTS_SCHEMA, loadFaults, saveFaults } from './faults-table'
import {
  type AttemptRow,
  attempts,
  clearReceipts,
  insertReceipts,
  nextDue,
  RECEIPTS_SCHEMA,
  type ReceiptRow,
  receiptsOf,
  resumeInterrupted,
  settle,
  takeDue,
} from './receipts-table'
import type { MessageRecord } from './types'

/** The `status` of a receipt body. */
interface DueStatus {
  readonly state: string
  readonly timestamp: string
  readonly errorCode?: number
  readonly errorMessage?: string
}

/** How many due receipts one round of the alarm takes ({@link SEND_CONCURRENCY} at a time). */
const ROUND_SIZE = 60

const SCHEMA = `
CREATE TABLE IF NOT EXISTS received (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  sub_account_id TEXT NOT NULL,
  received_at TEXT NOT NULL,
  umid TEXT,
  batch_id TEXT,
  raw TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS messages (
  umid TEXT PRIMARY KEY,
  seq INTEGER NOT NULL,
  position INTEGER NOT NULL,
  record TEXT NOT NULL
);
`

/** One accepted request, as the store keeps it. */
export interface ArrivalRow {
  readonly kind: 'message' | 'batch'
  readonly subAccountId: string
  readonly receivedAt: string
  /** The request body, byte for byte. */
  readonly raw: string
  readonly umid: string | null
  readonly batchId: string | null
  /** The request's messages in order: umid and the record as JSON text. */
  readonly messages: readonly { readonly umid: string; readonly record: string }[]
}

/** One accepted request, as the store returns it. */
export interface ReceivedRow {
  readonly kind: 'message' | 'batch'
  readonly subAccountId: string
  readonly receivedAt: string
  readonly raw: string
  readonly umid: string | null
  readonly batchId: string | null
  readonly umids: readonly string[]
  readonly receipts: readonly ReceiptRow[]
}

type Row = {
  seq: number
  kind: 'message' | 'batch'
  sub_account_id: string
  received_at: string
  umid: string | null
  batch_id: string | null
  raw: string
}

/** The store of the sandbox: see the module comment. Of its `env` it reads only the settings. */
export class SandboxStore extends DurableObject<SettingsBindings> {
  constructor(ctx: DurableObjectState, env: SettingsBindings) {
    super(ctx, env)
    ctx.storage.sql.exec(SCHEMA + RECEIPTS_SCHEMA + FAULTS_SCHEMA)
    resumeInterrupted(ctx.storage.sql)
  }

  /**
   * Keeps one accepted request and its messages and, when a webhook is configured, schedules the
   * receipts of its queued messages (receipt faults applied), all atomically.
   */
  async record(arrival: ArrivalRow): Promise<void> {
    const sql = this.ctx.storage.sql
    const config = readConfig(this.env)
    const now = Date.now()
    this.ctx.storage.transactionSync(() => {
      const { seq } = sql
        .exec<{ seq: number }>(
          'INSERT INTO received (kind, sub_account_id, received_at, umid, batch_id, raw) VALUES (?, ?, ?, ?, ?, ?) RETURNING seq',
          arrival.kind,
          arrival.subAccountId,
          arrival.receivedAt,
          arrival.umid,
          arrival.batchId,
          arrival.raw,
        )
        .one()
      arrival.messages.forEach((message, position) => {
        sql.exec(
          'INSERT INTO messages (umid, seq, position, record) VALUES (?, ?, ?, ?)',
          message.umid,
          seq,
          position,
          message.record,
        )
      })
      if (config.webhookUrl !== null) this.#schedule(arrival, now, config.stepMs)
    })
    await this.#arm(false)
  }

  #schedule(arrival: ArrivalRow, now: number, stepMs: number): void {
    const sql = this.ctx.storage.sql
    const faults = loadFaults(sql)
    const prng = new Prng(faults.receiptRng)
    for (const message of arrival.messages) {
      const record = JSON.parse(message.record) as MessageRecord
      if (record.state !== 'queued') continue
      insertReceipts(sql, scheduleReceipts(record, now, stepMs, faults.plan?.receipts, prng))
    }
    if (faults.plan?.receipts) saveFaults(sql, { ...faults, receiptRng: prng.state })
  }

  /**
   * Sets the alarm to the next due receipt. `force` replaces any alarm (at the end of a run);
   * otherwise an earlier alarm is kept.
   */
  async #arm(force: boolean): Promise<void> {
    const next = nextDue(this.ctx.storage.sql)
    if (next === null) return
    const current = force ? null : await this.ctx.storage.getAlarm()
    if (current === null || next < current) await this.ctx.storage.setAlarm(next)
  }

  /** Sends the receipts that are due, round after round, then re-arms for the next one. */
  override async alarm(): Promise<void> {
    const config = readConfig(this.env)
    const url = config.webhookUrl
    if (url === null) return
    const sql = this.ctx.storage.sql
    for (let due = takeDue(sql, Date.now(), ROUND_SIZE); due.length > 0; ) {
      await eachBounded(due, SEND_CONCURRENCY, async (receipt) => {
        const at = Date.now()
        const outcome = await postReceipt(config, url, receipt.body)
        settle(sql, receipt.id, { outcome, at, url }, config.retryDelaysMs)
      })
      due = takeDue(sql, Date.now(), ROUND_SIZE)
    }
    await this.#arm(true)
  }

  /** Decides the fault of one send request, advancing the sequence, PRNG and counters. */
  decideSend(): SendFault {
    const sql = this.ctx.storage.sql
    return this.ctx.storage.transactionSync(() => {
      const { fault, state } = decideSend(loadFaults(sql))
      saveFaults(sql, state)
      return fault
    })
  }

  /** Replaces the fault plan; the sequence, PRNGs and counters start over. */
  setFaults(plan: FaultPlan): FaultState {
    const state = emptyFaultState(plan)
    saveFaults(this.ctx.storage.sql, state)
    return state
  }

  /** The fault plan and its counters. */
  faults(): FaultState {
    return loadFaults(this.ctx.storage.sql)
  }

  /** Removes the fault plan and its counters. */
  clearFaults(): void {
    clearFaults(this.ctx.storage.sql)
  }

  /** Every receipt POST made, oldest first. */
  attempts(): AttemptRow[] {
    return attempts(this.ctx.storage.sql)
  }

  /** Everything received, oldest first. */
  list(): ReceivedRow[] {
    const sql = this.ctx.storage.sql
    return sql
      .exec<Row>('SELECT * FROM received ORDER BY seq')
      .toArray()
      .map((row) => ({
        kind: row.kind,
        subAccountId: row.sub_account_id,
        receivedAt: row.received_at,
        raw: row.raw,
        umid: row.umid,
        batchId: row.batch_id,
        umids: sql
          .exec<{ umid: string }>(
            'SELECT umid FROM messages WHERE seq = ? ORDER BY position',
            row.seq,
          )
          .toArray()
          .map((message) => message.umid),
        receipts: receiptsOf(sql, row.seq),
      }))
  }

  /** One message's record (JSON text) by umid, or `null`. */
  message(umid: string): string | null {
    const sql = this.ctx.storage.sql
    const rows = sql
      .exec<{ record: string }>('SELECT record FROM messages WHERE umid = ?', umid)
      .toArray()
    const record = rows[0]?.record
    if (record === undefined) return null
    // What 8x8 knows is the latest state whose receipt fell due, sent or not (a receipt lost on
    // the way does not undo the delivery): clients reconcile through this route.
    const due = sql
      .exec<{ body: string }>(
        'SELECT body FROM receipts WHERE umid = ? AND duplicate = 0 AND due_at <= ?',
        umid,
        Date.now(),
      )
      .toArray()
    let best: DueStatus | null = null
    for (const { body } of due) {
      const status = (JSON.parse(body) as { payload: { status: DueStatus } }).payload.status
      if (best === null || deliveryStateRank(status.state) > deliveryStateRank(best.state))
        best = status
    }
    if (best === null) return record
    const current = JSON.parse(record) as MessageRecord
    return JSON.stringify({
      ...current,
      state: best.state,
      stateAt: best.timestamp,
      ...(best.errorCode === undefined ? {} : { errorCode: best.errorCode }),
      ...(best.errorMessage === undefined ? {} : { errorMessage: best.errorMessage }),
    })
  }

  /** Forgets every request, message and receipt (not the fault plan). */
  clear(): void {
    this.ctx.storage.transactionSync(() => {
      clearReceipts(this.ctx.storage.sql)
      this.ctx.storage.sql.exec('DELETE FROM messages')
      this.ctx.storage.sql.exec('DELETE FROM received')
    })
  }
}
