/**
 * Typed access to the {@link SandboxStore} for the routes.
 *
 * @module
 */
import type { JsonValue } from '@chatapps/dsl'
import { type KnownTemplate, knownTemplate } from '@chatapps/dsl/templates'
import type { InboundEvent } from '../conversation/inbound'
import type { Rules } from '../conversation/rules'
import type { Bindings } from '../env'
import type { FaultState, SendFault } from '../faults/decide'
import type { FaultPlan } from '../faults/schema'
import type { StatusDetails } from '../templates/events'
import type { AddTemplateRequest, TemplateItem } from '../templates/item'
import type { InboundRow } from './conversation-table'
import type { ReceiptRow } from './receipts-table'
import type { SandboxStore } from './sandbox-store'
import type { Arrival, AttemptView, MessageRecord, ReceiptView, ReceivedEntry } from './types'

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString())

function receiptView(row: ReceiptRow): ReceiptView {
  return {
    umid: row.umid,
    state: row.state,
    duplicate: row.duplicate,
    sentAt: iso(row.sentAt),
    attempts: row.attempts,
    delivered: row.status === 'delivered',
    dropped: row.status === 'dropped',
    pending: row.status === 'pending' || row.status === 'sending',
  }
}

/** The name of the single store instance every request uses. */
export const STORE_NAME = 'default'

/** The store of this sandbox, with typed methods. */
export class Store {
  readonly #stub: DurableObjectStub<SandboxStore>

  constructor(env: Bindings) {
    this.#stub = env.SANDBOX_STORE.get(env.SANDBOX_STORE.idFromName(STORE_NAME))
  }

  /** Keeps an accepted request. */
  async record(arrival: Arrival): Promise<void> {
    const messages = arrival.kind === 'message' ? [arrival.message] : arrival.messages
    await this.#stub.record({
      kind: arrival.kind,
      subAccountId: arrival.subAccountId,
      receivedAt: arrival.receivedAt,
      raw: arrival.raw,
      umid: arrival.kind === 'message' ? arrival.umid : null,
      batchId: arrival.kind === 'batch' ? arrival.batchId : null,
      messages: messages.map((message) => ({
        umid: message.umid,
        record: JSON.stringify(message),
      })),
    })
  }

  /** Everything received, oldest first. */
  async list(): Promise<ReceivedEntry[]> {
    const rows = await this.#stub.list()
    return rows.map((row): ReceivedEntry => {
      const common = { subAccountId: row.subAccountId, receivedAt: row.receivedAt }
      const body = JSON.parse(row.raw) as JsonValue
      const receipts = row.receipts.map(receiptView)
      if (row.kind === 'message') {
        return { kind: 'message', umid: row.umid ?? '', ...common, body, raw: row.raw, receipts }
      }
      const umids = [...row.umids]
      const batchId = row.batchId ?? ''
      return { kind: 'batch', batchId, umids, ...common, body, raw: row.raw, receipts }
    })
  }

  /** One message by umid, or `null`. */
  async message(umid: string): Promise<MessageRecord | null> {
    const record = await this.#stub.message(umid)
    return record === null ? null : (JSON.parse(record) as MessageRecord)
  }

  /** Forgets every request, message and receipt. */
  async clear(): Promise<void> {
    await this.#stub.clear()
  }

  /** Every receipt POST made, oldest first. */
  async attempts(): Promise<AttemptView[]> {
    const rows = await this.#stub.attempts()
    return rows.map((row) => ({
      umid: row.umid,
      state: row.state,
      duplicate: row.duplicate,
      attempt: row.attempt,
      at: new Date(row.at).toISOString(),
      url: row.url,
      status: row.httpStatus,
      ...(row.error !== null && { error: row.error }),
      delivered: row.ok,
      body: JSON.parse(row.body) as JsonValue,
    }))
  }

  /** The fault of this send request (one atomic decision in the store). */
  async decideSend(): Promise<SendFault> {
    return this.#stub.decideSend()
  }

  /** Replaces the fault plan and resets its counters. */
  async setFaults(plan: FaultPlan): Promise<FaultState> {
    return this.#stub.setFaults(plan)
  }

  /** The fault plan and its counters. */
  async faults(): Promise<FaultState> {
    return this.#stub.faults()
  }

  /** Removes the fault plan and its counters. */
  async clearFaults(): Promise<void> {
    await this.#stub.clearFaults()
  }

  /** Keeps a user's message and queues its webhook. */
  async recordInbound(event: InboundEvent): Promise<void> {
    await this.#stub.recordInbound(JSON.stringify(event))
  }

  /** One inbound message, or `null`. */
  async inbound(umid: string): Promise<InboundRow | null> {
    return this.#stub.inbound(umid)
  }

  /** Every inbound message, oldest first. */
  async allInbound(): Promise<InboundRow[]> {
    return this.#stub.allInbound()
  }

  /** Marks an inbound message read, or shows typing on it. */
  async markInbound(umid: string, what: 'read' | 'typing', at: number): Promise<void> {
    await this.#stub.markInbound(umid, what, at)
  }

  /** Cancels the scheduled messages among `umids` not yet happened; how many were. */
  async cancel(umids: readonly string[], now: number): Promise<number> {
    return this.#stub.cancel(umids, now)
  }

  /** A batch's sub-account and umids, or `null`. */
  async batchUmids(batchId: string): Promise<{ subAccountId: string; umids: string[] } | null> {
    return this.#stub.batchUmids(batchId)
  }

  /** The failures WhatsApp's rules gave messages, by umid. */
  async failures(): Promise<Map<string, { errorCode: number; errorMessage: string }>> {
    const rows = await this.#stub.failures()
    return new Map(
      rows.map((row) => [row.umid, { errorCode: row.errorCode, errorMessage: row.errorMessage }]),
    )
  }

  /** The umids of cancelled messages. */
  async cancelledUmids(): Promise<string[]> {
    return this.#stub.cancelledUmids()
  }

  /** The rules in force (`fromVar`: those of `WHATSAPP_RULES`). */
  async rules(fromVar: Rules): Promise<Rules> {
    return this.#stub.rules(fromVar)
  }

  /** Sets the rules; `null` goes back to `WHATSAPP_RULES`. */
  async setRules(rules: Rules | null): Promise<void> {
    await this.#stub.setRules(rules)
  }

  /** The store's template registry calls (see {@link ../routes/templates.ts}). */
  get templates() {
    const stub = this.#stub
    return {
      list: async (channelId: string): Promise<TemplateItem[]> =>
        (await stub.templates(channelId)).map((item) => JSON.parse(item) as TemplateItem),
      /** The channel's templates as `checkTemplate` needs them. */
      known: async (channelId: string): Promise<KnownTemplate[]> =>
        (await stub.templates(channelId)).map((item) =>
          knownTemplate(JSON.parse(item) as TemplateItem),
        ),
      add: (
        channel: { channelId: string; channelName: string },
        request: AddTemplateRequest,
        reviewMs: number | null,
      ) => stub.addTemplate(channel, JSON.stringify(request), reviewMs),
      delete: (channelId: string, name: string) => stub.deleteTemplate(channelId, name),
      setStatus: async (
        template: { channelId: string; name: string; language: string },
        status: string,
        details: StatusDetails,
      ): Promise<{ template: TemplateItem; event: JsonValue | null } | null> => {
        const { channelId, name, language } = template
        const changed = await stub.setTemplateStatus(channelId, name, language, status, details)
        if (changed === null) return null
        return {
          template: JSON.parse(changed.item) as TemplateItem,
          event: changed.event === null ? null : (JSON.parse(changed.event) as JsonValue),
        }
      },
      reset: () => stub.resetTemplates(),
    }
  }

  /** The store's file calls (see {@link ../routes/files.ts}). */
  get files() {
    const stub = this.#stub
    return {
      start: (file: { name: string; token: string; contentType: string; at: number }) =>
        stub.startFile(file),
      add: (name: string, data: ArrayBuffer) => stub.addFileChunk(name, data),
      complete: (name: string) => stub.completeFile(name),
      drop: (name: string) => stub.dropFile(name),
      find: (name: string, token: string) => stub.file(name, token),
      chunk: (name: string, idx: number) => stub.fileChunk(name, idx),
    }
  }
}
