/**
 * The reference page of `GET /docs`: the OpenAPI document rendered as one self-contained HTML
 * page (inline styles, no scripts, nothing fetched).
 *
 * @module
 */
import type { OpenApiDocument } from './document'

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c)
}

/** Escapes text and turns its `backtick` spans (Markdown code) into `<code>`. */
function inline(text: string): string {
  return escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>')
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
<p>${escapeHtml(op.summary ?? '')}. ${escapeHtml(op.description ?? '')}</p>
<p>Auth: ${op.tags?.includes('signed') ? 'signed (RFC 9421)' : 'none'}${body === '' ? '' : `; body: <code>${escapeHtml(body)}</code>`}</p>
<table><thead><tr><th>Status</th><th>Meaning</th></tr></thead><tbody>${rows}</tbody></table>
</section>`
}

/** Renders the reference page from the OpenAPI document. */
export function renderDocs(doc: OpenApiDocument): string {
  const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => operationHtml(path, method, op as Operation)),
  )
  const examples = Object.entries(doc.components.examples ?? {}) as [string, Example][]
  const codes = examples
    .map(
      ([code, e]) =>
        `<tr><td><code>${escapeHtml(code)}</code></td><td>${e.value?.status ?? ''}</td><td>${escapeHtml(e.summary ?? '')}</td></tr>`,
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
<h2>Routes</h2>
${operations.join('\n')}
<h2>Error codes</h2>
<p>Every error is <code>application/problem+json</code> with <code>type</code>, <code>title</code>, <code>status</code>, <code>detail</code> and <code>code</code>.</p>
<table><thead><tr><th>Code</th><th>Status</th><th>Title</th></tr></thead><tbody>
${codes}
</tbody></table>
</body>
</html>
`
}
