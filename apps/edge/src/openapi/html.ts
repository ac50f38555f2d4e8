/**
 * The reference page of `GET /docs`: the OpenAPI document rendered as one self-contained HTML
 * page (inline styles, no scripts, nothing fetched).
 *
 * @module
 */
import { ACCEPT_SIGNATURE } from '@chatapps/signature'
import type { OpenApiDocument } from './document'
import type { ProblemHelp } from './problem-pages'

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Escapes text for HTML content and attribute values. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c)
}

/**
 * Escapes text, then renders the inline Markdown the gateway's own descriptions use: `code`
 * spans, **bold**, and [links](/path) to the gateway's own pages (relative paths only, so the
 * page never sends a reader elsewhere). Code spans are cut out first, so nothing inside them is
 * read as Markdown.
 */
export function inline(text: string): string {
  return escapeHtml(text)
    .split(/(`[^`]+`)/)
    .map((part) =>
      part.startsWith('`') && part.endsWith('`') && part.length > 1
        ? `<code>${part.slice(1, -1)}</code>`
        : part
            .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
            .replace(/\[([^\]]+)\]\((\/[^)\s]*)\)/g, '<a href="$2">$1</a>'),
    )
    .join('')
}

interface Operation {
  summary?: string
  description?: string
  tags?: string[]
  requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> }
  responses?: Record<string, { description?: string }>
}

interface Example {
  summary?: string
  value?: { status?: number }
}

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
code{background:#f2f2f2;padding:0 .25em;border-radius:3px}table{border-collapse:collapse;width:100%}
th,td{border:1px solid #ddd;padding:.35em .6em;text-align:left;vertical-align:top}
.method{font-weight:700;text-transform:uppercase}section{margin-bottom:1.5rem}`

const name = (ref: string | undefined) => (ref === undefined ? '' : (ref.split('/').pop() ?? ''))

function operationHtml(path: string, method: string, op: Operation): string {
  const body = name(op.requestBody?.content?.['application/json']?.schema?.$ref)
  const rows = Object.entries(op.responses ?? {})
    .map(([status, r]) => `<tr><td>${status}</td><td>${inline(r.description ?? '')}</td></tr>`)
    .join('')
  return `<section id="${escapeHtml(`${method}-${path}`)}">
<h3><span class="method">${escapeHtml(method)}</span> <code>${escapeHtml(path)}</code></h3>
<p>${inline(op.summary ?? '')}. ${inline(op.description ?? '')}</p>
<p>Auth: ${op.tags?.includes('signed') ? 'signed (RFC 9421)' : op.tags?.includes('admin') ? 'the operator token (Bearer ADMIN_TOKEN)' : 'none'}${body === '' ? '' : `; body: <code>${escapeHtml(body)}</code>`}</p>
<table><thead><tr><th>Status</th><th>Meaning</th></tr></thead><tbody>${rows}</tbody></table>
</section>`
}

/** The headers every signed request carries, and where the whole profile is explained. */
const SIGNING = `<p>Every call to <code>/v1/</code> is signed with profile <code>chatapps-v1</code> (RFC 9421 HTTP Message Signatures, RFC 9530 <code>Content-Digest</code>, an <code>Idempotency-Key</code>). The signing guide, with a worked example and signers in Python, Go and the shell, is <code>docs/signing.md</code> in the chatapps repository; in JavaScript, <code>@chatapps/client</code> signs for you.</p>
<table><thead><tr><th>Header</th><th>On</th><th>Value</th></tr></thead><tbody>
<tr><td><code>Content-Type</code></td><td>POST</td><td><code>application/json</code></td></tr>
<tr><td><code>Content-Digest</code></td><td>POST</td><td><code>sha-256=:&lt;base64 of SHA-256 over the exact body bytes&gt;:</code></td></tr>
<tr><td><code>Idempotency-Key</code></td><td>POST</td><td><code>"&lt;1 to 255 printable ASCII characters&gt;"</code>, quotes included; the same for a retry</td></tr>
<tr><td><code>Prefer</code></td><td>optional</td><td><code>respond-async</code>: answer 202 and deliver through the queue; when sent, it is covered by the signature</td></tr>
<tr><td><code>Signature-Input</code></td><td>every call</td><td><code>sig1=(&lt;components&gt;);created=&lt;unix s&gt;;expires=&lt;unix s&gt;;nonce="&lt;base64url&gt;";keyid="&lt;key id&gt;";alg="ed25519";tag="chatapps-v1"</code></td></tr>
<tr><td><code>Signature</code></td><td>every call</td><td><code>sig1=:&lt;base64 signature&gt;:</code></td></tr>
</tbody></table>
<p>Components a POST covers: <code>${escapeHtml(ACCEPT_SIGNATURE)}</code>. A GET covers <code>"@method" "@authority" "@path" "@query"</code>.</p>`

interface Schema {
  readonly type?: string | readonly string[]
  readonly const?: unknown
  readonly $ref?: string
  readonly items?: Schema
  readonly description?: string
  readonly required?: readonly string[]
  readonly properties?: Readonly<Record<string, Schema>>
}

/** A schema's type in a few words: `string | null`, `MessageStatus`, `array of …`. */
function typeOf(schema: Schema): string {
  if (schema.$ref !== undefined) return name(schema.$ref)
  if (schema.const !== undefined) return JSON.stringify(schema.const)
  if (schema.type === 'array' && schema.items !== undefined)
    return `array of ${typeOf(schema.items)}`
  if (Array.isArray(schema.type)) return schema.type.join(' | ')
  return typeof schema.type === 'string' ? schema.type : 'any'
}

/** The schemas of a message that every answer shares, member by member, and a record's `cancel`. */
const RECORD_SCHEMAS = [
  'MessageStatus',
  'MessageSummary',
  'MessageRecord',
  'CancelUnknown',
] as const

function schemaHtml(schemaName: string, schema: Schema): string {
  const required = new Set(schema.required ?? [])
  const rows = Object.entries(schema.properties ?? {})
    .map(
      ([member, property]) =>
        `<tr><td><code>${escapeHtml(member)}</code>${required.has(member) ? '' : ' (optional)'}</td><td><code>${escapeHtml(typeOf(property))}</code></td><td>${inline(property.description ?? '')}</td></tr>`,
    )
    .join('\n')
  return `<section id="schema-${escapeHtml(schemaName)}">
<h3><code>${escapeHtml(schemaName)}</code></h3>
<p>${inline(schema.description ?? '')}</p>
<table><thead><tr><th>Member</th><th>Type</th><th>Meaning</th></tr></thead><tbody>
${rows}
</tbody></table>
</section>`
}

/** Renders the reference page from the OpenAPI document. */
export function renderDocs(doc: OpenApiDocument): string {
  const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => operationHtml(path, method, op as Operation)),
  )
  const schemas = (doc.components.schemas ?? {}) as Readonly<Record<string, Schema>>
  const records = RECORD_SCHEMAS.flatMap((schemaName) => {
    const schema = schemas[schemaName]
    return schema === undefined ? [] : [schemaHtml(schemaName, schema)]
  })
  const examples = Object.entries(doc.components.examples ?? {}) as [string, Example][]
  const codes = examples
    .map(
      ([code, e]) =>
        `<tr><td><a href="/problems/${escapeHtml(code)}"><code>${escapeHtml(code)}</code></a></td><td>${e.value?.status ?? ''}</td><td>${escapeHtml(e.summary ?? '')}</td></tr>`,
    )
    .join('\n')
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(doc.info.title)} — API reference</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(doc.info.title)} <small>${escapeHtml(doc.info.version)}</small></h1>
<p>${inline(doc.info.description)}</p>
<p>The machine-readable document: <a href="/openapi.json">/openapi.json</a> (OpenAPI ${escapeHtml(doc.openapi)}).</p>
<h2>Signing</h2>
${SIGNING}
<h2>Routes</h2>
${operations.join('\n')}
<h2>The message record</h2>
<p>Every answer about a message (<code>200</code> and <code>202</code> of a send, each message of a batch), the <code>message.status</code> callback and <code>GET /v1/messages/{id}</code> show a message with the same members: <code>id</code>, <code>clientMessageId</code>, <code>umid</code> and <code>status</code>, always an object. The record adds its delivery attempts, batch, times and receipt history.</p>
${records.join('\n')}
<h2>Error codes</h2>
<p>Every error is <code>application/problem+json</code> with <code>type</code>, <code>title</code>, <code>status</code>, <code>detail</code> and <code>code</code>.</p>
<table><thead><tr><th>Code</th><th>Status</th><th>Title</th></tr></thead><tbody>
${codes}
</tbody></table>
</body>
</html>
`
}

/**
 * The page of one problem type (`GET /problems/{code}`): its status, title, when the gateway
 * answers it and what to do.
 */
export function problemPage(
  code: string,
  row: { readonly status: number; readonly title: string },
  help: ProblemHelp,
): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(code)} — chatapps edge gateway</title>
<style>${STYLE}</style>
</head>
<body>
<h1><code>${escapeHtml(code)}</code>: ${escapeHtml(row.title)}</h1>
<p>HTTP status <strong>${row.status}</strong>, <code>application/problem+json</code>.</p>
<h2>When</h2>
<p>${inline(help.when)}</p>
<h2>What to do</h2>
<p>${inline(help.action)}</p>
<p>${help.retried ? '<code>@chatapps/client</code> retries it by itself, with the same Idempotency-Key.' : '<code>@chatapps/client</code> does not retry it: the same request would get the same answer.'}</p>
<p><a href="/docs">Every route and code</a></p>
</body>
</html>
`
}
