/**
 * The templates 8x8 has registered for a channel, as `GET /api/v1/accounts/{accountId}/channels/
 * {channelId}/templates` answers them (8x8's OpenAPI file, "Registered template"). The schemas
 * are loose: 8x8 adds fields, and the registry must not break on them.
 *
 * @module
 */
import * as v from 'valibot'
import type { Named } from '../schemas/named'
import { normalizeTemplateStatus } from './status'

const optional = v.exactOptional

const RegisteredButtonSchema_ = v.looseObject({
  type: v.string(),
  text: optional(v.string()),
  url: optional(v.string()),
  phoneNumber: optional(v.string()),
  example: optional(v.array(v.string())),
})
/**
 * One button of a registered template: `type` is 8x8's (`URL`, `QUICK_REPLY`, `PHONE_NUMBER`,
 * `COPY_CODE`, `OTP`, `FLOW`, `VOICE_CALL`, `REQUEST_CONTACT_INFO`); a `URL` button's `url` may
 * end in a `{{1}}` placeholder, filled by the send's suffix.
 */
export interface RegisteredButtonSchema extends Named<typeof RegisteredButtonSchema_> {}
/** One button of a registered template: see {@link RegisteredButtonSchema}. */
export const RegisteredButtonSchema: RegisteredButtonSchema = RegisteredButtonSchema_
/** One button of a registered template. */
export type RegisteredButton = v.InferOutput<typeof RegisteredButtonSchema_>

const cardComponent = v.looseObject({
  type: v.string(),
  format: optional(v.string()),
  text: optional(v.string()),
  buttons: optional(v.array(RegisteredButtonSchema_)),
})

const RegisteredComponentSchema_ = v.looseObject({
  type: v.string(),
  format: optional(v.string()),
  text: optional(v.string()),
  buttons: optional(v.array(RegisteredButtonSchema_)),
  // 8x8's schema describes each card item as a component (HEADER, BODY, BUTTONS); Meta's own
  // shape is `{ components: [...] }` per card. Both are read (see cardsOf in ./parameters.ts).
  cards: optional(
    v.array(
      v.looseObject({
        ...cardComponent.entries,
        type: optional(v.string()),
        components: optional(v.array(cardComponent)),
      }),
    ),
  ),
})
/**
 * One component of a registered template: `type` `HEADER` (with `format` `Text`, `Image`,
 * `Gif`, `Video`, `Document` or `Location`), `BODY` and `FOOTER` (with `text`, placeholders
 * `{{1}}`…), `BUTTONS` (with `buttons`), `CAROUSEL` (with `cards`).
 */
export interface RegisteredComponentSchema extends Named<typeof RegisteredComponentSchema_> {}
/** One component of a registered template: see {@link RegisteredComponentSchema}. */
export const RegisteredComponentSchema: RegisteredComponentSchema = RegisteredComponentSchema_
/** One component of a registered template. */
export type RegisteredComponent = v.InferOutput<typeof RegisteredComponentSchema_>

// 8x8's OpenAPI file marks none of these fields required; a template needs its name and language
// to be found, and a template without components is read as having none.
const RegisteredTemplateSchema_ = v.looseObject({
  channelId: optional(v.string()),
  channelName: optional(v.string()),
  templateName: v.string(),
  language: v.string(),
  languageName: optional(v.string()),
  components: optional(v.array(RegisteredComponentSchema_), []),
  category: optional(v.string()),
  categoryName: optional(v.string()),
  status: optional(v.string()),
  statusName: optional(v.string()),
  createdAt: optional(v.string()),
  updatedAt: optional(v.string()),
})
/**
 * One template of 8x8's `GET …/channels/{channelId}/templates` answer.
 *
 * @example
 * ```ts
 * import * as v from 'valibot'
 * import { RegisteredTemplatesSchema, knownTemplate } from '@chatapps/dsl/templates'
 *
 * const answer = v.parse(RegisteredTemplatesSchema, await response.json())
 * const known = answer.templates.map(knownTemplate)
 * ```
 */
export interface RegisteredTemplateSchema extends Named<typeof RegisteredTemplateSchema_> {}
/** One template of 8x8's templates answer: see {@link RegisteredTemplateSchema}. */
export const RegisteredTemplateSchema: RegisteredTemplateSchema = RegisteredTemplateSchema_
/** One template of 8x8's templates answer. */
export type RegisteredTemplate = v.InferOutput<typeof RegisteredTemplateSchema_>

const RegisteredTemplatesSchema_ = v.looseObject({
  templates: v.array(RegisteredTemplateSchema_),
})
/** 8x8's whole `GET …/channels/{channelId}/templates` answer: `{ templates: [...] }`. */
export interface RegisteredTemplatesSchema extends Named<typeof RegisteredTemplatesSchema_> {}
/** 8x8's whole templates answer: see {@link RegisteredTemplatesSchema}. */
export const RegisteredTemplatesSchema: RegisteredTemplatesSchema = RegisteredTemplatesSchema_

/**
 * A template as {@link checkTemplate} and {@link fillTemplate} need it: its name, language,
 * status (lower case) and registered components. 8x8's items become one with
 * {@link knownTemplate}; the gateway's `GET /v1/templates` items are one as they are.
 */
export interface KnownTemplate {
  readonly name: string
  readonly language: string
  /**
   * `approved`, `flagged`, `pending`, `rejected`, `paused`, `disabled`, `pending_deletion`…, in
   * any case: whether it can be sent is {@link templateStatusVerdict}'s to say.
   */
  readonly status: string
  readonly components: readonly RegisteredComponent[]
}

/**
 * 8x8's registered template as a {@link KnownTemplate}: its status in lower case (8x8 sends
 * `APPROVED`); a template without a status is taken as approved, as 8x8 lists only templates
 * it can send when it leaves the status out (an inference: its schema does not require it).
 *
 * @example
 * ```ts
 * knownTemplate(registered).status // 'approved'
 * ```
 */
export function knownTemplate(registered: RegisteredTemplate): KnownTemplate {
  return {
    name: registered.templateName,
    language: registered.language,
    status: normalizeTemplateStatus(registered.status ?? 'APPROVED'),
    components: registered.components,
  }
}
