/**
 * Typed access to the {@link SandboxStore} for the routes.
 *
 * @module
 */
import type { JsonValue } from '@chatapps/dsl'
import type { Bindings } from '../env'
import type { SandboxStore } from './sandbox-store'
import type { Arrival, MessageRecord, ReceivedEntry } from './types'

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
      if (row.kind === 'message') {
        return { kind: 'message', umid: row.umid ?? '', ...common, body, raw: row.raw }
      }
      const umids = [...row.umids]
      return { kind: 'batch', batchId: row.batchId ?? '', umids, ...common, body, raw: row.raw }
    })
  }

  /** One message by umid, or `null`. */
  async message(umid: string): Promise<MessageRecord | null> {
    const record = await this.#stub.message(umid)
    return record === null ? null : (JSON.parse(record) as MessageRecord)
  }

  /** Forgets everything. */
  async clear(): Promise<void> {
    await this.#stub.clear()
  }
}
