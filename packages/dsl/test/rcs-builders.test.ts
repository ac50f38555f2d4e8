/**
 * What the RCS chains emit, whole: each chip kind with its options, the card parts, message
 * chips on other kinds, and that builders stay immutable.
 */
import { describe, expect, test } from 'vitest'
import { type CardBuilder, msg, type Suggestion } from '../src/index'

const to = msg.to('+15551234567')
const user = { msisdn: '+15551234567' }
const IMAGE = 'https://example.com/card.png'

describe('suggestion chips', () => {
  test('each kind of chip, with its options, in 8x8 key order', () => {
    const built = to
      .text('Pick one')
      .suggestions((s) =>
        s
          .reply('Yes', 'yes')
          .dial('Call', 'call', '+6531234567', { fallbackUrl: 'https://example.com/call' })
          .viewLocation('Find us', 'map', { query: 'pizza near me' })
          .calendarEvent('Save the date', 'cal', {
            title: 'Launch',
            description: 'On stage',
            startTime: new Date(Date.UTC(2026, 11, 24, 18)),
            endTime: '2026-12-24T20:00:00+08:00',
          })
          .openUrl('Open', 'url', 'https://example.com/shop', {
            application: 'webview',
            webviewViewMode: 'half',
          })
          .openUrl('Site', 'site', 'https://example.com'),
      )
      .build()
    expect(JSON.stringify(built)).toBe(
      JSON.stringify({
        user,
        type: 'text',
        content: {
          text: 'Pick one',
          suggestions: [
            { reply: { text: 'Yes', postbackData: 'yes' } },
            {
              action: {
                text: 'Call',
                postbackData: 'call',
                fallbackUrl: 'https://example.com/call',
                dialAction: { phoneNumber: '+6531234567' },
              },
            },
            {
              action: {
                text: 'Find us',
                postbackData: 'map',
                viewLocationAction: { query: 'pizza near me' },
              },
            },
            {
              action: {
                text: 'Save the date',
                postbackData: 'cal',
                createCalendarEventAction: {
                  title: 'Launch',
                  description: 'On stage',
                  startTime: '2026-12-24T18:00:00.000Z',
                  endTime: '2026-12-24T20:00:00+08:00',
                },
              },
            },
            {
              action: {
                text: 'Open',
                postbackData: 'url',
                openUrlAction: {
                  url: 'https://example.com/shop',
                  application: 'WEBVIEW',
                  webviewViewMode: 'HALF',
                },
              },
            },
            {
              action: {
                text: 'Site',
                postbackData: 'site',
                openUrlAction: { url: 'https://example.com' },
              },
            },
          ],
        },
      }),
    )
  })

  test('chips go on media and location messages too, after their content', () => {
    expect(
      to
        .image(IMAGE, { caption: 'New in' })
        .suggestions([{ reply: { text: 'More', postbackData: 'more' } }])
        .build().content,
    ).toStrictEqual({
      url: IMAGE,
      text: 'New in',
      suggestions: [{ reply: { text: 'More', postbackData: 'more' } }],
    })
    expect(
      to
        .location({ latitude: 1.2857, longitude: 103.8479 })
        .suggestions((s) => s.reply('Directions', 'dir'))
        .build().content,
    ).toStrictEqual({
      location: { latitude: 1.2857, longitude: 103.8479 },
      suggestions: [{ reply: { text: 'Directions', postbackData: 'dir' } }],
    })
  })

  test('.suggestions() again replaces the chips; the first builder keeps its own', () => {
    const one = to.text('Hi').suggestions((s) => s.reply('A', 'a'))
    const two = one.suggestions((s) => s.reply('B', 'b'))
    expect(one.build().content.suggestions).toStrictEqual([
      { reply: { text: 'A', postbackData: 'a' } },
    ])
    expect(two.build().content.suggestions).toStrictEqual([
      { reply: { text: 'B', postbackData: 'b' } },
    ])
  })

  test('an array of chips is copied: changing it later does not change the message', () => {
    const chips: Suggestion[] = [{ reply: { text: 'A', postbackData: 'a' } }]
    const builder = to.text('Hi').suggestions(chips)
    ;(chips[0] as { reply: { text: string } }).reply.text = 'Changed'
    chips.push({ reply: { text: 'B', postbackData: 'b' } })
    expect(builder.build().content.suggestions).toStrictEqual([
      { reply: { text: 'A', postbackData: 'a' } },
    ])
  })

  test('a message with chips is frozen, chips and all', () => {
    const built = to
      .text('Hi')
      .suggestions((s) => s.dial('Call', 'c', '+6531234567'))
      .build()
    expect(Object.isFrozen(built.content)).toBe(true)
    expect(Object.isFrozen(built.content.suggestions)).toBe(true)
    expect(Object.isFrozen(built.content.suggestions?.[0])).toBe(true)
  })
})

describe('rich cards', () => {
  test('a horizontal card with every part, and the chip array appended to single chips', () => {
    const built = to
      .richCard({ orientation: 'horizontal', thumbnailAlignment: 'left' })
      .media('https://example.com/clip.mp4', {
        height: 'tall',
        thumbnailUrl: IMAGE,
        forceRefresh: true,
      })
      .description('Two minutes on the new app')
      .title('Watch')
      .reply('Later', 'later')
      .chips([{ reply: { text: 'Now', postbackData: 'now' } }])
      .clientMessageId('card-1')
      .build()
    expect(JSON.stringify(built)).toBe(
      JSON.stringify({
        user,
        type: 'richCard',
        content: {
          richCard: {
            cardOrientation: 'horizontal',
            thumbnailImageAlignment: 'left',
            title: 'Watch',
            description: 'Two minutes on the new app',
            media: {
              height: 'tall',
              contentInfo: {
                fileUrl: 'https://example.com/clip.mp4',
                thumbnailUrl: IMAGE,
                forceRefresh: true,
              },
            },
            suggestions: [
              { reply: { text: 'Later', postbackData: 'later' } },
              { reply: { text: 'Now', postbackData: 'now' } },
            ],
          },
        },
        clientMessageId: 'card-1',
      }),
    )
  })

  test('the smallest card: an orientation and media', () => {
    expect(to.richCard({ orientation: 'vertical' }).media(IMAGE).build()).toStrictEqual({
      user,
      type: 'richCard',
      content: {
        richCard: { cardOrientation: 'vertical', media: { contentInfo: { fileUrl: IMAGE } } },
      },
    })
  })

  test('a card kept as a base can be branched', () => {
    const base = to.richCard({ orientation: 'vertical' }).media(IMAGE).reply('Yes', 'yes')
    const a = base.title('A').reply('No', 'no')
    const b = base.title('B')
    expect(a.build().content.richCard.suggestions).toHaveLength(2)
    expect(b.build().content.richCard).toStrictEqual({
      cardOrientation: 'vertical',
      title: 'B',
      media: { contentInfo: { fileUrl: IMAGE } },
      suggestions: [{ reply: { text: 'Yes', postbackData: 'yes' } }],
    })
    expect(JSON.parse(JSON.stringify(b))).toStrictEqual(b.build())
  })
})

describe('carousels', () => {
  test('cards built by functions and given as data, with message chips', () => {
    const card = (name: string) => (c: CardBuilder) =>
      c.media(`https://example.com/${name}.png`).title(name).reply(`Choose ${name}`, name)
    const carousel = to.carousel({ cardWidth: 'small' })
    const built = carousel
      .card(card('Starter'))
      .cards([{ media: { contentInfo: { fileUrl: IMAGE } }, description: 'Data' }])
      .card(card('Business'))
      .suggestions((s) => s.reply('None of these', 'none'))
      .build()
    expect(built).toStrictEqual({
      user,
      type: 'carousel',
      content: {
        carousel: {
          cardWidth: 'small',
          cards: [
            {
              title: 'Starter',
              media: { contentInfo: { fileUrl: 'https://example.com/Starter.png' } },
              suggestions: [{ reply: { text: 'Choose Starter', postbackData: 'Starter' } }],
            },
            { description: 'Data', media: { contentInfo: { fileUrl: IMAGE } } },
            {
              title: 'Business',
              media: { contentInfo: { fileUrl: 'https://example.com/Business.png' } },
              suggestions: [{ reply: { text: 'Choose Business', postbackData: 'Business' } }],
            },
          ],
        },
        suggestions: [{ reply: { text: 'None of these', postbackData: 'none' } }],
      },
    })
  })

  test('one card function builds the same card every time (card builders are immutable)', () => {
    const base = to.carousel({ cardWidth: 'medium' }).card((c) => c.media(IMAGE).reply('A', 'a'))
    const first = base.card((c) => c.media(IMAGE)).build()
    const second = base.card((c) => c.media(IMAGE).title('T')).build()
    expect(first.content.carousel.cards).toHaveLength(2)
    expect(second.content.carousel.cards[0]).toStrictEqual(first.content.carousel.cards[0])
    expect(second.content.carousel.cards[1]).toStrictEqual({
      title: 'T',
      media: { contentInfo: { fileUrl: IMAGE } },
    })
  })
})
