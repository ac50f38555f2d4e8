/**
 * The examples of docs/messages.md's WhatsApp requests and whole templates, for
 * message-examples.ts (their JSON) and message-pictures.ts (their pictures).
 */
import { msg } from '../../packages/dsl/src/index'

const to = msg.to('+15551234567')

/** The WhatsApp requests and templates of docs/messages.md, by name. */
export const whatsAppBuilders = {
  voice_call: to
    .voiceCall({ displayText: 'Call us', ttlMinutes: 60, payload: 'support-call' })
    .body('Talk to our support team on WhatsApp.'),
  call_permission_request: to
    .callPermissionRequest()
    .body('May we call you about your order?')
    .footer('You can change this at any time.'),
  request_contact_info: to
    .requestContactInfo()
    .body('Please share your contact details so that we can reach you.'),
  location_request: to.locationRequest('Where should we pick you up?'),
  template_buttons: to
    .template('order_ready', 'en_US')
    .body('Jason', 'ORD-42')
    .urlButton(0, 'track/42')
    .copyCode(1, 'SAVE10')
    .quickReply(2, 'stop-updates')
    .flowButton(3, { screen: 'FEEDBACK', data: { order: 'ORD-42' } })
    .voiceCallButton(4, { ttlMinutes: 1440 }),
  template_carousel: to
    .template('spring_picks', 'en_US')
    .body('Jason')
    .card()
    .header({ type: 'image', url: 'https://example.com/shoes.png' })
    .body('Trail shoes')
    .urlButton(0, 'p/shoes')
    .quickReply(1, 'more-shoes')
    .card()
    .header({ type: 'image', url: 'https://example.com/jacket.png' })
    .body('Rain jacket')
    .urlButton(0, 'p/jacket')
    .quickReply(1, 'more-jackets'),
} as const

/** The template texts the pictures show (a template's text lives at Meta, not in the message). */
export const templateTexts = {
  order_ready: {
    body: 'Hi {{1}}, your order {{2}} is ready for pickup.',
    buttons: ['Track order', 'Copy code', 'Not interested', 'Rate us', 'Call us'],
  },
  spring_picks: { body: 'Hi {{1}}, spring is here. Our picks for you:' },
}
