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
 * under every policy, and say so (`Chatapps-Template-Check: unverified`).
 *
 * @module
 */
import { checkTemplate, type KnownTemplate, type TemplateIssue } from '@chatapps/dsl/templates'
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../bindings'
import type { TemplateIssueRecord } from '../db/messages/records'
import { readRegistry } from '../db/templates'
import { capText } from '../lib/cap-text'
import { recipientOf } from '../objects/contact/client'
import { Problem, UNAVAILABLE } from '../problems'
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
}

/** A batch message refused by the registry (policy enforce), as the batch answer lists it. */
export interface TemplateRefusal {
  readonly index: number
  readonly code: 'template_mismatch'
  readonly recipient: string
  readonly detail: string
  readonly issues: readonly TemplateIssueRecord[]
}

/** What the batch handler learns, per message: a refusal, or the issues of one that goes. */
export interface BatchTemplateVariables {
  templateRefusals: readonly (TemplateRefusal | null)[]
  templateIssuesByIndex: readonly (readonly TemplateIssueRecord[] | null)[]
}

/** A send's template object, where it is, when the send is a template. */
interface TemplateSend {
  readonly template: unknown
  readonly path: string
  readonly name: string | null
}

function templateSendOf(message: Item, path: string): TemplateSend | null {
  const type = message.type
  if (typeof type !== 'string' || type.toLowerCase() !== 'template') return null
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

/** One JSON line per mismatch (no parameter values: they may be personal). */
function logMismatch(keyId: string, policy: string, issues: readonly TemplateIssueRecord[]): void {
  console.warn(
    JSON.stringify({
      event: 'template_mismatch',
      keyId,
      policy,
      rules: [...new Set(issues.map((issue) => issue.rule))],
      paths: issues.slice(0, 10).map((issue) => issue.path),
    }),
  )
}

/**
 * The registry's verdict on each send: its issues ([] when it fits), or null for every send when
 * the sub-account has no registry yet. One D1 batch for all of them.
 */
async function verdicts(
  env: AppEnv['Bindings'],
  channelIds: readonly string[],
  sends: readonly (TemplateSend | null)[],
): Promise<(TemplateIssueRecord[] | null)[] | null> {
  const names = [
    ...new Set(sends.flatMap((send) => (send?.name === null || send === null ? [] : [send.name]))),
  ]
  let registry: Awaited<ReturnType<typeof readRegistry>>
  try {
    registry = await readRegistry(env.DB, channelIds, { names })
  } catch (error) {
    console.error('template registry unavailable', error instanceof Error ? error.name : 'error')
    throw new Problem('unavailable', UNAVAILABLE)
  }
  if (!registry.synced) return null
  const known: KnownTemplate[] = registry.templates.map((row) => ({
    name: row.name,
    language: row.language,
    status: row.status,
    components: row.components as KnownTemplate['components'],
  }))
  return sends.map((send) =>
    send === null ? null : checkTemplate(send.template, known, { path: send.path }).map(recordOf),
  )
}

/**
 * A registry that never synced starts its first sync after the answer (at most once a minute
 * per isolate): the next sends are checked without waiting for the cron.
 */
function firstSync(
  c: {
    env: AppEnv['Bindings']
    executionCtx: { waitUntil(promise: Promise<unknown>): void }
    var: AppEnv['Variables']
  },
  subAccount: string,
  channels: number,
): void {
  if (channels === 0) return
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
  const key = c.get('verified').keyRecord
  const send = templateSendOf(c.get('message') as unknown as Item, 'content.template')
  if (key.templateCheck === 'off' || send === null) return next()
  const channelIds = channelsOf(c.get('config'), key.subAccount)
  const found = channelIds.length === 0 ? null : await verdicts(c.env, channelIds, [send])
  const issues = found?.[0]
  if (issues === undefined || issues === null) {
    firstSync(c, key.subAccount, channelIds.length)
    c.header(TEMPLATE_CHECK_HEADER, 'unverified')
    return next()
  }
  if (issues.length === 0) return next()
  logMismatch(key.keyId, key.templateCheck, issues)
  if (key.templateCheck === 'enforce') throw templateMismatch(issues, 'template send')
  c.set('templateIssues', issues)
  c.header(TEMPLATE_CHECK_HEADER, 'mismatch')
  await next()
})

/**
 * `POST /v1/messages/batch`: each template message checked (its own fields over the batch's
 * `template`, as 8x8 merges them); under enforce a mismatching message is left out and listed,
 * and when every message is refused the first refusal is the answer.
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
  const found = channelIds.length === 0 ? null : await verdicts(c.env, channelIds, sends)
  if (found === null) {
    firstSync(c, key.subAccount, channelIds.length)
    c.header(TEMPLATE_CHECK_HEADER, 'unverified')
    return next()
  }
  const mismatched = found.flatMap((issues) => (issues === null ? [] : issues))
  if (mismatched.length === 0) return next()
  logMismatch(key.keyId, key.templateCheck, mismatched)
  if (key.templateCheck === 'observe') {
    c.set(
      'templateIssuesByIndex',
      found.map((issues) => (issues?.length ? issues : null)),
    )
    c.header(TEMPLATE_CHECK_HEADER, 'mismatch')
    return next()
  }
  const refusals = found.map((issues, index): TemplateRefusal | null =>
    issues === null || issues.length === 0
      ? null
      : {
          index,
          code: 'template_mismatch',
          recipient: recipientOf(items[index]?.user as Parameters<typeof recipientOf>[0]) ?? '',
          detail: `The message does not fit its registered template: ${issues.length} issue(s). Nothing was sent.`,
          issues: issues.slice(0, MAX_ISSUES),
        },
  )
  const first = refusals.find((refusal) => refusal !== null)
  if (first !== undefined && first !== null && refusals.every((refusal) => refusal !== null)) {
    throw templateMismatch(found[first.index] ?? [], 'batch')
  }
  c.set('templateRefusals', refusals)
  await next()
})
