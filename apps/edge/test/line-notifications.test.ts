/**
 * `POST /v1/line-notifications`: a LINE Official Notification through the gateway to the
 * sandbox's `/lon`, sent now or later, signed, idempotent, validated, with its own permissions.
 */
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import {
  KEYS,
  MESSAGE_ID,
  lineNotification as notification,
  problem,
  problemBody,
  send,
  signedGet,
  signedPost,
  upstreamReceived,
} from './helpers'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/
const PATH = '/v1/line-notifications'

async function post(body: unknown, options: Parameters<typeof signedPost>[1] = {}) {
  return send(await signedPost(JSON.stringify(body), { path: PATH, ...options }))
}

describe('POST /v1/line-notifications', () => {
  it("sends the canonical body to 8x8's /lon with the gateway's id as clientMessageId: 200", async () => {
    const marker = crypto.randomUUID()
    const response = await post(notification(marker))
    expect(response.status).toBe(200)
    const body = (await response.json()) as Record<string, unknown>
    expect(Object.keys(body)).toEqual(['type', 'id', 'clientMessageId', 'umid', 'status'])
    expect(body).toEqual({
      type: 'line_notification',
      id: expect.stringMatching(MESSAGE_ID),
      clientMessageId: body.id,
      umid: expect.stringMatching(UUID),
      status: { state: 'queued', timestamp: expect.stringMatching(ISO) },
    })
    const received = await upstreamReceived(marker)
    expect(received).toMatchObject([
      {
        subAccountId: 'demo-subaccount',
        umid: body.umid,
        raw: JSON.stringify({ ...notification(marker), clientMessageId: body.id }),
      },
    ])

    // Its record is a message record of its own type.
    const record = await send(await signedGet(`/v1/messages/${String(body.id)}`))
    expect(record.status).toBe(200)
    expect(await record.json()).toMatchObject({
      type: 'line_notification',
      id: body.id,
      umid: body.umid,
      deliveryAttempts: 1,
    })
  })

  it("keeps the caller's clientMessageId and sends an action spelt as 8x8's example spells it as url", async () => {
    const input = notification()
    const spelt = {
      ...input,
      clientMessageId: 'order-42',
      content: {
        ...input.content,
        actions: [{ title: 'Track', content: 'https://example.com/track' }],
      },
    }
    const response = await post(spelt, { keyId: KEYS.hmac })
    expect(response.status).toBe(200)
    const body = (await response.json()) as { id: string; clientMessageId: string }
    expect(body.clientMessageId).toBe('order-42')
    const [received] = await upstreamReceived(input.content.emphasis.content)
    // The caller's clientMessageId is replaced in place by the gateway's id.
    expect(received?.raw).toBe(
      JSON.stringify({ user: input.user, clientMessageId: body.id, content: input.content }),
    )
  })

  it('a retry with the same idempotency key replays the answer and sends once', async () => {
    const idempotencyKey = crypto.randomUUID()
    const input = notification()
    const first = await post(input, { idempotencyKey })
    const again = await post(input, { idempotencyKey })
    expect(first.status).toBe(200)
    expect(again.status).toBe(200)
    expect(await again.text()).toBe(await first.text())
    expect(await upstreamReceived(input.content.emphasis.content)).toHaveLength(1)
  })

  it('422 invalid_message with every issue and its path; nothing sent', async () => {
    const input = { user: { msisdn: '0812345678' }, content: { icon: 'rocket' }, type: 'text' }
    const response = await post(input)
    expect(response.status).toBe(422)
    expect(await problem(response)).toEqual(
      problemBody(
        'invalid_message',
        422,
        'Invalid message',
        'The LINE notification has 4 issue(s).',
        {
          issues: [
            {
              path: 'user.msisdn',
              message:
                'Invalid msisdn: expected an E.164 number such as +66812345678 (or give its country)',
            },
            {
              path: 'content.title',
              message: 'Invalid key: Expected "title" but received undefined',
            },
            { path: 'content.icon', message: 'Invalid icon: expected one of 8x8’s LINE icons' },
            { path: 'type', message: 'Unknown key: "type" is not a field of this object' },
          ],
        },
      ),
    )
  })

  it('403 forbidden for a key without the route, and for a key without the type', async () => {
    const route = await post(notification(), { keyId: KEYS.restricted })
    expect(route.status).toBe(403)
    expect(await problem(route)).toEqual(
      problemBody(
        'forbidden',
        403,
        'Forbidden',
        'This key may not call POST /v1/line-notifications.',
      ),
    )
    const type = await post(notification(), { keyId: KEYS.textOnly })
    expect(type.status).toBe(403)
    expect(await problem(type)).toEqual(
      problemBody('forbidden', 403, 'Forbidden', 'This key may not send LINE notifications.'),
    )
  })

  it('401 unsigned; 405 for GET', async () => {
    const unsigned = await send(
      new Request(`https://edge.test${PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(notification()),
      }),
    )
    expect(unsigned.status).toBe(401)
    expect((await problem(unsigned)).code).toBe('signature_missing')
    const get = await send(new Request(`https://edge.test${PATH}`))
    expect(get.status).toBe(405)
    expect(get.headers.get('allow')).toBe('POST')
  })

  it('Prefer: respond-async: 202 with Location, then the queue delivers it to /lon once', async () => {
    const marker = crypto.randomUUID()
    const response = await post(notification(marker), { prefer: 'respond-async' })
    expect(response.status).toBe(202)
    const body = (await response.json()) as { id: string }
    expect(body).toEqual({
      type: 'line_notification',
      id: expect.stringMatching(UUID),
      clientMessageId: body.id,
      umid: null,
      status: { state: 'accepted', timestamp: expect.stringMatching(ISO) },
    })
    expect(response.headers.get('location')).toBe(`/v1/messages/${body.id}`)
    const deadline = Date.now() + 15_000
    let row: { umid: string | null; type: string; attempts: number } | null = null
    while (Date.now() < deadline) {
      row = await env.DB.prepare('SELECT umid, type, attempts FROM messages WHERE id = ?')
        .bind(body.id)
        .first()
      if (row?.umid) break
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    expect(row).toEqual({
      umid: expect.stringMatching(UUID),
      type: 'line_notification',
      attempts: 1,
    })
    const received = await upstreamReceived(marker)
    expect(received).toHaveLength(1)
    expect(received[0]?.raw).toBe(
      JSON.stringify({ ...notification(marker), clientMessageId: body.id }),
    )
  })
})

describe('the OpenAPI document', () => {
  it("documents the route with the LineNotification schema and a message send's problems", async () => {
    const response = await send(new Request('https://edge.test/openapi.json'))
    const doc = (await response.json()) as {
      paths: Record<string, { post: Record<string, unknown> }>
      components: {
        schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }>
      }
    }
    const post = doc.paths['/v1/line-notifications']?.post
    expect(post?.operationId).toBe('sendLineNotification')
    expect(post?.requestBody).toEqual({
      required: true,
      content: {
        'application/json': { schema: { $ref: '#/components/schemas/LineNotification' } },
      },
    })
    const codes = JSON.stringify(post?.responses)
    expect(codes).toContain('"invalid_message"')
    expect(codes).toContain('"upstream_rejected"')
    expect(codes).not.toContain('"recipient_opted_out"')
    expect(codes).not.toContain('"outside_service_window"')
    const schema = doc.components.schemas.LineNotification
    expect(Object.keys(schema?.properties ?? {})).toEqual([
      'user',
      'clientMessageId',
      'content',
      'dlrCallbackUrl',
      'smsFallback',
    ])
    expect(schema?.required).toEqual(['user', 'content'])
  })
})
