// A refusal answered before its body was read must leave the client's keep-alive connection
// usable (issue 14 §4): workerd closes a connection whose request body was not read, without a
// `Connection: close`, and the next request of a Node or Python client on it fails with
// ECONNRESET. Written by hand over one raw socket, against the built gateway in Miniflare.
import { connect, type Socket } from 'node:net'
import { signRequest } from '@chatapps/signature'
import { HMAC_SECRET, type Stack, startStack } from '@chatapps/testkit'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

let stack: Stack
let host: string
beforeAll(async () => {
  stack = await startStack({ receipts: false })
  host = new URL(stack.url).host
  // A key that may only read: its sends are 403.
  await stack.query(
    `INSERT INTO client_keys (key_id, alg, secret, sub_account, allowed_routes, rate_per_second,
      rate_burst, status, created_at) VALUES ('keep-alive-reader', 'hmac-sha256', ?,
      'demo-subaccount', '["GET /v1/messages/:id"]', 1000, 1000, 'active', 0)`,
    HMAC_SECRET,
  )
})
afterAll(async () => {
  await stack?.stop()
})

interface Answer {
  readonly status: number
  readonly headers: Record<string, string>
  readonly body: string
}

/** One client connection, HTTP/1.1 by hand: requests in order, each answer parsed. */
class Connection {
  readonly #socket: Socket
  #buffer = Buffer.alloc(0)
  #error: string | null = null
  #closed = false
  #wake: () => void = () => undefined

  constructor(port: number) {
    this.#socket = connect(port, '127.0.0.1')
    this.#socket.on('data', (chunk: Buffer) => {
      this.#buffer = Buffer.concat([this.#buffer, chunk])
      this.#wake()
    })
    this.#socket.on('error', (error: NodeJS.ErrnoException) => {
      this.#error = error.code ?? error.message
      this.#wake()
    })
    this.#socket.on('close', () => {
      this.#closed = true
      this.#wake()
    })
  }

  /** Writes a request and reads its answer; an error or a close before it is thrown as its code. */
  async exchange(request: Buffer): Promise<Answer> {
    this.#socket.write(request)
    for (;;) {
      const answer = this.#take()
      if (answer !== null) return answer
      if (this.#error !== null) throw new Error(this.#error)
      if (this.#closed) throw new Error('closed')
      await new Promise<void>((resolve) => {
        this.#wake = resolve
      })
    }
  }

  close(): void {
    this.#socket.destroy()
  }

  /** One whole answer (Content-Length framed) off the buffer, or null. */
  #take(): Answer | null {
    const end = this.#buffer.indexOf('\r\n\r\n')
    if (end < 0) return null
    const [statusLine = '', ...lines] = this.#buffer
      .subarray(0, end)
      .toString('latin1')
      .split('\r\n')
    const headers = Object.fromEntries(
      lines.map((line) => {
        const colon = line.indexOf(':')
        return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()]
      }),
    )
    const length = Number(headers['content-length'] ?? 0)
    if (this.#buffer.length < end + 4 + length) return null
    const body = this.#buffer.subarray(end + 4, end + 4 + length).toString('utf8')
    this.#buffer = this.#buffer.subarray(end + 4 + length)
    return { status: Number(statusLine.split(' ')[1]), headers, body }
  }
}

/** A request's bytes as a client writes them (Host and Content-Length included). */
async function raw(request: Request): Promise<Buffer> {
  const body = Buffer.from(await request.arrayBuffer())
  const url = new URL(request.url)
  const lines = [`${request.method} ${url.pathname}${url.search} HTTP/1.1`, `Host: ${host}`]
  for (const [name, value] of request.headers) lines.push(`${name}: ${value}`)
  if (request.body !== null || body.length > 0) lines.push(`Content-Length: ${body.length}`)
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), body])
}

const message = JSON.stringify({
  channel: 'whatsapp',
  to: '+15551234567',
  type: 'text',
  text: 'a'.repeat(2_000),
})

function post(path: string, contentType: string, body: string): Request {
  return new Request(`${stack.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
  })
}

const health: Answer = {
  status: 200,
  headers: { 'content-length': '15', 'content-type': 'application/json' },
  body: '{"status":"ok"}',
}

function problem(status: number, code: string, title: string, detail: string) {
  return { type: `/problems/${code}`, title, status, detail, code }
}

describe('a refusal with a body leaves the keep-alive connection usable', () => {
  it.each([
    [
      '401, unsigned',
      () => post('/v1/messages', 'application/json', message),
      401,
      problem(401, 'signature_missing', 'Signature missing', 'Signature missing'),
    ],
    [
      '401, 8x8 webhook without its Authorization',
      () => post('/v1/webhooks/chatapps', 'application/json', message),
      401,
      problem(401, 'webhook_unauthorized', 'Webhook unauthorized', 'Webhook unauthorized'),
    ],
    [
      '403, a key that may not send',
      () =>
        signRequest(
          new Request(`${stack.url}/v1/messages`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'idempotency-key': '"keep-alive-1"' },
            body: message,
          }),
          { keyId: 'keep-alive-reader', alg: 'hmac-sha256', key: HMAC_SECRET },
        ),
      403,
      problem(403, 'forbidden', 'Forbidden', 'This key may not call POST /v1/messages.'),
    ],
    [
      '413, over the cap',
      () => post('/v1/messages', 'application/json', ' '.repeat(300_000)),
      413,
      problem(413, 'payload_too_large', 'Payload too large', 'The body is over 262144 bytes.'),
    ],
    [
      '415',
      () => post('/v1/messages', 'text/plain', message),
      415,
      problem(
        415,
        'unsupported_media_type',
        'Unsupported media type',
        'The body must be application/json.',
      ),
    ],
    [
      '405',
      () =>
        new Request(`${stack.url}/health`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: message,
        }),
      405,
      problem(405, 'method_not_allowed', 'Method not allowed', 'PUT is not allowed here.'),
    ],
  ])('%s, then a second request on the same socket', async (_name, request, status, body) => {
    const connection = new Connection(Number(new URL(stack.url).port))
    try {
      const refused = await connection.exchange(await raw(await request()))
      expect(refused.status).toBe(status)
      expect(refused.headers['content-type']).toBe('application/problem+json')
      expect(JSON.parse(refused.body)).toEqual(body)
      const get = new Request(`${stack.url}/health`)
      expect(await connection.exchange(await raw(get))).toEqual(health)
      // And a third: the connection is still the same, still alive.
      expect(await connection.exchange(await raw(get))).toEqual(health)
    } finally {
      connection.close()
    }
  })
})
