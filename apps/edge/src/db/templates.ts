/**
 * D1 `templates` and `template_syncs`: the registry of each configured channel's WhatsApp
 * templates as 8x8 last listed them (src/templates/sync.ts), with the status, quality and
 * category 8x8's business-management events changed since, and each channel's last sync.
 *
 * @module
 */

/** One registered template as the sync stores it. */
export interface TemplateRow {
  readonly name: string
  readonly language: string
  /** Lower case: `approved`, `paused`, … */
  readonly status: string
  readonly category: string | null
  /** 8x8's registered components (JSON-ready). */
  readonly components: readonly unknown[]
  /** `templateParameters(components)`, computed once at the sync. */
  readonly parameters: unknown
  /** 8x8's `updatedAt`, or null. */
  readonly updatedAt: string | null
}

/** A stored template, as the check and `GET /v1/templates` read it. */
export interface StoredTemplate extends TemplateRow {
  readonly channelId: string
  readonly quality: string | null
  /** When the sync that stored it ran (ms). */
  readonly syncedAt: number
}

/** D1 binds at most 100 parameters to a statement: templates per insert statement. */
const ROWS_PER_STATEMENT = 9

/** The sync's gate (below): true when no sync that started later has committed. */
const OWNS_CHANNEL = '(SELECT synced_at FROM template_syncs WHERE channel_id = ?) = ?'

/** The facts of a template that 8x8's events set, each with the time of what last set it. */
type Fact = 'status' | 'quality' | 'category'

/**
 * The one rule of a template's status, quality and category (migrations 0014 and 0019): what sets
 * one (an event, at its own time; a listing, at the time its fetch started) wins only when it is
 * not older than what set it last (`<fact>_at`), since 8x8 retries and reorders its event calls
 * and a listing may be fetched before an event it commits after. An SQL SET clause for an UPDATE
 * or an upsert's DO UPDATE (whose bare column names are the stored row's); `value` and `at` are
 * SQL expressions, `fact` never comes from input.
 */
function newerWins(fact: Fact, value: string, at: string): string {
  return `${fact} = CASE WHEN ${fact}_at <= ${at} THEN ${value} ELSE ${fact} END,
    ${fact}_at = MAX(${fact}_at, ${at})`
}

/**
 * Replaces one channel's templates with what 8x8 listed, in one D1 transaction: every row
 * upserted (a template's quality, which only events tell, is kept, and its status and category
 * when an event newer than the listing set them), the rows 8x8 no longer lists deleted, and the channel's sync
 * recorded as a success.
 *
 * Overlapping syncs of a channel (the cron's and an event's) commit in any order: the listing
 * whose fetch started last wins. A listing older than the one stored changes nothing (the first
 * statement does not take the channel, and the others ask whether it did).
 *
 * @param listedAt When the fetch of this listing started (ms): its version.
 * @returns false when a newer listing was already stored (nothing changed).
 * @example
 * await replaceChannelTemplates(env.DB, { channelId: 'wa-channel-1', subAccount: 'acme' }, rows, startedAt, Date.now())
 */
export async function replaceChannelTemplates(
  db: D1Database,
  channel: { readonly channelId: string; readonly subAccount: string },
  rows: readonly TemplateRow[],
  listedAt: number,
  now: number,
): Promise<boolean> {
  const statements: D1PreparedStatement[] = [
    db
      .prepare(
        `INSERT INTO template_syncs (channel_id, sub_account, synced_at, attempted_at,
          template_count, error) VALUES (?, ?, ?, ?, ?, NULL)
         ON CONFLICT (channel_id) DO UPDATE SET sub_account = excluded.sub_account,
           synced_at = excluded.synced_at, attempted_at = excluded.attempted_at,
           template_count = excluded.template_count, error = NULL
         WHERE template_syncs.synced_at IS NULL OR template_syncs.synced_at <= excluded.synced_at`,
      )
      .bind(channel.channelId, channel.subAccount, listedAt, now, rows.length),
  ]
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(start, start + ROWS_PER_STATEMENT)
    // The listing's rows carry its version as their status and category time (column10).
    statements.push(
      db
        .prepare(
          `INSERT INTO templates (channel_id, sub_account, name, language, status, category,
            components, parameters, updated_at, synced_at, status_at, category_at)
           SELECT column1, column2, column3, column4, column5, column6, column7, column8,
             column9, column10, column10, column10
           FROM (VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')})
           WHERE ${OWNS_CHANNEL}
           ON CONFLICT (channel_id, name, language) DO UPDATE SET sub_account = excluded.sub_account,
             ${newerWins('status', 'excluded.status', 'excluded.status_at')},
             ${newerWins('category', 'excluded.category', 'excluded.category_at')},
             components = excluded.components, parameters = excluded.parameters,
             updated_at = excluded.updated_at, synced_at = excluded.synced_at`,
        )
        .bind(
          ...chunk.flatMap((row) => [
            channel.channelId,
            channel.subAccount,
            row.name,
            row.language,
            row.status,
            row.category,
            JSON.stringify(row.components),
            JSON.stringify(row.parameters),
            row.updatedAt,
            listedAt,
          ]),
          channel.channelId,
          listedAt,
        ),
    )
  }
  statements.push(
    db
      .prepare(`DELETE FROM templates WHERE channel_id = ? AND synced_at <> ? AND ${OWNS_CHANNEL}`)
      .bind(channel.channelId, listedAt, channel.channelId, listedAt),
  )
  const [gate] = await db.batch(statements)
  return (gate?.meta.changes ?? 0) > 0
}

/**
 * Records a failed sync of a channel: its rows stay as they were, its last success too.
 *
 * @param error What failed, for operators (8x8's status and code; never a key).
 */
export async function recordSyncFailure(
  db: D1Database,
  channel: { readonly channelId: string; readonly subAccount: string },
  attemptedAt: number,
  error: string,
): Promise<void> {
  await db
    .prepare(
      `INSERT INTO template_syncs (channel_id, sub_account, synced_at, attempted_at, error)
       VALUES (?, ?, NULL, ?, ?)
       ON CONFLICT (channel_id) DO UPDATE SET attempted_at = excluded.attempted_at,
         error = excluded.error`,
    )
    .bind(channel.channelId, channel.subAccount, attemptedAt, error.slice(0, 500))
    .run()
}

/** What a business-management event changes of a template (name and language, any channel). */
export type TemplateChange =
  | { readonly field: 'status'; readonly value: string }
  | { readonly field: 'quality'; readonly value: string }
  | { readonly field: 'category'; readonly value: string }

/**
 * Applies an event's change to the stored rows of that name and language among the given
 * channels (8x8's event names no channel). A status, quality or category changes only where the
 * event is not older than what set it last ({@link newerWins}): 8x8 retries and may reorder its
 * calls, and a listing fetched after the event is newer than it.
 *
 * @param at The event's time (ms).
 * @returns the channels holding the template (changed or not).
 * @example
 * await applyTemplateChange(env.DB, ['wa-channel-1'], 'order_update', 'en_US', { field: 'status', value: 'paused' }, Date.parse(event.timestamp))
 */
export async function applyTemplateChange(
  db: D1Database,
  channelIds: readonly string[],
  name: string,
  language: string,
  change: TemplateChange,
  at: number,
): Promise<string[]> {
  if (channelIds.length === 0) return []
  const list = channelIds.map(() => '?').join(', ')
  // Every row of the template is touched (an older change leaves the fact as it was) so that
  // RETURNING names them all. The bare placeholders of the list follow ?4 (?5, ?6, …).
  const { results } = await db
    .prepare(
      `UPDATE templates SET ${newerWins(change.field, '?1', '?2')}
       WHERE name = ?3 AND language = ?4 AND channel_id IN (${list})
       RETURNING channel_id`,
    )
    .bind(change.value, at, name, language, ...channelIds)
    .all<{ channel_id: string }>()
  return [...new Set(results.map((row) => row.channel_id))]
}

interface Row {
  channel_id: string
  name: string
  language: string
  status: string
  category: string | null
  quality: string | null
  components: string
  parameters: string
  updated_at: string | null
  synced_at: number
}

function parsed(json: string): unknown {
  try {
    return JSON.parse(json)
  } catch {
    return null
  }
}

function storedOf(row: Row): StoredTemplate {
  const components = parsed(row.components)
  return {
    channelId: row.channel_id,
    name: row.name,
    language: row.language,
    status: row.status,
    category: row.category,
    quality: row.quality,
    components: Array.isArray(components) ? components : [],
    parameters: parsed(row.parameters),
    updatedAt: row.updated_at,
    syncedAt: row.synced_at,
  }
}

/** The templates read at most at once; past it the registry says it is truncated. */
export const MAX_REGISTRY_READ = 5000

/** What a sub-account's registry holds, for a check or a listing. */
export interface Registry {
  readonly templates: readonly StoredTemplate[]
  /** Each of the sub-account's channels and its last successful sync (ms), null: never. */
  readonly channels: readonly { readonly channelId: string; readonly syncedAt: number | null }[]
  /**
   * The oldest of its channels' last successful syncs (ms), or null when one of them never
   * synced (and so when none is configured).
   */
  readonly syncedAt: number | null
  /** Whether every one of its channels has synced: else it is partial (or absent). */
  readonly synced: boolean
  /** More templates matched than {@link MAX_REGISTRY_READ}: `templates` lists the first ones. */
  readonly truncated: boolean
}

/**
 * A sub-account's templates (all of them, or those of one name and language), and its sync
 * state, in one D1 batch.
 *
 * @param channelIds The sub-account's configured channels.
 * @param filter `names` (and `language`) to read only those: what a send's check needs.
 * @example
 * const registry = await readRegistry(env.DB, ['wa-channel-1'], { names: ['order_update'] })
 */
export async function readRegistry(
  db: D1Database,
  channelIds: readonly string[],
  filter: { readonly names?: readonly string[]; readonly language?: string } = {},
): Promise<Registry> {
  if (channelIds.length === 0) {
    return { templates: [], channels: [], syncedAt: null, synced: false, truncated: false }
  }
  const list = channelIds.map(() => '?').join(', ')
  // A batch names at most a few distinct templates; past 50 the whole registry is read.
  const names = filter.names !== undefined && filter.names.length <= 50 ? filter.names : undefined
  const conditions = [
    `channel_id IN (${list})`,
    ...(names === undefined ? [] : [`name IN (${names.map(() => '?').join(', ') || 'NULL'})`]),
    ...(filter.language === undefined ? [] : ['language = ?']),
  ]
  const values = [
    ...channelIds,
    ...(names ?? []),
    ...(filter.language === undefined ? [] : [filter.language]),
  ]
  const [templates, syncs] = await db.batch<Row | { channel_id: string; synced_at: number | null }>(
    [
      db
        .prepare(
          `SELECT channel_id, name, language, status, category, quality, components, parameters,
            updated_at, synced_at FROM templates WHERE ${conditions.join(' AND ')}
           ORDER BY name, language, channel_id LIMIT ${MAX_REGISTRY_READ + 1}`,
        )
        .bind(...values),
      db
        .prepare(`SELECT channel_id, synced_at FROM template_syncs WHERE channel_id IN (${list})`)
        .bind(...channelIds),
    ],
  )
  const rows = (templates?.results ?? []) as Row[]
  const times = new Map(
    ((syncs?.results ?? []) as { channel_id: string; synced_at: number | null }[]).map((row) => [
      row.channel_id,
      row.synced_at,
    ]),
  )
  const channels = channelIds.map((channelId) => ({
    channelId,
    syncedAt: times.get(channelId) ?? null,
  }))
  const done = channels.flatMap((channel) => (channel.syncedAt === null ? [] : [channel.syncedAt]))
  const synced = done.length === channelIds.length
  return {
    templates: rows.slice(0, MAX_REGISTRY_READ).map(storedOf),
    channels,
    syncedAt: synced ? Math.min(...done) : null,
    synced,
    truncated: rows.length > MAX_REGISTRY_READ,
  }
}

/** A channel's sync state, as the console lists it. */
export interface ChannelSync {
  readonly channelId: string
  readonly subAccount: string
  readonly syncedAt: number | null
  readonly attemptedAt: number
  readonly templateCount: number
  readonly error: string | null
}

/** Every channel's last sync, by sub-account then channel. */
export async function listChannelSyncs(db: D1Database): Promise<ChannelSync[]> {
  const { results } = await db
    .prepare(
      `SELECT channel_id, sub_account, synced_at, attempted_at, template_count, error
       FROM template_syncs ORDER BY sub_account, channel_id LIMIT 1000`,
    )
    .all<{
      channel_id: string
      sub_account: string
      synced_at: number | null
      attempted_at: number
      template_count: number
      error: string | null
    }>()
  return results.map((row) => ({
    channelId: row.channel_id,
    subAccount: row.sub_account,
    syncedAt: row.synced_at,
    attemptedAt: row.attempted_at,
    templateCount: row.template_count,
    error: row.error,
  }))
}
