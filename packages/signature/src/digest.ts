/**
 * RFC 9530 `Content-Digest` with the `sha-256` algorithm.
 *
 * @module
 */

import { sha256 } from '@noble/hashes/sha2'
import { parseDictionary } from 'structured-headers'
import { toBase64 } from './base64'
import { type BytesLike, toBytes } from './bytes'

/**
 * Computes the `Content-Digest` field value (RFC 9530) for exact body bytes, with `sha-256`.
 *
 * @param bytes The exact content bytes (a string is taken as its UTF-8 bytes).
 * @returns The field value, `sha-256=:<base64>:`.
 * @example
 * ```ts
 * import { contentDigest } from '@chatapps/signature'
 * await contentDigest(new TextEncoder().encode('{"hello": "world"}'))
 * // 'sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:'
 * ```
 */
export async function contentDigest(bytes: BytesLike): Promise<string> {
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', toBytes(bytes)))
  return `sha-256=:${toBase64(hash)}:`
}

/**
 * Computes the `Content-Digest` field value (RFC 9530, `sha-256`) of a body as it streams, holding
 * one chunk at a time: for a body too large to hold whole (a file upload), digested once before
 * it is sent with {@link signRequest}'s `deferBody`. WebCrypto has no incremental digest, so this
 * uses @noble/hashes (audited, dependency-free) and runs in every JavaScript runtime.
 *
 * @param body The exact content bytes, as a stream (`blob.stream()`).
 * @returns The field value, `sha-256=:<base64>:`.
 * @example
 * ```ts
 * import { streamContentDigest } from '@chatapps/signature'
 * const file = new Blob(['{"hello": "world"}'])
 * await streamContentDigest(file.stream())
 * // 'sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:'
 * ```
 */
export async function streamContentDigest(body: ReadableStream<Uint8Array>): Promise<string> {
  const hash = sha256.create()
  const reader = body.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    hash.update(value)
  }
  return `sha-256=:${toBase64(hash.digest())}:`
}

/**
 * Reads the `sha-256` member of a `Content-Digest` field value; `undefined` when the field does
 * not parse as a Structured Field dictionary or holds no 32-byte `sha-256` byte sequence.
 *
 * @internal
 */
export function readSha256(fieldValue: string): Uint8Array | undefined {
  let member: unknown
  try {
    member = parseDictionary(fieldValue).get('sha-256')?.[0]
  } catch {
    return undefined
  }
  if (!(member instanceof ArrayBuffer) || member.byteLength !== 32) return undefined
  return new Uint8Array(member)
}

/** @internal Compares a received body with a `sha-256` digest. */
export async function matchesSha256(
  body: Uint8Array<ArrayBuffer>,
  expected: Uint8Array,
): Promise<boolean> {
  const actual = new Uint8Array(await crypto.subtle.digest('SHA-256', body))
  let diff = 0
  for (let i = 0; i < 32; i++) diff |= (actual[i] ?? 0) ^ (expected[i] ?? 0)
  return diff === 0
}
