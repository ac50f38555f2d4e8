/**
 * The validation step of the send routes, after admission: the verified body read as strict
 * JSON, validated by @chatapps/dsl (at most 100 issues), and the key's message-type permission.
 * The handler finds the message (or batch) in `c.var`.
 *
 * @module
 */
import {
  type Batch,
  type DslIssueCount,
  type DslIssues,
  type Message,
  safeParseBatch,
  safeParseMessage,
  type ValidationOptions,
} from '@chatapps/dsl'
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../bindings'
import type { ClientKey } from '../db/keys'
import { capText } from '../lib/cap-text'
import { parseStrictJson } from '../lib/strict-json'
import { timed } from '../observability/timed'
import { Problem } from '../problems'
import type { SignatureVariables } from './signature'

/** Parses a verified body strictly: 400 `malformed_json` otherwise. */
function readBody(bytes: Uint8Array): unknown {
  const parsed = parseStrictJson(bytes)
  if (!parsed.ok) throw new Problem('malformed_json', { detail: parsed.reason })
  return parsed.value
}

/**
 * How the send routes validate: at most 100 issues (docs/gateway-contract.md), so that validating a 256 KiB
 * body stops early and its 422 stays small enough to be stored for replay.
 */
export const VALIDATION: ValidationOptions = { maxIssues: 100 }

/**
 * 422 `invalid_message` with every issue up to the first 100; past that, `truncated: true` and
 * `issuesTotal`, the issues found before validation stopped (a lower bound of the total).
 *
 * @param what `message` or `batch`, for the detail.
 * @param failed The issues of a validation run with {@link VALIDATION}, and their count.
 */
export function invalidMessage(
  what: string,
  failed: DslIssueCount & { readonly issues: DslIssues },
): Problem {
  const issues = failed.issues.map((issue) => ({
    path: capText(issue.path),
    message: capText(issue.message),
  }))
  if (!failed.truncated) {
    return new Problem('invalid_message', {
      detail: `The ${what} has ${issues.length} issue(s).`,
      extra: { issues },
    })
  }
  return new Problem('invalid_message', {
    detail: `The ${what} has at least ${failed.issuesTotal} issues; the first ${issues.length} are listed.`,
    extra: { issues, truncated: true, issuesTotal: failed.issuesTotal },
  })
}

/**
 * 403 `forbidden` when the key may not send this message type.
 *
 * @param where Appended to the detail (` (messages.3)` in a batch).
 */
function checkType(key: ClientKey, type: string, where = ''): void {
  if (key.allowedTypes !== null && !key.allowedTypes.includes(type)) {
    throw new Problem('forbidden', { detail: `This key may not send ${type} messages${where}.` })
  }
}

/** What the handler of `POST /v1/messages` sees. */
export interface MessageVariables {
  message: Message
}

/** What the handler of `POST /v1/messages/batch` sees. */
export interface BatchVariables {
  batch: Batch
}

type Item = Readonly<Record<string, unknown>>

/** A batch message's type: its own, else the template's; lower case like the canonical form. */
function typeOf(item: Item, template: Item | undefined): string {
  const type = item.type ?? template?.type
  return typeof type === 'string' ? type.toLowerCase() : ''
}

/**
 * A valid message this key may send, in `c.var.message`.
 *
 * @example
 * messages.post('/', jsonBody, signature('POST /v1/messages'), admission, validMessage, send)
 */
const validMessageStep = createMiddleware<
  AppEnv & { Variables: SignatureVariables & MessageVariables }
>(async (c, next) => {
  const verified = c.get('verified')
  const validated = safeParseMessage(readBody(verified.body), VALIDATION)
  if (!validated.success) throw invalidMessage('message', validated)
  checkType(verified.keyRecord, validated.output.type)
  c.set('message', validated.output)
  await next()
})

/**
 * A valid batch whose every message this key may send, in `c.var.batch`.
 *
 * @example
 * batch.post('/', jsonBody, signature('POST /v1/messages/batch'), admission, validBatch, send)
 */
const validBatchStep = createMiddleware<
  AppEnv & { Variables: SignatureVariables & BatchVariables }
>(async (c, next) => {
  const verified = c.get('verified')
  const validated = safeParseBatch(readBody(verified.body), VALIDATION)
  if (!validated.success) throw invalidMessage('batch', validated)
  const template = validated.output.template as Item | undefined
  const items = validated.output.messages as readonly Item[]
  items.forEach((item, index) => {
    checkType(verified.keyRecord, typeOf(item, template), ` (messages.${index})`)
  })
  c.set('batch', validated.output)
  await next()
})

/** Validates a message into `c.get('message')`; timed as the `validation` step. */
export const validMessage = timed('validation', null, validMessageStep)

/** Validates a batch into `c.get('batch')`; timed as the `validation` step. */
export const validBatch = timed('validation', null, validBatchStep)
