import { deepCopy } from '../internal/copy'
import { TemplateMessageSchema } from '../schemas/message'
import type { TemplateMessage, TemplateParameter } from '../types'
import {
  type BaseState,
  type Body,
  BuilderImpl,
  type EnvelopeOptions,
  type Finishing,
} from './base'

/** A template parameter, or a string for a `text` parameter. */
export type TemplateParam = TemplateParameter | string

/** The kinds of template button, as 8x8 names them. */
export type TemplateButtonSubType = 'QuickReply' | 'Url' | 'CopyCode' | 'Flow' | 'VoiceCall'

interface TemplateButton {
  readonly subType: TemplateButtonSubType
  readonly index: number
  readonly parameter?: TemplateParameter
}

/** @internal */
export interface TemplateState extends BaseState {
  readonly name: string
  readonly language: string
  readonly header?: TemplateParameter
  readonly body?: readonly TemplateParameter[]
  readonly buttons: readonly TemplateButton[]
}

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
export class TemplateImpl extends BuilderImpl<TemplateState> {
  protected get schema() {
    return TemplateMessageSchema
  }

  header(param: TemplateParam): this {
    return this.with({ header: toParameter(param) })
  }
  body(...params: TemplateParam[]): this {
    return this.with({ body: params.map(toParameter) })
  }
  button(subType: TemplateButtonSubType, index: number, param?: TemplateParam): this {
    const button: TemplateButton =
      param === undefined ? { subType, index } : { subType, index, parameter: toParameter(param) }
    return this.with({ buttons: [...this.state.buttons, button] })
  }

  protected payload(): Body {
    const { name, language, header, body, buttons } = this.state
    const components: object[] = []
    if (header !== undefined) components.push({ type: 'header', parameters: [header] })
    if (body !== undefined) components.push({ type: 'body', parameters: body })
    for (const { subType, index, parameter } of buttons) {
      const component = { type: 'button', subType, index }
      components.push(
        parameter === undefined ? component : { ...component, parameters: [parameter] },
      )
    }
    const template = components.length === 0 ? { name, language } : { name, language, components }
    return { type: 'template', content: { template } }
  }
}
