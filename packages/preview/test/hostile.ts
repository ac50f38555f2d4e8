import type { KnownTemplate } from '@chatapps/dsl/templates'

/**
 * Messages of every kind with one string in every place a string can go (text, captions,
 * titles, ids, URLs, names, keys), to prove that none of them reaches the page as markup.
 */
export const HOSTILE = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  ' javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  '</style><script>alert(1)</script>',
  '</textarea></title></code></pre><script>x</script>',
  '<!--',
  ']]><![CDATA[',
  '\u202Egnp.exe',
  '\u2066\u2067\u2068\u2069\u202A\u202B\u202C\u202D\u200E\u200F',
  '\u0000\u0007\u001B[31m\u007F\u0085',
  '&lt;script&gt;',
  '{{1}}',
  '*_~```',
  'https://example.com/"onmouseover="alert(1)',
  'https://example.com/<script>',
] as const

const user = (s: string) => ({ msisdn: s, channelUserId: s })

/** Every kind of message, with `s` in every string. */
export function hostileMessages(s: string): Record<string, unknown>[] {
  const header = (type: string) =>
    type === 'text'
      ? { type, text: s }
      : { type, [type]: { link: s, caption: s, filename: s, id: s } }
  const body = { text: s }
  const footer = { text: s }
  return [
    { user: user(s), type: 'text', content: { text: s }, context: { umid: s } },
    ...['image', 'video', 'audio', 'file', 'Image'].map((type) => ({
      user: user(s),
      type,
      content: { url: s, text: s, video: { thumbnail: s } },
    })),
    {
      user: user(s),
      type: 'location',
      content: { location: { latitude: s, longitude: s, name: s, address: s } },
    },
    ...['text', 'image', 'video', 'document'].map((h) => ({
      user: user(s),
      type: 'interactive',
      content: {
        interactive: {
          type: 'button',
          header: header(h),
          body,
          footer,
          action: { buttons: [{ type: 'reply', reply: { id: s, title: s } }] },
        },
      },
    })),
    {
      user: user(s),
      type: 'interactive',
      content: {
        interactive: {
          type: 'list',
          header: header('text'),
          body,
          footer,
          action: {
            button: s,
            sections: [{ title: s, rows: [{ id: s, title: s, description: s }] }],
          },
        },
      },
    },
    {
      user: user(s),
      type: 'interactive',
      content: {
        interactive: {
          type: 'cta_url',
          body,
          action: { parameters: { display_text: s, url: s } },
        },
      },
    },
    {
      user: user(s),
      type: 'interactive',
      content: {
        interactive: {
          type: 'flow',
          body,
          action: {
            parameters: {
              flowId: s,
              flowCta: s,
              flowAction: s,
              flowActionPayload: { screen: s, data: { [s]: s } },
            },
          },
        },
      },
    },
    {
      user: user(s),
      type: 'interactive',
      content: {
        interactive: {
          type: 'product',
          body,
          footer,
          action: { catalog_id: s, product_retailer_id: s },
        },
      },
    },
    {
      user: user(s),
      type: 'interactive',
      content: {
        interactive: {
          type: 'product_list',
          header: header('text'),
          body,
          action: {
            catalog_id: s,
            sections: [{ title: s, product_items: [{ product_retailer_id: s }] }],
          },
        },
      },
    },
    ...['voice_call', s].map((type) => ({
      user: user(s),
      type: 'interactive',
      content: {
        interactive: { type, body, action: { name: s, parameters: { display_text: s } } },
      },
    })),
    {
      user: user(s),
      type: 'template',
      content: {
        template: {
          name: s,
          language: s,
          components: [
            { type: 'header', parameters: [{ type: 'image', url: s }] },
            {
              type: 'body',
              parameters: [
                { type: 'text', text: s },
                { type: 'location', location: { name: s, address: s, latitude: s } },
                { type: 'payload', payload: s },
                { type: 'couponCode', couponCode: s },
                { type: 'action', flowActionData: { screen: s, data: { k: s } } },
                { type: s, [s]: s },
              ],
            },
            { type: 'button', subType: s, index: s, parameters: [{ type: 'document', url: s }] },
            {
              type: 'carousel',
              cards: [{ cardIndex: s, components: [{ parameters: [{ type: 'video', url: s }] }] }],
            },
            { type: s },
          ],
        },
      },
    },
    {
      user: user(s),
      type: 'richCard',
      content: {
        richCard: {
          cardOrientation: s,
          title: s,
          description: s,
          media: { contentInfo: { fileUrl: s, thumbnailUrl: s } },
          suggestions: [
            { reply: { text: s, postbackData: s } },
            { action: { text: s, postbackData: s, openUrlAction: { url: s } } },
            { action: { text: s, postbackData: s, dialAction: { phoneNumber: s } } },
          ],
        },
        suggestions: [{ reply: { text: s, postbackData: s } }],
      },
    },
    {
      user: user(s),
      type: 'carousel',
      content: {
        carousel: {
          cardWidth: s,
          cards: [{ title: s, media: { contentInfo: { fileUrl: `https://e.com/${s}.mp4` } } }],
        },
      },
    },
    {
      user: user(s),
      type: 'buttons',
      content: { text: s, url: s, button: { caption: s, action: s } },
    },
    { user: user(s), type: s, content: { [s]: s } },
    { [s]: s },
  ]
}

/**
 * Template sends filled in from registered templates, with `s` as every value and in every
 * registered text (header, body, footer, button labels and URLs, card texts): the value alone
 * first (in a safe template), then everything hostile at once.
 */
export function hostileTemplates(s: string): [unknown, readonly KnownTemplate[]][] {
  const send = (name: string) => ({
    user: { msisdn: '+1' },
    type: 'template',
    content: {
      template: {
        name,
        language: 'en',
        components: [
          { type: 'header', parameters: [{ type: 'text', text: s }] },
          { type: 'body', parameters: [{ type: 'text', text: s }, { type: 'image', url: s }, s] },
          { type: 'button', index: 0, subType: 'Url', parameters: [{ type: 'text', text: s }] },
          {
            type: 'button',
            index: 1,
            subType: 'CopyCode',
            parameters: [{ type: 'couponCode', couponCode: s }],
          },
          {
            type: 'carousel',
            cards: [
              {
                cardIndex: 0,
                components: [
                  { type: 'header', parameters: [{ type: 'image', url: s }] },
                  { type: 'body', parameters: [{ type: 'text', text: s }] },
                ],
              },
            ],
          },
        ],
      },
    },
  })
  const template = (name: string, t: string): KnownTemplate => ({
    name,
    language: 'en',
    status: t === 'approved' ? t : s,
    components: [
      { type: 'HEADER', format: 'Text', text: `${t} {{1}}` },
      { type: 'BODY', text: `${t} *{{1}}* https://example.com/{{1}} {{2}}` },
      { type: 'FOOTER', text: t },
      {
        type: 'BUTTONS',
        buttons: [
          { type: 'URL', text: t, url: `https://example.com/${t}/{{1}}` },
          { type: 'COPY_CODE', text: t },
          { type: s, text: t, url: t },
        ],
      },
      {
        type: 'CAROUSEL',
        cards: [
          {
            components: [
              { type: 'HEADER', format: 'Image' },
              { type: 'BODY', text: `${t} {{1}}` },
            ],
          },
        ],
      },
    ],
  })
  return [
    [send('safe'), [template('safe', 'approved')]],
    [send(s), [template(s, s)]],
  ]
}
