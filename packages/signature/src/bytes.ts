/**
 * Byte input normalisation.
 *
 * @module
 */

/**
 * Bytes as the package accepts them: a `Uint8Array`, an `ArrayBuffer`, or a string taken as its
 * UTF-8 encoding.
 *
 * @example
 * ```ts
 * import { type BytesLike, contentDigest } from '@chatapps/signature'
 * const body: BytesLike = '{"hello": "world"}'
 * await contentDigest(body)
 * ```
 */
export type BytesLike = Uint8Array | ArrayBuffer | string

/** @internal A `Uint8Array` over a plain `ArrayBuffer`, as WebCrypto's types want it. */
export function toBytes(input: BytesLike): Uint8Array<ArrayBuffer> {
  // A fresh buffer each time (the runtime's types do not all say so).
  if (typeof input === 'string') return new TextEncoder().encode(input) as Uint8Array<ArrayBuffer>
  if (input instanceof ArrayBuffer) return new Uint8Array(input)
  if (input.buffer instanceof ArrayBuffer) return input as Uint8Array<ArrayBuffer>
  return new Uint8Array(input)
}
