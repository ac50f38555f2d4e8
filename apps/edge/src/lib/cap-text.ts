/**
 * Texts the caller or 8x8 chose, cut to a bound before the gateway echoes them in an answer.
 *
 * @module
 */

/** The longest path or message an issue or an echo of 8x8 carries, in UTF-16 code units. */
const MAX_ECHOED_TEXT = 500

/**
 * Cuts a text the caller (a long key, echoed in a path and a message) or 8x8 chose to at most
 * {@link MAX_ECHOED_TEXT}, so that an answer's size has a bound whatever the input.
 *
 * @example
 * capText('x'.repeat(600)).length // 500
 */
export function capText(text: string): string {
  if (text.length <= MAX_ECHOED_TEXT) return text
  let end = MAX_ECHOED_TEXT - 1
  // Never split a surrogate pair: the answer must stay well-formed UTF-8.
  const last = text.charCodeAt(end - 1)
  if (last >= 0xd800 && last <= 0xdbff) end--
  return `${text.slice(0, end)}…`
}
