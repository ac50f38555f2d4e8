/**
 * The template step of the send routes, after validation and before the contact step: every
 * template send checked against the key's sub-account's registry (src/db/templates.ts) with
 * `checkTemplate` of @chatapps/dsl/templates, under the key's `templateCheck` policy
 * (docs/templates.md):
 *
 * - `off`: no lookup;
 * - `observe` (default): a mismatch is sent, and says so (`Chatapps-Template-Check: mismatch`,
 *   `templateIssues` in the answer and the record), and is logged;
 * - `enforce`: a mismatch is 422 `template_mismatch` (a batch leaves that message out and lists
 *   it in `refused`); nothing is sent.
 *
 * A sub-account whose channels never synced has no registry: its template sends go unchecked,
 * under every policy, and say so (`Chatapps-Template-Check: unverified`). The verdicts come from
 * src/templates/check.ts, which the delivery consumer asks too as a queued message leaves.
 *
 * @module
 */
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../bindings'
import type { TemplateIssueRecord } from '../db/messages/records'
import { recipientOf } from '../objects/contact/client'
import { Problem, UNAVAILABLE } from '../problems'
import {
  checkTemplateSends,
  logMismatch,
  type TemplateSend,
  templateSendOf,
  type Verdicts,
} from '../templates/check'
import { channelsOf, syncOnFirstUse } from '../templates/sync'
import type { SignatureVariables } from './signature'
import type { BatchVariables, MessageVariables } from './valid'

/** The response header that says a template send was not verified, or did not fit. */
export const TEMPLATE_CHECK_HEADER = 'chatapps-template-check'

/** Issues answered at most, as `invalid_message` (the rest counted in `issuesTotal`). */
const MAX_ISSUES = 100

type Item = Readonly<Record<string, unknown>>

/** What the send handler learns: the issues of a send that goes anyway (policy observe). */
export interface TemplateVariables {
  templateIssues: readonly TemplateIssueRecord[] | null
  /**
   * The send's template's registered category, read with its check (null: not a template that
   * can reach WhatsApp, not in the registry, or the key's check is off): the contact step weighs
   * it against a marketing opt-out, in its one call.
   */
  templateCategory: string | null
}

/** A batch message refused by the registry (policy enforce), as the batch answer lists it. */
export interface TemplateRefusal {
  readonly index: number
  readonly code: 'template_mismatch'
  readonly recipient: string
  readonly detail: string
  /** At most 100, as a single send's (`truncated` and `issuesTotal` say when there were more). */
  readonly issues: readonly TemplateIssueRecord[]
  readonly truncated?: true
  readonly issuesTotal?: number
}

/** What the batch handler learns, per message: a refusal, or the issues of one that goes. */
export interface BatchTemplateVariables {
  templateRefusals: readonly (TemplateRefusal | null)[]
  templateIssuesByIndex: readonly (readonly TemplateIssueRecord[] | null)[]
  /** Each message's template's registered category, as a single send's `templateCategory`. */
  templateCategories: readonly (string | null)[]
}

/** 422 `template_mismatch` with the issues (at most 100, as `invalid_message`). */
export function templateMismatch(issues: readonly TemplateIssueRecord[], what: string): Problem {
  const listed = issues.slice(0, MAX_ISSUES)
  const truncated = issues.length > MAX_ISSUES
  return new Problem('template_mismatch', {
    detail: truncated
      ? `The ${what} does not fit its registered template: ${issues.length} issues; the first ${listed.length} are listed. Nothing was sent.`
      : `The ${what} does not fit its registered template: ${issues.length} issue(s). Nothing was sent.`,
    extra: truncated ? { issues: listed, truncated: true, issuesTotal: issues.length } : { issues },
  })
}

/** The registry's verdicts on a request's sends; a D1 failure is 503 `unavailable`. */
async function verdicts(
  env: AppEnv['Bindings'],
  channelIds: readonly string[],
  sends: readonly (TemplateSend | null)[],
): Promise<Verdicts> {
  try {
    return await checkTemplateSends(env.DB, channelIds, sends, Date.now())
  } catch (error) {
    console.error('template registry unavailable', error instanceof Error ? error.name : 'error')
    throw new Problem('unavailable', UNAVAILABLE)
  }
}

/**
 * A registry with a channel that never synced starts that sync after the answer (at most once a
 * minute per isolate): the next sends are checked without waiting for the cron.
 */
function firstSync(
  c: {
    env: AppEnv['Bindings']
    executionCtx: { waitUntil(promise: Promise<unknown>): void }
    var: AppEnv['Variables']
  },
  subAccount: string,
): void {
  const deps = { db: c.env.DB, upstream: c.env.UPSTREAM, config: c.var.config }
  c.executionCtx.waitUntil(syncOnFirstUse(deps, subAccount))
}

/**
 * `POST /v1/messages`: a template send that does not fit is refused (enforce) or flagged
 * (observe).
 *
 * @example
 * messages.post('/', jsonBody, signature('POST /v1/messages'), admission, validMessage, templateCheck, contactPolicy, send)
 */
export const templateCheck = createMiddleware<
  AppEnv & { Variables: SignatureVariables & MessageVariables & TemplateVariables }
>(async (c, next) => {
  c.set('templateIssues', null)
  c.set('templateCategory', null)
  const key = c.get('verified').keyRecord
  const send = templateSendOf(c.get('message') as unknown as Item, 'content.template')
  if (key.templateCheck === 'off' || send === null) return next()
  const channelIds = channelsOf(c.get('config'), key.subAccount)
  const found = channelIds.length === 0 ? null : await verdicts(c.env, channelIds, [send])
  if (found?.neverSynced === true) firstSync(c, key.subAccount)
  c.set('templateCategory', found?.categories[0] ?? null)
  const verdict = found?.verdicts[0]
  if (verdict === undefined || verdict === null || verdict.kind === 'unverified') {
    c.header(TEMPLATE_CHECK_HEADER, 'unverified')
    return next()
  }
  const issues = verdict.issues
  if (issues.length === 0) return next()
  logMismatch(key.keyId, key.templateCheck, issues)
  if (key.templateCheck === 'enforce') throw templateMismatch(issues, 'template send')
  c.set('templateIssues', issues)
  c.header(TEMPLATE_CHECK_HEADER, 'mismatch')
  await next()
})

/** A batch message's refusal, its issues capped as a single send's. */
function refusalOf(
  index: number,
  item: Item | undefined,
  issues: readonly TemplateIssueRecord[],
): TemplateRefusal {
  const listed = issues.slice(0, MAX_ISSUES)
  const truncated = issues.length > MAX_ISSUES
  return {
    index,
    code: 'template_mismatch',
    recipient: recipientOf(item?.user as Parameters<typeof recipientOf>[0]) ?? '',
    detail: truncated
      ? `The message does not fit its registered template: ${issues.length} issues; the first ${listed.length} are listed. Nothing was sent.`
      : `The message does not fit its registered template: ${issues.length} issue(s). Nothing was sent.`,
    issues: listed,
    ...(truncated && { truncated: true, issuesTotal: issues.length }),
  }
}

/**
 * `POST /v1/messages/batch`: each template message checked (its own fields over the batch's
 * `template`, as 8x8 merges them); under enforce a mismatching message is left out and listed,
 * and when every message is refused the first refusal is the answer. A message the registry
 * cannot verify goes, and the answer says `unverified` unless a mismatch is flagged.
 */
export const batchTemplateCheck = createMiddleware<
  AppEnv & { Variables: SignatureVariables & BatchVariables & BatchTemplateVariables }
>(async (c, next) => {
  const key = c.get('verified').keyRecord
  const shared = c.get('batch').template as Item | undefined
  const items = c.get('batch').messages as readonly Item[]
  c.set(
    'templateRefusals',
    items.map(() => null),
  )
  c.set(
    'templateIssuesByIndex',
    items.map(() => null),
  )
  c.set(
    'templateCategories',
    items.map(() => null),
  )
  const sends = items.map((item, index) =>
    templateSendOf(
      { ...shared, ...item },
      item.content === undefined
        ? 'template.content.template'
        : `messages.${index}.content.template`,
    ),
  )
  if (key.templateCheck === 'off' || sends.every((send) => send === null)) return next()
  const channelIds = channelsOf(c.get('config'), key.subAccount)
  if (channelIds.length === 0) {
    c.header(TEMPLATE_CHECK_HEADER, 'unverified')
    return next()
  }
  const found = await verdicts(c.env, channelIds, sends)
  if (found.neverSynced) firstSync(c, key.subAccount)
  c.set('templateCategories', found.categories)
  if (found.verdicts.some((verdict) => verdict?.kind === 'unverified')) {
    c.header(TEMPLATE_CHECK_HEADER, 'unverified')
  }
  const issuesOf = found.verdicts.map((verdict) =>
    verdict?.kind === 'checked' && verdict.issues.length > 0 ? verdict.issues : null,
  )
  const mismatched = issuesOf.flatMap((issues) => issues ?? [])
  if (mismatched.length === 0) return next()
  logMismatch(key.keyId, key.templateCheck, mismatched)
  if (key.templateCheck === 'observe') {
    c.set('templateIssuesByIndex', issuesOf)
    c.header(TEMPLATE_CHECK_HEADER, 'mismatch')
    return next()
  }
  const refusals = issuesOf.map((issues, index) =>
    issues === null ? null : refusalOf(index, items[index], issues),
  )
  const first = refusals.find((refusal) => refusal !== null)
  if (first !== undefined && first !== null && refusals.every((refusal) => refusal !== null)) {
    throw templateMismatch(issuesOf[first.index] ?? [], 'batch')
  }
  c.set('templateRefusals', refusals)
  await next()
})
