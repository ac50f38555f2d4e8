/**
 * 8x8's v9 delivery receipt (`outbound_message_status_changed`, docs/8x8-facts.md) and the
 * states a message goes through, which magic recipient numbers change:
 *
 * - an msisdn ending in `0000`: queued, sent, undelivered (AbsentSubscriber), no read;
 * - an msisdn ending in `0001`: queued, sent, delivered, no read;
 * - any other recipient: queued, sent, delivered, read.
 *
 * @module
 */
import { isObject } from '../records'
import type { MessageRecord, ReceiptStep } from '../store/types'

/** A receipt's `status`, without its timestamp (defined with the records it is kept in). */
export type { ReceiptStep }

/** The body the webhook receives. */
export interface DeliveryReceipt {
  readonly version: 9
  readonly namespace: 'ChatApps'
  readonly eventType: 'outbound_message_status_changed'
  readonly description: 'ChatApps outbound message delivery receipt'
  readonly payload: {
    readonly umid: string
    readonly batchId?: string
    readonly clientMessageId?: string
    readonly clientBatchId?: string
    readonly subAccountId: string
    readonly channel: string
    readonly user: { readonly msisdn?: string; readonly channelUserId?: string }
    readonly status: Omit<ReceiptStep, 'providerErrorCode'> & { readonly timestamp: string }
    readonly whatsapp?: { readonly providerErrorCode: string }
  }
}

const QUEUED: ReceiptStep = { state: 'queued' }
const SENT: ReceiptStep = { state: 'sent' }
const DELIVERED: ReceiptStep = { state: 'delivered', detail: 'delivered_to_recipient' }
const READ: ReceiptStep = { state: 'read' }
const UNDELIVERED: ReceiptStep = {
  state: 'undelivered',
  detail: 'undelivered_to_recipient',
  errorCode: 1,
  errorMessage: 'AbsentSubscriber',
}

function userOf(record: MessageRecord): DeliveryReceipt['payload']['user'] {
  const user = isObject(record.user) ? record.user : {}
  if (typeof user.msisdn === 'string') return { msisdn: user.msisdn }
  if (typeof user.channelUserId === 'string') return { channelUserId: user.channelUserId }
  return {}
}

/** The sandbox's default fallback order after WhatsApp, for a message that names none (8x8's sub-account setting). */
export const DEFAULT_FALLBACK_CHANNEL = 'SMS'

/**
 * The states a message's receipts report when its first channel fails and 8x8 falls back (the
 * receipt fault `fallback`): queued, sent, undelivered on its first channel, then queued, sent,
 * delivered on its second (its `channels`' second, else SMS).
 */
export function fallbackStepsFor(record: MessageRecord): readonly ReceiptStep[] {
  const channel = record.fallbackChannel ?? DEFAULT_FALLBACK_CHANNEL
  return [
    QUEUED,
    SENT,
    UNDELIVERED,
    ...[QUEUED, SENT, DELIVERED].map((step) => ({ ...step, channel })),
  ]
}

/** The states a message's receipts report, in order (see the module comment). */
export function stepsFor(record: MessageRecord): readonly ReceiptStep[] {
  if (record.failure !== undefined) return [QUEUED, record.failure]
  const msisdn = userOf(record).msisdn ?? ''
  if (msisdn.endsWith('0000')) return [QUEUED, SENT, UNDELIVERED]
  if (msisdn.endsWith('0001')) return [QUEUED, SENT, DELIVERED]
  return [QUEUED, SENT, DELIVERED, READ]
}

/** The receipt of one step of a message, at a time. */
export function receiptOf(record: MessageRecord, step: ReceiptStep, at: Date): DeliveryReceipt {
  return {
    version: 9,
    namespace: 'ChatApps',
    eventType: 'outbound_message_status_changed',
    description: 'ChatApps outbound message delivery receipt',
    payload: {
      umid: record.umid,
      ...(record.batchId !== undefined && { batchId: record.batchId }),
      ...(record.clientMessageId !== undefined && { clientMessageId: record.clientMessageId }),
      ...(record.clientBatchId !== undefined && { clientBatchId: record.clientBatchId }),
      subAccountId: record.subAccountId,
      // 8x8 writes channels in lower case in receipts (§4.3).
      channel: (step.channel ?? record.channel).toLowerCase(),
      user: userOf(record),
      status: {
        state: step.state,
        ...(step.detail !== undefined && { detail: step.detail }),
        timestamp: at.toISOString(),
        ...(step.errorCode !== undefined && { errorCode: step.errorCode }),
        ...(step.errorMessage !== undefined && { errorMessage: step.errorMessage }),
      },
      ...(step.providerErrorCode !== undefined && {
        whatsapp: { providerErrorCode: step.providerErrorCode },
      }),
    },
  }
}
