import type { CtaUrlMessage } from '../types'
import type { EnvelopeOptions, Finishing } from './base'
import type { MediaHeaders, TextParts } from './interactive'

/** A call-to-action button that opens a URL. */
export interface CtaUrlBuilder
  extends EnvelopeOptions<CtaUrlBuilder>,
    TextParts<CtaUrlBuilder>,
    MediaHeaders<CtaUrlBuilder>,
    Finishing<CtaUrlMessage> {}
