/**
 * The gateway's `GET /v1/templates` answer: the registered templates of the key's sub-account's
 * channels, as the gateway last synced them from 8x8, read defensively like its other answers.
 *
 * @module
 */
import {
  type KnownTemplate,
  type RegisteredComponent,
  type TemplateParameters,
  templateParameters,
} from '@chatapps/dsl/templates'
import type { CallMeta } from '../types'

/** One registered template, as the gateway lists it. A `KnownTemplate` of `@chatapps/dsl/templates`. */
export interface GatewayTemplate extends KnownTemplate {
  /** The 8x8 channel it is registered on. */
  readonly channelId: string
  readonly name: string
  readonly language: string
  /** Lower case: `approved`, `pending`, `rejected`, `paused`, `disabled`, … */
  readonly status: string
  /** `UTILITY`, `MARKETING` or `AUTHENTICATION`; `null` when 8x8 gave none. */
  readonly category: string | null
  /** `GREEN`, `YELLOW`, `RED` or `UNKNOWN`, from 8x8's quality events; `null` until one came. */
  readonly quality: string | null
  /** 8x8's registered components, as synced. */
  readonly components: readonly RegisteredComponent[]
  /** What a send of it must carry: header format, body count, buttons, cards. */
  readonly parameters: TemplateParameters
  /** 8x8's `updatedAt`, or `null`. */
  readonly updatedAt: string | null
  /** When the sync that stored it ran (ISO time). */
  readonly syncedAt: string
}

/** What `client.templates()` returns. */
export interface TemplatesAnswer {
  /** The templates, in the gateway's order. */
  readonly templates: readonly GatewayTemplate[]
  /** The last successful sync of these channels (ISO time), or `null` when never synced. */
  readonly syncedAt: string | null
  readonly meta: CallMeta
}

/** What `client.templates()` may narrow the list to. */
export interface TemplatesOptions {
  /** Only templates of this name (`?name=`). */
  readonly name?: string
  /** Only templates in this language (`?language=`). */
  readonly language?: string
  readonly signal?: AbortSignal | undefined
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
const text = (value: unknown): string => (typeof value === 'string' ? value : '')
const textOrNull = (value: unknown): string | null => (typeof value === 'string' ? value : null)

function templateOf(item: Record<string, unknown>): GatewayTemplate {
  const components = (Array.isArray(item.components) ? item.components : []).filter(
    (component): component is RegisteredComponent =>
      isRecord(component) && typeof component.type === 'string',
  )
  return {
    channelId: text(item.channelId),
    name: text(item.name),
    language: text(item.language),
    status: text(item.status).toLowerCase(),
    category: textOrNull(item.category),
    quality: textOrNull(item.quality),
    components,
    // The gateway's description; read from the components when an older gateway sends none.
    parameters: isRecord(item.parameters)
      ? (item.parameters as unknown as TemplateParameters)
      : templateParameters(components),
    updatedAt: textOrNull(item.updatedAt),
    syncedAt: text(item.syncedAt),
  }
}

/** @internal The answer's JSON object as {@link TemplatesAnswer}. */
export function templatesAnswer(json: Record<string, unknown>, meta: CallMeta): TemplatesAnswer {
  return {
    templates: (Array.isArray(json.templates) ? json.templates : [])
      .filter(isRecord)
      .map(templateOf),
    syncedAt: textOrNull(json.syncedAt),
    meta,
  }
}
