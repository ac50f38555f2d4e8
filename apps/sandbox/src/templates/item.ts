/**
 * 8x8's registered template item (one entry of `GET …/templates`), what `POST …/templates`
 * accepts, and how an accepted request becomes an item: 8x8 answers with upper-case component and
 * button types and capitalised header formats (`Image`), whatever case the request used, and
 * moves the request's `examples` into the item's `example` object.
 *
 * Shapes from 8x8's OpenAPI document (`Register template request`, `Registered template`):
 * https://github.com/8x8Cloud/public-developer-docs/blob/master/docs_oas/connect/business_messaging_api.json
 *
 * @module
 */
import type {
  RegisteredButton,
  RegisteredComponent,
  RegisteredTemplate,
} from '@chatapps/dsl/templates'
import * as v from 'valibot'

/**
 * One item of 8x8's `GET …/templates` answer as the sandbox lists it: `@chatapps/dsl`'s
 * {@link RegisteredTemplate} with every field 8x8 documents present.
 */
export type TemplateItem = RegisteredTemplate & {
  readonly channelName: string
  readonly languageName: string
  readonly category: string
  readonly categoryName: string
  readonly status: string
  readonly statusName: string
  readonly createdAt: string
  readonly updatedAt: string
}

/** 8x8's friendly names of Meta's template statuses (`statusName`). */
const STATUS_NAMES: Readonly<Record<string, string>> = {
  APPROVED: 'Approved',
  PENDING: 'Pending',
  REJECTED: 'Rejected',
  PAUSED: 'Paused',
  DISABLED: 'Disabled',
  FLAGGED: 'Flagged',
  IN_APPEAL: 'In appeal',
  PENDING_DELETION: 'Pending deletion',
}

/** The statuses the control route can set (Meta's template statuses). */
export const TEMPLATE_STATUSES = Object.keys(STATUS_NAMES) as readonly string[]

/** `statusName` for a status. */
export const statusName = (status: string): string => STATUS_NAMES[status] ?? status

const CATEGORY_NAMES: Readonly<Record<string, string>> = {
  UTILITY: 'Utility',
  MARKETING: 'Marketing',
  AUTHENTICATION: 'Authentication',
}

/** `languageName` for the language codes WhatsApp supports most; others show their code. */
const LANGUAGE_NAMES: Readonly<Record<string, string>> = {
  en: 'English',
  en_US: 'English (US)',
  en_GB: 'English (UK)',
  es: 'Spanish',
  es_MX: 'Spanish (MEX)',
  fr: 'French',
  de: 'German',
  id: 'Indonesian',
  it: 'Italian',
  ms: 'Malay',
  pt_BR: 'Portuguese (BR)',
  zh_CN: 'Chinese (CHN)',
}

/** `languageName` for a language code. */
export const languageName = (language: string): string => LANGUAGE_NAMES[language] ?? language

const Text = v.pipe(v.string(), v.minLength(1))

const ButtonSchema = v.looseObject({
  type: Text,
  text: v.exactOptional(v.pipe(v.string(), v.maxLength(25))),
  url: v.exactOptional(v.string()),
  phoneNumber: v.exactOptional(v.string()),
  examples: v.exactOptional(v.array(v.string())),
})

interface ComponentInput {
  type: string
  format?: string
  text?: string
  buttons?: v.InferOutput<typeof ButtonSchema>[]
  examples?: string[]
  cards?: { components: ComponentInput[] }[]
}

const ComponentSchema: v.GenericSchema<ComponentInput> = v.looseObject({
  type: Text,
  format: v.exactOptional(Text),
  text: v.exactOptional(v.string()),
  buttons: v.exactOptional(v.array(ButtonSchema)),
  examples: v.exactOptional(v.array(v.string())),
  cards: v.exactOptional(
    v.array(v.looseObject({ components: v.array(v.lazy(() => ComponentSchema)) })),
  ),
})

/**
 * What `POST …/templates` accepts: 8x8's required `language`, `name`, `category`, `components`.
 * Meta allows lower-case letters, digits and underscores in a name, up to 512 characters.
 */
export const AddTemplateSchema = v.looseObject({
  language: v.pipe(v.string(), v.regex(/^[a-z]{2,3}(_[A-Z]{2,3})?$/)),
  name: v.pipe(v.string(), v.regex(/^[a-z0-9_]{1,512}$/)),
  category: v.pipe(v.string(), v.toUpperCase(), v.picklist(Object.keys(CATEGORY_NAMES))),
  components: v.pipe(v.array(ComponentSchema), v.minLength(1)),
})

/** A valid `POST …/templates` body. */
export type AddTemplateRequest = v.InferOutput<typeof AddTemplateSchema>

const capitalise = (word: string): string =>
  word.charAt(0).toUpperCase() + word.slice(1).toLowerCase()

function buttonOf(button: v.InferOutput<typeof ButtonSchema>): RegisteredButton {
  const { examples, ...rest } = button
  return {
    ...rest,
    type: button.type.toUpperCase(),
    ...(examples !== undefined && { example: examples }),
  }
}

function componentOf(input: ComponentInput): RegisteredComponent {
  const type = input.type.toUpperCase()
  const media = input.format !== undefined && input.format.toUpperCase() !== 'TEXT'
  const examples = input.examples
  const example =
    examples === undefined
      ? undefined
      : type === 'BODY'
        ? { bodyText: examples }
        : media
          ? { headerHandle: examples }
          : { headerText: examples }
  return {
    type,
    ...(input.format !== undefined && { format: capitalise(input.format) }),
    ...(input.text !== undefined && { text: input.text }),
    ...(input.buttons !== undefined && { buttons: input.buttons.map(buttonOf) }),
    ...(input.cards !== undefined && {
      cards: input.cards.map((card) => ({ components: card.components.map(componentOf) })),
    }),
    ...(example !== undefined && { example }),
  }
}

/** The item 8x8 lists for an added template: `PENDING` until WhatsApp reviews it. */
export function itemOf(
  request: AddTemplateRequest,
  channel: { readonly channelId: string; readonly channelName: string },
  at: string,
): TemplateItem {
  return {
    channelId: channel.channelId,
    channelName: channel.channelName,
    templateName: request.name,
    language: request.language,
    languageName: languageName(request.language),
    components: request.components.map(componentOf),
    category: request.category,
    categoryName: CATEGORY_NAMES[request.category] ?? request.category,
    status: 'PENDING',
    statusName: statusName('PENDING'),
    createdAt: at,
    updatedAt: at,
  }
}
