/**
 * Reading a request body incrementally, never holding more than a cap.
 *
 * @internal
 * @module
 */

/** @internal What reading the body gave. */
export type BodyRead =
  | { readonly ok: true; readonly bytes: Uint8Array<ArrayBuffer> }
  | { readonly ok: false; readonly reason: 'too_large' | 'unreadable' }

/**
 * Reads a request's body chunk by chunk and stops (cancelling the stream) as soon as more than
 * `maxBytes` arrived, so at most `maxBytes` plus one chunk is ever held.
 *
 * @internal
 */
export async function readBodyCapped(request: Request, maxBytes: number): Promise<BodyRead> {
  if (request.body === null) return { ok: true, bytes: new Uint8Array(0) }
  let reader: ReadableStreamDefaultReader<Uint8Array>
  try {
    reader = request.body.getReader()
  } catch {
    return { ok: false, reason: 'unreadable' } // already read or locked
  }
  const chunks: Uint8Array[] = []
  let total = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      total += value.byteLength
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined)
        return { ok: false, reason: 'too_large' }
      }
      chunks.push(value)
    }
  } catch {
    return { ok: false, reason: 'unreadable' }
  }
  const bytes = new Uint8Array(total)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  return { ok: true, bytes }
}

/**
 * Whether a declared `Content-Length` already exceeds the cap (so the body need not be read).
 *
 * @internal
 */
export function declaredTooLarge(headers: Headers, maxBytes: number): boolean {
  const declared = headers.get('content-length')
  if (declared === null || !/^\d+$/.test(declared.trim())) return false
  return Number(declared.trim()) > maxBytes
}
