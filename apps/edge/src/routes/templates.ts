/**
 * `GET /v1/templates`: the registered WhatsApp templates of the key's sub-account's channels, as
 * the gateway last synced them (docs/templates.md), with status, quality and a ready-to-use
 * parameter description; `?name=` and `?language=` narrow the list.
 *
 * @module
 */
import { Hono } from 'hono'
import type { AppEnv } from '../bindings'
import { readRegistry } from '../db/templates'
import { type AdmissionVariables, admission } from '../http/admission'
import { methodNotAllowed } from '../http/method-not-allowed'
import { type SignatureVariables, signature } from '../http/signature'
import { Problem, UNAVAILABLE } from '../problems'
import { channelsOf, syncOnFirstUse } from '../templates/sync'

/** The route, mounted at `/v1/templates`. */
export const templates = new Hono<AppEnv & { Variables: SignatureVariables & AdmissionVariables }>()

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

/** A query filter, when given and not empty (at most 512 characters: 8x8's names are shorter). */
function filter(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value.slice(0, 512)
}

templates.get('/', signature('GET /v1/templates'), admission, async (c) => {
  const name = filter(c.req.query('name'))
  const language = filter(c.req.query('language'))
  const channelIds = channelsOf(c.get('config'), c.get('verified').keyRecord.subAccount)
  const narrowed = {
    ...(name === undefined ? {} : { names: [name] }),
    ...(language === undefined ? {} : { language }),
  }
  let registry: Awaited<ReturnType<typeof readRegistry>>
  try {
    registry = await readRegistry(c.env.DB, channelIds, narrowed)
    // A channel never synced (a new deployment before its first cron, `wrangler dev` without
    // one): sync now, one attempt bounded by the upstream timeout (no retry, no Retry-After
    // waited for inside a request), and answer what is stored; `syncedAt: null` says a channel
    // is still missing.
    if (!registry.synced && channelIds.length > 0) {
      const config = c.get('config')
      const key = c.get('verified').keyRecord
      const synced = await syncOnFirstUse(
        { db: c.env.DB, upstream: c.env.UPSTREAM, config, attempts: 1 },
        key.subAccount,
      )
      if (synced?.some((result) => result.ok) === true) {
        registry = await readRegistry(c.env.DB, channelIds, narrowed)
      }
    }
  } catch (error) {
    console.error('template registry unavailable', error instanceof Error ? error.name : 'error')
    throw new Problem('unavailable', UNAVAILABLE)
  }
  return c.json(
    {
      templates: registry.templates.map((row) => ({
        channelId: row.channelId,
        name: row.name,
        language: row.language,
        status: row.status,
        category: row.category,
        quality: row.quality,
        components: row.components,
        parameters: row.parameters,
        updatedAt: row.updatedAt,
        syncedAt: new Date(row.syncedAt).toISOString(),
      })),
      syncedAt: iso(registry.syncedAt),
      // Past the read's bound (50 channels of up to 2,000 templates each could exceed it).
      ...(registry.truncated && { truncated: true }),
    },
    200,
  )
})
templates.all('/', methodNotAllowed('GET'))
