import { deepCopy } from '../internal/copy'
import type { TemplateMessage, TemplateParameter } from '../types'
import type { EnvelopeOptions, Finishing } from './base'
import { Chain } from './chain'

/** A template parameter, or a string for a `text` parameter. */
export type TemplateParam = TemplateParameter | string

/** The kinds of template button, as 8x8 names them. */
export type TemplateButtonSubType = 'QuickReply' | 'Url' | 'CopyCode' | 'Flow' | 'VoiceCall'

/** A pre-approved WhatsApp template, with the values of its parameters. */
export interface TemplateBuilder
  extends EnvelopeOptions<TemplateBuilder>,
    Finishing<TemplateMessage> {
  /**
   * The value of the header's parameter.
   *
   * @param param A string for a text header, or `{ type: 'image', url }` and the like.
   */
  header(param: TemplateParam): TemplateBuilder
  /**
   * The values of the body's parameters, in order.
   *
   * @param params Strings for text parameters, or parameter objects.
   */
  body(...params: TemplateParam[]): TemplateBuilder
  /**
   * The value of a button's parameter (the suffix of a URL button, a quick reply's payload).
   *
   * @param subType The kind of button, as 8x8 names it.
   * @param index The button's position in the template, 0 to 9.
   * @param param Its parameter, if it has one.
   */
  button(subType: TemplateButtonSubType, index: number, param?: TemplateParam): TemplateBuilder
}

const toParameter = (param: TemplateParam): TemplateParameter =>
  typeof param === 'string' ? { type: 'text', text: param } : deepCopy(param)

/** @internal */
export class TemplateImpl extends Chain {
  header(param: TemplateParam): this {
    return this.next({ op: 'header', header: toParameter(param) })
  }
  body(...params: TemplateParam[]): this {
    return this.next({ op: 'body', body: params.map(toParameter) })
  }
  button(subType: TemplateButtonSubType, index: number, param?: TemplateParam): this {
    const button = { type: 'button', subType, index } as const
    return this.next({
      op: 'button',
      button: param === undefined ? button : { ...button, parameters: [toParameter(param)] },
    })
  }
}
