/**
 * The check of template sends against the registry, free of HTTP: which send is a template that
 * can reach WhatsApp, the registry's verdict on each (one D1 read for all), its issues as
 * answered and recorded, and the log line of a mismatch. The send routes' step
 * (src/http/template-check.ts) and the delivery consumer (src/delivery/template-check.ts) both
 * ask it, so a send is judged by one rule when it is accepted and when it leaves.
 *
 * @module
 */
import type { TemplateIssue } from '@chatapps/dsl/templates'
import type { TemplateIssueRecord } from '../db/messages/records'
import { readRegistry } from '../db/templates'
import { capText } from '../lib/cap-text'
import { reachesWhatsApp, templateCategory, templateVerdict } from './verdict'

type Item = Readonly<Record<string, unknown>>

/** A send's template object, where it is, when the send is a template that can reach WhatsApp. */
export interface TemplateSend {
  readonly template: unknown
  readonly path: string
  readonly name: string | null
}

/**
 * The template a send carries, or null when it is not a template that can reach WhatsApp.
 *
 * @param path Where the template is in the request, for the issues' paths.
 * @example
 * const send = templateSendOf(JSON.parse(payload), 'content.template')
 */
export function templateSendOf(message: Item, path: string): TemplateSend | null {
  if (!reachesWhatsApp(message)) return null
  const content = message.content as Item | undefined
  const template = content?.template
  const name = (template as Item | undefined)?.name
  return { template, path, name: typeof name === 'string' ? name : null }
}

/** An issue as answered and recorded: capped like `invalid_message`'s, `code` null when none. */
function recordOf(issue: TemplateIssue): TemplateIssueRecord {
  return {
    path: capText(issue.path),
    message: capText(issue.message),
    rule: issue.rule,
    code: issue.code ?? null,
  }
}

/** The registry's verdict on a send: its issues ([] when it fits), or that it cannot say. */
export type CheckedVerdict =
  | { readonly kind: 'checked'; readonly issues: TemplateIssueRecord[] }
  | { readonly kind: 'unverified' }

/** The verdicts on a request's sends, and whether one of its channels never synced. */
export interface Verdicts {
  /** In the order of the sends; null: not a template send. */
  readonly verdicts: (CheckedVerdict | null)[]
  /**
   * In the order of the sends: each template's registered category (`MARKETING`…), null when
   * not a template send or not in the registry; the contact weighs it against a marketing opt-out.
   */
  readonly categories: (string | null)[]
  readonly neverSynced: boolean
}

/**
 * The registry's verdicts on sends of one sub-account, in one D1 batch (the names they use).
 * A D1 failure rejects: the caller decides what that means (a 503, a retry).
 *
 * @param channelIds The sub-account's configured channels (not empty).
 * @example
 * const { verdicts } = await checkTemplateSends(env.DB, ['wa-channel-1'], [send], Date.now())
 */
export async function checkTemplateSends(
  db: D1Database,
  channelIds: readonly string[],
  sends: readonly (TemplateSend | null)[],
  now: number,
): Promise<Verdicts> {
  const names = [
    ...new Set(sends.flatMap((send) => (send?.name === null || send === null ? [] : [send.name]))),
  ]
  const registry = await readRegistry(db, channelIds, { names })
  return {
    verdicts: sends.map((send): CheckedVerdict | null => {
      if (send === null) return null
      const verdict = templateVerdict(send.template, registry, now, send.path)
      return verdict.kind === 'unverified'
        ? verdict
        : { kind: 'checked', issues: verdict.issues.map(recordOf) }
    }),
    categories: sends.map((send) =>
      send === null ? null : templateCategory(send.template, registry),
    ),
    neverSynced: registry.channels.some((channel) => channel.syncedAt === null),
  }
}

/**
 * One JSON line per mismatch (no parameter values: they may be personal); `messageId` when the
 * delivery consumer found it as the message was leaving.
 */
export function logMismatch(
  keyId: string,
  policy: string,
  issues: readonly TemplateIssueRecord[],
  messageId?: string,
): void {
  console.warn(
    JSON.stringify({
      event: 'template_mismatch',
      keyId,
      ...(messageId === undefined ? {} : { messageId, at: 'delivery' }),
      policy,
      rules: [...new Set(issues.map((issue) => issue.rule))],
      paths: issues.slice(0, 10).map((issue) => issue.path),
    }),
  )
}
