/**
 * What 8x8 does with a WhatsApp template send, given the channel's registry
 * (docs/8x8-facts.md#template-management-and-template-errors):
 *
 * - a send that does not match its registered template is refused at once with the 8x8 code of
 *   the first mismatch `checkTemplate` (`@chatapps/dsl/templates`) reports: 3038 for an unknown
 *   name or language ("Template not found for provided name and language", 8x8's wording), else
 *   3033, 3034, 3040 to 3043, 3049, 3052 or 3053 with the check's sentence (8x8 publishes no
 *   wording for those);
 * - a matching send of a template that is not approved is taken (8x8 does not check the status)
 *   and WhatsApp fails it: its receipts are `queued`, then `undelivered` with 8x8's WhatsApp
 *   error: 1035 paused (Meta 132015), 1036 disabled (132016), 1031 for any other status but
 *   approved and flagged (132001: Meta sends approved templates only; a flagged one still goes).
 *
 * @module
 */
import { checkTemplate, type KnownTemplate } from '@chatapps/dsl/templates'
import type { ErrorCode } from '../errors'
import { channelOf, type JsonObject } from '../records'
import type { ReceiptStep } from '../store/types'

/** 8x8's message for 3038, from the batch answer example of its OpenAPI document. */
const NOT_FOUND = 'Template not found for provided name and language'

/** The failed receipt of a template WhatsApp will not send, in Meta's error titles. */
export const TEMPLATE_FAILURES = {
  paused: {
    state: 'undelivered',
    errorCode: 1035,
    errorMessage: 'Template is paused',
    providerErrorCode: '132015',
  },
  disabled: {
    state: 'undelivered',
    errorCode: 1036,
    errorMessage: 'Template is disabled',
    providerErrorCode: '132016',
  },
  missing: {
    state: 'undelivered',
    errorCode: 1031,
    errorMessage: 'Template does not exist',
    providerErrorCode: '132001',
  },
} as const satisfies Record<string, ReceiptStep>

/** What happens to a send: it goes, it is refused, or it goes and WhatsApp fails it. */
export type TemplateVerdict =
  | { readonly kind: 'ok' }
  | { readonly kind: 'refused'; readonly error: ErrorCode }
  | { readonly kind: 'fails'; readonly failure: ReceiptStep }

const OK: TemplateVerdict = { kind: 'ok' }

/** Whether a (valid) message is a WhatsApp template send, which the registry decides on. */
export function isWhatsAppTemplate(message: JsonObject): boolean {
  const type = typeof message.type === 'string' ? message.type.toLowerCase() : ''
  return type === 'template' && channelOf(message).toLowerCase() === 'whatsapp'
}

function failureOf(status: string): ReceiptStep | null {
  if (status === 'approved' || status === 'flagged') return null
  if (status === 'paused') return TEMPLATE_FAILURES.paused
  if (status === 'disabled') return TEMPLATE_FAILURES.disabled
  return TEMPLATE_FAILURES.missing
}

/** The verdict on a valid message against the channel's registered templates. */
export function templateVerdict(
  message: JsonObject,
  known: readonly KnownTemplate[],
): TemplateVerdict {
  if (!isWhatsAppTemplate(message)) return OK
  const content = message.content as JsonObject
  const issues = checkTemplate(content.template, known)
  const first = issues.find((issue) => issue.code !== undefined)
  if (first?.code !== undefined) {
    const message = first.code === 3038 ? NOT_FOUND : first.message
    return { kind: 'refused', error: { code: first.code, message } }
  }
  const template = content.template as JsonObject
  const found = known.find((t) => t.name === template.name && t.language === template.language)
  const failure = found === undefined ? null : failureOf(found.status)
  return failure === null ? OK : { kind: 'fails', failure }
}
