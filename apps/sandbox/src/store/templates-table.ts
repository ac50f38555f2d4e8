/**
 * The SQL of the template registry: `templates` holds each registered template (8x8's item as
 * JSON, Meta's template id, and when a pending one is reviewed), `deleted_templates` the names
 * deleted within the last 30 days (8x8 refuses to register them again), `templates_seeded` one
 * row once the seeds went in, so that a restart does not bring deleted seeds back.
 *
 * @module
 */
import { statusName, type TemplateItem } from '../templates/item'
import { SEED_TEMPLATES } from '../templates/seeds'

/** The tables. Times are epoch milliseconds. */
export const TEMPLATES_SCHEMA = `
CREATE TABLE IF NOT EXISTS templates (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  channel_id TEXT NOT NULL,
  name TEXT NOT NULL,
  language TEXT NOT NULL,
  template_id TEXT NOT NULL,
  item TEXT NOT NULL,
  review_at INTEGER,
  UNIQUE (channel_id, name, language)
);
CREATE INDEX IF NOT EXISTS templates_review ON templates (review_at);
CREATE TABLE IF NOT EXISTS deleted_templates (
  channel_id TEXT NOT NULL,
  name TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS templates_seeded (id INTEGER PRIMARY KEY CHECK (id = 1));
`

/** How long 8x8 (Meta) keeps a deleted template's name from being registered again. */
export const NAME_REUSE_MS = 30 * 24 * 60 * 60 * 1000

/** A registered template with Meta's id. */
export interface TemplateRow {
  readonly templateId: string
  readonly item: TemplateItem
}

type Sql = { template_id: string; item: string }
const rowOf = (row: Sql): TemplateRow => ({
  templateId: row.template_id,
  item: JSON.parse(row.item) as TemplateItem,
})

function insert(sql: SqlStorage, row: TemplateRow, reviewAt: number | null): void {
  sql.exec(
    'INSERT INTO templates (channel_id, name, language, template_id, item, review_at) VALUES (?, ?, ?, ?, ?, ?)',
    row.item.channelId,
    row.item.templateName,
    row.item.language,
    row.templateId,
    JSON.stringify(row.item),
    reviewAt,
  )
}

/** Puts the seeds in, once in the store's life (or after {@link resetTemplates}). */
export function seedTemplates(sql: SqlStorage): void {
  if (sql.exec('SELECT 1 FROM templates_seeded').toArray().length > 0) return
  for (const seed of SEED_TEMPLATES) insert(sql, seed, null)
  sql.exec('INSERT INTO templates_seeded (id) VALUES (1)')
}

/** Forgets every template and deletion, then seeds again. */
export function resetTemplates(sql: SqlStorage): void {
  sql.exec('DELETE FROM templates')
  sql.exec('DELETE FROM deleted_templates')
  sql.exec('DELETE FROM templates_seeded')
  seedTemplates(sql)
}

/** A channel's templates, in the order they were registered. */
export function templatesOf(sql: SqlStorage, channelId: string): TemplateRow[] {
  return sql
    .exec<Sql>(
      'SELECT template_id, item FROM templates WHERE channel_id = ? ORDER BY seq',
      channelId,
    )
    .toArray()
    .map(rowOf)
}

/** One template by name and language, or `null`. */
export function templateOf(
  sql: SqlStorage,
  channelId: string,
  name: string,
  language: string,
): TemplateRow | null {
  const row = sql
    .exec<Sql>(
      'SELECT template_id, item FROM templates WHERE channel_id = ? AND name = ? AND language = ?',
      channelId,
      name,
      language,
    )
    .toArray()[0]
  return row === undefined ? null : rowOf(row)
}

/** Whether `name` was deleted within 30 days of `now`. */
export function recentlyDeleted(
  sql: SqlStorage,
  channelId: string,
  name: string,
  now: number,
): boolean {
  return (
    sql
      .exec(
        'SELECT 1 FROM deleted_templates WHERE channel_id = ? AND name = ? AND at > ?',
        channelId,
        name,
        now - NAME_REUSE_MS,
      )
      .toArray().length > 0
  )
}

/** Registers a template, pending until `reviewAt` (`null`: only on demand). */
export function addTemplate(sql: SqlStorage, row: TemplateRow, reviewAt: number | null): void {
  insert(sql, row, reviewAt)
}

/** Deletes every language of a name, remembering when; whether there was any. */
export function deleteTemplate(
  sql: SqlStorage,
  channelId: string,
  name: string,
  now: number,
): boolean {
  const found =
    sql.exec('SELECT 1 FROM templates WHERE channel_id = ? AND name = ?', channelId, name).toArray()
      .length > 0
  if (!found) return false
  sql.exec('DELETE FROM templates WHERE channel_id = ? AND name = ?', channelId, name)
  sql.exec(
    'INSERT INTO deleted_templates (channel_id, name, at) VALUES (?, ?, ?)',
    channelId,
    name,
    now,
  )
  return true
}

/** Sets a template's status (its review is over); returns the updated row. */
export function setTemplateStatus(
  sql: SqlStorage,
  row: TemplateRow,
  status: string,
  at: string,
): TemplateRow {
  const item: TemplateItem = { ...row.item, status, statusName: statusName(status), updatedAt: at }
  sql.exec(
    'UPDATE templates SET item = ?, review_at = NULL WHERE channel_id = ? AND name = ? AND language = ?',
    JSON.stringify(item),
    item.channelId,
    item.templateName,
    item.language,
  )
  return { templateId: row.templateId, item }
}

/** The pending templates whose review is due at `now`. */
export function dueReviews(sql: SqlStorage, now: number): TemplateRow[] {
  return sql
    .exec<Sql>(
      'SELECT template_id, item FROM templates WHERE review_at IS NOT NULL AND review_at <= ? ORDER BY review_at, seq',
      now,
    )
    .toArray()
    .map(rowOf)
}

/** When the next review is due, or `null`. */
export function nextReview(sql: SqlStorage): number | null {
  const row = sql
    .exec<{ at: number | null }>('SELECT MIN(review_at) AS at FROM templates')
    .toArray()[0]
  return row?.at ?? null
}
