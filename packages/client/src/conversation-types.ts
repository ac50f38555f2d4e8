/**
 * The results of the conversation calls (issue 17): mark read, typing, cancel, upload, and a
 * contact's state.
 *
 * @module
 */
import type { CallMeta, CancelUnknown, MessageState } from './types'

/**
 * 8x8 marked an inbound message read (`POST /v1/inbound/{umid}/read`).
 *
 * @example
 * ```ts
 * const read = await client.markRead(inbound.umid)
 * read.read // true
 * ```
 */
export interface InboundRead {
  readonly umid: string
  readonly read: true
  readonly meta: CallMeta
}

/**
 * 8x8 shows the typing indicator (`POST /v1/inbound/{umid}/typing`): allowed until `typingUntil`,
 * 2 hours after the inbound message.
 *
 * @example
 * ```ts
 * const { typingUntil } = await client.typing(inbound.umid)
 * ```
 */
export interface TypingShown {
  readonly umid: string
  /** ISO 8601: when 8x8 stops accepting typing indicators for this message. */
  readonly typingUntil: string
  readonly meta: CallMeta
}

/**
 * A cancelled batch (`DELETE /v1/batches/{batchId}`): how many were cancelled, and each
 * message's state.
 *
 * @example
 * ```ts
 * const { cancelledCount, messages } = await client.cancelBatch(batch.batchId)
 * ```
 */
export interface BatchCancelled {
  readonly batchId: string
  /**
   * How many messages were cancelled now, by 8x8 or, before they left, by the gateway (0 when
   * the batch was cancelled before).
   */
  readonly cancelledCount: number
  readonly messages: readonly {
    readonly id: string
    readonly umid: string | null
    readonly status: MessageState
    /** As a record's: an earlier cancel of it has no known outcome (8x8 may have cancelled it). */
    readonly cancel?: CancelUnknown
  }[]
  readonly meta: CallMeta
}

/**
 * Options of `upload`: the file's name (kept by 8x8) and media type, an idempotency key and a
 * signal.
 *
 * @example
 * ```ts
 * const options: UploadOptions = { fileName: 'receipt.pdf', contentType: 'application/pdf' }
 * ```
 */
export interface UploadOptions {
  readonly fileName: string
  /** The file's media type; defaults to `application/octet-stream`. */
  readonly contentType?: string
  readonly idempotencyKey?: string
  readonly signal?: AbortSignal
}

/**
 * A file 8x8 hosts (`POST /v1/files`): `url` is what a message's media `url` takes.
 *
 * @example
 * ```ts
 * const { url } = await client.upload(bytes, { fileName: 'photo.jpg', contentType: 'image/jpeg' })
 * await client.send(msg.to('+15551234567').image(url))
 * ```
 */
export interface Uploaded {
  readonly fileName: string
  readonly token: string
  readonly url: string
  readonly meta: CallMeta
}

/** One change of a recipient's consent, or the change that set a fact that holds: who, why, when. */
export interface ConsentChange {
  /** `subscribed`, `opted_out`, `blocked`, `marketing_opted_out`. */
  readonly state: string
  /** `user` (a keyword), `8x8` (a receipt), `operator`. */
  readonly by: string
  readonly reason: string
  readonly at: string | null
}

/**
 * What the gateway knows of one recipient (`GET /v1/contacts/{recipient}`): the 24-hour service
 * window, consent with its history, pacing, and the last inbound and outbound messages.
 *
 * @example
 * ```ts
 * const contact = await client.contact('+15551234567')
 * if (contact.serviceWindow.open) console.log('free-form until', contact.serviceWindow.openUntil)
 * ```
 */
export interface Contact {
  readonly recipient: string
  readonly serviceWindow: {
    readonly open: boolean
    readonly openUntil: string | null
    readonly closedAt: string | null
  }
  readonly consent: {
    /** The strongest fact that holds (`opted_out`, `blocked`, `marketing_opted_out`), else `subscribed`. */
    readonly state: string
    /**
     * Every fact that holds, strongest first, each as the change that set it: a recipient may
     * hold a stop, a Viber block and a marketing opt-out together. Empty when none holds (or
     * from a gateway that does not send them yet).
     */
    readonly facts: readonly ConsentChange[]
    readonly history: readonly ConsentChange[]
  }
  readonly pacing: {
    readonly ratePerSecond: number
    readonly burst: number
    readonly tokens: number
    readonly heldUntil: string | null
  }
  readonly lastInboundAt: string | null
  readonly lastOutboundAt: string | null
  /**
   * For a WhatsApp BSUID the gateway has seen with the person's number: that number, whose
   * contact this is (the state is shared). Null otherwise.
   */
  readonly sameAs: string | null
  /** The BSUIDs that share this number's contact. */
  readonly aliases: readonly string[]
  readonly meta: CallMeta
}
