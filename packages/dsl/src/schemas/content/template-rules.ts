/**
 * The rules of a template's components that span several of them or depend on a button's
 * sub-type, as 8x8's schema text states them (components[].index, .subType, .cards and the
 * parameter `type` descriptions): each issue points at the offending component.
 *
 * @module
 */
import * as v from 'valibot'
import { LIMITS } from '../../limits'
import { reportAt } from '../interactive/parts'

/** A component as the schema emits it (sub-types and types already in 8x8's spelling). */
interface Component {
  type?: string
  subType?: string
  index?: number
  parameters?: readonly { type: string }[]
  cards?: readonly { cardIndex: number; components: readonly Component[] }[]
}

/** Reports the second and later of values that repeat. */
function unique(
  add: (keys: (string | number)[], message: string) => void,
  values: readonly { key: unknown; at: (string | number)[] }[],
  message: string,
): void {
  const seen = new Set<unknown>()
  for (const { key, at } of values) {
    if (seen.has(key)) add(at, message)
    seen.add(key)
  }
}

/** Checks the buttons of a template, or of one carousel card (`at` is where they are). */
function checkButtons(
  add: (keys: (string | number)[], message: string) => void,
  components: readonly Component[],
  at: (string | number)[],
): void {
  const buttons: { key: unknown; at: (string | number)[] }[] = []
  let urls = 0
  components.forEach((component, c) => {
    if (component.type !== 'button') return
    const path = [...at, c]
    if (component.subType === undefined)
      add([...path, 'subType'], 'Invalid button: a button component needs its subType')
    if (component.index === undefined)
      add([...path, 'index'], 'Invalid button: a button component needs its index')
    else buttons.push({ key: component.index, at: [...path, 'index'] })
    const parameters = component.parameters ?? []
    if (component.subType !== 'VoiceCall' && parameters.length === 0)
      add(path, `Invalid button: a ${component.subType ?? ''} button needs a parameter`)
    parameters.forEach((parameter, p) => {
      if (parameter.type === 'ttlMinutes' && component.subType !== 'VoiceCall')
        add(
          [...path, 'parameters', p],
          'Invalid parameter: ttlMinutes is for VoiceCall buttons only',
        )
    })
    if (component.subType === 'Url' && ++urls > LIMITS.templateUrlButtons.max)
      add(
        path,
        `Invalid button: a template has at most ${LIMITS.templateUrlButtons.max} Url buttons`,
      )
  })
  unique(add, buttons, 'Invalid index: two buttons have the same index')
}

/** @internal The cross-component rules of `template.components`. */
export function templateRules<TComponents extends readonly Component[]>() {
  return v.rawCheck<TComponents>(({ dataset, addIssue }) => {
    if (!dataset.typed) return
    const components = dataset.value
    const add = (keys: (string | number)[], message: string) =>
      reportAt(addIssue, components, keys, message)
    checkButtons(add, components, [])
    const once = components.flatMap((component, c) =>
      component.type === 'button' ? [] : [{ key: component.type ?? 'body', at: [c] }],
    )
    unique(add, once, 'Invalid component: a template has one component of each type but button')
    components.forEach((component, c) => {
      if (component.type !== 'carousel') return
      const cards = component.cards
      const { min, max } = LIMITS.templateCarouselCards
      if (cards === undefined || cards.length < min || cards.length > max) {
        add([c], `Invalid carousel: a carousel holds ${min} to ${max} cards`)
        return
      }
      const indexes = cards.map((card, i) => ({ key: card.cardIndex, at: [c, 'cards', i] }))
      unique(add, indexes, 'Invalid card: two cards have the same cardIndex')
      cards.forEach((card, i) => {
        checkButtons(add, card.components, [c, 'cards', i, 'components'])
      })
    })
  })
}
