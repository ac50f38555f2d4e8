/**
 * The headers of a send's `202 Accepted` (`Prefer: respond-async`, RFC 7240).
 *
 * @module
 */

/**
 * `Preference-Applied: respond-async`, and `Location` when the answer has one record to follow.
 *
 * @example
 * return c.json(body, 202, acceptedHeaders(`/v1/messages/${id}`))
 */
export function acceptedHeaders(location: string | null): Record<string, string> {
  return {
    'preference-applied': 'respond-async',
    ...(location === null ? {} : { location }),
  }
}
