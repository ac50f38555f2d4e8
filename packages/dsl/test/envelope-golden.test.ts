/**
 * 8x8's own examples of the envelope's parts (Direct Send, the contextual reply, business-scoped
 * user ids) and of Viber, from `fixtures/8x8-send-examples.json`: a chain builds each to exactly
 * the parsed example, key order included.
 */
import { describe, expect, test } from 'vitest'
import { msg, parseMessage, safeParseMessage } from '../src/index'
import fixture from './fixtures/8x8-send-examples.json' with { type: 'json' }

const examples = fixture.examples as Record<string, { readonly value: unknown }>
const example = (name: string) => (examples[name] as { readonly value: unknown }).value

const bsuid = { msisdn: '+6500000000', channelUserId: 'US.13491208655302741918' }
const viber = msg.to('+6500000')

const chains = {
  whatsAppDirectSendText: msg
    .to(bsuid)
    .text('Hi Jane, your order #12345 has been shipped and is expected to arrive on March 20.')
    .fallback('WhatsApp')
    .directSend({ ttlSeconds: 600 }),
  whatsAppDirectSendInteractiveCtaUrl: msg
    .to(bsuid)
    .ctaUrl('Track Order', 'https://www.example.com/track/12345')
    .header('Order #12345')
    .body('Your order has been shipped. Tap below to track your package.')
    .footer('Thank you for shopping with 8x8.')
    .fallback('WhatsApp')
    .directSend(),
  whatsAppDirectSendInteractiveReplyButtons: msg
    .to(bsuid)
    .buttons()
    .header('Appointment Reminder')
    .body(
      'Your appointment is scheduled for tomorrow at 3 PM. Would you like to confirm or reschedule?',
    )
    .footer('Reply within 24 hours.')
    .reply('confirm', 'Confirm')
    .reply('reschedule', 'Reschedule')
    .channels([{ channel: 'WhatsApp' }])
    .directSend({ category: 'utility' }),
  whatsAppTextContextualReply: msg
    .to(bsuid)
    .text('Yes bro, we see the chess board.')
    .replyTo('aa7c29ad-4433-2211-9c8b-00004e2b9ecc'),
  whatsAppText: msg
    .to(bsuid)
    .text(
      'Welcome to the world of 8x8 Messaging Apps APIs!\\nCommunications for the customer obsessed.',
    ),
  viberTextMessage: viber.text(
    'Here is your booking reference: ABC1234. For more information, visit https://8x8.com/1234!',
  ),
  viberRichMediaImage: viber.image(
    'https://www.redbrick.sg/wp-content/uploads/2020/04/coleen-rivas-OZ2rS2zCjNo-unsplash-1125x1500.jpg',
  ),
  viberRichMediaVideo: viber.video('https://samplelib.com/lib/preview/mp4/sample-5s.mp4', {
    thumbnail: 'https://sample-videos.com/img/Sample-jpg-image-50kb.jpg',
    filesize: 2700,
    duration: 5,
  }),
  viberRichMediaFile: viber.file('https://www.clickdimensions.com/links/TestPDFfile.pdf'),
  viberRichMediaTextButton: viber.viberButton(
    'Hello Jessie,\\n\\nYour order #420007 has been processed and is now ready for pickup at our MBS store. \\n\\nFor your convenience, the store is open from 9am to 9pm. We look forward to seeing you!\\n\\nBest,\\nThe Snackbar Team',
    {
      caption: 'Get Directions to Store',
      action: 'https://maps.google.com/?q=Your+Store+Location',
    },
  ),
  viberRichMediaTextImageButton: viber.viberButton(
    '🎉 Successful Purchase! 🎉\\n\\nHello Ana,\\n\\nThank you for purchasing your Singapore OCBC Skyway ticket! Your ticket is now confirmed and ready for use.\\n\\n📅 Date: October 15, 2023\\n⏰ Time: 3:00 PM - 4:00 PM\\n🎫 Ticket ID: SKY98723\\n\\nTo view your e-ticket, click the button below.',
    { caption: 'View E-ticket', action: 'https://ocbcskyway.com/e-ticket/SKY1234' },
    {
      image:
        'https://www.redbrick.sg/wp-content/uploads/2020/04/coleen-rivas-OZ2rS2zCjNo-unsplash-1125x1500.jpg',
    },
  ),
}

describe("8x8's examples of the envelope and of Viber", () => {
  test.each(Object.keys(chains))('%s: the chain builds exactly the parsed example', (name) => {
    const built = chains[name as keyof typeof chains].build()
    const parsed = parseMessage(example(name))
    expect(built).toStrictEqual(parsed)
    // Key order too: what goes on the wire is the same bytes.
    expect(JSON.stringify(built)).toBe(JSON.stringify(parsed))
  })

  test('viberRichMediaVideo: its size and duration, sent as strings, parse as numbers', () => {
    expect(parseMessage(example('viberRichMediaVideo'))).toStrictEqual({
      user: { msisdn: '+6500000' },
      type: 'video',
      content: {
        url: 'https://samplelib.com/lib/preview/mp4/sample-5s.mp4',
        video: {
          thumbnail: 'https://sample-videos.com/img/Sample-jpg-image-50kb.jpg',
          filesize: 2700,
          duration: 5,
        },
      },
    })
  })

  test('viberRichMediaTextButton parses as a buttons message, unchanged', () => {
    const value = example('viberRichMediaTextButton')
    expect(parseMessage(value)).toStrictEqual(value)
  })

  test('viberRichMediaTextImage is refused: its button has no caption and no URL', () => {
    // 8x8's Viber guide sends text and an image as type "image" with a caption; a button with an
    // empty label and an empty action is no button at all.
    expect(safeParseMessage(example('viberRichMediaTextImage'))).toStrictEqual({
      success: false,
      issues: [
        {
          path: 'content.button.caption',
          message: 'Invalid length: must not be empty',
          expected: '>=1',
          received: '0',
        },
        {
          path: 'content.button.action',
          message: 'Invalid URL: expected an absolute http or https URL',
          expected: null,
          received: '""',
        },
      ],
    })
  })

  test('what viberRichMediaTextImage means is built the way 8x8 documents it', () => {
    const url = 'https://www.abc.net.au/reslib/201408/r1320712_18276029.jpg'
    expect(msg.to('+650000').image(url, { caption: 'Hello Mr Jobs' }).build()).toStrictEqual({
      user: { msisdn: '+650000' },
      type: 'image',
      content: { url, text: 'Hello Mr Jobs' },
    })
  })

  test('a business-scoped user id alone is a recipient', () => {
    expect(msg.to({ channelUserId: 'US.13491208655302741918' }).text('Hi').build()).toStrictEqual({
      user: { channelUserId: 'US.13491208655302741918' },
      type: 'text',
      content: { text: 'Hi' },
    })
  })
})
