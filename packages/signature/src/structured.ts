/**
 * Structured Field (RFC 9651) access for the signature fields, on top of `structured-headers`.
 *
 * @internal
 * @module
 */

import { type Dictionary, parseDictionary } from 'structured-headers'

/**
 * Parses a Dictionary field and counts its members as they appear on the wire.
 *
 * RFC 9651 §4.2.2 keeps only the last of duplicated keys, so `sig1=(…), sig1=(…)` (two
 * `Signature-Input` lines) parses to one member. The profile rejects that, so after the library
 * has accepted the syntax, this counts the top-level member separators: commas that are outside
 * quoted strings (no other construct of a valid Dictionary can contain a comma).
 *
 * @internal
 * @returns The dictionary and the number of members written, or `undefined` when it does not parse.
 */
export function parseDictionaryCounted(
  fieldValue: string,
): { dictionary: Dictionary; members: number } | undefined {
  let dictionary: Dictionary
  try {
    dictionary = parseDictionary(fieldValue)
  } catch {
    return undefined
  }
  let members = dictionary.size === 0 ? 0 : 1
  let inString = false
  for (let i = 0; i < fieldValue.length; i++) {
    const char = fieldValue[i]
    if (inString) {
      if (char === '\\') i++
      else if (char === '"') inString = false
    } else if (char === '"') inString = true
    else if (char === ',') members++
  }
  return { dictionary, members }
}
