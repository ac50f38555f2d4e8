import { deepCopy } from '../internal/copy'
import type { JsonValue } from '../schemas/primitives'
import type { FlowMessage } from '../types'
import type { EnvelopeOptions, Finishing } from './base'
import { InteractiveImpl, type MediaHeaders, type TextParts } from './interactive'

/** How a flow starts: on a screen of its own (`navigate`) or by asking your endpoint. */
export type FlowAction = 'navigate' | 'data_exchange'

/** The first screen and the data it receives. */
export interface FlowActionPayload {
  readonly screen?: string
  readonly data?: { readonly [key: string]: JsonValue }
}

/** A button that opens a WhatsApp Flow. */
export interface FlowBuilder
  extends EnvelopeOptions<FlowBuilder>,
    TextParts<FlowBuilder>,
    MediaHeaders<FlowBuilder>,
    Finishing<FlowMessage> {
  /**
   * How the flow starts.
   *
   * @param action `'navigate'` (the default) or `'data_exchange'`.
   * @param payload The first screen and its data, for `navigate`.
   */
  action(action: FlowAction, payload?: FlowActionPayload): FlowBuilder
}

/** @internal */
export class FlowImpl extends InteractiveImpl {
  action(action: FlowAction, payload?: FlowActionPayload): this {
    return this.next('action', action, deepCopy(payload))
  }
}
