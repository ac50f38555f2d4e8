/**
 * The RCS chains' compile-time rules and output types. These run under the type checker: an
 * unused `@ts-expect-error` is itself an error, so a rule that stops holding fails the suite.
 */
import { describe, expectTypeOf, test } from 'vitest'
import {
  type CardBuilder,
  type CarouselBuilder,
  type CarouselMessage,
  msg,
  type RichCardBuilder,
  type RichCardMessage,
  type TextMessage,
} from '../src/index'

const to = msg.to('+15551234567')
const url = 'https://example.com/card.png'

describe('rich cards', () => {
  test('four chips on a card compile; a fifth does not, of any kind', () => {
    const four = to
      .richCard({ orientation: 'vertical' })
      .media(url)
      .reply('1', '1')
      .dial('2', '2', '+6531234567')
      .viewLocation('3', '3', { query: 'pizza' })
      .openUrl('4', '4', url)
    expectTypeOf(four).toEqualTypeOf<RichCardBuilder<4, true>>()
    // @ts-expect-error A card holds at most 4 suggestions
    four.reply('5', '5')
    // @ts-expect-error A card holds at most 4 suggestions
    four.calendarEvent('5', '5', { title: 'T', startTime: new Date(), endTime: new Date() })
    // Chips from data are counted when building, so they always compile.
    expectTypeOf(four.chips([])).toEqualTypeOf<RichCardBuilder<number, true>>()
  })

  test('.build() needs media, and .media() is called once', () => {
    // @ts-expect-error A rich card needs media
    to.richCard({ orientation: 'vertical' }).title('T').build()
    expectTypeOf(
      to.richCard({ orientation: 'vertical' }).media(url).build(),
    ).toEqualTypeOf<RichCardMessage>()
    // @ts-expect-error A card holds exactly one media
    to.richCard({ orientation: 'vertical' }).media(url).media(url)
  })

  test('the thumbnail alignment is for horizontal cards only', () => {
    to.richCard({ orientation: 'horizontal', thumbnailAlignment: 'right' })
    // @ts-expect-error Alignment applies to horizontal cards
    to.richCard({ orientation: 'vertical', thumbnailAlignment: 'right' })
  })

  test('options take the words of the chain, not 8x8 enum spellings', () => {
    const card = to.richCard({ orientation: 'vertical' }).media(url)
    card.openUrl('Go', 'go', url, { application: 'webview', webviewViewMode: 'tall' })
    // @ts-expect-error 'WEBVIEW' is what the wire says; the chain says 'webview'
    card.openUrl('Go', 'go', url, { application: 'WEBVIEW' })
    // @ts-expect-error a location is a point or a query, not both
    card.viewLocation('Map', 'm', { latitude: 1, longitude: 2, query: 'pizza' })
  })
})

describe('carousels', () => {
  test('.build() needs two cards; an eleventh does not compile', () => {
    const one = to.carousel({ cardWidth: 'small' }).card((c) => c.media(url))
    // @ts-expect-error A carousel needs at least 2 cards
    one.build()
    const two = one.card((c) => c.media(url).reply('A', 'a'))
    expectTypeOf(two).toEqualTypeOf<CarouselBuilder<2>>()
    expectTypeOf(two.build()).toEqualTypeOf<CarouselMessage>()
    const full = two
      .card((c) => c.media(url))
      .card((c) => c.media(url))
      .card((c) => c.media(url))
      .card((c) => c.media(url))
      .card((c) => c.media(url))
      .card((c) => c.media(url))
      .card((c) => c.media(url))
      .card((c) => c.media(url))
    expectTypeOf(full).toEqualTypeOf<CarouselBuilder<10>>()
    // @ts-expect-error A carousel holds at most 10 cards
    full.card((c) => c.media(url))
    // Cards from data are counted when building, so they always compile.
    expectTypeOf(full.cards([])).toEqualTypeOf<CarouselBuilder<number>>()
    expectTypeOf(
      full
        .cards([])
        .card((c) => c.media(url))
        .build(),
    ).toEqualTypeOf<CarouselMessage>()
  })

  test('a card must have media, and holds at most 4 chips', () => {
    // @ts-expect-error A card holds exactly one media: this one has none
    to.carousel({ cardWidth: 'small' }).card((c) => c.title('No media'))
    to.carousel({ cardWidth: 'small' }).card((c) =>
      c
        .media(url)
        .reply('1', '1')
        .reply('2', '2')
        .reply('3', '3')
        .reply('4', '4')
        // @ts-expect-error A card holds at most 4 suggestions
        .reply('5', '5'),
    )
    expectTypeOf<CardBuilder>().toEqualTypeOf<CardBuilder<0, false>>()
  })
})

describe('message chips', () => {
  test('on text: ten compile, an eleventh does not', () => {
    const text = to
      .text('Hi')
      .suggestions((s) =>
        s
          .reply('1', '1')
          .reply('2', '2')
          .reply('3', '3')
          .reply('4', '4')
          .reply('5', '5')
          .reply('6', '6')
          .reply('7', '7')
          .reply('8', '8')
          .reply('9', '9')
          .reply('10', '10'),
      )
    expectTypeOf(text.build()).toEqualTypeOf<TextMessage>()
    to.text('Hi').suggestions((s) =>
      s
        .reply('1', '1')
        .reply('2', '2')
        .reply('3', '3')
        .reply('4', '4')
        .reply('5', '5')
        .reply('6', '6')
        .reply('7', '7')
        .reply('8', '8')
        .reply('9', '9')
        .reply('10', '10')
        // @ts-expect-error A message holds at most 10 suggestions
        .reply('11', '11'),
    )
  })

  test('the interactive builders do not offer them (WhatsApp shows no chips)', () => {
    // @ts-expect-error no .suggestions() on reply buttons
    to.buttons().suggestions([])
  })
})
