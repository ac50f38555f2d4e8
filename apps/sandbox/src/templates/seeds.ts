/**
 * The sandbox's 8x8 account, its WhatsApp channel and the templates registered on it when the
 * sandbox starts (and again after `DELETE /__sandbox/templates`). Each is an item of 8x8's
 * `GET /api/v1/accounts/{accountId}/channels/{channelId}/templates` answer, shaped like 8x8's own
 * examples (`ticket_created` and `ticket_closed` are 8x8's examples, word for word).
 *
 * | name                   | language | category       | status   | what it tests                             |
 * | ---------------------- | -------- | -------------- | -------- | ----------------------------------------- |
 * | `order_update`         | en_US    | UTILITY        | APPROVED | image header, 2 body params, URL + reply  |
 * | `order_update`         | en       | UTILITY        | APPROVED | body only, no params (a plain send fits)  |
 * | `ticket_created`       | en       | UTILITY        | APPROVED | 8x8's example: body only, 1 param         |
 * | `ticket_closed`        | en       | UTILITY        | APPROVED | 8x8's example: image header, footer       |
 * | `otp_login`            | en_US    | AUTHENTICATION | APPROVED | OTP (copy code) button                    |
 * | `appointment_reminder` | en_US    | UTILITY        | APPROVED | text header with a param, phone button    |
 * | `plant_carousel`       | en_US    | MARKETING      | APPROVED | carousel of 2 cards (8x8's example)       |
 * | `weekly_deals`         | en_US    | MARKETING      | PAUSED   | a paused template                         |
 * | `prize_draw`           | en_US    | MARKETING      | REJECTED | a rejected template                       |
 * | `summer_sale`          | en       | MARKETING      | APPROVED | body only: the marketing template of the  |
 * |                        |          |                |          | opt-out rule's tests and demos            |
 *
 * @module
 */
import type { TemplateItem } from './item'

/** The sandbox's 8x8 account id: the `{accountId}` of the template routes. */
export const SANDBOX_ACCOUNT_ID = 'sandbox-account'

/**
 * The id of the sandbox's one WhatsApp channel: the `{channelId}` of the template routes, the
 * `recipient.channelId` of inbound events, and the channel every sub-account sends through.
 */
export const WHATSAPP_CHANNEL_ID = 'wa-channel-1'

/** The channel's friendly name (8x8's `channelName`). */
export const WHATSAPP_CHANNEL_NAME = 'Sandbox WhatsApp'

/** The WhatsApp Business Account behind the channel (`businessAccountId` of CABM events). */
export const BUSINESS_ACCOUNT_ID = '950523421983857'

/** A seeded template: 8x8's item and Meta's template id (`eventDetails.templateId`). */
export interface SeedTemplate {
  readonly templateId: string
  readonly item: TemplateItem
}

const channel = { channelId: WHATSAPP_CHANNEL_ID, channelName: WHATSAPP_CHANNEL_NAME } as const
const CREATED = '2026-09-14T08:30:12.41Z'
const UPDATED = '2026-09-15T10:02:55.87Z'
const approved = { status: 'APPROVED', statusName: 'Approved' } as const
const utility = { category: 'UTILITY', categoryName: 'Utility' } as const
const marketing = { category: 'MARKETING', categoryName: 'Marketing' } as const
const enUS = { language: 'en_US', languageName: 'English (US)' } as const
const en = { language: 'en', languageName: 'English' } as const
const times = { createdAt: CREATED, updatedAt: UPDATED } as const

/** The seeded templates, in the order `GET …/templates` lists them. */
export const SEED_TEMPLATES: readonly SeedTemplate[] = [
  {
    templateId: '1281032340757288',
    item: {
      ...channel,
      templateName: 'order_update',
      ...enUS,
      components: [
        {
          type: 'HEADER',
          format: 'Image',
          example: { headerHandle: ['https://shop.example/images/parcel.jpg'] },
        },
        {
          type: 'BODY',
          text: 'Hi {{1}}, your order {{2}} has shipped',
          example: { bodyText: ['Jason', 'ORD-42'] },
        },
        { type: 'FOOTER', text: 'Shop Example' },
        {
          type: 'BUTTONS',
          buttons: [
            { type: 'URL', text: 'Track order', url: 'https://shop.example/track/{{1}}' },
            { type: 'QUICK_REPLY', text: 'Talk to us' },
          ],
        },
      ],
      ...utility,
      ...approved,
      ...times,
    },
  },
  {
    templateId: '1281032340757289',
    item: {
      ...channel,
      templateName: 'order_update',
      ...en,
      components: [
        { type: 'BODY', text: 'Your order was updated. Open the app to see where it is.' },
        { type: 'FOOTER', text: 'Shop Example' },
      ],
      ...utility,
      ...approved,
      ...times,
    },
  },
  {
    templateId: '1094835620918377',
    item: {
      ...channel,
      templateName: 'ticket_created',
      ...en,
      components: [
        {
          type: 'BODY',
          text: 'Hi, your booking have been confirmed. Here is your new booking information {{1}}',
        },
      ],
      ...utility,
      ...approved,
      createdAt: '2019-11-19T07:51:38.09Z',
      updatedAt: '2019-11-28T02:16:42.82Z',
    },
  },
  {
    templateId: '1094835620918378',
    item: {
      ...channel,
      templateName: 'ticket_closed',
      ...en,
      components: [
        { type: 'HEADER', format: 'Image' },
        { type: 'BODY', text: 'Your ticket {{1}} was closed.' },
        { type: 'FOOTER', text: 'Support Team' },
      ],
      ...utility,
      ...approved,
      createdAt: '2019-11-14T07:17:57.16Z',
      updatedAt: '2019-11-28T02:16:42.82Z',
    },
  },
  {
    templateId: '1510298734650021',
    item: {
      ...channel,
      templateName: 'otp_login',
      ...enUS,
      components: [
        {
          type: 'BODY',
          text: '{{1}} is your verification code. For your security, do not share this code.',
          example: { bodyText: ['482913'] },
        },
        { type: 'FOOTER', text: 'This code expires in 10 minutes.' },
        { type: 'BUTTONS', buttons: [{ type: 'OTP', text: 'Copy code' }] },
      ],
      category: 'AUTHENTICATION',
      categoryName: 'Authentication',
      ...approved,
      ...times,
    },
  },
  {
    templateId: '1510298734650022',
    item: {
      ...channel,
      templateName: 'appointment_reminder',
      ...enUS,
      components: [
        {
          type: 'HEADER',
          format: 'Text',
          text: 'Appointment on {{1}}',
          example: { headerText: ['12 December'] },
        },
        {
          type: 'BODY',
          text: 'Hi {{1}}, this is a reminder of your appointment with {{2}} at {{3}}.',
          example: { bodyText: ['Ada', 'Dr. Lee', '10:30'] },
        },
        { type: 'FOOTER', text: 'Reply to change it' },
        {
          type: 'BUTTONS',
          buttons: [
            { type: 'QUICK_REPLY', text: 'Confirm' },
            { type: 'QUICK_REPLY', text: 'Reschedule' },
            { type: 'PHONE_NUMBER', text: 'Call us', phoneNumber: '+15550100100' },
          ],
        },
      ],
      ...utility,
      ...approved,
      ...times,
    },
  },
  {
    templateId: '1510298734650023',
    item: {
      ...channel,
      templateName: 'plant_carousel',
      ...enUS,
      components: [
        {
          type: 'BODY',
          text: 'Rare succulents for sale! {{1}}, add these unique plants to your collection.',
          example: { bodyText: ['Pablo'] },
        },
        {
          type: 'CAROUSEL',
          cards: [
            {
              components: [
                { type: 'HEADER', format: 'Image' },
                { type: 'BODY', text: 'The Aloe Blue Elf: deep blue-green leaves, pink edges.' },
                {
                  type: 'BUTTONS',
                  buttons: [
                    { type: 'QUICK_REPLY', text: 'More like this' },
                    { type: 'URL', text: 'Shop', url: 'https://shop.example/plants/{{1}}' },
                  ],
                },
              ],
            },
            {
              components: [
                { type: 'HEADER', format: 'Image' },
                { type: 'BODY', text: 'The Echeveria Black Prince: near-black leaves.' },
                {
                  type: 'BUTTONS',
                  buttons: [
                    { type: 'QUICK_REPLY', text: 'More like this' },
                    { type: 'URL', text: 'Shop', url: 'https://shop.example/plants/{{1}}' },
                  ],
                },
              ],
            },
          ],
        },
      ],
      ...marketing,
      ...approved,
      ...times,
    },
  },
  {
    templateId: '1510298734650024',
    item: {
      ...channel,
      templateName: 'weekly_deals',
      ...enUS,
      components: [{ type: 'BODY', text: "This week's deals for you, {{1}}: up to 30% off." }],
      ...marketing,
      status: 'PAUSED',
      statusName: 'Paused',
      ...times,
    },
  },
  {
    templateId: '1510298734650025',
    item: {
      ...channel,
      templateName: 'prize_draw',
      ...enUS,
      components: [{ type: 'BODY', text: 'Congratulations {{1}}! You won a prize. Claim it now.' }],
      ...marketing,
      status: 'REJECTED',
      statusName: 'Rejected',
      ...times,
    },
  },
  {
    templateId: '1510298734650026',
    item: {
      ...channel,
      templateName: 'summer_sale',
      ...en,
      components: [
        { type: 'BODY', text: 'Our summer sale starts today: 30% off everything until Sunday.' },
        { type: 'FOOTER', text: 'Reply STOP to stop promotions' },
      ],
      ...marketing,
      ...approved,
      ...times,
    },
  },
]
