/**
 * A template send (the wire `content.template` object) read for the registry check: leniently,
 * as 8x8 reads it (enums in any case, an index as a string, a sub-type as its enum's number),
 * since the check may run on JSON the DSL has not validated (the sandbox).
 *
 * @module
 */
import type { ButtonSubType } from './parameters'

/** One parameter of a sent component. */
export interface SentParameter {
  /** Its `type`, lower case. */
  readonly type: string
  /** Its value as the customer would read it: text, payload, code, or a media URL. */
  readonly value: string | null
}

/** One sent component, with its position in `components`. */
export interface SentComponent {
  readonly at: number
  /** Lower case; `body` when absent (8x8's default). */
  readonly type: string
  readonly index: number | undefined
  readonly subType: ButtonSubType | string | undefined
  readonly parameters: readonly SentParameter[]
  readonly cards: readonly SentCard[] | undefined
}

/** One card of a sent carousel component. */
export interface SentCard {
  readonly cardIndex: number | undefined
  readonly components: readonly SentComponent[]
}

/** The sent template: name, language and components (`null` when `components` is absent). */
export interface SentTemplate {
  readonly name: string
  readonly language: string
  readonly components: readonly SentComponent[] | null
}

const SUB_TYPES: readonly ButtonSubType[] = ['QuickReply', 'Url', 'CopyCode', 'Flow', 'VoiceCall']

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {}
}

function string(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

function indexOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value
  if (typeof value === 'string' && /^\d{1,3}$/.test(value)) return Number(value)
  return undefined
}

/** 8x8 binds `subType` like a .NET enum: any case, or its member's number (`1` is `Url`). */
function subTypeOf(value: unknown): string | undefined {
  if (typeof value === 'number') return SUB_TYPES[value] ?? String(value)
  if (typeof value !== 'string') return undefined
  return SUB_TYPES.find((name) => name.toLowerCase() === value.toLowerCase()) ?? value
}

function parameterOf(value: unknown): SentParameter {
  const parameter = record(value)
  const type = (string(parameter.type) ?? '').toLowerCase()
  const location = record(parameter.location)
  const text =
    string(parameter.text) ??
    string(parameter.url) ??
    string(parameter.payload) ??
    string(parameter.couponCode) ??
    (type === 'location' ? (string(location.name) ?? string(location.address) ?? '') : undefined)
  return { type, value: text ?? null }
}

function componentsOf(value: unknown): SentComponent[] {
  if (!Array.isArray(value)) return []
  return value.map((item, at) => {
    const component = record(item)
    const cards = Array.isArray(component.cards)
      ? component.cards.map((card) => {
          const read = record(card)
          return { cardIndex: indexOf(read.cardIndex), components: componentsOf(read.components) }
        })
      : undefined
    return {
      at,
      type: (string(component.type) ?? 'body').toLowerCase(),
      index: indexOf(component.index),
      subType: subTypeOf(component.subType),
      parameters: Array.isArray(component.parameters) ? component.parameters.map(parameterOf) : [],
      cards,
    }
  })
}

/** Reads a sent `content.template` object; anything missing reads as empty. */
export function readSent(template: unknown): SentTemplate {
  const read = record(template)
  return {
    name: string(read.name) ?? '',
    language: string(read.language) ?? '',
    components: Array.isArray(read.components) ? componentsOf(read.components) : null,
  }
}
