import { deepCopy } from '../internal/copy'
import type { FlowMessage } from '../types'
import type { EnvelopeOptions, Finishing, FlowAction, FlowActionPayload } from './base'
import { InteractiveImpl, type MediaHeaders, type TextParts } from './interactive'

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
    return this.next({ op: 'action', action, payload: deepCopy(payload) })
  }
}
