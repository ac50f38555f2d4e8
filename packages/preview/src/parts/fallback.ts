/**
 * What has no picture of its own: a compact JSON view, the fallback for unknown kinds, and the
 * list of validation issues.
 *
 * @module
 */
import { escapeCode, escapeHtml } from '../escape'
import { code, type Parts } from './common'

const MAX_JSON = 4000

/** @internal A value as indented JSON, at most a few thousand characters, escaped. */
export function jsonView(value: unknown): string {
  let json: string
  try {
    json = JSON.stringify(value, null, 2) ?? String(value)
  } catch {
    json = '(a value that cannot be shown as JSON)'
  }
  if (json.length > MAX_JSON) json = `${json.slice(0, MAX_JSON)}\n…`
  return `<pre class="cap-json"><code>${escapeCode(json)}</code></pre>`
}

/** @internal A kind the renderer does not know: its type and its content as JSON. */
export function unknownKind(type: string | undefined, content: unknown): Parts {
  const what =
    type === undefined ? 'This is not a message' : `No preview for messages of type ${code(type)}`
  return {
    bubble: `<p class="cap-note cap-unknown">${what}</p>${jsonView(content)}`,
  }
}

/** @internal An issue as the lists show it: the DSL's, or a template's with its 8x8 code. */
export interface ListedIssue {
  readonly path: string
  readonly message: string
  readonly code?: number | undefined
}

/**
 * @internal Issues, each with its path (and the 8x8 error code a send would draw), in an
 * ordered list: by default the validation issues. `title` is HTML, escaped by the caller.
 */
export function issueList(
  issues: readonly ListedIssue[],
  title = 'Not a valid message',
  label = 'Validation issues',
): string {
  if (issues.length === 0) return ''
  const count = issues.length === 1 ? '1 issue' : `${issues.length} issues`
  const items = issues.map(
    (issue) =>
      `<li class="cap-issue"><code class="cap-path">${escapeCode(issue.path || '(root)')}</code> <span class="cap-issue-message" dir="auto">${escapeHtml(issue.message)}</span>${issue.code === undefined ? '' : ` <span class="cap-issue-code">8x8 error ${issue.code}</span>`}</li>`,
  )
  return `<section class="cap-issues" aria-label="${escapeHtml(label)}"><p class="cap-issues-title">${title}: ${count}</p><ol class="cap-issue-list">${items.join('')}</ol></section>`
}
