/**
 * The gateway's ids of the messages a request sends, which 8x8 also gets as their
 * `clientMessageId`: the one join key of a receipt. A claimed request's ids derive from its
 * claim's seed (kept by the admission object on its idempotency row, and kept when a retry takes
 * over a lapsed claim), so every try of one request sends the same ids: the receipts of a try
 * that reached 8x8 before its worker died or stalled name the record of the try that answered,
 * and prove the message was sent twice (apps/edge/README.md, Idempotency claims).
 *
 * @module
 */

const encoder = new TextEncoder()

/**
 * The id of the message at `index` (its index in the caller's list; 0 for a single message) of
 * the request whose claim holds `seed`: an RFC 9562 version 8 UUID made of the first 16 bytes of
 * SHA-256(`seed:index`). Costs one digest per message (microseconds; a 1,000-message batch about
 * a millisecond).
 *
 * @example
 * await messageId('9f2c…', 0) // the same for every try of the request, e.g. '4d1e0c3a-…-8…'
 */
export async function messageId(seed: string, index: number): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', encoder.encode(`${seed}:${index}`))
  const bytes = new Uint8Array(digest, 0, 16)
  // Version 8 (custom) in the high nibble of byte 6, variant 10 in the high bits of byte 8.
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x80
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/**
 * The ids of a request's messages by index: derived from its claim's `seed` ({@link messageId}),
 * or random when it has none (no Idempotency-Key: nothing retries it as the same request).
 *
 * @example
 * const idOf = messageIds(admitted.seed ?? null)
 * const ids = await Promise.all(indexes.map(idOf))
 */
export function messageIds(seed: string | null): (index: number) => Promise<string> {
  if (seed === null) return async () => crypto.randomUUID()
  return (index) => messageId(seed, index)
}
