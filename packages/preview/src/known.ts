/**
 * The registered templates of `options.templates`, read leniently: options may come from
 * unchecked JavaScript or JSON, and the renderer must not throw on them.
 *
 * @module
 */
import type { KnownTemplate, RegisteredButton, RegisteredComponent } from '@chatapps/dsl/templates'
import { arr, asObj, str } from './read'

/** The string fields of a value, by name, when they are strings. */
function strings<K extends string>(value: unknown, keys: readonly K[]): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {}
  for (const key of keys) {
    const item = asObj(value)?.[key]
    if (typeof item === 'string') out[key] = item
  }
  return out
}

function button(value: unknown): RegisteredButton[] {
  const type = asObj(value)?.type
  if (typeof type !== 'string') return []
  return [{ ...strings(value, ['text', 'url', 'phoneNumber']), type }]
}

type CardComponent = NonNullable<RegisteredComponent['cards']>[number]

function component(value: unknown): RegisteredComponent[] {
  const type = asObj(value)?.type
  if (typeof type !== 'string') return []
  return [{ ...parts(value), type, ...cards(value) }]
}

/** The text, format and buttons of a component or a card's component. */
function parts(value: unknown) {
  const buttons = asObj(value)?.buttons
  return {
    ...strings(value, ['format', 'text']),
    ...(Array.isArray(buttons) ? { buttons: buttons.flatMap(button) } : {}),
  }
}

function cards(value: unknown): { cards?: CardComponent[] } {
  const list = asObj(value)?.cards
  if (!Array.isArray(list)) return {}
  return {
    cards: list.flatMap((card): CardComponent[] => {
      if (asObj(card) === undefined) return []
      const inner = asObj(card)?.components
      const components = Array.isArray(inner)
        ? { components: inner.flatMap((c) => component(c).map(({ cards: _, ...rest }) => rest)) }
        : {}
      return [{ ...parts(card), ...strings(card, ['type']), ...components }]
    }),
  }
}

/**
 * @internal A registered template as `fillTemplate` needs it, keeping only fields of the right
 * type; `undefined` when it has no name, language or components.
 */
export function readKnown(value: unknown): KnownTemplate | undefined {
  const { name, language, status } = strings(value, ['name', 'language', 'status'])
  const components = asObj(value)?.components
  if (name === undefined || language === undefined || !Array.isArray(components)) return undefined
  return {
    name,
    language,
    // The gateway's items say it in lower case; 8x8's items go through knownTemplate.
    status: (status ?? 'approved').toLowerCase(),
    components: arr(value, 'components').flatMap(component),
  }
}

/** @internal The registered template a send names (its name and language), if the list has it. */
export function findKnown(
  templates: unknown,
  name: string,
  language: string,
): KnownTemplate | undefined {
  if (!Array.isArray(templates)) return undefined
  for (const item of templates) {
    if (str(item, 'name') !== name || str(item, 'language') !== language) continue
    const known = readKnown(item)
    if (known !== undefined) return known
  }
  return undefined
}
