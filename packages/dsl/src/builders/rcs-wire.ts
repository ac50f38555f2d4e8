/**
 * Assembles the content of an RCS rich card or carousel from its draft, frozen as it is made and
 * in 8x8's key order (separate from the builders, so that wire.ts imports no builder).
 *
 * @module
 */
import type { Draft, RcsDraft } from './draft'

const freeze = Object.freeze

const CARD_KEYS = [
  'cardOrientation',
  'thumbnailImageAlignment',
  'title',
  'description',
  'media',
] as const

/** @internal A card's keys that are set, in 8x8's order, then its chips. */
export function cardObject(parts: Readonly<Record<string, unknown>>, chips: unknown): unknown {
  const card: Record<string, unknown> = {}
  for (const key of CARD_KEYS) if (parts[key] !== undefined) card[key] = parts[key]
  if (chips !== undefined) card.suggestions = chips
  return freeze(card)
}

/** @internal `content` of a rich card. */
export function richCardContent(draft: Draft): unknown {
  const { parts, chips } = draft.rcs as RcsDraft
  return freeze({ richCard: cardObject(parts, chips === undefined ? chips : freeze(chips)) })
}

/** @internal `content` of a carousel. */
export function carouselContent(draft: Draft): unknown {
  const { parts, cards } = draft.rcs as RcsDraft
  return freeze({ carousel: freeze({ cardWidth: parts.cardWidth, cards: freeze([...cards]) }) })
}
