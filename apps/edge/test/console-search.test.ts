/**
 * The console's reads of `messages` go through an index (migration 0013), whatever the table
 * holds: each statement's query plan, and D1's rows read over a seeded table. D1 runs one query at
 * a time, so a page that read the whole table would stall the gateway's writes behind it.
 */
import { env } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import { listDeadLetters } from '../src/db/messages/replay'
import { liveFigures, searchMessages } from '../src/db/messages/search'

/** A statement the code under test ran: its SQL, its values and D1's rows read. */
interface Ran {
  readonly sql: string
  readonly values: readonly unknown[]
  readonly rowsRead: number
}

/** A D1 database that records every statement run through it (`all`, `batch`). */
function recording(db: D1Database): { readonly db: D1Database; readonly ran: Ran[] } {
  const ran: Ran[] = []
  const real = new WeakMap<object, { sql: string; values: unknown[] }>()
  const statement = (sql: string, values: unknown[]) => {
    const wrapped = {
      bind: (...next: unknown[]) => statement(sql, next),
      all: async () => {
        const result = await db
          .prepare(sql)
          .bind(...values)
          .all()
        ran.push({ sql, values, rowsRead: result.meta.rows_read })
        return result
      },
    }
    real.set(wrapped, { sql, values })
    return wrapped
  }
  const wrapper = {
    prepare: (sql: string) => statement(sql, []),
    batch: async (statements: readonly object[]) => {
      const taken = statements.map((one) => {
        const found = real.get(one)
        if (found === undefined) throw new Error('not a recorded statement')
        return found
      })
      const results = await db.batch(
        taken.map(({ sql, values }) => db.prepare(sql).bind(...values)),
      )
      results.forEach((result, index) => {
        const { sql, values } = taken[index] ?? { sql: '', values: [] }
        ran.push({ sql, values, rowsRead: result.meta.rows_read })
      })
      return results
    },
  }
  return { db: wrapper as unknown as D1Database, ran }
}

/** SQLite's plan of a statement, one step a line. */
async function planOf({ sql, values }: Ran): Promise<string[]> {
  const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .bind(...values)
    .all<{ detail: string }>()
  return results.map((row) => row.detail)
}

const BASE = Date.UTC(2026, 10, 1)
/** Messages seeded: every tenth failed with its attempts exhausted (a dead letter). */
const SEEDED = 2000

// Once: storage is the file's, and these tests only read.
beforeAll(async () => {
  const insert = env.DB.prepare(
    `INSERT INTO messages (id, key_id, idempotency_key, client_message_id, status, status_rank,
      created_at, updated_at, sub_account, payload, recipient, reason)
     VALUES (?, 'search-key', ?, ?, ?, ?, ?, ?, 'demo-subaccount', '{}', '+15550001111', ?)`,
  )
  const statements = Array.from({ length: SEEDED }, (_, index) => {
    const id = `search-${String(index).padStart(5, '0')}`
    const dead = index % 10 === 0
    // Two messages a millisecond: the cursor's id decides between them.
    const at = BASE + Math.floor(index / 2)
    return insert.bind(
      id,
      `idem-${id}`,
      `cmid-${index}`,
      dead ? 'failed' : 'queued',
      dead ? 4 : 2,
      at,
      at,
      dead ? 'delivery attempts exhausted (last: 8x8: HTTP 503)' : null,
    )
  })
  for (let index = 0; index < statements.length; index += 500) {
    await env.DB.batch(statements.slice(index, index + 500))
  }
})

describe('the console’s searches read through an index', () => {
  it('a page of every message, and the next one from its cursor, read one page each', async () => {
    const { db, ran } = recording(env.DB)
    const first = await searchMessages(db, {}, null, 51)
    expect(first.map((row) => row.id)).toEqual(
      Array.from({ length: 51 }, (_, index) => `search-${String(1999 - index).padStart(5, '0')}`),
    )
    // A cursor whose millisecond the next message shares: the next page starts with that one.
    const last = first[48]
    expect(last).toMatchObject({ id: 'search-01951', createdAt: BASE + 975 })
    const second = await searchMessages(
      db,
      {},
      { createdAt: last?.createdAt ?? 0, id: last?.id ?? '' },
      51,
    )
    expect(second[0]).toMatchObject({ id: 'search-01950', createdAt: BASE + 975 })
    expect(second.at(-1)?.id).toBe('search-01900')
    // The second page reads one row more: the row its seek lands on, before the cursor.
    expect(ran.map((one) => one.rowsRead)).toEqual([51, 52])
    expect(await planOf(ran[0] as Ran)).toEqual(['SCAN messages USING INDEX messages_created'])
    expect(await planOf(ran[1] as Ran)).toEqual([
      'SEARCH messages USING INDEX messages_created ((created_at,id)<(?,?))',
    ])
  })

  it('by clientMessageId and by state, each through its index', async () => {
    const { db, ran } = recording(env.DB)
    const byReference = await searchMessages(db, { clientMessageId: 'cmid-7' }, null, 51)
    expect(byReference.map((row) => row.id)).toEqual(['search-00007'])
    const failed = await searchMessages(db, { state: 'failed' }, null, 51)
    expect(failed).toHaveLength(51)
    expect(failed[0]?.id).toBe('search-01990')
    const cursor = { createdAt: failed[49]?.createdAt ?? 0, id: failed[49]?.id ?? '' }
    const older = await searchMessages(db, { state: 'failed' }, cursor, 51)
    expect(older.map((row) => row.id)).toEqual(
      Array.from(
        { length: 150 },
        (_, index) => `search-${String(1490 - index * 10).padStart(5, '0')}`,
      ).slice(0, 51),
    )
    // A seek reads the row past its last match; the first page of a state stops at its limit.
    expect(ran.map((one) => one.rowsRead)).toEqual([2, 51, 52])
    expect(await planOf(ran[0] as Ran)).toEqual([
      'SEARCH messages USING INDEX messages_client_message_created (client_message_id=?)',
    ])
    expect(await planOf(ran[1] as Ran)).toEqual([
      'SEARCH messages USING INDEX messages_status_created (status=?)',
    ])
    expect(await planOf(ran[2] as Ran)).toEqual([
      'SEARCH messages USING INDEX messages_status_created (status=? AND (created_at,id)<(?,?))',
    ])
  })

  it('the dead letters page reads its page only', async () => {
    const { db, ran } = recording(env.DB)
    const page = await listDeadLetters(db, null, 51)
    expect(page).toHaveLength(51)
    expect(page[0]?.id).toBe('search-01990')
    const last = page[49]
    const older = await listDeadLetters(db, { at: last?.updatedAt ?? 0, id: last?.id ?? '' }, 51)
    expect(older[0]?.id).toBe(page[50]?.id)
    // The second page seeks past the first: it does not read the newer dead letters again.
    expect(ran.map((one) => one.rowsRead)).toEqual([51, 52])
    expect(await planOf(ran[0] as Ran)).toEqual([
      'SEARCH messages USING INDEX messages_dead_letters (status=? AND umid=?)',
    ])
    expect(await planOf(ran[1] as Ran)).toEqual([
      'SEARCH messages USING INDEX messages_dead_letters (status=? AND umid=? AND (updated_at,id)<(?,?))',
    ])
  })

  it('the live view counts the window’s messages only', async () => {
    const { db, ran } = recording(env.DB)
    // The window holds the newest 100 messages (50 ms, two a millisecond).
    const figures = await liveFigures(db, BASE + 950)
    expect(figures.byState).toEqual([
      { state: 'queued', count: 90 },
      { state: 'failed', count: 10 },
    ])
    // The window's 100 rows, and the GROUP BY's sorter read back (100 rows, 2 groups).
    expect(ran[0]?.rowsRead).toBe(202)
    expect(await planOf(ran[0] as Ran)).toEqual([
      'SEARCH messages USING INDEX messages_created (created_at>?)',
      'USE TEMP B-TREE FOR GROUP BY',
      'USE TEMP B-TREE FOR ORDER BY',
    ])
  })

  it('8x8’s latency: exact percentiles of every attempt in the window, read from the index', async () => {
    // 4,800 attempts of 10 ms and 400 of 9 s in the window, one older of 20 s outside it.
    const at = BASE + 60_000
    const insert = env.DB.prepare(
      `INSERT INTO delivery_attempts (message_id, attempt, at, outcome, http_status, detail, duration_ms)
       VALUES (?, 1, ?, 'sent', NULL, NULL, ?)`,
    )
    const statements = Array.from({ length: 5200 }, (_, index) =>
      insert.bind(`latency-${index}`, at, index < 4800 ? 10 : 9000),
    )
    statements.push(insert.bind('latency-old', at - 1, 20_000))
    for (let index = 0; index < statements.length; index += 500) {
      await env.DB.batch(statements.slice(index, index + 500))
    }
    const { db, ran } = recording(env.DB)
    const figures = await liveFigures(db, at)
    // Nearest rank: the 2,600th is 10 ms, the 4,940th 9,000 ms.
    expect(figures.latency).toEqual({ count: 5200, p50: 10, p95: 9000, max: 9000 })
    expect(await planOf(ran[2] as Ran)).toContain(
      'SEARCH delivery_attempts USING COVERING INDEX delivery_attempts_at (at>?)',
    )
    const empty = await liveFigures(env.DB, at + 1)
    expect(empty.latency).toEqual({ count: 0, p50: null, p95: null, max: null })
  })
})
