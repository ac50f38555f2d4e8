/**
 * How `template(name, language)` reads the registry: which names and languages it takes, the
 * rule a wrong one breaks, and the builder it returns. With an empty registry every type here is
 * today's (`string`, no check, {@link TemplateBuilder}).
 *
 * @module
 */
import type { DslTypeError } from '../internal/type-error'
import type { RegisteredTemplates } from '../registered-templates'
import type { UnsendableTemplateStatus } from '../templates/status'
import type { TemplateBuilder } from './template'
import type { InitialNeeds, RegisteredTemplateBuilder } from './template-registered'

type Key = keyof RegisteredTemplates & string

/** Whether a pulled declaration filled the registry. */
type Registered = [Key] extends [never] ? false : true

type NameOf<TKey> = TKey extends `${infer TName}:${string}` ? TName : never
type LanguageOf<TKey, TName extends string> = TKey extends `${TName}:${infer TLanguage}`
  ? TLanguage
  : never

/** The names `template()` suggests: the registered ones, or any string. */
export type TemplateName = Registered extends true ? NameOf<Key> | (string & {}) : string

/** The languages `template()` suggests for a name. */
export type TemplateLanguage<TName extends string> = Registered extends true
  ? LanguageOf<Key, TName> | (string & {})
  : string

/** A name the registry does not hold. */
export type UnknownTemplateName<TName extends string> =
  `No template ${TName} is registered: check the name, or pull the templates again (chatapps templates pull)`

/** A language the registry does not hold for a name it holds. */
export type UnknownTemplateLanguage<
  TName extends string,
  TLanguage extends string,
> = `Template ${TName} is not registered in ${TLanguage}`

/**
 * A registered template WhatsApp does not send (paused, rejected, pending, …): the statuses of
 * `TEMPLATE_STATUSES` that are not sendable. Approved and flagged ones, and a status the table
 * does not know, compile, as the gateway's check takes them.
 */
export type TemplateNotApproved<
  TName extends string,
  TLanguage extends string,
  TStatus,
> = `Template ${TName} (${TLanguage}) is ${TStatus & string}: only an approved template can be sent`

/**
 * The check of a name: `unknown` when registered (or not a literal, or no registry), else the
 * rule, which `tsc` quotes.
 */
export type CheckName<TName extends string> = Registered extends false
  ? unknown
  : string extends TName
    ? unknown
    : TName extends NameOf<Key>
      ? unknown
      : DslTypeError<UnknownTemplateName<TName>>

/** The check of a language (for a registered name), and of the pair's status. */
export type CheckLanguage<TName extends string, TLanguage extends string> = Registered extends false
  ? unknown
  : string extends TName | TLanguage
    ? unknown
    : TName extends NameOf<Key>
      ? `${TName}:${TLanguage}` extends Key
        ? Lowercase<
            RegisteredTemplates[`${TName}:${TLanguage}`]['status']
          > extends UnsendableTemplateStatus
          ? DslTypeError<
              TemplateNotApproved<
                TName,
                TLanguage,
                RegisteredTemplates[`${TName}:${TLanguage}`]['status']
              >
            >
          : unknown
        : DslTypeError<UnknownTemplateLanguage<TName, TLanguage>>
      : unknown

/**
 * The builder of `template(name, language)`: typed from the registry for a registered pair, else
 * {@link TemplateBuilder} (no registry, a name or language known only at run time, or an error
 * already reported on the arguments).
 */
export type TemplateFor<TName extends string, TLanguage extends string> = Registered extends false
  ? TemplateBuilder
  : `${TName}:${TLanguage}` extends infer TKey extends Key
    ? string extends TKey
      ? TemplateBuilder
      : RegisteredTemplateBuilder<TKey, InitialNeeds<RegisteredTemplates[TKey]>>
    : TemplateBuilder
