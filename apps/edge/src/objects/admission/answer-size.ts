/**
 * The most an answer kept for replay may weigh. A Durable Object's SQLite row (and each value in
 * it) holds at most 2 MB; the answer is kept at half of that, so that its row always fits. Every
 * deterministic answer of the gateway is far below it (the README's "Answers that fit").
 *
 * @module
 */
import type { StoredResponse } from './protocol'

/** Bytes of an answer's body and replayed headers, at most (1 MB). */
export const MAX_STORED_ANSWER_BYTES = 1_000_000

const encoder = new TextEncoder()

/**
 * Whether an answer fits the idempotency store: its body and replayed headers, in UTF-8.
 *
 * @example
 * if (!answerFits(response)) completion = { ...completion, response: null } // release instead
 */
export function answerFits(response: StoredResponse): boolean {
  const headers = response.headers === undefined ? '' : JSON.stringify(response.headers)
  const chars = response.body.length + headers.length + response.contentType.length
  // A UTF-16 code unit is at most 3 bytes of UTF-8: most answers need no encoding to be sure.
  if (chars * 3 <= MAX_STORED_ANSWER_BYTES) return true
  const bytes =
    encoder.encode(response.body).length +
    encoder.encode(headers).length +
    encoder.encode(response.contentType).length
  return bytes <= MAX_STORED_ANSWER_BYTES
}
