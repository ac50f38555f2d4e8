/**
 * What has no picture of its own: a compact JSON view, the fallback for unknown kinds, and the
 * list of validation issues.
 *
 * @module
 */
import type { DslIssue } from '@chatapps/dsl'
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

/** @internal The validation issues, each with its path, in an ordered list. */
export function issueList(issues: readonly DslIssue[]): string {
  if (issues.length === 0) return ''
  const count = issues.length === 1 ? '1 issue' : `${issues.length} issues`
  const items = issues.map(
    (issue) =>
      `<li class="cap-issue"><code class="cap-path">${escapeCode(issue.path || '(root)')}</code> <span class="cap-issue-message" dir="auto">${escapeHtml(issue.message)}</span></li>`,
  )
  return `<section class="cap-issues" aria-label="Validation issues"><p class="cap-issues-title">Not a valid message: ${count}</p><ol class="cap-issue-list">${items.join('')}</ol></section>`
}
