/**
 * One owner per table: the statements that write each D1 table, and each Durable Object's SQLite
 * tables, are in the one module the README's map names. A statement added anywhere else fails here.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = new URL('..', import.meta.url).pathname
const src = join(root, 'src')

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sources(path)
    return /\.(ts|tsx|js)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : []
  })
}

/** Statements that change a table: insert, update (not `ON CONFLICT … DO UPDATE SET`), delete, DDL. */
const WRITE =
  /\b(?:INSERT(?:\s+OR\s+[A-Z]+)?\s+INTO|(?<!DO\s)UPDATE|DELETE\s+FROM|CREATE\s+TABLE(?:\s+IF\s+NOT\s+EXISTS)?|ALTER\s+TABLE)\s+([a-z_]+)\b/g

/** table -> the files whose statements write it. */
function writers(files: readonly string[], read: (file: string) => string) {
  const found = new Map<string, Set<string>>()
  for (const file of files) {
    for (const match of read(file).matchAll(WRITE)) {
      const table = match[1] ?? ''
      if (table === 'SET') continue
      const set = found.get(table) ?? new Set<string>()
      set.add(file)
      found.set(table, set)
    }
  }
  return Object.fromEntries([...found].map(([table, set]) => [table, [...set].sort()]))
}

describe('table owners', () => {
  it('each table is written by its owner only', () => {
    const files = sources(src)
    const found = writers(
      files.map((file) => relative(root, file)),
      (file) => readFileSync(join(root, file), 'utf8'),
    )
    expect(found).toEqual({
      // D1 (migrations/)
      client_keys: ['src/db/keys.ts'],
      messages: [
        'src/db/messages/cancel.ts',
        'src/db/messages/delivery.ts',
        'src/db/messages/receipts.ts',
        'src/db/messages/records.ts',
        'src/db/messages/replay.ts',
        'src/db/messages/sent-twice.ts',
        'src/db/messages/unqueued.ts',
      ],
      receipts: ['src/db/receipts.ts'],
      inbound_messages: ['src/db/receipts.ts'],
      webhook_events: ['src/db/receipts.ts'],
      // The admission object's SQLite storage
      nonces: ['src/objects/admission/object.ts'],
      idempotency: ['src/objects/admission/object.ts'],
      key_status: ['src/objects/admission/object.ts'],
      outbox: ['src/objects/admission/outbox.ts'],
      // The circuit breaker's
      outcomes: ['src/objects/circuit/object.ts'],
      // D1's index of suppressed recipients (migration 0005)
      suppressions: ['src/db/suppressions.ts'],
      // The console's records (migration 0006)
      delivery_attempts: ['src/db/attempts.ts'],
      callback_attempts: ['src/db/attempts.ts'],
      // Callbacks given up (migration 0017)
      dropped_callbacks: ['src/db/dropped-callbacks.ts'],
      dead_letter_replays: ['src/db/messages/replay.ts'],
      // The refusal counts of the console's live view: D1's (migration 0010), and each admission
      // object's SQLite table of the counts it has not written to D1 yet
      refusal_counts: ['src/db/refusals.ts', 'src/objects/admission/refusals.ts'],
      // The template registry (migration 0009)
      templates: ['src/db/templates.ts'],
      template_syncs: ['src/db/templates.ts'],
      // A contact's (src/objects/contact)
      contact: ['src/objects/contact/object.ts'],
      consent_history: ['src/objects/contact/object.ts'],
      seen: ['src/objects/contact/object.ts'],
      // When the user sent the last stop or start keyword: read once into consent_clock
      last_keyword: ['src/objects/contact/object.ts'],
      // When the newest refusal and lift were made, before each fact kept its own: read once
      // into consent_facts
      consent_clock: ['src/objects/contact/object.ts'],
      // Each consent fact (a stop, a Viber block, a marketing opt-out): whether it holds, the
      // change that set it, and when its newest refusal and lift were made
      consent_facts: ['src/objects/contact/consent-store.ts'],
      // A BSUID's contact: the number it joined; a number's: the BSUIDs joined to it
      link: ['src/objects/contact/object.ts'],
      aliases: ['src/objects/contact/object.ts'],
    })
  })

  it('finds a write wherever it is (the check itself can fail)', () => {
    const stray = {
      'src/delivery/stray.ts': 'db.prepare(`UPDATE messages SET status_rank = 4 WHERE id = ?`)',
      'src/db/messages/records.ts':
        'INSERT INTO messages (id) VALUES (?) ON CONFLICT (id) DO UPDATE SET updated_at = 1',
    }
    expect(writers(Object.keys(stray), (file) => stray[file as keyof typeof stray])).toEqual({
      messages: ['src/db/messages/records.ts', 'src/delivery/stray.ts'],
    })
  })
})
