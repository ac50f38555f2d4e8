/**
 * Prints the wire JSON of every example in docs/messages.md: the twelve seed chains of
 * packages/dsl/examples/seeds.ts, then the kinds no seed covers (audio, templates, RCS, envelope
 * options, fallback extras).
 *
 *   pnpm exec tsx docs/scripts/message-examples.ts [name]
 */

import { seedBuilders } from '../../packages/dsl/examples/seeds'
import { msg } from '../../packages/dsl/src/index'
import { lineNotificationExample } from './line-examples'
import { whatsAppBuilders } from './whatsapp-examples'

const to = msg.to('+15551234567')

/** The examples of docs/messages.md that are not seeds. */
export const extraBuilders = {
  audio: to.audio('https://example.com/voice-note.mp3'),
  template: to
    .template('order_update', 'en_US')
    .header({ type: 'image', url: 'https://example.com/parcel.png' })
    .body('Jason', 'ORD-42')
    .button('Url', 0, 'track/42'),
  rich_card: to
    .richCard({ orientation: 'vertical' })
    .title('8x8 Singapore')
    .description('Our office at One George Street.')
    .media('https://example.com/office.png', { height: 'medium' })
    .reply('Book a visit', 'visit')
    .viewLocation('Directions', 'directions', {
      latitude: 1.2857,
      longitude: 103.8479,
      label: '8x8 Singapore',
    })
    .suggestions((s) => s.dial('Call us', 'call', '+6531234567')),
  carousel: to
    .carousel({ cardWidth: 'medium' })
    .card((card) =>
      card
        .title('Starter')
        .media('https://example.com/starter.png', { height: 'short' })
        .reply('Choose Starter', 'plan-starter'),
    )
    .card((card) =>
      card
        .title('Business')
        .media('https://example.com/business.png', { height: 'short' })
        .reply('Choose Business', 'plan-business')
        .openUrl('Compare plans', 'compare', 'https://example.com/plans', {
          application: 'webview',
          webviewViewMode: 'tall',
        }),
    ),
  suggestions: to.text('How would you like to continue?').suggestions((s) =>
    s
      .reply('Talk to sales', 'sales')
      .dial('Call us', 'call', '+6531234567')
      .calendarEvent('Book a demo', 'demo', {
        title: '8x8 demo',
        startTime: new Date('2026-12-01T09:00:00Z'),
        endTime: new Date('2026-12-01T09:30:00Z'),
      }),
  ),
  envelope: to
    .text('Your code is 123456')
    .clientMessageId('otp-2026-11-24-0001')
    .channels([
      { channel: 'WhatsApp', fallbackAfter: 60 },
      { channel: 'Viber', fallbackAfter: 60 },
      { channel: 'SMS' },
    ])
    .expiry('2026-11-24T12:00:00Z')
    .dlrCallbackUrl('https://example.com/receipts'),
  fallback: to.raw({
    type: 'image',
    content: {
      url: 'https://example.com/offer.png',
      text: 'This week only: 20% off',
      fallbackText: 'This week only: 20% off at https://example.com/offer',
      sms: { encoding: 'AUTO', source: 'ACME' },
    },
  }),
  reply_to: to.text('Thanks, noted!').replyTo('82188ee0-109f-e811-8150-020897df5459'),
  flow_navigate: to
    .flow('1633450807827276', 'Book a demo')
    .body('Book a demo with our team.')
    .action('navigate', { screen: 'WELCOME', data: { source: 'docs' } }),
  line_audio: msg
    .to({ lineUserId: 'Ua12b345678c1de0fg1a1234567891011' })
    .audio('https://samplelib.com/mp3/sample-speech-5m.mp3', { duration: 300 }),
  line_notification: lineNotificationExample,
} as const

const all: Record<string, { build(): unknown }> = {
  ...seedBuilders,
  ...extraBuilders,
  ...whatsAppBuilders,
}
const only = process.argv[2]
for (const [name, builder] of Object.entries(all)) {
  if (only !== undefined && name !== only) continue
  console.log(`\n===== ${name} =====`)
  console.log(JSON.stringify(builder.build(), null, 2))
}
