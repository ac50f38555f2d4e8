/**
 * 8x8's own WhatsApp template and interactive examples, and its Zalo template examples
 * (fixtures/8x8-send-examples.json, verbatim from its OpenAPI document): each one 8x8's documents
 * make valid is built by a chain to exactly what `parseMessage` makes of it. The few that are not
 * valid as printed are refused, each with the reason argued from 8x8's documents below.
 */
import { describe, expect, test } from 'vitest'
import { msg, parseMessage, safeParseMessage } from '../src/index'
import fixture from './fixtures/8x8-send-examples.json' with { type: 'json' }

type Example = { value: Record<string, unknown> & { type: string } }
const examples = fixture.examples as unknown as Record<string, Example>
const example = (name: string) => (examples[name] as Example).value

const both = { msisdn: '+6500000000', channelUserId: 'US.13491208655302741918' }
const bsuid = { channelUserId: 'US.13491208655302741918' }
const IMAGE =
  'https://fastly.picsum.photos/id/173/200/300.jpg?hmac=9Ed5HxHOL3tFCOiW6UHx6a3hVksxDWc7L7p_WzN9N9Q'
const NAME = '<Insert Template Name>'
const WELCOME = 'Welcome to 8x8 Inc. How may we help?'
const OFFICIAL = 'This is an official message from 8x8.'

/** Each valid example, and the chain that builds it. */
const golden: Record<string, () => unknown> = {
  whatsAppTemplateTextOnly: () =>
    msg
      .to({ msisdn: '+650000000', channelUserId: bsuid.channelUserId })
      .template(NAME, 'en_GB')
      .body('12345')
      .urlButton(0, '12345')
      .build(),
  whatsAppAuthenticationTemplate: () =>
    msg
      .to({ msisdn: '+650000000', channelUserId: bsuid.channelUserId })
      .template(NAME, 'en')
      .body('12345')
      .button('Url', 0, '12345')
      .build(),
  whatsAppTemplateWithLocation: () =>
    msg
      .to(both)
      .template(NAME, 'en')
      .header({
        type: 'location',
        location: {
          latitude: 38.8693,
          longitude: -77.0536,
          name: 'Metro Station',
          address: '1 Connector Drive',
        },
      })
      .build(),
  whatsAppDynamicCTAButtonTemplate: () =>
    msg
      .to(both)
      .template(NAME, 'en_US')
      .body('12345')
      .header({ type: 'image', url: IMAGE })
      .urlButton(0, 'samplecta')
      .build(),
  whatsAppCouponCodeTemplate: () =>
    msg.to(both).template(NAME, 'en_US').copyCode(0, '25OFF').build(),
  whatsAppQuickReplyTemplate: () =>
    msg.to(both).template(NAME, 'en_US').quickReply(0, 'sample-payload').build(),
  whatsAppMediaCarouselTemplate: () =>
    msg
      .to(both)
      .template(NAME, 'en_US')
      .card()
      .header({ type: 'image', url: IMAGE })
      .urlButton(0, 'samplecta')
      .card()
      .header({ type: 'image', url: IMAGE })
      .button('Url', 0, 'samplecta')
      .build(),
  whatsAppFlowTemplate: () => msg.to(both).template(NAME, 'en_US').flowButton(0).build(),
  whatsAppCallPermissionTemplate: () =>
    msg
      .to(both)
      .template('<Insert Approved Call Permission Request Template Name>', 'en_US')
      .build(),
  whatsAppRequestContactInfoTemplate: () =>
    msg.to(bsuid).template('<Insert Approved Request Contact Info Template Name>', 'en_US').build(),
  whatsAppInteractiveMessageReplyButtons: () =>
    msg
      .to(both)
      .buttons()
      .header('8x8 Inc.')
      .body(WELCOME)
      .footer(OFFICIAL)
      .reply('option-1', 'contact-us')
      .reply('option-2', 'faq')
      .reply('option-3', 'office')
      .build(),
  whatsAppInteractiveMessageCtaUrl: () =>
    msg
      .to(both)
      .ctaUrl(
        'Click for more',
        'https://developers.facebook.com/docs/whatsapp/cloud-api/messages/interactive-cta-url-messages',
      )
      .header('8x8 Inc.')
      .body(WELCOME)
      .footer(OFFICIAL)
      .build(),
  whatsAppInteractiveMessageMenuOptions: () =>
    msg
      .to(both)
      .list('Book Slot')
      .header('Customer Success personalized sessions')
      .body(
        'Looking for personalized assistance? Our Customer Success team has the following slots available. Tap to select a time.',
      )
      .footer('For urgent inquiries, email cpaas-support@8x8.com')
      .section('Oct 9, 2024')
      .row('slot-1', 'Monday, Oct 9', '9:00 AM - 10:00 AM')
      .row('slot-2', 'Monday, Oct 9', '11:00 AM - 12:00 PM')
      .section('Oct 10, 2024')
      .row('slot-3', 'Tuesday, Oct 10', '2:00 PM - 3:00 PM')
      .row('slot-4', 'Tuesday, Oct 10', '4:00 PM - 5:00 PM')
      .build(),
  whatsAppInteractiveMessageSingleProduct: () =>
    msg
      .to(both)
      .product('<YourCatalogId>', '<YourProductRetailerId>')
      .body('8x8 Shirt')
      .footer('Experience the power of communication with this 8x8 Shirt!')
      .build(),
  whatsAppInteractiveMessageFlowButton: () =>
    msg
      .to(both)
      .flow('<Insert flow Id here>', 'Share Feedback')
      .header('Customer Feedback!')
      .body(
        'Your feedback ensures we continually improove. Please click below to share your thoughts on your recent visit. Thank you in advance!',
      )
      .footer('We appreciate your support!')
      .build(),
  whatsAppInteractiveMessageCallPermissionRequest: () =>
    msg
      .to(both)
      .callPermissionRequest()
      .body('We would like to call you to help support your query.')
      .build(),
  whatsAppInteractiveMessageRequestContactInfo: () =>
    msg
      .to(bsuid)
      .requestContactInfo()
      .body('We request you to kindly share your contact info for further processing.')
      .build(),
  whatsAppInteractiveVoiceCall: () =>
    msg
      .to(both)
      .voiceCall({ displayText: 'Click to Call', ttlMinutes: 10, payload: 'payload data' })
      .body('You can call us on WhatsApp now for faster service')
      .build(),
  whatsAppInteractiveLocationRequestMessage: () =>
    msg
      .to(both)
      .locationRequest('Please share your location or enter your pickup address.')
      .build(),
  zaloNotificationSampleMessage: () =>
    msg
      .to('+84123456789')
      .clientMessageId('<optionalClientMessageId>')
      .template('<insertTemplateId>', 'en')
      .body('Ana', 'Messaging Apps', '24 August 2023', '29012398')
      .build(),
  zaloNotificationOTPMessage: () =>
    msg
      .to('+84123456789')
      .clientMessageId('<optionalClientMessageId>')
      .template('<insertTemplateId>', 'en')
      .body({ type: 'text', name: 'otp', text: '23124' })
      .build(),
}

/**
 * Examples that are not valid as 8x8 prints them: the issue `parseMessage` reports, why 8x8's
 * documents make the example (not the schema) wrong, and the example corrected as those documents
 * say, with the chain that builds it.
 */
const refused: Record<
  string,
  {
    issue: [path: string, message: string]
    /** The correction: the path of one value, and the value 8x8's documents call for. */
    fix?: [path: (string | number)[], value: unknown]
    chain?: () => unknown
  }
> = {
  // `url` is a "Resource URL" 8x8 fetches; "www.example.com/image.jpg" has no scheme, so it is a
  // relative reference, not a URL (the schema's own example is "http://example.com").
  whatsAppTemplateWithImage: {
    issue: [
      'content.template.components.0.parameters.0.url',
      'Invalid URL: expected an absolute http or https URL',
    ],
    fix: [
      ['content', 'template', 'components', 0, 'parameters', 0, 'url'],
      'https://www.example.com/image.jpg',
    ],
    chain: () =>
      msg
        .to(both)
        .template(NAME, 'en')
        .header({ type: 'image', url: 'https://www.example.com/image.jpg' })
        .build(),
  },
  // `"<language>>"` is a placeholder to fill in ("Template language code to use", example en_US),
  // like the name placeholders, but unlike them it cannot pass as a value: no template has it.
  whatsAppVoiceCallTemplate: {
    issue: ['content.template.language', 'Invalid language: expected a code such as en or en_US'],
    fix: [['content', 'template', 'language'], 'en_US'],
    chain: () =>
      msg
        .to(both)
        .template('<Insert approved voice call template name>', 'en_US')
        .voiceCallButton(0, { ttlMinutes: 1440, payload: 'payload data' })
        .build(),
  },
  // 8x8: "This is an interactive message. Type and Action are required properties"; this example
  // has no `type`. (Its `action.product_retailer_id` and missing header are Meta's to refuse too,
  // so no corrected form is guessed here: the productList chain is tested elsewhere.)
  whatsAppInteractiveMessageProductList: {
    issue: [
      'content.interactive.type',
      'Invalid type: Expected ("list" | "button" | "cta_url" | "flow" | "product" | "product_list" | "location_request_message" | "call_permission_request" | "request_contact_info" | "voice_call") but received undefined',
    ],
  },
}

/** Examples of these kinds whose chain belongs to another builder (the envelope's directSend). */
const elsewhere = [
  'whatsAppDirectSendInteractiveCtaUrl',
  'whatsAppDirectSendInteractiveReplyButtons',
]

describe("8x8's WhatsApp template and interactive examples, and its Zalo templates", () => {
  test('every one of them is golden, refused with a reason, or left to another builder', () => {
    const ours = Object.keys(examples).filter((name) => {
      const { type } = example(name)
      return (
        (name.startsWith('whatsApp') && (type === 'template' || type === 'interactive')) ||
        name.startsWith('zalo')
      )
    })
    expect(ours).toHaveLength(26)
    expect([...Object.keys(golden), ...Object.keys(refused), ...elsewhere].sort()).toStrictEqual(
      ours.sort(),
    )
  })

  test.each(Object.keys(golden))('%s: the chain builds exactly the parsed example', (name) => {
    expect(golden[name]?.()).toStrictEqual(parseMessage(example(name)))
  })

  describe.each(Object.keys(refused))('%s', (name) => {
    const entry = refused[name] as (typeof refused)[string]
    test('is refused as printed, with exactly one issue', () => {
      const result = safeParseMessage(example(name))
      expect(result.success).toBe(false)
      expect(result.issues?.map((issue) => [issue.path, issue.message])).toStrictEqual([
        entry.issue,
      ])
    })
  })

  const corrected = Object.keys(refused).filter((name) => refused[name]?.chain !== undefined)
  test('two refused examples have a corrected form', () => {
    expect(corrected).toStrictEqual(['whatsAppTemplateWithImage', 'whatsAppVoiceCallTemplate'])
  })
  test.each(corrected)('%s, corrected: the chain builds it exactly', (name) => {
    const entry = refused[name] as (typeof refused)[string]
    const value = structuredClone(example(name))
    const [path, fixed] = entry.fix ?? [[], undefined]
    const parent = path
      .slice(0, -1)
      .reduce<Record<string | number, unknown>>((node, key) => node[key] as typeof node, value)
    parent[path[path.length - 1] as string | number] = fixed
    expect(entry.chain?.()).toStrictEqual(parseMessage(value))
  })
})
