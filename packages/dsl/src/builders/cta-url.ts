import type { CtaUrlMessage } from '../types'
import type { EnvelopeOptions, Finishing } from './base'
import {
  InteractiveImpl,
  type InteractiveState,
  type MediaHeaders,
  type TextParts,
} from './interactive'

/** @internal */
export interface CtaUrlState extends InteractiveState {
  readonly displayText: string
  readonly url: string
}

/** A call-to-action button that opens a URL. */
export interface CtaUrlBuilder
  extends EnvelopeOptions<CtaUrlBuilder>,
    TextParts<CtaUrlBuilder>,
    MediaHeaders<CtaUrlBuilder>,
    Finishing<CtaUrlMessage> {}

/** @internal */
export class CtaUrlImpl extends InteractiveImpl<CtaUrlState> {
  protected readonly kind = 'cta_url'

  protected wireAction(): object {
    return { parameters: { display_text: this.state.displayText, url: this.state.url } }
  }
}
