/**
 * The Durable Object (SQLite storage) that keeps what the sandbox received, the delivery receipts
 * it sends, the fault plan, and the WhatsApp template registry (`templates-table.ts`). One instance (`idFromName('default')`) serves every request, so
 * reads see every earlier write, in order, and each fault decision is atomic.
 *
 * Receipts are rows with a due time; the object's alarm sends what is due and re-arms itself for
 * the next one, so receipts and their retries go out without any live request. Template events
 * ride as receipts too, and the same alarm approves added templates whose review is due.
 *
 * Its RPC methods take and return flat rows with JSON as text (recursive JSON types are too deep
 * for the RPC types); {@link ./client.ts} gives the routes typed access.
 *
 * @module
 */
import { DurableObject } from 'cloudflare:workers'
import { deliveryStateRank } from '@chatapps/dsl'
import { readConfig, type SettingsBindings } from '../config'
import { type InboundEvent, optOutWord } from '../conversation/inbound'
import { RULE_FAILURES, type Rules, refill, ruleFailure } from '../conversation/rules'
import { decideSend, emptyFaultState, type FaultState, type SendFault } from '../faults/decide'
import { Prng } from '../faults/prng'
import type { FaultPlan } from '../faults/schema'
import type { ReceiptStep } from '../receipts/receipt'
import { DEFAULT_FALLBACK_CHANNEL } from '../receipts/receipt'
import { scheduleReceipts } from '../receipts/schedule'
import { eachBounded, postReceipt, SEND_CONCURRENCY } from '../receipts/send'
import { type StatusDetails, statusEvent } from '../templates/events'
import { type AddTemplateRequest, itemOf } from '../templates/item'
import {
  allInbound,
  CONVERSATION_SCHEMA,
  clearConversation,
  type InboundRow,
  inboundByUmid,
  insertInbound,
  isOptedOut,
  lastInboundAt,
  loadBucket,
  loadRules,
  markInbound,
  saveBucket,
  saveRules,
  setOptOut,
} from './conversation-table'
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
import {
  addTemplate,
  deleteTemplate,
  dueReviews,
  nextReview,
  recentlyDeleted,
  resetTemplates,
  seedTemplates,
  setTemplateStatus,
  TEMPLATES_SCHEMA,
  type TemplateRow,
  templateOf,
  templatesOf,
} from './templates-table'
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
    ctx.storage.sql.exec(
      SCHEMA + RECEIPTS_SCHEMA + FAULTS_SCHEMA + CONVERSATION_SCHEMA + TEMPLATES_SCHEMA,
    )
    resumeInterrupted(ctx.storage.sql)
    seedTemplates(ctx.storage.sql)
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
      const rules = this.#rules(config.rules)
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
      const messages = arrival.messages.map((message) => ({
        umid: message.umid,
        record: this.#applyRules(rules, message.record, now),
      }))
      messages.forEach((message, position) => {
        sql.exec(
          'INSERT INTO messages (umid, seq, position, record) VALUES (?, ?, ?, ?)',
          message.umid,
          seq,
          position,
          message.record,
        )
      })
      if (config.webhookUrl !== null) this.#schedule({ ...arrival, messages }, now, config.stepMs)
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
      // A scheduled message happens at its time: its receipts start then.
      const scheduled = record.scheduled === undefined ? Number.NaN : Date.parse(record.scheduled)
      const start = Number.isNaN(scheduled) ? now : Math.max(now, scheduled)
      insertReceipts(sql, scheduleReceipts(record, start, stepMs, faults.plan?.receipts, prng))
    }
    if (faults.plan?.receipts) saveFaults(sql, { ...faults, receiptRng: prng.state })
  }

  /**
   * Sets the alarm to the next due receipt. `force` replaces any alarm (at the end of a run);
   * otherwise an earlier alarm is kept.
   */
  async #arm(force: boolean): Promise<void> {
    const receipt = nextDue(this.ctx.storage.sql)
    const review = nextReview(this.ctx.storage.sql)
    const next = receipt === null ? review : review === null ? receipt : Math.min(receipt, review)
    if (next === null) return
    const current = force ? null : await this.ctx.storage.getAlarm()
    if (current === null || next < current) await this.ctx.storage.setAlarm(next)
  }

  /**
   * Approves the templates whose review is due, then sends the receipts and events that are due,
   * round after round, then re-arms for the next one.
   */
  override async alarm(): Promise<void> {
    const config = readConfig(this.env)
    const sql = this.ctx.storage.sql
    const now = Date.now()
    this.ctx.storage.transactionSync(() => {
      for (const row of dueReviews(sql, now)) {
        this.#changeStatus(row, 'APPROVED', {}, now, config.webhookUrl !== null)
      }
    })
    const url = config.webhookUrl
    if (url === null) return await this.#arm(true)
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
    // Each fallback step (a channel of its own) has its own latest state, in the order 8x8
    // tried them (the first due receipt of each).
    const due = sql
      .exec<{ body: string }>(
        'SELECT body FROM receipts WHERE umid = ? AND duplicate = 0 AND due_at <= ? ORDER BY due_at, rowid',
        umid,
        Date.now(),
      )
      .toArray()
    const best = new Map<string, DueStatus>()
    for (const { body } of due) {
      const { status, channel } = (
        JSON.parse(body) as { payload: { status: DueStatus; channel: string } }
      ).payload
      const current = best.get(channel)
      if (
        current === undefined ||
        deliveryStateRank(status.state) > deliveryStateRank(current.state)
      )
        best.set(channel, status)
    }
    if (best.size === 0) return record
    const current = JSON.parse(record) as MessageRecord
    const steps = [...best].map(([channel, status]) => ({
      ...current,
      // The message's own first channel keeps its spelling; a fallback step's is the one it asked for.
      channel:
        channel === current.channel.toLowerCase()
          ? current.channel
          : (current.fallbackChannel ?? DEFAULT_FALLBACK_CHANNEL),
      state: status.state,
      stateAt: status.timestamp,
      ...(status.errorCode === undefined ? {} : { errorCode: status.errorCode }),
      ...(status.errorMessage === undefined ? {} : { errorMessage: status.errorMessage }),
    }))
    const last = steps.at(-1) as MessageRecord
    return JSON.stringify(steps.length === 1 ? last : { ...last, steps })
  }

  /** The rules in force: those set through the API, else `WHATSAPP_RULES`'s. */
  #rules(fromVar: Rules): Rules {
    return loadRules(this.ctx.storage.sql) ?? fromVar
  }

  /**
   * A queued WhatsApp message's record with the failure of the first rule it breaks (window,
   * opt-out, then the pair rate, whose bucket only messages that go out drain).
   */
  #applyRules(rules: Rules, recordJson: string, now: number): string {
    if (!rules.window && !rules.optOut && !rules.pairRate) return recordJson
    const sql = this.ctx.storage.sql
    const record = JSON.parse(recordJson) as MessageRecord
    const user = record.user as { msisdn?: unknown } | null
    const msisdn = typeof user?.msisdn === 'string' ? user.msisdn : null
    // A message already failing (a template WhatsApp will not send) breaks no further rule.
    if (record.state !== 'queued' || msisdn === null || record.failure !== undefined) {
      return recordJson
    }
    const whatsapp = record.channel.toLowerCase() === 'whatsapp'
    const broken = ruleFailure(rules, {
      whatsapp,
      templateName: record.templateName ?? null,
      lastInboundAt: lastInboundAt(sql, msisdn),
      optedOut: isOptedOut(sql, msisdn),
      now,
    })
    let failure: ReceiptStep | null = broken === null ? null : RULE_FAILURES[broken]
    if (failure === null && rules.pairRate && whatsapp) {
      const bucket = refill(loadBucket(sql, msisdn), now)
      if (bucket.tokens >= 1) saveBucket(sql, msisdn, { ...bucket, tokens: bucket.tokens - 1 })
      else failure = RULE_FAILURES.pairRate
    }
    return failure === null ? recordJson : JSON.stringify({ ...record, failure })
  }

  /** The rules in force (`fromVar`: those of `WHATSAPP_RULES`). */
  rules(fromVar: Rules): Rules {
    return this.#rules(fromVar)
  }

  /** Sets the rules; `null` goes back to `WHATSAPP_RULES`. */
  setRules(rules: Rules | null): void {
    saveRules(this.ctx.storage.sql, rules)
  }

  /**
   * Keeps a message a user sent and, with a webhook, queues its event to be posted now (with
   * the receipts' retries). `STOP` opts the user out of marketing, `START` back in.
   */
  async recordInbound(event: string): Promise<void> {
    const sql = this.ctx.storage.sql
    const config = readConfig(this.env)
    const parsed = JSON.parse(event) as InboundEvent
    const { payload } = parsed
    const at = Date.parse(payload.timestamp)
    this.ctx.storage.transactionSync(() => {
      insertInbound(sql, {
        umid: payload.umid,
        subAccountId: payload.subAccountId,
        msisdn: payload.user.msisdn,
        at,
        event,
      })
      const word = optOutWord('text' in payload.content ? payload.content.text : undefined)
      if (word !== null) setOptOut(sql, payload.user.msisdn, word === 'stop', at)
      if (config.webhookUrl !== null) {
        insertReceipts(sql, [
          {
            umid: payload.umid,
            state: 'inbound',
            dueAt: Date.now(),
            body: event,
            duplicate: false,
            dropped: false,
          },
        ])
      }
    })
    await this.#arm(false)
  }

  /** One inbound message, or `null`. */
  inbound(umid: string): InboundRow | null {
    return inboundByUmid(this.ctx.storage.sql, umid)
  }

  /** Every inbound message, oldest first. */
  allInbound(): InboundRow[] {
    return allInbound(this.ctx.storage.sql)
  }

  /** Marks an inbound message read (first time only) or shows typing on it, at `at`. */
  markInbound(umid: string, what: 'read' | 'typing', at: number): void {
    const sql = this.ctx.storage.sql
    const row = inboundByUmid(sql, umid)
    if (row === null) return
    if (what === 'read' && row.readAt === null) markInbound(sql, umid, 'read_at', at)
    if (what === 'typing') markInbound(sql, umid, 'typing_at', at)
  }

  /**
   * Cancels the scheduled messages among `umids` that have not happened yet (their first
   * receipt is not due): their receipts are deleted. Returns how many were cancelled.
   */
  cancel(umids: readonly string[], now: number): number {
    const sql = this.ctx.storage.sql
    return this.ctx.storage.transactionSync(() => {
      let count = 0
      for (const umid of umids) {
        const json = sql
          .exec<{ record: string }>('SELECT record FROM messages WHERE umid = ?', umid)
          .toArray()[0]?.record
        if (json === undefined) continue
        const record = JSON.parse(json) as MessageRecord
        const scheduled = record.scheduled === undefined ? Number.NaN : Date.parse(record.scheduled)
        if (record.state !== 'queued' || !(scheduled > now)) continue
        if (sql.exec('SELECT 1 FROM cancelled WHERE umid = ?', umid).toArray().length > 0) continue
        sql.exec('INSERT INTO cancelled (umid, at) VALUES (?, ?)', umid, now)
        sql.exec('DELETE FROM receipts WHERE umid = ?', umid)
        count += 1
      }
      return count
    })
  }

  /** The umids of a batch (in order), or `null` for an unknown batch. */
  batchUmids(batchId: string): { subAccountId: string; umids: string[] } | null {
    const sql = this.ctx.storage.sql
    const row = sql
      .exec<{ seq: number; sub_account_id: string }>(
        'SELECT seq, sub_account_id FROM received WHERE batch_id = ?',
        batchId,
      )
      .toArray()[0]
    if (row === undefined) return null
    const umids = sql
      .exec<{ umid: string }>('SELECT umid FROM messages WHERE seq = ? ORDER BY position', row.seq)
      .toArray()
      .map((message) => message.umid)
    return { subAccountId: row.sub_account_id, umids }
  }

  /** The failures WhatsApp's rules gave messages: umid, errorCode, errorMessage. */
  failures(): { umid: string; errorCode: number; errorMessage: string }[] {
    return this.ctx.storage.sql
      .exec<{ umid: string; record: string }>(
        `SELECT umid, record FROM messages WHERE record LIKE '%"failure":%'`,
      )
      .toArray()
      .flatMap(({ umid, record }) => {
        const failure = (JSON.parse(record) as MessageRecord).failure
        if (failure?.errorCode === undefined) return []
        return [{ umid, errorCode: failure.errorCode, errorMessage: failure.errorMessage ?? '' }]
      })
  }

  /** The umids of cancelled messages. */
  cancelledUmids(): string[] {
    return this.ctx.storage.sql
      .exec<{ umid: string }>('SELECT umid FROM cancelled')
      .toArray()
      .map((row) => row.umid)
  }

  /** Starts keeping an uploaded file. */
  startFile(file: { name: string; token: string; contentType: string; at: number }): void {
    this.ctx.storage.sql.exec(
      'INSERT INTO files (name, token, content_type, size, chunks, complete, at) VALUES (?, ?, ?, 0, 0, 0, ?)',
      file.name,
      file.token,
      file.contentType,
      file.at,
    )
  }

  /** Adds the next chunk (at most 1 MiB) of a file being uploaded. */
  addFileChunk(name: string, data: ArrayBuffer): void {
    const sql = this.ctx.storage.sql
    this.ctx.storage.transactionSync(() => {
      const { chunks } = sql
        .exec<{ chunks: number }>(
          'UPDATE files SET chunks = chunks + 1, size = size + ? WHERE name = ? RETURNING chunks',
          data.byteLength,
          name,
        )
        .one()
      sql.exec('INSERT INTO file_chunks (name, idx, data) VALUES (?, ?, ?)', name, chunks - 1, data)
    })
  }

  /** Ends an upload: the file can be downloaded. */
  completeFile(name: string): void {
    this.ctx.storage.sql.exec('UPDATE files SET complete = 1 WHERE name = ?', name)
  }

  /** Forgets an upload that failed. */
  dropFile(name: string): void {
    this.ctx.storage.sql.exec('DELETE FROM file_chunks WHERE name = ?', name)
    this.ctx.storage.sql.exec('DELETE FROM files WHERE name = ?', name)
  }

  /** A complete file's description when `token` is its token, else `null`. */
  file(name: string, token: string): { contentType: string; size: number; chunks: number } | null {
    const row = this.ctx.storage.sql
      .exec<{ token: string; content_type: string; size: number; chunks: number }>(
        'SELECT token, content_type, size, chunks FROM files WHERE name = ? AND complete = 1',
        name,
      )
      .toArray()[0]
    if (row === undefined || row.token !== token) return null
    return { contentType: row.content_type, size: row.size, chunks: row.chunks }
  }

  /** One chunk of a file. */
  fileChunk(name: string, idx: number): ArrayBuffer {
    const row = this.ctx.storage.sql
      .exec<{ data: ArrayBuffer }>(
        'SELECT data FROM file_chunks WHERE name = ? AND idx = ?',
        name,
        idx,
      )
      .one()
    return row.data
  }

  /** Sets a template's status and, with a webhook, queues its `template_status_update` now. */
  #changeStatus(
    row: TemplateRow,
    status: string,
    details: StatusDetails,
    now: number,
    post: boolean,
  ): { template: TemplateRow; event: string | null } {
    const sql = this.ctx.storage.sql
    const at = new Date(now).toISOString()
    const template = setTemplateStatus(sql, row, status, at)
    if (!post) return { template, event: null }
    const event = statusEvent(template, details, at)
    const body = JSON.stringify(event)
    // An event rides with the receipts (same webhook, authorization and retries), keyed by its id.
    insertReceipts(sql, [
      {
        umid: event.eventId,
        state: event.eventType,
        dueAt: now,
        body,
        duplicate: false,
        dropped: false,
      },
    ])
    return { template, event: body }
  }

  /** A channel's registered templates (8x8's items as JSON text), in registration order. */
  templates(channelId: string): string[] {
    return templatesOf(this.ctx.storage.sql, channelId).map((row) => JSON.stringify(row.item))
  }

  /**
   * Registers a template, `PENDING` until its review (`reviewMs` from now; `null`: only on
   * demand). `exists` when that name and language are registered; `deleted` when the name was
   * deleted within 30 days.
   */
  async addTemplate(
    channel: { channelId: string; channelName: string },
    request: string,
    reviewMs: number | null,
  ): Promise<{ outcome: 'added' | 'exists' | 'deleted' }> {
    const sql = this.ctx.storage.sql
    const body = JSON.parse(request) as AddTemplateRequest
    const now = Date.now()
    const result = this.ctx.storage.transactionSync(() => {
      if (recentlyDeleted(sql, channel.channelId, body.name, now)) {
        return { outcome: 'deleted' as const }
      }
      if (templateOf(sql, channel.channelId, body.name, body.language) !== null) {
        return { outcome: 'exists' as const }
      }
      const item = itemOf(body, channel, new Date(now).toISOString())
      // Meta's template ids are 15 or 16 digits.
      const templateId = String(1_000_000_000_000_000 + Math.floor(Math.random() * 8e15))
      addTemplate(sql, { templateId, item }, reviewMs === null ? null : now + reviewMs)
      return { outcome: 'added' as const }
    })
    await this.#arm(false)
    return result
  }

  /** Deletes every language of a template name; whether it was registered. */
  deleteTemplate(channelId: string, name: string): boolean {
    const sql = this.ctx.storage.sql
    return this.ctx.storage.transactionSync(() => deleteTemplate(sql, channelId, name, Date.now()))
  }

  /**
   * Sets a template's status now and posts its event (when a webhook is configured): the item
   * and the event as JSON text, or `null` for an unknown template.
   */
  async setTemplateStatus(
    channelId: string,
    name: string,
    language: string,
    status: string,
    details: StatusDetails,
  ): Promise<{ item: string; event: string | null } | null> {
    const sql = this.ctx.storage.sql
    const config = readConfig(this.env)
    const changed = this.ctx.storage.transactionSync(() => {
      const row = templateOf(sql, channelId, name, language)
      if (row === null) return null
      return this.#changeStatus(row, status, details, Date.now(), config.webhookUrl !== null)
    })
    if (changed === null) return null
    await this.#arm(false)
    return { item: JSON.stringify(changed.template.item), event: changed.event }
  }

  /** Back to the seeded templates: every other template, change and deletion is forgotten. */
  resetTemplates(): void {
    const sql = this.ctx.storage.sql
    this.ctx.storage.transactionSync(() => resetTemplates(sql))
  }

  /** Forgets every request, message and receipt (not the fault plan). */
  clear(): void {
    this.ctx.storage.transactionSync(() => {
      clearConversation(this.ctx.storage.sql)
      clearReceipts(this.ctx.storage.sql)
      this.ctx.storage.sql.exec('DELETE FROM messages')
      this.ctx.storage.sql.exec('DELETE FROM received')
    })
  }
}
