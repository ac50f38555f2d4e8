/**
 * 8x8's business-management events about templates, applied to the registry at once: a status
 * (a paused template is refused from the next send on, before any sync), a quality score (which
 * only events tell) or a category. The webhook then syncs the channels concerned.
 *
 * @module
 */
import type { ChatappsEvent } from '@chatapps/dsl'
import type { Config } from '../config'
import { applyTemplateChange, type TemplateChange } from '../db/templates'
import { configuredChannels, type TemplateChannel } from './sync'

/** A template event, as the registry reads it. */
type TemplateEvent = Extract<
  ChatappsEvent,
  { kind: 'template_status' | 'template_quality' | 'template_category' }
>

/** Whether an event is about one template's status, quality or category. */
export function isTemplateEvent(event: ChatappsEvent): event is TemplateEvent {
  return (
    event.kind === 'template_status' ||
    event.kind === 'template_quality' ||
    event.kind === 'template_category'
  )
}

function changeOf(event: TemplateEvent): TemplateChange {
  switch (event.kind) {
    case 'template_status':
      // The registry keeps 8x8's statuses in lower case, as KnownTemplate has them.
      return { field: 'status', value: event.eventDetails.meta.status.toLowerCase() }
    case 'template_quality':
      return { field: 'quality', value: event.eventDetails.meta.newQualityScore }
    case 'template_category':
      return { field: 'category', value: event.eventDetails.meta.newCategory }
  }
}

/**
 * The configured channels an event concerns: those of its WhatsApp Business Account
 * (`businessAccountId`), for the channels whose configuration names theirs; every channel that
 * names none, which keeps receiving every event of the account (nothing tells whose it is). An
 * event without a `businessAccountId` concerns every channel.
 */
function channelsConcerned(config: Config, event: TemplateEvent): TemplateChannel[] {
  // 8x8 may send the id as a JSON number (the DSL's looseId): compared as its decimal text.
  const waba = event.businessAccountId === undefined ? undefined : String(event.businessAccountId)
  return configuredChannels(config).filter(
    (channel) =>
      waba === undefined ||
      channel.businessAccountId === undefined ||
      channel.businessAccountId === waba,
  )
}

/**
 * Applies a template event to the stored rows of its name and language on the configured
 * channels it concerns (8x8's event names its account and WhatsApp Business Account, not a
 * channel: two accounts may each have an `order_update`/`en`). An event of another 8x8 account
 * changes nothing; a status older than the one stored changes nothing either.
 *
 * @returns the channels to sync next: those concerned holding the template, or every channel
 *   concerned when none does (a template approved since the last sync).
 * @example
 * const channels = await applyTemplateEvent(env.DB, config, event)
 */
export async function applyTemplateEvent(
  db: D1Database,
  config: Config,
  event: TemplateEvent,
): Promise<TemplateChannel[]> {
  const account = config.templates?.accountId
  if (account === undefined) return []
  if (event.accountId !== undefined && event.accountId !== account) return []
  const channels = channelsConcerned(config, event)
  const { templateName, templateLanguage } = event.eventDetails
  // An ISO 8601 timestamp (the DSL's schema checks it); one Date cannot read counts as now.
  const at = Date.parse(event.timestamp)
  const changed = await applyTemplateChange(
    db,
    channels.map((channel) => channel.channelId),
    templateName,
    templateLanguage,
    changeOf(event),
    Number.isNaN(at) ? Date.now() : at,
  )
  if (changed.length === 0) return channels
  return channels.filter((channel) => changed.includes(channel.channelId))
}
