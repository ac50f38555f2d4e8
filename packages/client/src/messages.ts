/**
 * Local validation: a builder or a plain message becomes its canonical wire form, or a
 * {@link ChatappsError} with the DSL's issues, before anything is sent.
 *
 * @module
 */
import {
  type Batch,
  type DslIssue,
  type Message,
  safeParseBatch,
  safeParseMessage,
} from '@chatapps/dsl'
import { ChatappsError, isRecord } from './errors'
import type { MessageBuilderLike, MessageInput, SendBatchOptions } from './types'

function isBuilder(input: unknown): input is MessageBuilderLike {
  return isRecord(input) && typeof input.safeBuild === 'function'
}

/** @internal The local `invalid_message` error. */
export function invalid(what: string, issues: readonly DslIssue[]): ChatappsError {
  return new ChatappsError({
    source: 'local',
    status: 422,
    code: 'invalid_message',
    title: 'Invalid message',
    detail: `The ${what} has ${issues.length} issue(s); nothing was sent.`,
    issues,
  })
}

/** @internal A message, validated, in canonical form. */
export function resolveMessage(input: MessageInput): Message {
  const result = isBuilder(input) ? input.safeBuild() : safeParseMessage(input)
  if (!result.success) throw invalid('message', result.issues)
  return result.output
}

/** @internal A batch body, validated, in canonical form. */
export function resolveBatch(inputs: readonly MessageInput[], options: SendBatchOptions): Batch {
  const issues: DslIssue[] = []
  const messages = inputs.map((input, index) => {
    if (!isBuilder(input)) return input
    const built = input.safeBuild()
    if (built.success) return built.output
    for (const issue of built.issues) {
      issues.push({
        ...issue,
        path: issue.path ? `messages.${index}.${issue.path}` : `messages.${index}`,
      })
    }
    return null
  })
  const body = {
    messages,
    ...(options.clientBatchId === undefined ? {} : { clientBatchId: options.clientBatchId }),
    ...(options.template === undefined ? {} : { template: options.template }),
  }
  const result = safeParseBatch(body)
  if (result.success && issues.length === 0) return result.output
  // A builder's issues replace the batch schema's complaint about its `null` placeholder.
  const failed = new Set(issues.map((issue) => issue.path.split('.').slice(0, 2).join('.')))
  const others = result.success
    ? []
    : result.issues.filter((issue) => !failed.has(issue.path.split('.').slice(0, 2).join('.')))
  throw invalid('batch', [...issues, ...others])
}
