/**
 * `@chatapps/dsl/templates`: the templates 8x8 has registered, read from its templates API, and
 * a template send checked against them ({@link checkTemplate}) or filled in as the customer
 * reads it ({@link fillTemplate}). The gateway checks every template send with it, the sandbox
 * answers 8x8's error codes with it, and `@chatapps/preview` draws filled-in templates with it.
 *
 * @example
 * ```ts
 * import * as v from 'valibot'
 * import { RegisteredTemplatesSchema, checkTemplate, knownTemplate } from '@chatapps/dsl/templates'
 *
 * const { templates } = v.parse(RegisteredTemplatesSchema, answerOf8x8)
 * const issues = checkTemplate(message.content.template, templates.map(knownTemplate))
 * ```
 *
 * @module
 */
export {
  type CheckTemplateOptions,
  checkTemplate,
  FILLED_LIMITS,
  lookUpTemplate,
  type TemplateIssue,
  type TemplateRule,
} from './check'
export {
  type FilledButton,
  type FilledComponents,
  type FilledHeader,
  type FilledPart,
  type FilledTemplate,
  fillTemplate,
} from './fill'
export {
  type ButtonParameters,
  type ButtonSubType,
  type ComponentParameters,
  type HeaderFormat,
  type PlaceholderSlots,
  placeholderSlots,
  placeholders,
  type TemplateParameters,
  templateParameters,
} from './parameters'
export {
  type KnownTemplate,
  knownTemplate,
  type RegisteredButton,
  RegisteredButtonSchema,
  type RegisteredComponent,
  RegisteredComponentSchema,
  type RegisteredTemplate,
  RegisteredTemplateSchema,
  RegisteredTemplatesSchema,
} from './registered'
export {
  isSendableTemplateStatus,
  normalizeTemplateStatus,
  type SendableTemplateStatus,
  TEMPLATE_STATUSES,
  type TemplateStatusVerdict,
  templateStatusVerdict,
  type UnsendableTemplateStatus,
} from './status'
