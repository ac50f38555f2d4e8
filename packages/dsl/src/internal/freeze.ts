/** Freezes a JSON-shaped value and everything in it, and returns it. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const key in value) deepFreeze(value[key])
    Object.freeze(value)
  }
  return value
}
