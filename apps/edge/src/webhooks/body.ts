/**
 * Reading a webhook body within its cap, whatever `Content-Length` claims.
 *
 * @module
 */
import { Problem } from '../errors'

/** 8x8's events are small; anything larger is refused (413). */
export const MAX_WEBHOOK_BYTES = 64 * 1024

function tooLarge(): Problem {
  return new Problem('payload_too_large', {
    detail: `The body is over ${MAX_WEBHOOK_BYTES} bytes.`,
  })
}

/** 413 when the declared length is over the cap (checked before reading anything). */
export function checkDeclaredLength(contentLength: string | undefined): void {
  if (contentLength !== undefined && Number(contentLength) > MAX_WEBHOOK_BYTES) throw tooLarge()
}

/**
 * Reads the body, stopping as soon as it goes over the cap (a chunked body has no length).
 *
 * @throws Problem 413 `payload_too_large`.
 */
export async function readCapped(body: ReadableStream<Uint8Array> | null): Promise<Uint8Array> {
  if (body === null) return new Uint8Array()
  const reader = body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > MAX_WEBHOOK_BYTES) {
      // Read no further than the cap, whatever the sender still has.
      await reader.cancel()
      throw tooLarge()
    }
    chunks.push(value)
  }
  const bytes = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  return bytes
}
