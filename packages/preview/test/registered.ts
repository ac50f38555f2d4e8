import { type KnownTemplate, knownTemplate, type RegisteredTemplate } from '@chatapps/dsl/templates'

/** Registered templates as 8x8's `GET …/templates` answers them; order_update as the sandbox seeds it. */
export const registered: readonly RegisteredTemplate[] = [
  {
    channelId: 'wa-channel-1',
    templateName: 'order_update',
    language: 'en_US',
    category: 'UTILITY',
    status: 'APPROVED',
    components: [
      { type: 'HEADER', format: 'Image' },
      { type: 'BODY', text: 'Hi {{1}}, your order {{2}} has shipped' },
      { type: 'FOOTER', text: 'Shop Example' },
      {
        type: 'BUTTONS',
        buttons: [
          { type: 'URL', text: 'Track order', url: 'https://shop.example/track/{{1}}' },
          { type: 'QUICK_REPLY', text: 'Talk to us' },
        ],
      },
    ],
  },
  {
    channelId: 'wa-channel-1',
    templateName: 'appointment',
    language: 'en',
    status: 'PAUSED',
    components: [
      { type: 'HEADER', format: 'Text', text: 'Visit on {{1}}' },
      { type: 'BODY', text: 'Dear *{{1}}*, see you at {{2}}: https://clinic.example/v/{{3}}' },
      {
        type: 'BUTTONS',
        buttons: [
          { type: 'PHONE_NUMBER', text: 'Call us', phoneNumber: '+15550000000' },
          { type: 'COPY_CODE', text: 'Copy code' },
        ],
      },
    ],
  },
  {
    channelId: 'wa-channel-1',
    templateName: 'invoice_ready',
    language: 'en',
    status: 'APPROVED',
    components: [
      { type: 'HEADER', format: 'Document' },
      { type: 'BODY', text: 'Your invoice {{1}} is attached.' },
    ],
  },
  {
    channelId: 'wa-channel-1',
    templateName: 'store_visit',
    language: 'en',
    status: 'APPROVED',
    components: [
      { type: 'HEADER', format: 'Location' },
      { type: 'BODY', text: 'Your order waits for you here.' },
    ],
  },
  {
    channelId: 'wa-channel-1',
    templateName: 'spring_picks',
    language: 'en_US',
    status: 'APPROVED',
    components: [
      { type: 'BODY', text: 'Hi {{1}}, our picks:' },
      {
        type: 'CAROUSEL',
        cards: [
          {
            components: [
              { type: 'HEADER', format: 'Image' },
              { type: 'BODY', text: '{{1}}' },
              {
                type: 'BUTTONS',
                buttons: [{ type: 'URL', text: 'Buy', url: 'https://shop.example/{{1}}' }],
              },
            ],
          },
          {
            components: [
              { type: 'HEADER', format: 'Video' },
              { type: 'BODY', text: 'Rain jacket' },
              { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'More' }] },
            ],
          },
        ],
      },
    ],
  },
]

/** The registered templates as the preview takes them. */
export const known: readonly KnownTemplate[] = registered.map(knownTemplate)
