/**
 * The template registry's sync: each configured channel's templates fetched from 8x8
 * (`GET /api/v1/accounts/{accountId}/channels/{channelId}/templates`) and stored in D1 in one
 * batch per channel. Run by the cron (src/index.ts `scheduled`) and after each template event
 * of 8x8's webhook (src/routes/webhooks.ts). A channel that fails keeps its rows and is tried
 * again at the next run; it never stops the others.
 *
 * @module
 */
import {
  knownTemplate,
  RegisteredTemplateSchema,
  templateParameters,
} from '@chatapps/dsl/templates'
import * as v from 'valibot'
import type { Config } from '../config'
import { recordSyncFailure, replaceChannelTemplates, type TemplateRow } from '../db/templates'
import {
  describeFailure,
  fetchTemplates,
  type UpstreamTemplatesResult,
} from '../upstream/chatapps-api'

/** What a sync needs from the worker. */
export interface SyncDeps {
  readonly db: D1Database
  readonly upstream: Fetcher | undefined
  readonly config: Config
  /** Waits between two attempts of one channel; injectable so tests need not wait. */
  readonly pause?: (ms: number) => Promise<void>
  /** Attempts per channel (default {@link SYNC_ATTEMPTS}; 1 inside a request: no waiting). */
  readonly attempts?: number
  /** The clock (ms), injectable so tests can order overlapping syncs. */
  readonly now?: () => number
}

/** A configured channel: the sub-account whose sends it checks. */
export interface TemplateChannel {
  readonly subAccount: string
  readonly channelId: string
  /** Its WhatsApp Business Account, when the configuration says it (`<channelId>@<wabaId>`). */
  readonly businessAccountId?: string
}

/** How one channel's sync ended. */
export type ChannelSyncResult =
  | {
      readonly channelId: string
      readonly ok: true
      readonly templates: number
      /** Templates left out (not in 8x8's shape, or too large to store), when any. */
      readonly skipped?: number
      /** A sync that started later had already stored its listing: this one stored nothing. */
      readonly superseded?: true
    }
  | { readonly channelId: string; readonly ok: false; readonly error: string }

/** Attempts per channel and run; the cron's next run tries again. */
export const SYNC_ATTEMPTS = 3

/** The first pause between attempts (then doubled, with full jitter). */
const SYNC_BACKOFF_MS = 500

/**
 * The longest pause between attempts: a longer `Retry-After` (8x8 may ask for up to an hour)
 * ends the run's attempts, and the cron's next run, a minute later, tries again. A sync after a
 * webhook's answer has 30 s of `waitUntil`.
 */
export const MAX_SYNC_PAUSE_MS = 10_000

/**
 * D1's largest row is 2,000,000 bytes: a template whose stored columns exceed this is left out
 * (and counted) rather than failing its channel's whole batch at every run.
 */
export const MAX_TEMPLATE_ROW_BYTES = 1_900_000

/** More templates than this in one channel is refused rather than stored in part. */
export const MAX_TEMPLATES_PER_CHANNEL = 2000

/** Every channel of the configuration, or none when no registry is configured. */
export function configuredChannels(config: Config): TemplateChannel[] {
  return (config.templates?.channels ?? []).flatMap(({ subAccount, channels }) =>
    channels.map((channel) => ({ subAccount, ...channel })),
  )
}

/** A sub-account's configured channels (empty: its sends have no registry). */
export function channelsOf(config: Config, subAccount: string): string[] {
  const entry = config.templates?.channels.find((candidate) => candidate.subAccount === subAccount)
  return entry?.channels.map((channel) => channel.channelId) ?? []
}

const encoder = new TextEncoder()
const bytes = (text: string | null) => (text === null ? 0 : encoder.encode(text).length)

/** 8x8's item as a row, or null when it is not in 8x8's shape or too large to store. */
function rowOf(item: unknown): TemplateRow | null {
  const parsed = v.safeParse(RegisteredTemplateSchema, item)
  if (!parsed.success) return null
  const registered = parsed.output
  const known = knownTemplate(registered)
  const row: TemplateRow = {
    name: known.name,
    language: known.language,
    status: known.status,
    category: typeof registered.category === 'string' ? registered.category : null,
    components: known.components,
    parameters: templateParameters(known.components),
    updatedAt: typeof registered.updatedAt === 'string' ? registered.updatedAt : null,
  }
  const size =
    bytes(row.name) +
    bytes(row.language) +
    bytes(row.status) +
    bytes(row.category) +
    bytes(JSON.stringify(row.components)) +
    bytes(JSON.stringify(row.parameters)) +
    bytes(row.updatedAt)
  return size > MAX_TEMPLATE_ROW_BYTES ? null : row
}

/**
 * 8x8's listing as rows, or why it cannot be stored. One template out of shape or too large is
 * left out and counted (its name logged when it has one); a listing none of whose templates can
 * be read is refused, so that the rows stored stay.
 */
function rowsOf(
  json: unknown,
  channelId: string,
): { ok: true; rows: TemplateRow[]; skipped: number } | { ok: false; error: string } {
  const templates = (json as { templates?: unknown } | null)?.templates
  if (!Array.isArray(templates)) {
    return { ok: false, error: "8x8's template list is not in its shape (templates)" }
  }
  if (templates.length > MAX_TEMPLATES_PER_CHANNEL) {
    return {
      ok: false,
      error: `8x8 listed ${templates.length} templates, over ${MAX_TEMPLATES_PER_CHANNEL}`,
    }
  }
  const rows: TemplateRow[] = []
  const skipped: string[] = []
  for (const [index, item] of templates.entries()) {
    const row = rowOf(item)
    if (row !== null) rows.push(row)
    else {
      const name = (item as { templateName?: unknown } | null)?.templateName
      skipped.push(typeof name === 'string' ? name.slice(0, 200) : `#${index}`)
    }
  }
  if (skipped.length > 0) {
    console.warn(
      JSON.stringify({
        event: 'template_skipped',
        channelId,
        count: skipped.length,
        templates: skipped.slice(0, 10),
      }),
    )
  }
  if (rows.length === 0 && skipped.length > 0) {
    return { ok: false, error: `none of the ${skipped.length} templates 8x8 listed can be stored` }
  }
  return { ok: true, rows, skipped: skipped.length }
}

/**
 * Fetches a channel's list, retrying what may succeed later with a full-jitter backoff (at least
 * 8x8's `Retry-After`, at most {@link MAX_SYNC_PAUSE_MS}: a longer wait is the next run's).
 */
async function fetchWithRetries(
  deps: SyncDeps,
  accountId: string,
  channelId: string,
  pause: (ms: number) => Promise<void>,
): Promise<UpstreamTemplatesResult> {
  let result: UpstreamTemplatesResult = await fetchTemplates(
    deps.config,
    deps.upstream,
    accountId,
    channelId,
  )
  for (let attempt = 1; attempt < (deps.attempts ?? SYNC_ATTEMPTS); attempt++) {
    if (result.ok || result.kind !== 'retryable') return result
    const ceiling = SYNC_BACKOFF_MS * 2 ** (attempt - 1)
    const wait = Math.max(result.retryAfter * 1000, Math.ceil(Math.random() * ceiling))
    if (wait > MAX_SYNC_PAUSE_MS) return result
    await pause(wait)
    result = await fetchTemplates(deps.config, deps.upstream, accountId, channelId)
  }
  return result
}

/**
 * Syncs one channel: its rows replaced on success, left as they were otherwise. The listing's
 * version is when its fetch started, so that of two overlapping syncs the later-started wins.
 */
async function syncChannel(
  deps: SyncDeps,
  accountId: string,
  channel: TemplateChannel,
  pause: (ms: number) => Promise<void>,
): Promise<ChannelSyncResult> {
  const now = deps.now ?? Date.now
  const startedAt = now()
  const fail = async (error: string): Promise<ChannelSyncResult> => {
    console.warn('template sync failed', channel.channelId, error)
    await recordSyncFailure(deps.db, channel, startedAt, error).catch(() =>
      console.error('recording a template sync failure failed', channel.channelId),
    )
    return { channelId: channel.channelId, ok: false, error }
  }
  try {
    const listed = await fetchWithRetries(deps, accountId, channel.channelId, pause)
    if (!listed.ok) return await fail(describeFailure(listed))
    const rows = rowsOf(listed.json, channel.channelId)
    if (!rows.ok) return await fail(rows.error)
    const stored = await replaceChannelTemplates(deps.db, channel, rows.rows, startedAt, now())
    return {
      channelId: channel.channelId,
      ok: true,
      templates: rows.rows.length,
      ...(rows.skipped > 0 && { skipped: rows.skipped }),
      ...(!stored && { superseded: true }),
    }
  } catch (error) {
    return fail(`store failed: ${error instanceof Error ? error.name : 'error'}`)
  }
}

/**
 * Syncs the given channels (default: every configured one) in parallel; each channel's outcome
 * is its own.
 *
 * @example
 * const results = await syncTemplates({ db: env.DB, upstream: env.UPSTREAM, config })
 */
export async function syncTemplates(
  deps: SyncDeps,
  channels: readonly TemplateChannel[] = configuredChannels(deps.config),
): Promise<ChannelSyncResult[]> {
  const accountId = deps.config.templates?.accountId
  if (accountId === undefined || channels.length === 0) return []
  const pause =
    deps.pause ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  return Promise.all(channels.map((channel) => syncChannel(deps, accountId, channel, pause)))
}

/** How often one isolate may sync a never-synced sub-account on first use. */
const FIRST_USE_INTERVAL_MS = 60_000

/** The last first-use sync of each sub-account in this isolate (bounded by the configuration). */
const firstUse = new Map<string, number>()

/**
 * Syncs a sub-account's channels when one of them never synced (a new deployment before its
 * first cron, or `wrangler dev`, which runs no cron), at most once a minute per isolate, so that
 * a failing channel is not asked on every request.
 *
 * @returns the sync's results, or null when it was not run (already tried this minute).
 * @example
 * await syncOnFirstUse({ db: env.DB, upstream: env.UPSTREAM, config }, 'acme')
 */
export async function syncOnFirstUse(
  deps: SyncDeps,
  subAccount: string,
  now: number = Date.now(),
): Promise<ChannelSyncResult[] | null> {
  const last = firstUse.get(subAccount)
  if (last !== undefined && now - last < FIRST_USE_INTERVAL_MS) return null
  firstUse.set(subAccount, now)
  const channels = configuredChannels(deps.config).filter(
    (channel) => channel.subAccount === subAccount,
  )
  return syncTemplates(deps, channels)
}
