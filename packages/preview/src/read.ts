/**
 * Lenient readers for values that may or may not have a message's shape: the renderer draws what
 * it can of invalid input, so it never assumes a field is there or has the right type.
 *
 * @module
 */

/** @internal A JSON object, as far as the renderer is concerned. */
export type Obj = Readonly<Record<string, unknown>>

/** @internal The value as an object, or `undefined`. */
export function asObj(value: unknown): Obj | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Obj)
    : undefined
}

/** @internal `value[key]` as an object, or `undefined`. */
export function obj(value: unknown, key: string): Obj | undefined {
  return asObj(asObj(value)?.[key])
}

/** @internal `value[key]` as an array, or an empty one. */
export function arr(value: unknown, key: string): readonly unknown[] {
  const item = asObj(value)?.[key]
  return Array.isArray(item) ? item : []
}

/** @internal `value[key]` as a string (numbers are turned into strings), or `undefined`. */
export function str(value: unknown, key: string): string | undefined {
  const item = asObj(value)?.[key]
  if (typeof item === 'string') return item
  if (typeof item === 'number' && Number.isFinite(item)) return String(item)
  return undefined
}

/** @internal `value[key]` as a finite number (numeric strings count), or `undefined`. */
export function num(value: unknown, key: string): number | undefined {
  const item = asObj(value)?.[key]
  const n = typeof item === 'string' && item.trim() !== '' ? Number(item) : item
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined
}

/** @internal `value.text.text`-style nested text: `value[key].text`. */
export function textOf(value: unknown, key: string): string | undefined {
  return str(obj(value, key), 'text')
}
