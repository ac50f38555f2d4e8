import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import type { Bindings } from '../src/bindings'
import { readConfig } from '../src/config'
import { reconcile } from '../src/delivery/reconcile'
import { storeReceipt } from '../src/receipts/intake'
import { receiptOf } from './helpers'

const bindings = env as unknown as Bindings & { FAULTY_UPSTREAM: Fetcher }
const config = readConfig(bindings)

async function message(umid: string, status: string, rank: number, updatedAt: number) {
  const id = crypto.randomUUID()
  await env.DB.prepare(
    `INSERT INTO messages (id, key_id, idempotency_key, client_message_id, umid, status,
      status_rank, sub_account, created_at, updated_at)
     VALUES (?, 'test-key-ed25519', ?, ?, ?, ?, ?, 'demo-subaccount', 0, ?)`,
  )
    .bind(id, `idem-${id}`, `cmid-${id}`, umid, status, rank, updatedAt)
    .run()
  return id
}

/** Reconciliation's dependencies: the fake 8x8, no pause between its calls. */
const deps = {
  db: env.DB,
  callbacks: env.CALLBACKS,
  upstream: bindings.FAULTY_UPSTREAM,
  config,
  pause: async () => {},
}

const row = (id: string) =>
  env.DB.prepare('SELECT status, status_rank, updated_at FROM messages WHERE id = ?')
    .bind(id)
    .first<{ status: string; status_rank: number; updated_at: number }>()

describe('reconciliation with 8x8 message details (cron)', () => {
  it('moves quiet messages to what 8x8 knows, once, and leaves recent ones alone', async () => {
    expect(config.reconcileAfterMs).toBe(600_000)
    const now = 10_000_000
    const stale = await message(`read-${crypto.randomUUID()}`, 'sent', 3, now - 600_001)
    const unknownTo8x8 = await message(`gone-${crypto.randomUUID()}`, 'queued', 2, now - 700_000)
    const recent = await message(`delivered-${crypto.randomUUID()}`, 'sent', 3, now - 1_000)
    expect(await reconcile(deps, now)).toBe(1)
    expect(await row(stale)).toMatchObject({ status: 'read', status_rank: 5 })
    // 8x8 answered 404: unchanged, but not asked again before the next period.
    const gone = await row(unknownTo8x8)
    expect(gone).toMatchObject({ status: 'queued', status_rank: 2 })
    expect(gone?.updated_at).toBeGreaterThan(now)
    expect(await row(recent)).toEqual({ status: 'sent', status_rank: 3, updated_at: now - 1_000 })
    // The reconciled state is in the history, as 8x8's receipt would have been.
    const receipts = await env.DB.prepare('SELECT state, timestamp FROM receipts WHERE umid = ?')
      .bind(
        (
          await env.DB.prepare('SELECT umid FROM messages WHERE id = ?')
            .bind(stale)
            .first<{ umid: string }>()
        )?.umid,
      )
      .all()
    expect(receipts.results).toEqual([{ state: 'read', timestamp: '2026-11-24T00:00:05.000Z' }])
    expect(await reconcile(deps, now)).toBe(0)
  })
})

describe('reconciliation of a message 8x8 fell back on', () => {
  it("takes the details' last step and its channel: SMS's step 2 follows WhatsApp's sent, though the message named no channels", async () => {
    const now = 10_000_000
    const umid = `fallback-${crypto.randomUUID()}`
    const id = await message(umid, 'sent', 3, now - 600_001)
    // WhatsApp's sent came by webhook (no step: the message named no order).
    const sent = receiptOf(id, umid, 'sent')
    await storeReceipt(
      env.DB,
      {
        ...sent,
        payload: {
          ...sent.payload,
          channel: 'whatsapp',
          status: { state: 'sent', timestamp: '2026-11-24T00:00:02.000Z' },
        },
      },
      now - 600_001,
    )
    await env.DB.prepare('UPDATE messages SET updated_at = ? WHERE id = ?')
      .bind(now - 600_001, id)
      .run()
    expect(await reconcile(deps, now)).toBe(1)
    expect(
      await env.DB.prepare('SELECT status, status_rank, status_channel FROM messages WHERE id = ?')
        .bind(id)
        .first(),
    ).toEqual({ status: 'sent', status_rank: 3, status_channel: 'sms' })
    const receipts = await env.DB.prepare(
      'SELECT state, channel, step FROM receipts WHERE umid = ? ORDER BY received_at',
    )
      .bind(umid)
      .all()
    expect(receipts.results).toEqual([
      { state: 'sent', channel: 'whatsapp', step: null },
      { state: 'sent', channel: 'sms', step: 2 },
    ])
  })
})
