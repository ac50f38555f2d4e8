/**
 * 8x8's business-management (`CABM`) webhook event for a template's new status,
 * `template_status_update` (docs/8x8-facts.md#template-management-and-template-errors): its own
 * envelope, no `namespace` or `payload`. It parses with `safeParseEvent` from `@chatapps/dsl` as
 * a `template_status` event.
 *
 * @module
 */
import type { TemplateRow } from '../store/templates-table'
import { BUSINESS_ACCOUNT_ID, SANDBOX_ACCOUNT_ID } from './seeds'

/** What the status change says beyond the status (Meta's `meta` fields). */
export interface StatusDetails {
  /** Why: Meta's rejection reason (`INCORRECT_CATEGORY`, …), `NONE` when there is none. */
  readonly reason?: string
  /** A flagged template's disable date. */
  readonly disableDate?: string
  /** A paused template's pause: `FIRST_PAUSE`, `SECOND_PAUSE`, … */
  readonly title?: string
  readonly description?: string
}

/** The `template_status_update` event body. */
export interface TemplateStatusEvent {
  readonly eventId: string
  readonly timestamp: string
  readonly provider: 'WhatsApp'
  readonly businessAccountId: string
  readonly accountId: string
  readonly eventType: 'template_status_update'
  readonly eventDetails: {
    readonly templateId: string
    readonly templateName: string
    readonly templateLanguage: string
    readonly meta: {
      readonly status: string
      readonly reason?: string
      readonly disableInfo?: { readonly disableDate: string }
      readonly otherInfo?: { readonly title: string; readonly description?: string }
    }
  }
}

/** The event telling that `row` now has its item's status, at `at`. */
export function statusEvent(
  row: TemplateRow,
  details: StatusDetails,
  at: string,
): TemplateStatusEvent {
  return {
    eventId: crypto.randomUUID(),
    timestamp: at,
    provider: 'WhatsApp',
    businessAccountId: BUSINESS_ACCOUNT_ID,
    accountId: SANDBOX_ACCOUNT_ID,
    eventType: 'template_status_update',
    eventDetails: {
      templateId: row.templateId,
      templateName: row.item.templateName,
      templateLanguage: row.item.language,
      meta: {
        status: row.item.status,
        ...(details.reason !== undefined && { reason: details.reason }),
        ...(details.disableDate !== undefined && {
          disableInfo: { disableDate: details.disableDate },
        }),
        ...(details.title !== undefined && {
          otherInfo: {
            title: details.title,
            ...(details.description !== undefined && { description: details.description }),
          },
        }),
      },
    },
  }
}
