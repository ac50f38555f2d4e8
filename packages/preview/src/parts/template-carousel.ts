/**
 * A template's `carousel` component: its cards side by side, scrolling sideways like an RCS
 * carousel, each with its own parameters (header media, body values, buttons).
 *
 * @module
 */
import { arr, str } from '../read'
import { code } from './common'

/**
 * @internal The cards of a template's carousel components, or `''` when it has none.
 *
 * @param carousels The carousel components and their paths.
 * @param cardParameters Draws one card's parameters, given the card and its path.
 */
export function templateCarousels(
  carousels: readonly { readonly raw: unknown; readonly path: string }[],
  cardParameters: (card: unknown, path: string) => string,
): string {
  return carousels
    .map(({ raw, path }) => {
      const cards = arr(raw, 'cards')
      const items = cards.map(
        (card, k) =>
          `<li class="cap-card"><p class="cap-note">Card ${code(str(card, 'cardIndex') ?? String(k))}</p>${cardParameters(card, `${path}.cards.${k}`)}</li>`,
      )
      return `<ul class="cap-carousel" aria-label="Carousel of ${cards.length} cards">${items.join('')}</ul>`
    })
    .join('')
}
