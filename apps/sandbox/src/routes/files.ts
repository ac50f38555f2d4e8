/**
 * 8x8's media upload: `POST /api/v1/subaccounts/{subAccountId}/files` (multipart, field `file`)
 * keeps the file and answers 201 `{fileName, token}` with `Location: /files/{fileName}?token=…`;
 * `GET /files/{fileName}?token=…` serves it back (8x8 redirects to a download URL; the sandbox
 * answers with the file itself). A request over `UPLOAD_MAX_BYTES` (8x8's 100 MB) gets 413 code
 * 7001.
 *
 * @module
 */
import { Hono } from 'hono'
import { readConfig } from '../config'
import type { AppEnv } from '../env'
import { ERRORS, errorResponse } from '../errors'
import { Store } from '../store/client'

/** The size of the chunks a file is kept in (a SQLite row holds at most 2 MB). */
export const CHUNK_BYTES = 1024 * 1024

/** Reads the body, or `null` once it passes `max` bytes. */
async function readAtMost(body: ReadableStream<Uint8Array> | null, max: number) {
  if (body === null) return new Uint8Array()
  const parts: Uint8Array[] = []
  let size = 0
  for await (const part of body) {
    size += part.byteLength
    if (size > max) return null
    parts.push(part)
  }
  const all = new Uint8Array(size)
  let offset = 0
  for (const part of parts) {
    all.set(part, offset)
    offset += part.byteLength
  }
  return all
}

function extensionOf(name: string): string {
  const match = /\.([A-Za-z0-9]{1,10})$/.exec(name)
  return match === null ? '' : `.${match[1]?.toLowerCase()}`
}

function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32))
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '')
}

export const files = new Hono<AppEnv>()
  .post('/api/v1/subaccounts/:subAccountId/files', async (c) => {
    const { uploadMaxBytes } = readConfig(c.env)
    const declared = Number(c.req.header('Content-Length') ?? Number.NaN)
    if (declared > uploadMaxBytes) return errorResponse(c, 413, ERRORS.tooLargeUpload)
    const bytes = await readAtMost(c.req.raw.body, uploadMaxBytes)
    if (bytes === null) return errorResponse(c, 413, ERRORS.tooLargeUpload)
    let file: File | string | null = null
    try {
      const contentType = c.req.header('Content-Type') ?? ''
      const form = await new Response(bytes, {
        headers: { 'Content-Type': contentType },
      }).formData()
      file = form.get('file')
    } catch {
      file = null
    }
    if (file === null || typeof file === 'string') return errorResponse(c, 400, ERRORS.missingFile)
    const fileName = `${crypto.randomUUID().replaceAll('-', '')}${extensionOf(file.name)}`
    const token = randomToken()
    const store = new Store(c.env).files
    const data = await file.arrayBuffer()
    await store.start({
      name: fileName,
      token,
      contentType: file.type || 'application/octet-stream',
      at: Date.now(),
    })
    try {
      for (let offset = 0; offset < data.byteLength; offset += CHUNK_BYTES) {
        await store.add(fileName, data.slice(offset, offset + CHUNK_BYTES))
      }
      await store.complete(fileName)
    } catch (error) {
      await store.drop(fileName)
      throw error
    }
    const location = `/files/${fileName}?token=${encodeURIComponent(token)}`
    return c.json({ fileName, token }, 201, { Location: location })
  })
  .get('/files/:fileName', async (c) => {
    const name = c.req.param('fileName')
    const store = new Store(c.env).files
    const file = await store.find(name, c.req.query('token') ?? '')
    if (file === null) return errorResponse(c, 404, ERRORS.fileNotFound)
    const chunks = file.chunks
    let idx = 0
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (idx >= chunks) {
          controller.close()
          return
        }
        controller.enqueue(new Uint8Array(await store.chunk(name, idx)))
        idx += 1
      },
    })
    return c.body(body, 200, {
      'Content-Type': file.contentType,
      'Content-Length': String(file.size),
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
      // An uploaded HTML or SVG file must not run as a page of the sandbox's origin.
      'Content-Security-Policy': "default-src 'none'; sandbox",
    })
  })
