/**
 * `POST /v1/files`: upload media to 8x8's hosting (multipart, field `file`), streamed: the body
 * goes to 8x8 as it arrives, never held whole. Its signature is verified before the first byte
 * is read (`deferBody`); the bytes are checked against the signed `Content-Digest` and the cap
 * while they stream, and the last chunk is held back until the digest matches, so that 8x8 never
 * receives a complete form whose bytes were not the signed ones (docs/signing.md, Uploads).
 *
 * @module
 */
import { Hono } from 'hono'
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../bindings'
import { type AdmissionVariables, admissionFor } from '../http/admission'
import { methodNotAllowed } from '../http/method-not-allowed'
import { type SignatureVariables, signature, unauthorizedHeaders } from '../http/signature'
import { circuitOpen, upstreamProblem } from '../http/upstream-problems'
import { claimLeaseMs } from '../objects/admission/protocol'
import { upstreamObserver } from '../observability/observed'
import { Problem } from '../problems'
import { sendNow } from '../send/now'
import { createUpstream, UPLOAD_TIMEOUT_MS } from '../upstream/chatapps-api'

type Env = AppEnv & { Variables: SignatureVariables & AdmissionVariables }

/** The largest upload body (the whole multipart form): 100 MB, 8x8's own cap on a file. */
export const MAX_UPLOAD_BYTES = 100_000_000

/**
 * How long an upload's idempotency claim holds: the whole upload (`UPLOAD_TIMEOUT_MS`) and the
 * claim's margins (150 s). A send's lease, made for `UPSTREAM_TIMEOUT_MS`, is shorter than an
 * upload may take, and a retry after it would upload again.
 */
export const UPLOAD_CLAIM_MS = claimLeaseMs(UPLOAD_TIMEOUT_MS)

/** The route, mounted at `/v1/files`. */
export const files = new Hono<Env>()

/** 415 unless `multipart/form-data` with a boundary; 413 when the declared length is over the cap. */
const multipartBody = createMiddleware(async (c, next) => {
  const type = c.req.header('content-type') ?? ''
  const mediaType = type.split(';')[0]?.trim().toLowerCase()
  if (mediaType !== 'multipart/form-data' || !/;\s*boundary=/i.test(type)) {
    throw new Problem('unsupported_media_type', {
      detail: 'The body must be multipart/form-data (with a boundary), the file in field "file".',
    })
  }
  const length = c.req.header('content-length')
  if (length !== undefined && Number(length) > MAX_UPLOAD_BYTES) {
    throw new Problem('payload_too_large', {
      detail: `An upload is at most ${MAX_UPLOAD_BYTES} bytes.`,
    })
  }
  await next()
})

type Refusal = 'payload_too_large' | 'digest_mismatch'

/**
 * The body as it streams on: counted against `cap` and digested (SHA-256); its last chunk is
 * released only once the digest matches `expected` (base64). On a refusal the stream errors, which
 * aborts the upstream request before its end; `refusal()` says which.
 */
function checked(
  body: ReadableStream<Uint8Array>,
  expected: string,
  cap: number,
): {
  readonly stream: ReadableStream<Uint8Array>
  readonly refusal: () => Refusal | null
  readonly abort: AbortSignal
} {
  const aborting = new AbortController()
  const digest = new crypto.DigestStream('SHA-256')
  const hashing = digest.getWriter()
  let held: Uint8Array | null = null
  let size = 0
  let refusal: Refusal | null = null
  const refuse = (controller: TransformStreamDefaultController<Uint8Array>, reason: Refusal) => {
    refusal = reason
    // The upstream request is aborted, and its body errors: it never completes.
    aborting.abort()
    controller.error(new Error(reason))
  }
  const transform = new TransformStream<Uint8Array, Uint8Array>({
    async transform(chunk, controller) {
      size += chunk.byteLength
      if (size > cap) return refuse(controller, 'payload_too_large')
      await hashing.write(chunk.slice())
      if (held !== null) controller.enqueue(held)
      held = chunk
    },
    async flush(controller) {
      await hashing.close()
      const actual = btoa(String.fromCharCode(...new Uint8Array(await digest.digest)))
      if (actual !== expected) return refuse(controller, 'digest_mismatch')
      if (held !== null) controller.enqueue(held)
    },
  })
  // A refusal errors both sides: the upstream request fails, and this pipe's end is expected.
  body.pipeTo(transform.writable).catch(() => undefined)
  return { stream: transform.readable, refusal: () => refusal, abort: aborting.signal }
}

files.post(
  '/',
  multipartBody,
  signature('POST /v1/files', { maxBodyBytes: MAX_UPLOAD_BYTES, deferBody: true }),
  // The upload may run for UPLOAD_TIMEOUT_MS: its claim's lease (UPLOAD_CLAIM_MS) covers it, so
  // a retry meanwhile meets the claim (409), never a second upload.
  admissionFor({ callTimeoutMs: UPLOAD_TIMEOUT_MS }),
  async (c) => {
    const config = c.get('config')
    const verified = c.get('verified')
    const { subAccount } = verified.keyRecord
    const expected = /^sha-256=:([A-Za-z0-9+/=]+):$/.exec(verified.contentDigest ?? '')?.[1]
    const body = c.req.raw.body
    if (expected === undefined || body === null) {
      throw new Problem('digest_mismatch', unauthorizedHeaders(c.req.raw))
    }
    const { stream, refusal, abort } = checked(body, expected, MAX_UPLOAD_BYTES)
    const upstream = createUpstream(config, c.env.UPSTREAM, upstreamObserver(c.get('observed')))
    const uploaded = await sendNow(
      { circuits: c.env.CIRCUIT, settings: config, claim: c.get('claim') },
      subAccount,
      () => upstream.upload(subAccount, stream, c.req.header('content-type') ?? '', abort),
      // The gateway aborted it (too large, the digest wrong): no outcome of 8x8's.
      () => refusal() !== null,
    )
    // The stream's own refusal first: 8x8's request failed because the gateway aborted it.
    const refused = refusal()
    if (refused === 'payload_too_large') {
      throw new Problem('payload_too_large', {
        detail: `An upload is at most ${MAX_UPLOAD_BYTES} bytes.`,
      })
    }
    if (refused === 'digest_mismatch') {
      throw new Problem('digest_mismatch', unauthorizedHeaders(c.req.raw))
    }
    if (!uploaded.ok) {
      if (uploaded.kind === 'circuit_open') throw circuitOpen(uploaded.retryAfterMs)
      // Ambiguous too (a 5xx, no answer in time, the connection lost): 8x8 may host the file, but
      // nobody was told its name or token, so nothing refers to it; the retry uploads it again.
      throw upstreamProblem(uploaded, 'file')
    }
    const { fileName, token, url } = uploaded
    return c.json({ fileName, token, url }, 201, { location: url })
  },
)
files.all('/', methodNotAllowed('POST'))
