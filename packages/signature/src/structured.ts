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

/**
 * The text of a one-member Dictionary's value exactly as received: what follows `label=`. The
 * caller has checked (with {@link parseDictionaryCounted}) that the field parses and holds one
 * member named `label`; a field value has no surrounding whitespace once a `Headers` holds it.
 *
 * @internal
 * @returns The member's serialisation, or `undefined` when the text does not start with `label=`.
 */
export function rawSoleMember(fieldValue: string, label: string): string | undefined {
  const text = fieldValue.trim()
  const prefix = `${label}=`
  return text.startsWith(prefix) ? text.slice(prefix.length) : undefined
}

/**
 * The parameters of a serialised Inner List (`(…);a=1;b="x"`) as the text of each value, so a
 * caller can check a value's written form (RFC 8941 tells an Integer from a Decimal by it, and
 * `structured-headers` gives both as a number). A bare key (Boolean true) maps to `''`; a
 * repeated key keeps its last value, as RFC 9651 §4.2.3.2 does.
 *
 * @internal
 * @returns The values by key, or `undefined` when the text is not an inner list.
 */
export function rawParameters(innerList: string): Map<string, string> | undefined {
  if (!innerList.startsWith('(')) return undefined
  let i = 1
  let inString = false
  for (; i < innerList.length; i++) {
    const char = innerList[i]
    if (inString) {
      if (char === '\\') i++
      else if (char === '"') inString = false
    } else if (char === '"') inString = true
    else if (char === ')') break
  }
  if (i >= innerList.length) return undefined
  const params = new Map<string, string>()
  const parts = splitOutsideStrings(innerList.slice(i + 1), ';')
  // The text after `)` starts with `;` (or is empty): the first part is empty.
  if (parts[0]?.trim() !== '') return undefined
  for (const part of parts.slice(1)) {
    const member = part.replace(/^ +/, '')
    const equals = member.indexOf('=')
    if (equals === -1) params.set(member, '')
    else params.set(member.slice(0, equals), member.slice(equals + 1))
  }
  return params
}

/** Splits at `separator` where it is not inside a quoted string. */
function splitOutsideStrings(text: string, separator: string): string[] {
  const parts: string[] = []
  let start = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const char = text[i]
    if (inString) {
      if (char === '\\') i++
      else if (char === '"') inString = false
    } else if (char === '"') inString = true
    else if (char === separator) {
      parts.push(text.slice(start, i))
      start = i + 1
    }
  }
  parts.push(text.slice(start))
  return parts
}
