import { LIMITS } from '@chatapps/dsl'
import { describe, expect, it } from 'vitest'
import { LETTER_CASE } from '../src/openapi/json-schema'
import { PROBLEMS } from '../src/problems'
import { ORIGIN, problem, problemBody, send } from './helpers'

type Json = Record<string, unknown>

/** Every object under `value` (depth first) for which `match` holds. */
function findAll(value: unknown, match: (node: Json) => boolean, out: Json[] = []): Json[] {
  if (Array.isArray(value)) {
    for (const item of value) findAll(item, match, out)
  } else if (typeof value === 'object' && value !== null) {
    const node = value as Json
    if (match(node)) out.push(node)
    for (const item of Object.values(node)) findAll(item, match, out)
  }
  return out
}

/** `properties[name]` of a schema node, when there is one. */
const property = (node: Json, name: string): Json | undefined =>
  (node.properties as Record<string, Json> | undefined)?.[name]

async function openapi(): Promise<Json> {
  const response = await send(new Request(`${ORIGIN}/openapi.json`))
  expect(response.status).toBe(200)
  expect(response.headers.get('content-type')).toMatch(/^application\/json/)
  return JSON.parse(await response.text()) as Json
}

describe('GET /openapi.json', () => {
  it('is an unsigned OpenAPI 3.1 document with every route', async () => {
    const doc = await openapi()
    expect(doc.openapi).toBe('3.1.0')
    const paths = doc.paths as Record<string, Json>
    expect(Object.keys(paths)).toEqual([
      '/v1/messages',
      '/v1/messages/batch',
      '/v1/line-notifications',
      '/v1/messages/{id}',
      '/v1/contacts/{recipient}',
      '/v1/templates',
      '/v1/webhooks/chatapps',
      '/health',
      '/openapi.json',
      '/docs',
      '/problems/{code}',
      '/v1/inbound/{umid}/read',
      '/v1/inbound/{umid}/typing',
      '/v1/batches/{batchId}',
      '/v1/files',
      '/admin/keys/{keyId}/revoke',
      '/admin/dropped-callbacks',
      '/admin/suppressions/{subAccount}',
      '/admin/suppressions/{subAccount}/{recipient}',
      '/admin/suppressions/{subAccount}/import',
      '/admin/suppressions/{subAccount}/export',
    ])
    expect(Object.keys(paths['/v1/messages'] ?? {})).toEqual(['post'])
    expect(Object.keys(paths['/admin/suppressions/{subAccount}/{recipient}'] ?? {})).toEqual([
      'put',
      'delete',
    ])
    const schemas = (doc.components as Record<string, Record<string, Json>>).schemas
    expect(schemas?.Message?.description).toBe(LETTER_CASE)
    expect(Object.keys(paths['/v1/messages/{id}'] ?? {})).toEqual(['get', 'delete'])
    const upload = paths['/v1/files']?.post as Json
    expect(upload.requestBody).toEqual({
      required: true,
      content: { 'multipart/form-data': { schema: { $ref: '#/components/schemas/Upload' } } },
    })
    expect(Object.keys(upload.responses as Json)[0]).toBe('201')
    const batch = paths['/v1/messages/batch']?.post as Json
    expect(batch.requestBody).toEqual({
      required: true,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Batch' } } },
    })
    // Every reference resolves inside the document.
    const refs = findAll(doc, (node) => typeof node.$ref === 'string').map((n) => String(n.$ref))
    expect(refs.length).toBeGreaterThan(0)
    for (const ref of new Set(refs)) {
      expect(ref).toMatch(/^#\/components\//)
      const target = ref
        .slice(2)
        .split('/')
        .reduce<unknown>((node, key) => (node as Json | undefined)?.[key], doc)
      expect(target, ref).toBeDefined()
    }
  })

  it('describes the operator routes behind the admin token, with their own 401', async () => {
    const doc = await openapi()
    const paths = doc.paths as Record<string, Record<string, Json>>
    const revoke = paths['/admin/keys/{keyId}/revoke']?.post as Json
    expect(revoke.tags).toEqual(['admin'])
    expect(revoke.security).toEqual([{ adminToken: [] }])
    const responses = revoke.responses as Record<string, Json>
    expect(Object.keys(responses)).toEqual(['200', '401', '404', '503'])
    expect(responses['401']?.description).toBe('`admin_unauthorized`')
    expect(responses['401']?.headers).toEqual({})
    const schemes = (doc.components as Record<string, Json>).securitySchemes as Json
    expect(schemes.adminToken).toEqual({
      type: 'http',
      scheme: 'bearer',
      description:
        'The operator token (ADMIN_TOKEN). Unset: every /admin route answers 404. docs/deploying.md.',
    })
    const lift = paths['/admin/suppressions/{subAccount}/{recipient}']?.delete as Json
    expect(lift.parameters).toEqual([
      { name: 'subAccount', in: 'path', required: true, schema: { type: 'string' } },
      { name: 'recipient', in: 'path', required: true, schema: { type: 'string' } },
      {
        name: 'reason',
        in: 'query',
        required: false,
        description:
          "Why, kept in the contact's history with who (`operator`) and when; at most 200 characters, default `operator`.",
        schema: { type: 'string' },
      },
      {
        name: 'fact',
        in: 'query',
        required: false,
        description:
          "The one fact to lift, as `consent.facts` names it: `opted_out` (a STOP or an operator's suppression), `blocked` (a Viber block, 2007), `marketing_opted_out` (1051). Any other value, or two, is `invalid_message` and changes nothing.",
        schema: { enum: ['opted_out', 'blocked', 'marketing_opted_out'] },
      },
    ])
    expect(Object.keys((lift.responses as Json) ?? {})).toEqual(['200', '401', '422', '503'])
    const exported = paths['/admin/suppressions/{subAccount}/export']?.get as Json
    expect(Object.keys(((exported.responses as Json)['200'] as Json).content as Json)).toEqual([
      'text/csv',
    ])
    const imported = paths['/admin/suppressions/{subAccount}/import']?.post as Json
    expect(imported.requestBody).toEqual({
      required: true,
      content: { 'text/csv': { schema: { $ref: '#/components/schemas/SuppressionsCsv' } } },
    })
  })

  it('lists the signature headers and problem+json answers with their codes', async () => {
    const doc = await openapi()
    const send = (doc.paths as Record<string, Json>)['/v1/messages']?.post as Json
    expect(send.parameters).toEqual([
      { $ref: '#/components/parameters/SignatureInput' },
      { $ref: '#/components/parameters/Signature' },
      { $ref: '#/components/parameters/ContentDigest' },
      { $ref: '#/components/parameters/IdempotencyKey' },
      { $ref: '#/components/parameters/Prefer' },
    ])
    const components = doc.components as Record<string, Record<string, Json>>
    expect(components.parameters?.IdempotencyKey).toMatchObject({
      name: 'Idempotency-Key',
      in: 'header',
      required: true,
    })
    const responses = send.responses as Record<string, Json>
    expect(Object.keys(responses)).toEqual([
      '200',
      '202',
      '400',
      '401',
      '403',
      '409',
      '413',
      '415',
      '422',
      '429',
      '500',
      '502',
      '503',
      '504',
    ])
    expect(responses['422']?.description).toBe(
      '`idempotency_key_reused`, `invalid_message`, `recipient_opted_out`, `outside_service_window`, `template_mismatch`, `upstream_rejected`',
    )
    expect(responses['401']?.headers).toEqual({
      'Accept-Signature': { $ref: '#/components/headers/AcceptSignature' },
    })
    expect(responses['503']?.headers).toEqual({
      'Retry-After': { $ref: '#/components/headers/RetryAfter' },
    })
    for (const status of ['502', '504']) {
      expect(responses[status]?.description).toBe('`upstream_outcome_unknown`')
      expect(responses[status]?.headers).toEqual({
        Location: { $ref: '#/components/headers/Location' },
      })
    }
    expect(responses['202']).toEqual({
      description: 'Accepted: recorded and queued (Prefer: respond-async).',
      headers: {
        'Preference-Applied': { $ref: '#/components/headers/PreferenceApplied' },
        'Idempotency-Replayed': { $ref: '#/components/headers/IdempotencyReplayed' },
        'Chatapps-Service-Window': { $ref: '#/components/headers/ChatappsServiceWindow' },
        'Chatapps-Template-Check': { $ref: '#/components/headers/ChatappsTemplateCheck' },
        Location: { $ref: '#/components/headers/Location' },
      },
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Accepted' } } },
    })
    expect((responses['200'] as Json).headers).toEqual({
      'Idempotency-Replayed': { $ref: '#/components/headers/IdempotencyReplayed' },
      'Chatapps-Service-Window': { $ref: '#/components/headers/ChatappsServiceWindow' },
      'Chatapps-Template-Check': { $ref: '#/components/headers/ChatappsTemplateCheck' },
    })
    const contact = (doc.paths as Record<string, Json>)['/v1/contacts/{recipient}']?.get as Json
    expect(Object.keys(contact.responses as Json)).toEqual([
      '200',
      '401',
      '403',
      '404',
      '429',
      '500',
      '503',
    ])
    const webhook = (doc.paths as Record<string, Json>)['/v1/webhooks/chatapps']?.post as Json
    expect(webhook.security).toEqual([{ webhookAuthorization: [] }])
    expect(webhook.requestBody).toEqual({
      required: true,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Event' } } },
    })
    expect(Object.keys(webhook.responses as Json)).toEqual([
      '200',
      '400',
      '401',
      '413',
      '415',
      '500',
      '503',
    ])
    const content = responses['504']?.content as Record<string, Json>
    expect(Object.keys(content)).toEqual(['application/problem+json'])
    expect(components.examples?.rate_limited).toEqual({
      summary: 'Rate limited',
      value: {
        type: '/problems/rate_limited',
        title: 'Rate limited',
        status: 429,
        detail: 'Rate limited',
        code: 'rate_limited',
      },
    })
  })

  it("the message schema's limits are LIMITS", async () => {
    const schemas = (await openapi()).components as Record<string, Record<string, Json>>
    const message = schemas.schemas?.Message
    // Reply buttons: `{ type: 'reply', reply: { id, title } }`.
    const replies = findAll(message, (node) => property(node, 'reply')?.properties !== undefined)
      .map((node) => property(node, 'reply') as Json)
      .filter((reply) => property(reply, 'id') !== undefined)
    expect(replies.length).toBeGreaterThan(0)
    for (const reply of replies) {
      expect(property(reply, 'title')).toEqual({
        type: 'string',
        minLength: 1,
        maxLength: LIMITS.replyButtonTitle.max,
      })
      expect(property(reply, 'id')?.maxLength).toBe(LIMITS.replyButtonId.max)
    }
    const withClientId = findAll(message, (node) => property(node, 'clientMessageId') !== undefined)
    expect(withClientId.length).toBeGreaterThan(0)
    for (const node of withClientId) {
      expect(property(node, 'clientMessageId')?.maxLength).toBe(LIMITS.clientMessageId.max)
    }
    const batch = schemas.schemas?.Batch
    const lists = findAll(batch, (node) => property(node, 'messages') !== undefined).map(
      (node) => property(node, 'messages') as Json,
    )
    expect(lists.map((list) => [list.minItems, list.maxItems])).toEqual([
      [LIMITS.batchMessages.min, LIMITS.batchMessages.max],
      [LIMITS.batchMessages.min, LIMITS.batchMessages.max],
    ])
  })

  it('describes one message record: every answer has its members, status always an object', async () => {
    const schemas = ((await openapi()).components as Record<string, Record<string, Json>>)
      .schemas as Record<string, Json>
    const status = { $ref: '#/components/schemas/MessageStatus' }
    expect(schemas.MessageStatus?.required).toEqual(['state', 'timestamp'])
    expect(Object.keys(schemas.MessageStatus?.properties as Json)).toEqual([
      'state',
      'timestamp',
      'channel',
      'reason',
      'detail',
      'errorCode',
      'errorMessage',
    ])
    const summary = ['id', 'clientMessageId', 'umid', 'status']
    for (const name of ['MessageSummary', 'SendResult', 'Accepted', 'MessageRecord']) {
      const schema = schemas[name] as Json
      expect((schema.required as string[]).slice(0, 4), name).toEqual(summary)
      expect(Object.keys(schema.properties as Json).slice(0, 4), name).toEqual(summary)
      expect(property(schema, 'status'), name).toMatchObject(status)
    }
    expect(schemas.MessageRecord?.required).toEqual([
      ...summary,
      'deliveryAttempts',
      'batchId',
      'createdAt',
      'updatedAt',
      'history',
    ])
    const item = { $ref: '#/components/schemas/MessageSummary' }
    expect(property(schemas.BatchResult as Json, 'messages')?.items).toEqual(item)
    expect(property(schemas.MessageStatusCallback as Json, 'data')).toEqual(item)
    // An earlier cancel with no known outcome: optional, on the record and a batch cancel's items.
    const cancel = { $ref: '#/components/schemas/CancelUnknown' }
    expect(schemas.CancelUnknown?.required).toEqual(['outcome', 'timestamp', 'reason'])
    expect(property(schemas.CancelUnknown as Json, 'outcome')).toEqual({ const: 'unknown' })
    expect(Object.keys(schemas.MessageRecord?.properties as Json).indexOf('cancel')).toBe(
      Object.keys(schemas.MessageRecord?.properties as Json).indexOf('deliveryAttempts') - 1,
    )
    expect(property(schemas.MessageRecord as Json, 'cancel')).toMatchObject(cancel)
    // Sent twice: optional, the second umid, right before `cancel`.
    expect(Object.keys(schemas.MessageRecord?.properties as Json).indexOf('sentTwice')).toBe(
      Object.keys(schemas.MessageRecord?.properties as Json).indexOf('cancel') - 1,
    )
    expect(property(schemas.MessageRecord as Json, 'sentTwice')).toMatchObject({
      type: 'object',
      required: ['umid'],
    })
    const cancelled = property(schemas.BatchCancelled as Json, 'messages')?.items as Json
    expect(cancelled.required).toEqual(['id', 'umid', 'status'])
    expect(property(cancelled, 'cancel')).toMatchObject(cancel)
  })

  it('another method is 405 with Allow', async () => {
    const response = await send(new Request(`${ORIGIN}/openapi.json`, { method: 'POST' }))
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe('GET, HEAD')
  })
})

describe('GET /docs', () => {
  it('is a self-contained HTML page with the routes and the error codes', async () => {
    const response = await send(new Request(`${ORIGIN}/docs`))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/html; charset=UTF-8')
    expect(response.headers.get('content-security-policy')).toBe(
      "default-src 'none'; style-src 'unsafe-inline'",
    )
    const html = await response.text()
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true)
    expect(html).toContain('<title>chatapps edge gateway — API reference</title>')
    expect(html).toContain(
      '<h3><span class="method">post</span> <code>/v1/messages/batch</code></h3>',
    )
    expect(html).toContain(
      '<h3><span class="method">get</span> <code>/v1/messages/{id}</code></h3>',
    )
    expect(html).toContain(
      '<tr><td><a href="/problems/invalid_message"><code>invalid_message</code></a></td><td>422</td><td>Invalid message</td></tr>',
    )
    expect(html).toContain(
      '<tr><td><a href="/problems/signature_replayed"><code>signature_replayed</code></a></td><td>401</td><td>Signature replayed</td></tr>',
    )
    // Markdown is rendered, never shown: no backtick reaches the page.
    expect(html).not.toContain('`')
    expect(html).toContain('With <code>Prefer: respond-async</code> it answers 202 at once')
    // The signing headers, and where the guide is.
    expect(html).toContain('<h2>Signing</h2>')
    expect(html).toContain(
      '<tr><td><code>Content-Digest</code></td><td>POST</td><td><code>sha-256=:&lt;base64 of SHA-256 over the exact body bytes&gt;:</code></td></tr>',
    )
    expect(html).toContain('<code>docs/signing.md</code> in the chatapps repository')
    expect(html).toContain('<a href="/openapi.json">/openapi.json</a>')
    expect(html).toContain(
      '<tr><td>504</td><td><code>upstream_outcome_unknown</code></td></tr></tbody></table>',
    )
    // The message record, member by member.
    expect(html).toContain('<h2>The message record</h2>')
    expect(html).toContain('<h3><code>MessageStatus</code></h3>')
    expect(html).toContain(
      '<tr><td><code>status</code></td><td><code>MessageStatus</code></td><td>The message&#39;s state, always an object.</td></tr>',
    )
    expect(html).toContain(
      '<tr><td><code>reason</code> (optional)</td><td><code>string</code></td>',
    )
    expect(html).toContain(
      '<tr><td><code>deliveryAttempts</code></td><td><code>integer</code></td><td>How many times the gateway posted the message to 8x8',
    )
    expect(html).not.toMatch(/<script|<link|src=|https?:\/\//i)
  })
})

describe('GET /', () => {
  it('redirects to the reference page', async () => {
    const response = await send(new Request(`${ORIGIN}/`, { redirect: 'manual' }))
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('/docs')
  })
})

describe('GET /problems/{code}', () => {
  it('answers a page for every code the gateway answers with', async () => {
    for (const [code, row] of Object.entries(PROBLEMS)) {
      const response = await send(new Request(`${ORIGIN}/problems/${code}`))
      expect(response.status, code).toBe(200)
      expect(response.headers.get('content-type')).toBe('text/html; charset=UTF-8')
      const html = await response.text()
      expect(html).toContain(`<h1><code>${code}</code>: ${row.title.replace(/'/g, '&#39;')}</h1>`)
      expect(html).toContain(`HTTP status <strong>${row.status}</strong>`)
      expect(html).not.toContain('`')
    }
  })

  it("is where a real problem's type leads", async () => {
    const refused = await send(
      new Request(`${ORIGIN}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      }),
    )
    const { type } = (await refused.json()) as { type: string }
    expect(type).toBe('/problems/signature_missing')
    const page = await send(new Request(`${ORIGIN}${type}`))
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('<h1><code>signature_missing</code>: Signature missing</h1>')
    expect(html).toContain(
      '<p>The request has no <code>Signature</code> or no <code>Signature-Input</code> field.</p>',
    )
  })

  it('is 404 not_found for an unknown code', async () => {
    const response = await send(new Request(`${ORIGIN}/problems/nope`))
    expect(response.status).toBe(404)
    expect(await problem(response)).toEqual(
      problemBody('not_found', 404, 'Not found', 'No problem type nope.'),
    )
  })
})
