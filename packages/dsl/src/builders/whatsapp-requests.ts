/**
 * WhatsApp's interactive messages that ask the user for something: a voice call to the business,
 * permission to call them, their contact details, their location.
 *
 * @module
 */
import type {
  CallPermissionRequestMessage,
  LocationRequestMessage,
  RequestContactInfoMessage,
  VoiceCallMessage,
} from '../types'
import type { EnvelopeOptions, Finishing } from './base'
import { InteractiveImpl, type MediaHeaders, type TextParts } from './interactive'

/** The parameters of a voice call button, all optional. */
export interface VoiceCallOptions {
  /** The button's label, at most 20 characters (WhatsApp shows "Call Now" without one). */
  readonly displayText?: string
  /** How long the button may be used, in minutes: 1 to 43,200. */
  readonly ttlMinutes?: number
  /** What 8x8 returns with the call, at most 512 characters. */
  readonly payload?: string
}

/** A button that starts a WhatsApp voice call to the business; body, header and footer optional. */
export interface VoiceCallBuilder
  extends EnvelopeOptions<VoiceCallBuilder>,
    TextParts<VoiceCallBuilder>,
    MediaHeaders<VoiceCallBuilder>,
    Finishing<VoiceCallMessage> {}

/**
 * The body and footer calls of a request without header (call permission, contact info).
 *
 * @typeParam TSelf The builder they return.
 */
export interface BodyAndFooter<TSelf> {
  /**
   * The message's body (optional here).
   *
   * @param text At most 1,024 characters.
   */
  body(text: string): TSelf
  /**
   * A footer under the body.
   *
   * @param text At most 60 characters.
   */
  footer(text: string): TSelf
}

/** Asks the user for permission to call them. */
export interface CallPermissionRequestBuilder
  extends EnvelopeOptions<CallPermissionRequestBuilder>,
    BodyAndFooter<CallPermissionRequestBuilder>,
    Finishing<CallPermissionRequestMessage> {}

/** Asks the user to share their contact details. */
export interface RequestContactInfoBuilder
  extends EnvelopeOptions<RequestContactInfoBuilder>,
    BodyAndFooter<RequestContactInfoBuilder>,
    Finishing<RequestContactInfoMessage> {}

/** Asks the user to share their location: a body only (no header, no footer). */
export interface LocationRequestBuilder
  extends EnvelopeOptions<LocationRequestBuilder>,
    Finishing<LocationRequestMessage> {}

/** @internal The action of a voice call, with the parameters that were given, in 8x8's names. */
export function voiceCallAction(options: VoiceCallOptions | undefined): object {
  const { displayText, ttlMinutes, payload } = options ?? {}
  const parameters: Record<string, unknown> = {}
  if (displayText !== undefined) parameters.display_text = displayText
  if (ttlMinutes !== undefined) parameters.ttlMinutes = ttlMinutes
  if (payload !== undefined) parameters.payload = payload
  return Object.freeze(
    options === undefined
      ? { name: 'voice_call' }
      : { name: 'voice_call', parameters: Object.freeze(parameters) },
  )
}

/** @internal */
export class RequestImpl extends InteractiveImpl {}
