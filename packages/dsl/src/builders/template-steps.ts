/**
 * How a template's calls become its `components`, in the order they were made. A carousel is a
 * chain of cards: `.card()` opens the next card (and the carousel with the first), and the
 * header, body and button calls after it go into that card. Everything is made fresh on every
 * replay, so that branches of one chain never share a mutable object.
 *
 * @module
 */

interface Carousel {
  type: 'carousel'
  cards: { cardIndex: number; components: unknown[] }[]
}

const isCarousel = (value: unknown): value is Carousel =>
  (value as Carousel | undefined)?.type === 'carousel'

/** @internal Records a template component or card into the draft's components. */
export function applyTemplateStep(
  components: unknown[],
  step:
    | { readonly op: 'component'; readonly component: object; readonly card: boolean }
    | {
        readonly op: 'card'
      },
): void {
  let last = components[components.length - 1]
  if (step.op === 'component' && !step.card) {
    components.push(step.component)
    return
  }
  if (!isCarousel(last)) {
    last = { type: 'carousel', cards: [] }
    components.push(last)
  }
  const { cards } = last as Carousel
  if (step.op === 'card') cards.push({ cardIndex: cards.length, components: [] })
  else cards[cards.length - 1]?.components.push(step.component)
}
