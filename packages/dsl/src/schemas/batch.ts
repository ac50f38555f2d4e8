/**
 * A batch body for 8x8's batch endpoint: 1 to 1,000 messages, an optional `clientBatchId`, and
 * an optional `template` whose fields fill in what each message leaves out.
 *
 * @module
 */
import * as v from 'valibot'
import { runNested } from '../internal/budget'
import { LIMITS } from '../limits'
import { envelopeEntries } from './envelope'
import { MessageSchema } from './message'
import type { Named } from './named'
import { jsonObject, text } from './primitives'

const { user, ...options } = envelopeEntries

const BatchTemplateSchema_ = v.strictObject({
  type: v.exactOptional(v.string()),
  content: v.exactOptional(jsonObject),
  ...options,
})
/** Defaults merged into every message of a batch (8x8 takes missing fields from it). */
export interface BatchTemplateSchema extends Named<typeof BatchTemplateSchema_> {}
/** Defaults merged into every message of a batch (8x8 takes missing fields from it). */
export const BatchTemplateSchema: BatchTemplateSchema = BatchTemplateSchema_

/** A message of a batch that has a template: only `user` is required. */
const PartialMessageSchema = v.strictObject({
  user,
  type: v.exactOptional(v.string()),
  content: v.exactOptional(jsonObject),
  ...options,
})

const TOO_FEW = 'Invalid length: a batch needs at least one message'
const TOO_MANY = `Invalid length: a batch holds at most ${LIMITS.batchMessages.max} messages`

const batchEntries = {
  clientBatchId: v.exactOptional(text(LIMITS.clientBatchId)),
  includeMessagesInResponse: v.exactOptional(v.boolean()),
}

/** A batch without a template: every message is complete. */
const PlainBatchSchema = v.strictObject({
  messages: v.pipe(
    v.array(MessageSchema),
    v.minLength(LIMITS.batchMessages.min, TOO_FEW),
    v.maxLength(LIMITS.batchMessages.max, TOO_MANY),
  ),
  template: v.exactOptional(v.never()),
  ...batchEntries,
})

type BatchTemplate = v.InferOutput<typeof BatchTemplateSchema>

const isObject = (input: unknown): input is BatchTemplate =>
  typeof input === 'object' && input !== null && !Array.isArray(input)

/**
 * A batch with a template: each message, merged over the template, must be a complete message;
 * issues point into `messages.<index>`.
 */
const TemplatedBatchSchema = v.pipe(
  v.strictObject({
    messages: v.pipe(
      v.array(PartialMessageSchema),
      v.minLength(LIMITS.batchMessages.min, TOO_FEW),
      v.maxLength(LIMITS.batchMessages.max, TOO_MANY),
    ),
    // Any object selects this variant; its fields are checked below, with their paths.
    template: v.custom<BatchTemplate>(isObject, 'Invalid type: expected an object'),
    ...batchEntries,
  }),
  v.rawCheck(({ dataset, config, addIssue }) => {
    if (!dataset.typed) return
    const batch = dataset.value
    // Run under the caller's config, so that a bounded validation stops inside them too.
    const template = runNested(BatchTemplateSchema, batch.template, config)
    for (const issue of template.issues ?? []) {
      if (config.abortEarly) return
      const prefix: v.IssuePathItem = {
        type: 'object',
        origin: 'value',
        input: batch,
        key: 'template',
        value: batch.template,
      }
      addIssue({ message: issue.message, path: [prefix, ...(issue.path ?? [])] })
    }
    if (template.issues !== undefined) return
    for (const [index, message] of batch.messages.entries()) {
      const result = runNested(MessageSchema, { ...batch.template, ...message }, config)
      for (const issue of result.issues ?? []) {
        if (config.abortEarly) return
        const prefix: v.IssuePathItem[] = [
          { type: 'object', origin: 'value', input: batch, key: 'messages', value: batch.messages },
          { type: 'array', origin: 'value', input: batch.messages, key: index, value: message },
        ]
        addIssue({
          message: issue.message,
          path: [...prefix, ...(issue.path ?? [])] as [v.IssuePathItem, ...v.IssuePathItem[]],
        })
      }
    }
  }),
)

const BatchSchema_ = v.variant('template', [PlainBatchSchema, TemplatedBatchSchema])
/**
 * The body of a batch send.
 *
 * @example
 * ```ts
 * import * as v from 'valibot'
 * import { BatchSchema } from '@chatapps/dsl/schemas'
 *
 * v.parse(BatchSchema, { messages: [{ user: { msisdn: '+15551234567' }, type: 'text', content: { text: 'Hi' } }] })
 * ```
 */
export interface BatchSchema extends Named<typeof BatchSchema_> {}
/**
 * The body of a batch send.
 *
 * @example
 * ```ts
 * import * as v from 'valibot'
 * import { BatchSchema } from '@chatapps/dsl/schemas'
 *
 * v.parse(BatchSchema, { messages: [{ user: { msisdn: '+15551234567' }, type: 'text', content: { text: 'Hi' } }] })
 * ```
 */
export const BatchSchema: BatchSchema = BatchSchema_
