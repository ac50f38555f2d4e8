/**
 * The registry's verdict on one template send (docs/templates.md, The check): `checkTemplate` of
 * @chatapps/dsl/templates against each of the sub-account's channels, since a send names no
 * channel (8x8's request has a `channels` sequence of kinds, not a channel id: the sub-account
 * picks its WhatsApp number). The send fits when it fits one channel's registration; it is a
 * mismatch only when every channel is known not to fit.
 *
 * @module
 */
import {
  checkTemplate,
  type KnownTemplate,
  lookUpTemplate,
  type TemplateIssue,
} from '@chatapps/dsl/templates'
import type { Registry, StoredTemplate } from '../db/templates'

/**
 * A channel whose last successful sync is older than this is stale: a template it does not hold
 * may have been approved since, with its event lost (the cron syncs every minute, so ten missed
 * runs in a row).
 */
export const REGISTRY_STALE_AFTER_MS = 10 * 60_000

/** What the registry says of a send: its issues ([] when it fits), or that it cannot say. */
export type TemplateVerdict =
  | { readonly kind: 'checked'; readonly issues: readonly TemplateIssue[] }
  | { readonly kind: 'unverified' }

const UNVERIFIED: TemplateVerdict = { kind: 'unverified' }

type Item = Readonly<Record<string, unknown>>

/**
 * Whether a template send can reach WhatsApp, whose registry the gateway keeps: its `channels`
 * name WhatsApp (first or as a fallback), or name none (the sub-account's own sequence, which
 * the gateway cannot see). A Zalo ZNS or Viber template is not WhatsApp's. The sandbox's
 * `isWhatsAppTemplate` (apps/sandbox/src/templates/verdict.ts) decides by the first channel,
 * the one it delivers on; the gateway also checks a send that may fall back to WhatsApp.
 */
export function reachesWhatsApp(message: Item): boolean {
  const type = message.type
  if (typeof type !== 'string' || type.toLowerCase() !== 'template') return false
  const channels = message.channels
  if (!Array.isArray(channels) || channels.length === 0) return true
  return channels.some(
    (entry: unknown) =>
      typeof entry === 'object' &&
      entry !== null &&
      String((entry as Item).channel).toLowerCase() === 'whatsapp',
  )
}

function knownOf(row: StoredTemplate): KnownTemplate {
  return {
    name: row.name,
    language: row.language,
    status: row.status,
    components: row.components as KnownTemplate['components'],
  }
}

const unknown = (issues: readonly TemplateIssue[]) =>
  issues[0]?.rule === 'unknown_name' || issues[0]?.rule === 'unknown_language'

/** How far a channel's issues are from a send that goes: not there, not sendable, else count. */
function distance(issues: readonly TemplateIssue[]): number {
  if (issues[0]?.rule === 'unknown_name') return 3_000_000
  if (issues[0]?.rule === 'unknown_language') return 2_000_000
  const blocked = issues.some((issue) => issue.rule === 'not_approved') ? 1_000_000 : 0
  return blocked + issues.length
}

/**
 * The verdict on one template send against its sub-account's registry (read with the send's
 * name). Unverified when a channel never synced (it may hold a registration that fits), or when
 * no channel holds the template while one is stale or the read was truncated; otherwise the
 * issues of the channel closest to fitting (a sendable registration before a paused one, then
 * fewer issues, then the first channel).
 *
 * @param path Where the template is in the request, for the issues' paths.
 * @example
 * const verdict = templateVerdict(message.content.template, registry, Date.now(), 'content.template')
 */
export function templateVerdict(
  template: unknown,
  registry: Registry,
  now: number,
  path: string,
): TemplateVerdict {
  let best: readonly TemplateIssue[] | null = null
  let couldFit = false
  for (const channel of registry.channels) {
    if (channel.syncedAt === null) {
      couldFit = true
      continue
    }
    const known = registry.templates
      .filter((row) => row.channelId === channel.channelId)
      .map(knownOf)
    const issues = checkTemplate(template, known, { path })
    if (issues.length === 0) return { kind: 'checked', issues }
    const stale = now - channel.syncedAt > REGISTRY_STALE_AFTER_MS
    if (unknown(issues) && (stale || registry.truncated)) couldFit = true
    if (best === null || distance(issues) < distance(best)) best = issues
  }
  return couldFit || best === null ? UNVERIFIED : { kind: 'checked', issues: best }
}

/**
 * The registered category of the template a send names (`MARKETING`, `UTILITY`,
 * `AUTHENTICATION`), read from the registry rows its check already read: the registration
 * `checkTemplate` would weigh it against (a sendable one first, when several channels hold it).
 * Null when the registry holds none, or 8x8 gave it no category. A marketing opt-out (1051)
 * refuses a MARKETING template (docs/conversations.md, Consent).
 *
 * @example
 * templateCategory({ name: 'summer_sale', language: 'en' }, registry) // 'MARKETING'
 */
export function templateCategory(template: unknown, registry: Registry): string | null {
  const sent = (typeof template === 'object' && template !== null ? template : {}) as Item
  if (typeof sent.name !== 'string' || typeof sent.language !== 'string') return null
  const found = lookUpTemplate(sent.name, sent.language, registry.templates)
  return typeof found === 'object' ? found.category : null
}
