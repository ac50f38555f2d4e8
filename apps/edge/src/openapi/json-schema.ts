/**
 * The valibot schemas of `@chatapps/dsl` as JSON Schema (draft 2020-12, the dialect of OpenAPI
 * 3.1), for `components.schemas`. What JSON Schema cannot say (custom checks, transforms) is left
 * out; limits counted in code points become `minLength`/`maxLength`, which JSON Schema also
 * counts in code points.
 *
 * @module
 */
import {
  BatchSchema,
  BatchTemplateSchema,
  EventSchema,
  LineNotificationSchema,
  MessageSchema,
} from '@chatapps/dsl/schemas'
import { type ConversionConfig, type JsonSchema, toJsonSchemaDefs } from '@valibot/to-json-schema'

const CONFIG: ConversionConfig = {
  target: 'draft-2020-12',
  // Checks and transforms that JSON Schema cannot express are skipped; a pipe's schemas are
  // merged, so a type matched in any letter case shows its canonical spelling (`"text"`).
  errorMode: 'ignore',
  overrideAction: ({ valibotAction, jsonSchema }) => {
    const { type, requirement } = valibotAction as { type: string; requirement?: unknown }
    if (typeof requirement !== 'number') return undefined
    if (type === 'max_code_points') return { ...jsonSchema, maxLength: requirement }
    if (type === 'min_code_points') return { ...jsonSchema, minLength: requirement }
    return undefined
  },
  overrideSchema: ({ valibotSchema }) => {
    // The batch template's selector (`v.custom` of an object) and the recursive JSON value.
    if (valibotSchema.type === 'custom') return { type: 'object' }
    if (valibotSchema.type === 'lazy') return {}
    return undefined
  },
}

/** What JSON Schema's `enum` and `const` cannot say about the message's spellings. */
export const LETTER_CASE =
  "A message in 8x8's wire format. The message `type`, channel names, template component types and similar enumerations are accepted in any letter case, as 8x8 accepts them, and forwarded in the canonical spelling this document shows."

const DEFS_PREFIX = '#/$defs/'

/** Rewrites `#/$defs/X` references to `#/components/schemas/X`. */
function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs)
  if (typeof value !== 'object' || value === null) return value
  const out: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(value)) {
    out[key] =
      key === '$ref' && typeof item === 'string' && item.startsWith(DEFS_PREFIX)
        ? `#/components/schemas/${item.slice(DEFS_PREFIX.length)}`
        : rewriteRefs(item)
  }
  return out
}

const NAMED = {
  Message: MessageSchema,
  BatchTemplate: BatchTemplateSchema,
  Batch: BatchSchema,
  Event: EventSchema,
  LineNotification: LineNotificationSchema,
}

/** `Message`, `Batch`, `BatchTemplate` and the webhook's `Event` as OpenAPI 3.1 component schemas. */
export function messageSchemas(): Record<keyof typeof NAMED, JsonSchema> {
  // Only the named definitions: the converter may add unreferenced helpers of its own.
  const defs = toJsonSchemaDefs(NAMED, CONFIG)
  return rewriteRefs({
    Message: { ...defs.Message, description: LETTER_CASE },
    BatchTemplate: defs.BatchTemplate,
    Batch: defs.Batch,
    Event: defs.Event,
    LineNotification: defs.LineNotification,
  }) as Record<keyof typeof NAMED, JsonSchema>
}
