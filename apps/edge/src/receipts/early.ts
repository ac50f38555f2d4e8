/**
 * Receipts that came before their message's record: the record's write applies them
 * (src/db/messages/records.ts), and this calls each back once, as the webhook would have.
 *
 * @module
 */
import { type CallbackJob, receiptCallback } from '../callbacks/events'
import { insertRecords, type NewMessage } from '../db/messages/records'

/**
 * Writes message records to D1 and returns the callbacks of the receipts that came before them,
 * for keys with a callback URL.
 *
 * @example
 * await sendAll(env.CALLBACKS, await writeRecords(env.DB, records))
 */
export async function writeRecords(
  db: D1Database,
  records: readonly NewMessage[],
): Promise<CallbackJob[]> {
  if (records.length === 0) return []
  const early = await insertRecords(db, records)
  return early.map((row) =>
    receiptCallback(
      { keyId: row.key_id, id: row.id, clientMessageId: row.client_message_id },
      {
        umid: row.umid,
        state: row.state,
        ...(row.detail === null ? {} : { detail: row.detail }),
        ...(row.error_code === null ? {} : { errorCode: row.error_code }),
        ...(row.error_message === null ? {} : { errorMessage: row.error_message }),
        timestamp: row.timestamp,
        channel: row.channel,
      },
      row.received_at,
    ),
  )
}
