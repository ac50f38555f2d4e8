/**
 * Copies plain objects and arrays, deeply, so that a builder never shares state with the
 * caller's values: changing an object after passing it in cannot change the message.
 */
export function deepCopy<T>(value: T): T {
  if (Array.isArray(value)) return value.map(deepCopy) as T
  if (
    typeof value === 'object' &&
    value !== null &&
    Object.getPrototypeOf(value) === Object.prototype
  ) {
    const copy: Record<string, unknown> = {}
    for (const [key, item] of Object.entries(value)) copy[key] = deepCopy(item)
    return copy as T
  }
  return value
}
