/**
 * The one owner of the gateway's structured log lines: one JSON object per line, as Workers Logs
 * indexes them and Logpush exports them (docs/observability.md, Logs). Callers pass fields that
 * are never secret: ids, names, codes, statuses and durations, never a key, token, signature,
 * body or recipient.
 *
 * @module
 */

/** A field's value in a log line. */
export type LogValue = string | number | boolean | null | { readonly [field: string]: LogValue }

/** A log line: `event` names it. */
export interface LogFields {
  readonly event: string
  readonly [field: string]: LogValue | undefined
}

/**
 * Writes one JSON line (`console.log`; `console.warn` for `level: 'warn'`). Undefined fields are
 * left out.
 *
 * @example
 * writeLogLine({ event: 'request', route: '/v1/messages', status: 200 })
 */
export function writeLogLine(fields: LogFields, level: 'info' | 'warn' = 'info'): void {
  const line = JSON.stringify(fields)
  if (level === 'warn') console.warn(line)
  else console.log(line)
}
