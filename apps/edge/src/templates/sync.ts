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
  RegisteredTemplatesSchema,
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
}

/** A configured channel: the sub-account whose sends it checks. */
export interface TemplateChannel {
  readonly subAccount: string
  readonly channelId: string
}

/** How one channel's sync ended. */
export type ChannelSyncResult =
  | { readonly channelId: string; readonly ok: true; readonly templates: number }
  | { readonly channelId: string; readonly ok: false; readonly error: string }

/** Attempts per channel and run; the cron's next run tries again. */
export const SYNC_ATTEMPTS = 3

/** The first pause between attempts (then doubled, with full jitter). */
const SYNC_BACKOFF_MS = 500

/** More templates than this in one channel is refused rather than stored in part. */
export const MAX_TEMPLATES_PER_CHANNEL = 2000

/** Every channel of the configuration, or none when no registry is configured. */
export function configuredChannels(config: Config): TemplateChannel[] {
  return (config.templates?.channels ?? []).flatMap(({ subAccount, channelIds }) =>
    channelIds.map((channelId) => ({ subAccount, channelId })),
  )
}

/** A sub-account's configured channels (empty: its sends have no registry). */
export function channelsOf(config: Config, subAccount: string): string[] {
  return (
    config.templates?.channels.find((entry) => entry.subAccount === subAccount)?.channelIds ?? []
  )
}

/** 8x8's listing as rows, or why it cannot be stored. */
function rowsOf(json: unknown): { ok: true; rows: TemplateRow[] } | { ok: false; error: string } {
  const parsed = v.safeParse(RegisteredTemplatesSchema, json)
  if (!parsed.success) {
    const where = parsed.issues.slice(0, 3).map((issue) => v.getDotPath(issue) ?? '(root)')
    return { ok: false, error: `8x8's template list is not in its shape (${where.join(', ')})` }
  }
  const { templates } = parsed.output
  if (templates.length > MAX_TEMPLATES_PER_CHANNEL) {
    return {
      ok: false,
      error: `8x8 listed ${templates.length} templates, over ${MAX_TEMPLATES_PER_CHANNEL}`,
    }
  }
  return {
    ok: true,
    rows: templates.map((registered) => {
      const known = knownTemplate(registered)
      return {
        name: known.name,
        language: known.language,
        status: known.status,
        category: typeof registered.category === 'string' ? registered.category : null,
        components: known.components,
        parameters: templateParameters(known.components),
        updatedAt: typeof registered.updatedAt === 'string' ? registered.updatedAt : null,
      }
    }),
  }
}

/** Fetches a channel's list, retrying what may succeed later with a full-jitter backoff. */
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
  for (let attempt = 1; attempt < SYNC_ATTEMPTS; attempt++) {
    if (result.ok || result.kind !== 'retryable') return result
    const ceiling = SYNC_BACKOFF_MS * 2 ** (attempt - 1)
    await pause(Math.max(result.retryAfter * 1000, Math.ceil(Math.random() * ceiling)))
    result = await fetchTemplates(deps.config, deps.upstream, accountId, channelId)
  }
  return result
}

/** Syncs one channel: its rows replaced on success, left as they were otherwise. */
async function syncChannel(
  deps: SyncDeps,
  accountId: string,
  channel: TemplateChannel,
  pause: (ms: number) => Promise<void>,
): Promise<ChannelSyncResult> {
  const startedAt = Date.now()
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
    const rows = rowsOf(listed.json)
    if (!rows.ok) return await fail(rows.error)
    await replaceChannelTemplates(deps.db, channel, rows.rows, Date.now())
    return { channelId: channel.channelId, ok: true, templates: rows.rows.length }
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
