/**
 * Reconciliation (a cron trigger): 8x8 retries its webhooks four times and then drops them, so
 * a message can stay at `queued` or `sent` although 8x8 knows better. Messages quiet for longer
 * than `RECONCILE_AFTER_MS` are looked up in 8x8's message details, and what 8x8 says is stored
 * as if its receipt had arrived: deduplicated, monotonic, forwarded to the client's callback.
 *
 * @module
 */
import { type DeliveryReceiptEvent, safeParseEvent } from '@chatapps/dsl'
import type { CallbackJob } from '../callbacks/events'
import type { Config } from '../config'
import { type Stale, staleMessages, touch } from '../db/messages/delivery'
import { sendAll } from '../lib/queues'
import { storeReceipt } from '../receipts/intake'
import { createUpstream, type UpstreamStatus } from '../upstream/chatapps-api'

/** What reconciliation needs from the worker's bindings. */
export interface ReconcileDeps {
  readonly db: D1Database
  readonly callbacks: Queue<CallbackJob>
  readonly upstream: Fetcher | undefined
  readonly config: Config
  /** Waits between two lookups of one sub-account (8x8 allows one per second). */
  readonly pause?: (ms: number) => Promise<void>
}

/** At most this many lookups per sub-account and run (8x8: one request per second). */
const RECONCILE_BATCH = 40

/**
 * Looks up the messages that wait for a receipt longer than the configured time.
 *
 * @returns how many messages 8x8's answer moved forward.
 */
export async function reconcile(deps: ReconcileDeps, now: number = Date.now()): Promise<number> {
  const { db, config } = deps
  const pause = deps.pause ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)))
  const results = await staleMessages(db, now - config.reconcileAfterMs, RECONCILE_BATCH * 10)
  const upstream = createUpstream(config, deps.upstream)
  const bySubAccount = new Map<string, Stale[]>()
  for (const row of results) {
    const list = bySubAccount.get(row.sub_account) ?? []
    if (list.length < RECONCILE_BATCH) list.push(row)
    bySubAccount.set(row.sub_account, list)
  }
  let moved = 0
  await Promise.all(
    [...bySubAccount].map(async ([subAccount, rows]) => {
      for (const [index, row] of rows.entries()) {
        if (index > 0) await pause(1_000)
        const status = await upstream.status(subAccount, row.umid)
        // Whatever 8x8 says, the message is not looked up again before the next period.
        await touch(db, row.umid, Date.now())
        if (status === null) continue
        const event = receiptOf(subAccount, row, status)
        if (event === null) continue
        const stored = await storeReceipt(db, event, Date.now())
        if (!stored.fresh) continue
        moved++
        await sendAll(deps.callbacks, stored.callbacks)
      }
    }),
  )
  return moved
}

/** 8x8's details as the receipt it would have sent. */
function receiptOf(
  subAccount: string,
  row: Stale,
  upstream: UpstreamStatus,
): DeliveryReceiptEvent | null {
  // The step's channel and attempt number place it in the fallback order (src/db/messages/receipts.ts).
  const { channel, step, ...status } = upstream
  const parsed = safeParseEvent({
    namespace: 'ChatApps',
    eventType: 'outbound_message_status_changed',
    description: 'reconciled from 8x8 message details',
    payload: {
      umid: row.umid,
      subAccountId: subAccount,
      // What 8x8 knows as clientMessageId: the gateway's own id.
      clientMessageId: row.id,
      ...(channel === undefined ? {} : { channel }),
      ...(step === undefined ? {} : { step }),
      status,
    },
  })
  return parsed.success && parsed.output.kind === 'delivery_receipt' ? parsed.output : null
}
