/**
 * The template check again as a queued message leaves (docs/templates.md, At delivery): the
 * message was checked when it was accepted, but it may wait (pacing, a 1028 hold, an open circuit,
 * retries) while Meta pauses, disables or rejects its template, or 8x8 deletes it. Under the key's
 * `templateCheck` of now, a template send the registry says does not fit is not sent (`enforce`),
 * or goes with the record saying what was found (`observe`); a registry that cannot say lets it
 * go, as at acceptance. One D1 read (the registry's batch) per template message, none for any
 * other message. The same read says the template's category, which the recipient's contact
 * weighs next (a marketing opt-out): the registry at the moment of sending is its one source,
 * whichever path queued the job.
 *
 * @module
 */
import type { Config } from '../config'
import type { Claimed } from '../db/messages/delivery'
import type { TemplateIssueRecord } from '../db/messages/records'
import { checkTemplateSends, logMismatch, templateSendOf } from '../templates/check'
import { channelsOf } from '../templates/sync'

/**
 * What the check says of a claimed message as it leaves. `category`: its template's category as
 * the registry holds it (`MARKETING`…), null when it is not a template that can reach WhatsApp,
 * the registry does not hold it, or the registry was not read (policy off, no channel), as at
 * acceptance.
 */
export type DeliveryTemplateVerdict =
  /** Send it (not a template, policy off, it fits, or the registry cannot say). */
  | { readonly kind: 'go'; readonly category: string | null }
  /** Send it, recording these issues (policy observe; [] clears those found earlier). */
  | {
      readonly kind: 'flag'
      readonly issues: readonly TemplateIssueRecord[]
      readonly category: string | null
    }
  /** Do not send it (policy enforce): the record's reason. */
  | { readonly kind: 'refuse'; readonly reason: string }

const UNREAD: DeliveryTemplateVerdict = { kind: 'go', category: null }

/**
 * The reason a queued template message keeps when the registry refused it as it left: the
 * problem code the same send would have drawn at acceptance, its rules, and the first issue.
 *
 * @example
 * templateRefusedReason(issues) // 'template_mismatch: not_approved (content.template.name: … is paused: …) before it was sent; not sent'
 */
export function templateRefusedReason(issues: readonly TemplateIssueRecord[]): string {
  const first = issues[0]
  const rules = [...new Set(issues.map((issue) => issue.rule))].join(', ')
  const more = issues.length > 1 ? `; ${issues.length - 1} more issue(s)` : ''
  const detail = first === undefined ? '' : ` (${first.path}: ${first.message}${more})`
  return `template_mismatch: ${rules}${detail} before it was sent; not sent`
}

/**
 * The registry's verdict on a claimed message, under its key's policy of now (a key's owner who
 * turns `enforce` on wants the messages still waiting held to it, and one who turns the check
 * off wants none refused). A D1 failure rejects (the consumer retries the step).
 *
 * @example
 * const verdict = await templateAtDelivery(deps.db, deps.config, job.subAccount, job.id, claimed)
 */
export async function templateAtDelivery(
  db: D1Database,
  config: Config,
  subAccount: string,
  messageId: string,
  claimed: Claimed,
): Promise<DeliveryTemplateVerdict> {
  if (claimed.type === 'line_notification' || claimed.templateCheck === 'off') return UNREAD
  const send = templateSendOf(storedPayload(claimed.payload), 'content.template')
  if (send === null) return UNREAD
  const channelIds = channelsOf(config, subAccount)
  if (channelIds.length === 0) return UNREAD
  const { verdicts, categories } = await checkTemplateSends(db, channelIds, [send], Date.now())
  const category = categories[0] ?? null
  const verdict = verdicts[0]
  if (verdict === undefined || verdict === null || verdict.kind === 'unverified') {
    return { kind: 'go', category }
  }
  const issues = verdict.issues
  if (issues.length === 0) {
    return claimed.templateIssues ? { kind: 'flag', issues, category } : { kind: 'go', category }
  }
  logMismatch(claimed.keyId, claimed.templateCheck, issues, messageId)
  if (claimed.templateCheck === 'enforce') {
    return { kind: 'refuse', reason: templateRefusedReason(issues) }
  }
  return { kind: 'flag', issues, category }
}

/**
 * A claimed record's payload as an object (the gateway wrote it: anything else is no template,
 * and names no channel).
 *
 * @example
 * storedPayload(claimed.payload).channels
 */
export function storedPayload(payload: string): Readonly<Record<string, unknown>> {
  try {
    const value: unknown = JSON.parse(payload)
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}
