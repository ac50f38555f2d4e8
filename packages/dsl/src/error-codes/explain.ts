/**
 * `explainError`: what one of 8x8's error codes means, and what a sender should do about it.
 *
 * @module
 */
import {
  API_CODES,
  API_SOURCE,
  type ErrorAction,
  type ErrorEffect,
  type ErrorRow,
  RECEIPT_CODES,
  RECEIPT_EFFECTS,
  RECEIPT_SOURCE,
} from './chatapps-codes'

export type { ErrorAction, ErrorEffect }

/**
 * Where a code came from, which the caller must say: 8x8 reuses numbers across the two lists
 * (1000-1054 are both API codes and WhatsApp receipt codes, 2000-2003 both API codes and Viber
 * receipt codes).
 *
 * - `'api'`: the `code` of 8x8's error envelope, the synchronous answer to a request
 *   (`{ code, message, errorId, timestamp }`; the gateway's `upstream.code`).
 * - `'receipt'`: the `status.errorCode` of a delivery receipt (a webhook, or message details).
 */
export type ErrorCodeKind = 'api' | 'receipt'

/** What {@link explainError} says about a code. */
export interface ErrorExplanation {
  /** The code, as a number (`NaN` when it was not a number at all). */
  readonly code: number
  /** The list it was looked up in, as the caller said. */
  readonly kind: ErrorCodeKind
  /**
   * Which of 8x8's tables the code belongs to: `api`, or for receipts `general` (below 1000),
   * `whatsapp` (1000-1999) or `viber` (2000-2999).
   */
  readonly group: 'api' | 'general' | 'whatsapp' | 'viber'
  /**
   * - `documented`: 8x8 describes the code; `reason` and `meaning` say what it is.
   * - `undocumented`: the code is in a range 8x8 uses, but no 8x8 page describes it.
   * - `unknown`: not a code 8x8 lists (a new one, or a wrong `kind`).
   */
  readonly coverage: 'documented' | 'undocumented' | 'unknown'
  /** A short name for the error. */
  readonly reason: string
  /** What happened, in a sentence. */
  readonly meaning: string
  /** What the sender should do: see {@link ErrorAction}. */
  readonly action: ErrorAction
  /**
   * For a receipt, what it tells of the recipient beyond this message (see
   * {@link ErrorEffect}): `window_closed`, `pair_rate`, `marketing_opt_out`, `blocked`; `null`
   * for every other code and for API codes.
   */
  readonly effect: ErrorEffect | null
  /** For a WhatsApp receipt, Meta's Cloud API error code behind it; otherwise `null`. */
  readonly metaCode: number | null
  /** The 8x8 page the code is documented on. */
  readonly source: string
}

let apiIndex: Map<number, ErrorRow> | undefined
let receiptIndex: Map<number, ErrorRow> | undefined

function index(rows: readonly ErrorRow[]): Map<number, ErrorRow> {
  return new Map(rows.map((row) => [row[0], row]))
}

function groupOf(kind: ErrorCodeKind, code: number): ErrorExplanation['group'] {
  if (kind === 'api') return 'api'
  if (code >= 1000 && code < 2000) return 'whatsapp'
  if (code >= 2000 && code < 3000) return 'viber'
  return 'general'
}

/**
 * What one of 8x8's error codes means and what to do about it: every API error code (the `code`
 * of 8x8's error envelope) and every delivery-receipt error code (a receipt's
 * `status.errorCode`: general, WhatsApp with Meta's code, Viber), from one table sourced from
 * 8x8's pages. Never throws: a code 8x8 does not list gets a generic explanation with
 * `coverage: 'unknown'` and `action: 'contact_support'`.
 *
 * The kind is required, not guessed: 1022 is "outside the 24-hour window" in a WhatsApp receipt
 * but an unlisted API code, and 1002 is "invalid MSISDN" from the API but Meta's app rate limit
 * in a receipt; a default would be silently wrong for one of the two.
 *
 * @param code The code as 8x8 sent it (a number, or a string of digits).
 * @param kind `'api'` for the synchronous error envelope, `'receipt'` for a delivery receipt.
 * @returns The explanation, frozen.
 * @example
 * ```ts
 * import { explainError } from '@chatapps/dsl'
 *
 * explainError(1022, 'receipt').action // 'fix_message': send a template instead
 * explainError(1022, 'receipt').metaCode // 131047
 * explainError(1022, 'receipt').effect // 'window_closed': the recipient's window is closed
 * explainError(3038, 'api').action // 'refresh_template'
 * explainError(1002, 'api').reason // 'Invalid MSISDN'
 * ```
 */
export function explainError(code: number | string, kind: ErrorCodeKind): ErrorExplanation {
  const number =
    typeof code === 'number' ? code : /^\s*\d+\s*$/.test(code) ? Number(code) : Number.NaN
  const api = kind === 'api'
  let table: Map<number, ErrorRow> | undefined
  if (api) {
    apiIndex ??= index(API_CODES)
    table = apiIndex
  } else if (kind === 'receipt') {
    receiptIndex ??= index(RECEIPT_CODES)
    table = receiptIndex
  }
  const row = table?.get(number)
  const source = api ? API_SOURCE : RECEIPT_SOURCE
  const group = groupOf(api ? 'api' : 'receipt', number)
  if (row === undefined || row[2] === null || row[3] === null) {
    const where = api ? 'an API error code' : 'a delivery-receipt error code'
    const ask = api
      ? '`message`, and ask 8x8 with the `errorId`'
      : '`errorMessage`, and ask 8x8 with the `umid`'
    const shown = String(code).slice(0, 20)
    return Object.freeze({
      code: number,
      kind,
      group,
      coverage: row === undefined ? 'unknown' : 'undocumented',
      reason: row === undefined ? 'Unknown code' : 'Undocumented code',
      meaning:
        row === undefined
          ? `8x8 does not list ${shown} as ${where}: read its ${ask}.`
          : `8x8 uses ${shown} as ${where} but does not describe it: read its ${ask}.`,
      action: 'contact_support',
      effect: null,
      metaCode: null,
      source,
    })
  }
  return Object.freeze({
    code: number,
    kind,
    group,
    coverage: 'documented',
    reason: row[2],
    meaning: row[3],
    action: row[1],
    effect: api ? null : (RECEIPT_EFFECTS.get(number) ?? null),
    metaCode: row[4] ?? null,
    source,
  })
}
