/**
 * Reading a stream under a size cap: the one owner of the rule for the bodies the gateway reads
 * itself (8x8's webhook events, 8x8's template lists). A chunked body declares no length, so the
 * cap is checked chunk by chunk, and the stream is cancelled as soon as it is passed: at most the
 * cap plus one chunk is ever held. (Signed requests are read by `@chatapps/signature`, which
 * digests what it reads.)
 *
 * @module
 */

/**
 * The stream's bytes, or null when it held more than `cap` bytes (then the rest is not read: the
 * stream is cancelled). No stream reads as no bytes.
 *
 * @example
 * const bytes = await readCapped(request.body, 64 * 1024)
 * if (bytes === null) throw tooLarge()
 */
export async function readCapped(
  stream: ReadableStream<Uint8Array> | null,
  cap: number,
): Promise<Uint8Array<ArrayBuffer> | null> {
  if (stream === null) return new Uint8Array()
  const reader = stream.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > cap) {
      await reader.cancel()
      return null
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
