/**
 * 8x8's five RCS send examples (`test/fixtures/8x8-send-examples.json`, copied verbatim from its
 * OpenAPI document), each built by a chain to exactly what `parseMessage` makes of the example.
 */
import { describe, expect, test } from 'vitest'
import { msg, parseMessage } from '../src/index'
import examples from './fixtures/8x8-send-examples.json' with { type: 'json' }

const to = msg.to('+84123456789')
const IMAGE = 'https://www.example.com/image.jpg'
const media = { height: 'short', thumbnailUrl: IMAGE, forceRefresh: false } as const

const chains = {
  rcsTextMessageWithReplySuggestions: to
    .text('Hello! How can I help you today?')
    .suggestions((s) => s.reply('I need help', 'help_request')),

  rcsTextMessageWithActionsSuggestions: to
    .text('Hello! How can I help you today?')
    .suggestions((s) =>
      s
        .dial('Call us', 'call_action', '+1234567890')
        .openUrl('Visit website', 'website_action', 'https://example.com', {
          application: 'browser',
          webviewViewMode: 'full',
          description: 'Visit our website',
        })
        .viewLocation('View location', 'location_action', {
          latitude: 37.7749,
          longitude: -122.4194,
          label: 'Our Office',
        }),
    ),

  rcsCarousel: to
    .carousel({ cardWidth: 'medium' })
    .card((card) =>
      card
        .title('Catamaran day-trip')
        .description('Snorkel, sushi, & sunset cocktails. $99, 6 spots left!')
        .media(IMAGE, media)
        .openUrl('Buy now', 'buy_catamaran', 'https://example.com', {
          application: 'webview',
          webviewViewMode: 'full',
          description: 'Buy catamaran day-trip',
        })
        .reply('More details', 'details_catamaran'),
    )
    .card((card) =>
      card
        .title('Jungle ATV tour')
        .description('Explore off-road with an expert guide. $99, limited spots!')
        .media(IMAGE, media)
        .openUrl('Buy now', 'buy_atv_tour', 'https://example.com', {
          application: 'webview',
          webviewViewMode: 'full',
          description: 'Buy jungle ATV tour',
        })
        .reply('More details', 'details_atv_tour'),
    )
    .suggestions((s) =>
      s.reply('Check my orders', 'check_my_orders').reply('Not interested', 'not_interested'),
    ),

  rcsRichCardVertical: to
    .richCard({ orientation: 'vertical' })
    .title('Hey Melissa! New year, new shoes? 👟')
    .description(
      'Check out our latest arrivals, including the AirPulse, perfect for your next run! Plus, get a free gait analysis with any purchase this week.',
    )
    .media(IMAGE, media)
    .reply('🛍️ View new arrivals', 'view_new_arrivals')
    .reply('📋 Book Gait Analysis', 'book_gait_analysis')
    .openUrl('👗 Shop now', 'shop_now', 'https://example.com', {
      application: 'webview',
      webviewViewMode: 'full',
      description: 'Shop Bridgepoint Runners',
    })
    .suggestions((s) =>
      s.reply('Check my orders', 'check_my_orders').reply('Not interested', 'not_interested'),
    ),

  rcsRichCardHorizontal: to
    .richCard({ orientation: 'horizontal', thumbnailAlignment: 'right' })
    .title('Your reservation at Ebi')
    .description(
      "We're springing into action to get your table ready for 5:00 PM! 🕔 Have any questions before you arrive?",
    )
    .media(IMAGE, { thumbnailUrl: IMAGE, forceRefresh: false })
    .viewLocation('Ebi location', 'ebi_location', {
      latitude: 37.7749,
      longitude: -122.4194,
      label: 'Ebi Restaurant',
    })
    .dial('Call us', 'call_ebi', '+12025551234')
    // 8x8's example sends an empty list of message chips.
    .suggestions([]),
}

const all = examples.examples as Record<string, { value: unknown }>

describe("8x8's RCS examples", () => {
  test('are the five rcs* examples of the fixture, each with a chain', () => {
    expect(Object.keys(all).filter((name) => name.startsWith('rcs'))).toStrictEqual(
      Object.keys(chains),
    )
  })

  describe.each(Object.entries(chains))('%s', (name, chain) => {
    const example = (all[name] as { value: unknown }).value

    test('parses to itself, unchanged', () => {
      expect(parseMessage(example)).toStrictEqual(example)
    })

    test('the chain builds exactly the parsed example, in the same key order', () => {
      const built = chain.build()
      expect(built).toStrictEqual(parseMessage(example))
      expect(JSON.stringify(built)).toBe(JSON.stringify(parseMessage(example)))
    })
  })
})
