/**
 * WhatsApp templates: a name, a language and the parameters of each component. 8x8 spells its
 * template enums inconsistently (`url`, `Url`, `Button`, index `"0"`); they are accepted in any
 * case and emitted as its schema spells them.
 *
 * @module
 */
import * as v from 'valibot'
import { countedUnion } from '../../internal/budget'
import { templateLanguage } from '../../internal/template-language'
import { LIMITS } from '../../limits'
import type { Named } from '../named'
import {
  anyCase,
  anyCaseOf,
  coordinate,
  httpUrl,
  integerIn,
  jsonObject,
  nonEmpty,
  text,
} from '../primitives'
import { templateRules } from './template-rules'

const LocationSchema = v.strictObject({
  latitude: coordinate(LIMITS.latitude),
  longitude: coordinate(LIMITS.longitude),
  name: v.exactOptional(v.string()),
  address: v.exactOptional(v.string()),
})

const mediaParameter = <const T extends string>(type: T) =>
  v.strictObject({ type: anyCase(type), url: httpUrl })

// `name`: Zalo ZNS templates fill their parameters by name (see zaloNotificationOTPMessage).
// 8x8's parameter object does not close its properties (no `additionalProperties: false`), so
// the key is allowed there; it is accepted on text parameters only, where that example puts it.
const cardParameters = [
  v.strictObject({ type: anyCase('text'), name: v.exactOptional(nonEmpty), text: nonEmpty }),
  mediaParameter('image'),
  mediaParameter('video'),
  mediaParameter('document'),
  v.strictObject({ type: anyCase('location'), location: LocationSchema }),
  v.strictObject({ type: anyCase('payload'), payload: nonEmpty }),
  v.strictObject({ type: anyCase('couponCode'), couponCode: nonEmpty }),
] as const

const TemplateParameterSchema_ = v.variant('type', [
  ...cardParameters,
  mediaParameter('gif'),
  v.strictObject({
    type: anyCase('action'),
    // 8x8: "flowActionData: Optional for "action" type" (whatsAppFlowTemplate sends none).
    flowActionData: v.exactOptional(
      v.strictObject({
        screen: v.exactOptional(nonEmpty),
        // 8x8: "If provided, this must be a non-empty object".
        data: v.exactOptional(
          v.pipe(
            jsonObject,
            v.check(
              (data) => Object.keys(data).length > 0,
              'Invalid data: must not be an empty object',
            ),
          ),
        ),
      }),
    ),
  }),
  v.strictObject({ type: anyCase('ttlMinutes'), ttlMinutes: integerIn(LIMITS.ttlMinutes) }),
])
/** One template parameter, told apart by `type`. */
export interface TemplateParameterSchema extends Named<typeof TemplateParameterSchema_> {}
/** One template parameter, told apart by `type`. */
export const TemplateParameterSchema: TemplateParameterSchema = TemplateParameterSchema_

/** A button index, 0 to 9; 8x8's samples also send it as a string (`"0"`). */
function buttonIndex(limit: { readonly min: number; readonly max: number }) {
  return v.pipe(
    countedUnion(
      v.union(
        [v.number(), v.pipe(v.string(), v.digits(), v.transform(Number))],
        'Invalid type: expected an integer index',
      ),
    ),
    integerIn(limit),
  )
}

const BUTTON_SUB_TYPES = ['QuickReply', 'Url', 'CopyCode', 'Flow', 'VoiceCall'] as const

const CardSchema = v.strictObject({
  cardIndex: integerIn(LIMITS.templateCardIndex),
  components: v.array(
    v.strictObject({
      type: v.exactOptional(anyCaseOf(['header', 'body', 'button'])),
      parameters: v.exactOptional(v.array(v.variant('type', cardParameters))),
      index: v.exactOptional(buttonIndex(LIMITS.templateCardButtonIndex)),
      subType: v.exactOptional(anyCaseOf(['QuickReply', 'Url'])),
    }),
  ),
})

const TemplateComponentSchema_ = v.strictObject({
  type: v.exactOptional(
    anyCaseOf([
      'header',
      'footer',
      'body',
      'button',
      'carousel',
      'call_permission_request',
      'request_contact_info',
    ]),
  ),
  parameters: v.exactOptional(v.array(TemplateParameterSchema)),
  index: v.exactOptional(buttonIndex(LIMITS.templateButtonIndex)),
  subType: v.exactOptional(anyCaseOf(BUTTON_SUB_TYPES)),
  cards: v.exactOptional(v.array(CardSchema)),
})
/** One component of a template: its parameters, and for a button its index and sub-type. */
export interface TemplateComponentSchema extends Named<typeof TemplateComponentSchema_> {}
/** One component of a template: its parameters, and for a button its index and sub-type. */
export const TemplateComponentSchema: TemplateComponentSchema = TemplateComponentSchema_

const TemplateSchema_ = v.strictObject({
  name: text({ max: 512 }),
  language: v.pipe(
    nonEmpty,
    v.regex(
      /^[a-z]{2,3}(?:_[A-Za-z]{2,4})?$/,
      'Invalid language: expected a code such as en or en_US',
    ),
    // Emitted as Meta spells it (en_us → en_US), as the registry check reads it.
    v.transform(templateLanguage),
  ),
  components: v.exactOptional(v.pipe(v.array(TemplateComponentSchema), templateRules())),
})
/** `content.template`. */
export interface TemplateSchema extends Named<typeof TemplateSchema_> {}
/** `content.template`. */
export const TemplateSchema: TemplateSchema = TemplateSchema_
