/**
 * Which template statuses WhatsApp sends: the one table the check, the generated types and the
 * gateway read. Meta sends an `APPROVED` template and a `FLAGGED` one (its quality is low; it
 * stays sendable until Meta pauses it); every other status it knows fails the send.
 *
 * @module
 */

/**
 * Meta's template statuses (lower case) and whether WhatsApp sends a template in each. Sources:
 * Meta's `message_template_status_update` webhook reference and template-quality guide; 8x8
 * forwards them in upper case (docs/8x8-facts.md, "Template management").
 */
export const TEMPLATE_STATUSES = {
  approved: true,
  // Quality low: still sent until Meta pauses it.
  flagged: true,
  pending: false,
  in_appeal: false,
  rejected: false,
  paused: false,
  disabled: false,
  locked: false,
  limit_exceeded: false,
  archived: false,
  pending_deletion: false,
  deleted: false,
} as const satisfies Record<string, boolean>

type Statuses = typeof TEMPLATE_STATUSES

/** A status WhatsApp sends a template in: `approved`, `flagged`. */
export type SendableTemplateStatus = {
  [K in keyof Statuses]: Statuses[K] extends true ? K : never
}[keyof Statuses]

/** A status WhatsApp refuses a template in: `paused`, `rejected`, `pending`, … */
export type UnsendableTemplateStatus = Exclude<keyof Statuses, SendableTemplateStatus>

/**
 * What a status means for a send: `sendable`, `unsendable`, or `unknown` for a word the table
 * does not hold (a status Meta added since).
 */
export type TemplateStatusVerdict = 'sendable' | 'unsendable' | 'unknown'

/**
 * A status as the table spells it: lower case, words joined by `_`, whatever case or spacing it
 * came in (8x8 sends `APPROVED` in its answers and events).
 *
 * @example
 * ```ts
 * normalizeTemplateStatus('PENDING_DELETION') // 'pending_deletion'
 * normalizeTemplateStatus(' In appeal ') // 'in_appeal'
 * ```
 */
export function normalizeTemplateStatus(status: string): string {
  return status
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_')
}

/**
 * Whether WhatsApp sends a template in this status, in any case: `unknown` for a word Meta's
 * list does not hold. The check refuses only `unsendable`: an unknown status is left to 8x8 and
 * WhatsApp (a receipt tells), as refusing would stop sends for something the package does not
 * know; treat it as unverified.
 *
 * @param status The status, in any case (`FLAGGED`, `flagged`).
 * @returns `sendable`, `unsendable` or `unknown`.
 *
 * @example
 * ```ts
 * templateStatusVerdict('FLAGGED') // 'sendable'
 * templateStatusVerdict('paused') // 'unsendable'
 * templateStatusVerdict('reinstalled') // 'unknown'
 * ```
 */
export function templateStatusVerdict(status: string): TemplateStatusVerdict {
  const key = normalizeTemplateStatus(status)
  if (!Object.hasOwn(TEMPLATE_STATUSES, key)) return 'unknown'
  return TEMPLATE_STATUSES[key as keyof Statuses] ? 'sendable' : 'unsendable'
}

/**
 * Whether WhatsApp sends a template in this status: `true` for `approved` and `flagged` in any
 * case, `false` otherwise, an unknown word included (ask {@link templateStatusVerdict} to tell
 * an unknown word from a refusal).
 *
 * @param status The status, in any case.
 * @returns Whether it is a known sendable status.
 *
 * @example
 * ```ts
 * import { isSendableTemplateStatus } from '@chatapps/dsl'
 *
 * isSendableTemplateStatus('FLAGGED') // true
 * isSendableTemplateStatus('paused') // false
 * ```
 */
export function isSendableTemplateStatus(status: string): boolean {
  return templateStatusVerdict(status) === 'sendable'
}
