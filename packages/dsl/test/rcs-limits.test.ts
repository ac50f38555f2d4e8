/**
 * The RCS limits of 8x8's schema (LIMITS.rcs*): a value exactly at each bound passes and one past
 * it fails, with the exact issue path; and the rules its descriptions state.
 */
import { describe, expect, test } from 'vitest'
import { type DslResult, LIMITS, type Suggestion, safeParseMessage } from '../src/index'
import { chars, expectIssuesAt, expectValid, to } from './helpers'

const IMAGE = 'https://example.com/card.png'
const card = () => to.richCard({ orientation: 'vertical' }).media(IMAGE)
const replies = (count: number): Suggestion[] =>
  Array.from({ length: count }, (_, i) => ({ reply: { text: `R${i}`, postbackData: `r${i}` } }))
const cards = (count: number) =>
  Array.from({ length: count }, (_, i) => ({
    title: `C${i}`,
    media: { contentInfo: { fileUrl: IMAGE } },
  }))

interface Rule {
  readonly rule: string
  readonly atLimit: () => { safeBuild(): DslResult<unknown> }
  readonly pastLimit: () => { safeBuild(): DslResult<unknown> }
  readonly paths: string[]
}

const C = 'content.richCard'
const S = 'content.suggestions.0.action'
const rules: Rule[] = [
  {
    rule: 'chips on a card ≤ 4',
    atLimit: () => card().chips(replies(LIMITS.rcsCardSuggestions.max)),
    pastLimit: () => card().chips(replies(5)),
    paths: [`${C}.suggestions`],
  },
  {
    rule: 'chips on a message ≤ 10',
    atLimit: () => to.text('Hi').suggestions(replies(LIMITS.rcsSuggestions.max)),
    pastLimit: () => to.text('Hi').suggestions(replies(11)),
    paths: ['content.suggestions'],
  },
  {
    rule: 'carousel cards ≥ 2',
    atLimit: () => to.carousel({ cardWidth: 'small' }).cards(cards(LIMITS.rcsCarouselCards.min)),
    pastLimit: () => to.carousel({ cardWidth: 'small' }).cards(cards(1)),
    paths: ['content.carousel.cards'],
  },
  {
    rule: 'carousel cards ≤ 10',
    atLimit: () => to.carousel({ cardWidth: 'small' }).cards(cards(LIMITS.rcsCarouselCards.max)),
    pastLimit: () => to.carousel({ cardWidth: 'small' }).cards(cards(11)),
    paths: ['content.carousel.cards'],
  },
  {
    rule: 'card title ≤ 200',
    atLimit: () => card().title(chars(LIMITS.rcsCardTitle.max)),
    pastLimit: () => card().title(chars(201)),
    paths: [`${C}.title`],
  },
  {
    rule: 'card description ≤ 2,000',
    atLimit: () => card().description(chars(LIMITS.rcsCardDescription.max)),
    pastLimit: () => card().description(chars(2001)),
    paths: [`${C}.description`],
  },
  {
    rule: 'a carousel card title ≤ 200',
    atLimit: () =>
      to
        .carousel({ cardWidth: 'medium' })
        .card((c) => c.media(IMAGE).title(chars(200)))
        .card((c) => c.media(IMAGE)),
    pastLimit: () =>
      to
        .carousel({ cardWidth: 'medium' })
        .card((c) => c.media(IMAGE))
        .card((c) => c.media(IMAGE).title(chars(201))),
    paths: ['content.carousel.cards.1.title'],
  },
  {
    rule: 'chip text ≤ 25',
    atLimit: () => card().reply(chars(LIMITS.rcsSuggestionText.max), 'p'),
    pastLimit: () => card().reply(chars(26), 'p'),
    paths: [`${C}.suggestions.0.reply.text`],
  },
  {
    rule: 'chip text not empty',
    atLimit: () => card().reply('a', 'p'),
    pastLimit: () => card().reply('', 'p'),
    paths: [`${C}.suggestions.0.reply.text`],
  },
  {
    rule: 'postback data ≤ 2,048',
    atLimit: () => card().dial('Call', chars(LIMITS.rcsPostbackData.max), '+6531234567'),
    pastLimit: () => card().dial('Call', chars(2049), '+6531234567'),
    paths: [`${C}.suggestions.0.action.postbackData`],
  },
  {
    rule: 'location label ≤ 100',
    atLimit: () =>
      to
        .text('Hi')
        .suggestions((s) =>
          s.viewLocation('Map', 'm', { latitude: 1, longitude: 2, label: chars(100) }),
        ),
    pastLimit: () =>
      to
        .text('Hi')
        .suggestions((s) =>
          s.viewLocation('Map', 'm', { latitude: 1, longitude: 2, label: chars(101) }),
        ),
    paths: [`${S}.viewLocationAction.label`],
  },
  {
    rule: 'location query ≤ 200',
    atLimit: () =>
      to.text('Hi').suggestions((s) => s.viewLocation('Map', 'm', { query: chars(200) })),
    pastLimit: () =>
      to.text('Hi').suggestions((s) => s.viewLocation('Map', 'm', { query: chars(201) })),
    paths: [`${S}.viewLocationAction.query`],
  },
  {
    rule: 'latitude −90..90',
    atLimit: () =>
      to
        .text('Hi')
        .suggestions((s) => s.viewLocation('Map', 'm', { latitude: -90, longitude: 180 })),
    pastLimit: () =>
      to
        .text('Hi')
        .suggestions((s) => s.viewLocation('Map', 'm', { latitude: 90.5, longitude: 180 })),
    paths: [`${S}.viewLocationAction.latLong.latitude`],
  },
  {
    rule: 'calendar event title ≤ 100',
    atLimit: () =>
      card().calendarEvent('Add', 'a', {
        title: chars(LIMITS.rcsCalendarTitle.max),
        startTime: '2026-12-24T18:00:00Z',
        endTime: '2026-12-24T20:00:00Z',
      }),
    pastLimit: () =>
      card().calendarEvent('Add', 'a', {
        title: chars(101),
        startTime: '2026-12-24T18:00:00Z',
        endTime: '2026-12-24T20:00:00Z',
      }),
    paths: [`${C}.suggestions.0.action.createCalendarEventAction.title`],
  },
  {
    rule: 'calendar event description ≤ 500',
    atLimit: () =>
      card().calendarEvent('Add', 'a', {
        title: 'Party',
        description: chars(LIMITS.rcsCalendarDescription.max),
        startTime: '2026-12-24T18:00:00Z',
        endTime: '2026-12-24T20:00:00Z',
      }),
    pastLimit: () =>
      card().calendarEvent('Add', 'a', {
        title: 'Party',
        description: chars(501),
        startTime: '2026-12-24T18:00:00Z',
        endTime: '2026-12-24T20:00:00Z',
      }),
    paths: [`${C}.suggestions.0.action.createCalendarEventAction.description`],
  },
  {
    rule: 'calendar event times are RFC 3339',
    atLimit: () =>
      card().calendarEvent('Add', 'a', {
        title: 'Party',
        startTime: '2014-10-02T15:01:23.045123456Z',
        endTime: '2014-10-02T15:01:23+05:30',
      }),
    pastLimit: () =>
      card().calendarEvent('Add', 'a', {
        title: 'Party',
        startTime: '2014-10-02',
        endTime: new Date(Number.NaN),
      }),
    paths: [
      `${C}.suggestions.0.action.createCalendarEventAction.startTime`,
      `${C}.suggestions.0.action.createCalendarEventAction.endTime`,
    ],
  },
  {
    rule: 'open-URL URL ≤ 2,048',
    atLimit: () =>
      card().openUrl('Open', 'o', `https://example.com/${chars(LIMITS.rcsUrl.max - 20)}`),
    pastLimit: () => card().openUrl('Open', 'o', `https://example.com/${chars(2048 - 19)}`),
    paths: [`${C}.suggestions.0.action.openUrlAction.url`],
  },
  {
    rule: 'open-URL description ≤ 2,048',
    atLimit: () =>
      card().openUrl('Open', 'o', IMAGE, { description: chars(LIMITS.rcsUrlDescription.max) }),
    pastLimit: () => card().openUrl('Open', 'o', IMAGE, { description: chars(2049) }),
    paths: [`${C}.suggestions.0.action.openUrlAction.description`],
  },
  {
    rule: 'dial numbers are E.164',
    atLimit: () => card().dial('Call', 'c', '+123456789012345'),
    pastLimit: () => card().dial('Call', 'c', '6531234567'),
    paths: [`${C}.suggestions.0.action.dialAction.phoneNumber`],
  },
  {
    rule: 'fallback URLs are absolute http(s) URLs',
    atLimit: () => card().dial('Call', 'c', '+6531234567', { fallbackUrl: 'https://example.com' }),
    pastLimit: () => card().dial('Call', 'c', '+6531234567', { fallbackUrl: '/call' }),
    paths: [`${C}.suggestions.0.action.fallbackUrl`],
  },
  {
    rule: 'card media is an absolute http(s) URL',
    atLimit: () => to.richCard({ orientation: 'vertical' }).media('http://example.com/a.png'),
    pastLimit: () => to.richCard({ orientation: 'vertical' }).media('example.com/a.png'),
    paths: [`${C}.media.contentInfo.fileUrl`],
  },
]

describe.each(rules)('$rule', ({ atLimit, pastLimit, paths }) => {
  test('a value exactly at the limit passes', () => {
    expectValid(atLimit().safeBuild())
  })
  test('a value past it fails, with the exact path', () => {
    expectIssuesAt(pastLimit().safeBuild(), paths)
  })
})

describe('the rules 8x8 states in words', () => {
  const action = (fields: object) =>
    safeParseMessage({
      user: { msisdn: '+15551234567' },
      type: 'text',
      content: {
        text: 'Hi',
        suggestions: [{ action: { text: 'Go', postbackData: 'go', ...fields } }],
      },
    })

  test('an action chip holds exactly one action', () => {
    const none = action({ fallbackUrl: 'https://example.com' })
    const two = action({
      dialAction: { phoneNumber: '+6531234567' },
      openUrlAction: { url: IMAGE },
    })
    for (const result of [none, two]) {
      expect(result.success).toBe(false)
      expect(result.issues?.map(({ path, message }) => ({ path, message }))).toStrictEqual([
        {
          path: 'content.suggestions.0.action',
          message:
            'Invalid action: expected exactly one of dialAction, viewLocationAction, createCalendarEventAction, openUrlAction',
        },
      ])
    }
    expectValid(action({ dialAction: { phoneNumber: '+6531234567' } }))
  })

  test('a location is a point or a query, not both and not neither', () => {
    const both = action({
      viewLocationAction: { latLong: { latitude: 1, longitude: 2 }, query: 'pizza' },
    })
    const neither = action({ viewLocationAction: { label: 'Somewhere' } })
    for (const result of [both, neither]) {
      expect(result.issues?.map(({ path, message }) => ({ path, message }))).toStrictEqual([
        {
          path: 'content.suggestions.0.action.viewLocationAction',
          message: 'Invalid location: expected either latLong or query',
        },
      ])
    }
  })

  test('a card without media is reported at its path', () => {
    const result = to
      .carousel({ cardWidth: 'small' })
      .cards([{ title: 'No media' } as never, ...cards(1)])
      .safeBuild()
    expectIssuesAt(result, ['content.carousel.cards.0.media'])
  })

  test('a carousel card function that returns no card is reported, not thrown', () => {
    const result = to
      .carousel({ cardWidth: 'small' })
      .card(() => undefined as never)
      .card((c) => c.media(IMAGE))
      .safeBuild()
    expectIssuesAt(result, ['content.carousel.cards.0'])
  })
})
