/**
 * The templates registered with 8x8, as the compiler knows them. Empty here: a declaration that
 * `chatapps templates pull --out <file>` writes from the gateway's registry fills it, and then
 * `msg.to(n).template(name, language)` takes only registered pairs and types each call from the
 * registered components. Without one, template builders take any parameters (checked when
 * building and by the gateway).
 *
 * @module
 */

import type { ButtonSubType, HeaderFormat } from './templates/parameters'

/** A header's format, as the registry's parameter description (`templateParameters`) spells it. */
export type RegisteredHeaderFormat = HeaderFormat

/** The kinds of button a send names (`subType`), as `templateParameters` spells them. */
export type RegisteredButtonSubType = ButtonSubType

/** A registered button: its sub-type, and `parameter` when a send must give one. */
export interface RegisteredButtonEntry {
  /** 8x8's registered type, such as `URL` or `PHONE_NUMBER`. */
  readonly type: string
  /** What a send names; `null` for a button that takes no component (a phone number). */
  readonly subType: RegisteredButtonSubType | null
  /** Present when the button takes a parameter; optional when a send may leave it out. */
  readonly parameter?: string
}

/** A registered header: its format and whether a send gives it a parameter (0 or 1). */
export interface RegisteredHeaderEntry {
  readonly format: RegisteredHeaderFormat
  readonly parameters: 0 | 1
}

/** A card of a registered carousel. */
export interface RegisteredCardEntry {
  readonly header?: RegisteredHeaderEntry
  /** One `string` per placeholder of the card's body. */
  readonly body?: readonly string[]
  readonly buttons?: { readonly [index: number]: RegisteredButtonEntry }
}

/** What the compiler knows of one registered template (`'name:language'` in the registry). */
export interface RegisteredTemplateEntry {
  /**
   * `approved`, `flagged`, `paused`, `rejected`, …, in any case: a status `TEMPLATE_STATUSES`
   * holds as not sendable makes `template(name, language)` a compile error.
   */
  readonly status: string
  readonly header?: RegisteredHeaderEntry
  /** One `string` per placeholder of the body, `{{1}}` to `{{n}}`. */
  readonly body?: readonly string[]
  /** The buttons by their index in the template. */
  readonly buttons?: { readonly [index: number]: RegisteredButtonEntry }
  /** The cards of a carousel template, in order. */
  readonly cards?: readonly RegisteredCardEntry[]
  /** The template asks for permission to call (a `CALL_PERMISSION_REQUEST` component). */
  readonly callPermissionRequest?: true
  /** The template asks for contact details (a `REQUEST_CONTACT_INFO` button). */
  readonly requestContactInfo?: true
}

/**
 * The registered templates by `'name:language'`. A pulled declaration augments it; nothing else
 * should.
 *
 * @example
 * ```ts
 * // templates.d.ts, written by `chatapps templates pull --out templates.d.ts`
 * export {}
 * declare module '@chatapps/dsl' {
 *   interface RegisteredTemplates {
 *     'order_update:en_US': {
 *       status: 'approved'
 *       header: { format: 'image'; parameters: 1 }
 *       body: [string, string]
 *       buttons: {
 *         0: { type: 'URL'; subType: 'Url'; parameter: string }
 *         1: { type: 'QUICK_REPLY'; subType: 'QuickReply'; parameter?: string }
 *       }
 *     }
 *   }
 * }
 * // then
 * msg.to('+15551234567').template('order_update', 'en_US')
 *   .header({ type: 'image', url: 'https://shop.example/box.jpg' })
 *   .body('Jason', 'ORD-42')
 *   .urlButton(0, 'ORD-42')
 *   .build()
 * ```
 */
// biome-ignore lint/suspicious/noEmptyInterface: declarations merge into it
export interface RegisteredTemplates {}
