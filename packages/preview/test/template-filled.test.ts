import { msg } from '@chatapps/dsl'
import type { KnownTemplate } from '@chatapps/dsl/templates'
import { describe, expect, test } from 'vitest'
import { renderPreview } from '../src/index'
import { attr, byClass, byTag, type Element, fragment, text } from './helpers'
import { known } from './registered'

const to = msg.to('+15551234567')
const orderUpdate = to
  .template('order_update', 'en_US')
  .header({ type: 'image', url: 'https://example.com/parcel.png' })
  .body('Jason', 'ORD-42')
  .urlButton(0, 'ORD-42')
  .build()

/** The marked values of a preview: where each points, what it shows, and its sentence. */
function misfits(html: string) {
  return byClass(fragment(html), 'cap-misfit').map((e) => ({
    tag: e.tagName,
    path: attr(e, 'data-cap-path'),
    title: attr(e, 'title'),
    text: text(e),
  }))
}

/** The template issues listed under a preview. */
function listed(html: string) {
  const section = byClass(fragment(html), 'cap-issues').find(
    (e) => attr(e, 'aria-label') === 'Template issues',
  )
  if (section === undefined) return []
  return byTag(section, 'li').map(text)
}

describe('a template drawn from its registered template', () => {
  test('Should draw order_update as the customer reads it', () => {
    expect(renderPreview(orderUpdate, { templates: known })).toBe(
      '<article class="cap-preview" aria-label="Message preview: template">' +
        '<div class="cap-screen">' +
        '<p class="cap-to">To <code class="cap-code">+15551234567</code></p>' +
        '<div class="cap-bubble">' +
        '<img class="cap-media cap-image" src="https://example.com/parcel.png" alt="Header image" loading="lazy" decoding="async" referrerpolicy="no-referrer">' +
        '<p class="cap-text" dir="auto">Hi <span class="cap-fill" dir="auto">Jason</span>, your order <span class="cap-fill" dir="auto">ORD-42</span> has shipped</p>' +
        '<p class="cap-footer" dir="auto">Shop Example</p>' +
        '<div class="cap-actions" role="group" aria-label="Actions">' +
        '<a class="cap-btn cap-btn-link" href="https://shop.example/track/ORD-42" target="_blank" rel="noopener noreferrer nofollow">' +
        '<span class="cap-icon" aria-hidden="true">↗</span><span dir="auto">Track order</span>' +
        '<span class="cap-btn-detail">https://shop.example/track/ORD-42</span><span class="cap-sr"> (opens a web page)</span></a>' +
        '<button type="button" class="cap-btn"><span class="cap-icon" aria-hidden="true">↩</span><span dir="auto">Talk to us</span></button>' +
        '</div></div>' +
        '<p class="cap-tpl-title"><span class="cap-badge">Template</span> <code class="cap-code">order_update</code> <span class="cap-lang" dir="auto">en_US</span></p>' +
        '</div></article>',
    )
  })

  test('Should take the items of the gateway’s GET /v1/templates answer as they are', () => {
    const item = {
      channelId: 'wa-channel-1',
      name: 'order_update',
      language: 'en_US',
      status: 'approved',
      category: 'UTILITY',
      quality: 'GREEN',
      components: known[0]?.components ?? [],
      parameters: { header: { format: 'image', parameters: 1 }, body: 2, buttons: [] },
      updatedAt: null,
      syncedAt: '2026-11-24T09:00:00.000Z',
    }
    expect(renderPreview(orderUpdate, { templates: [item] })).toBe(
      renderPreview(orderUpdate, { templates: known }),
    )
  })

  test('Should fall back to the parameter list for an unknown name or language', () => {
    const plain = renderPreview(orderUpdate)
    for (const templates of [[], known.filter((t) => t.name !== 'order_update')]) {
      expect(renderPreview(orderUpdate, { templates })).toBe(plain)
    }
    const otherLanguage = known.map((t) => ({ ...t, language: 'de' }))
    expect(renderPreview(orderUpdate, { templates: otherLanguage })).toBe(plain)
    expect(plain).toContain('<h3 class="cap-section-title" dir="auto">Parameters</h3>')
  })

  test('Should keep WhatsApp formatting around a placeholder, and link a URL holding one to its filled address', () => {
    const html = renderPreview(
      to
        .template('appointment', 'en')
        .header('Monday')
        .body('Ann', '10:00', 'A-7')
        .copyCode(1, 'SAVE10')
        .build(),
      { templates: known },
    )
    const root = fragment(html)
    const body = byClass(root, 'cap-text')[0] as Element
    expect(text(body)).toBe('Dear Ann, see you at 10:00: https://clinic.example/v/A-7')
    expect(byTag(body, 'strong').map(text)).toStrictEqual(['Ann'])
    expect(byTag(body, 'a').map((a) => attr(a, 'href'))).toStrictEqual([
      'https://clinic.example/v/A-7',
    ])
    expect(text(byClass(root, 'cap-header')[0] as Element)).toBe('Visit on Monday')
    expect(byTag(root, 'button').map(text)).toStrictEqual(['✆Call us', '⧉Copy codeSAVE10'])
    // Paused: shown beside the name, and listed without an 8x8 code (8x8 takes the send).
    expect(text(byClass(root, 'cap-tpl-title')[0] as Element)).toBe(
      'Template appointment en paused',
    )
    expect(listed(html)).toStrictEqual([
      'content.template.name appointment (en) is paused: WhatsApp sends approved templates only.',
    ])
    expect(attr(byTag(root, 'article')[0] as Element, 'aria-label')).toBe(
      'Message preview: template, does not fit its template',
    )
  })

  test('Should draw a document header as a document card, and a location header as a map and its place', () => {
    const invoice = fragment(
      renderPreview(
        to
          .template('invoice_ready', 'en')
          .header({ type: 'document', url: 'https://example.com/invoice-42.pdf' })
          .body('INV-42')
          .build(),
        { templates: known },
      ),
    )
    expect(text(byClass(invoice, 'cap-doc')[0] as Element)).toBe(
      'PDFinvoice-42.pdfOpen invoice-42.pdf',
    )
    expect(text(byClass(invoice, 'cap-text')[0] as Element)).toBe(
      'Your invoice INV-42 is attached.',
    )
    const visit = fragment(
      renderPreview(
        to
          .template('store_visit', 'en')
          .header({
            type: 'location',
            location: { latitude: 1.29, longitude: 103.85, name: 'Shop', address: '1 Main St' },
          })
          .build(),
        { templates: known },
      ),
    )
    expect(attr(byClass(visit, 'cap-map')[0] as Element, 'aria-label')).toBe('Map')
    expect(byClass(visit, 'cap-note').map(text)).toStrictEqual(['Shop · 1 Main St · 1.29, 103.85'])
    expect(byClass(visit, 'cap-misfit')).toHaveLength(0)
  })

  test('Should fill the cards of a carousel template', () => {
    const html = renderPreview(
      to
        .template('spring_picks', 'en_US')
        .body('Jason')
        .card()
        .header({ type: 'image', url: 'https://example.com/shoes.png' })
        .body('Trail shoes')
        .urlButton(0, 'p/shoes')
        .card()
        .header({ type: 'video', url: 'https://example.com/jacket.mp4' })
        .build(),
      { templates: known, loadMedia: false },
    )
    const root = fragment(html)
    expect(text(byClass(root, 'cap-bubble')[0] as Element)).toBe('Hi Jason, our picks:')
    const cards = byClass(root, 'cap-card')
    expect(attr(byClass(root, 'cap-carousel')[0] as Element, 'aria-label')).toBe(
      'Carousel of 2 cards',
    )
    expect(cards.map(text)).toStrictEqual([
      '🖼https://example.com/shoes.pngTrail shoes↗Buyhttps://shop.example/p/shoes (opens a web page)',
      '▶https://example.com/jacket.mp4Rain jacket↩More',
    ])
    expect(listed(html)).toStrictEqual([])
  })
})

describe('a value that does not fit', () => {
  const orderWith = (build: (t: ReturnType<typeof to.template>) => { build(): unknown }) =>
    renderPreview(build(to.template('order_update', 'en_US')).build(), { templates: known })
  const image = { type: 'image', url: 'https://example.com/parcel.png' } as const

  test('Should mark a missing body value with its placeholder and the count issue', () => {
    const html = orderWith((t) => t.header(image).body('Jason').urlButton(0, 'ORD-42'))
    const sentence = 'The body of order_update (en_US) takes 2 parameters; 1 given.'
    expect(misfits(html)).toStrictEqual([
      {
        tag: 'mark',
        path: 'content.template.components.1.parameters.1',
        title: sentence,
        text: `⚠{{2}} (does not fit: ${sentence})`,
      },
    ])
    expect(listed(html)).toStrictEqual([
      `content.template.components.1.parameters ${sentence} 8x8 error 3041`,
    ])
  })

  test('Should mark a value of the wrong type with its own issue', () => {
    const html = orderWith((t) =>
      t
        .header(image)
        .body('Jason', { type: 'image', url: 'https://x.example/a.png' })
        .urlButton(0, 'x'),
    )
    const sentence = 'The body’s parameters are text; parameter 2 is an image.'
    expect(misfits(html)).toStrictEqual([
      {
        tag: 'mark',
        path: 'content.template.components.1.parameters.1',
        title: sentence,
        text: `⚠https://x.example/a.png (does not fit: ${sentence})`,
      },
    ])
    expect(listed(html)).toStrictEqual([
      `content.template.components.1.parameters.1.type ${sentence} 8x8 error 3042`,
    ])
  })

  test('Should mark the values of a body too long once filled in', () => {
    const long = 'x'.repeat(1000)
    const html = orderWith((t) => t.header(image).body('Jason', long).urlButton(0, 'x'))
    const sentence = 'Filled in, the body of order_update (en_US) is longer than 1024 characters.'
    expect(misfits(html).map((m) => [m.path, m.title])).toStrictEqual([
      ['content.template.components.1.parameters.0', sentence],
      ['content.template.components.1.parameters.1', sentence],
    ])
    expect(listed(html)).toStrictEqual([
      `content.template.components.1.parameters ${sentence} 8x8 error 3043`,
    ])
  })

  test('Should show an extra value after the body, marked', () => {
    const html = orderWith((t) =>
      t.header(image).body('Jason', 'ORD-42', 'surplus').urlButton(0, 'x'),
    )
    const sentence = 'The body of order_update (en_US) takes 2 parameters; 3 given.'
    const root = fragment(html)
    expect(text(byClass(root, 'cap-extra')[0] as Element)).toBe(
      `Not in the template: ⚠surplus (does not fit: ${sentence})`,
    )
    expect(misfits(html)).toStrictEqual([
      {
        tag: 'mark',
        path: 'content.template.components.1.parameters.2',
        title: sentence,
        text: `⚠surplus (does not fit: ${sentence})`,
      },
    ])
  })

  test('Should say so under a header the send leaves out or gives the wrong kind of', () => {
    const missing = orderWith((t) => t.body('Jason', 'ORD-42').urlButton(0, 'x'))
    const sentence = 'order_update (en_US) has an image header: the send needs its image.'
    expect(misfits(missing)).toStrictEqual([
      {
        tag: 'div',
        path: 'content.template.components',
        title: undefined,
        text: `🖼No URL⚠${sentence}`,
      },
    ])
    const video = orderWith((t) =>
      t
        .header({ type: 'video', url: 'https://example.com/v.mp4' })
        .body('Jason', 'ORD-42')
        .urlButton(0, 'x'),
    )
    expect(misfits(video).map((m) => [m.path, m.text.split('⚠')[1]])).toStrictEqual([
      [
        'content.template.components.0.parameters.0',
        'The header of order_update (en_US) is an image: expected an image parameter, not a video.',
      ],
    ])
  })

  test('Should mark a button whose suffix is missing or whose sub-type is wrong', () => {
    const missing = orderWith((t) => t.header(image).body('Jason', 'ORD-42'))
    const needs =
      'Button 0 (URL "Track order") of order_update (en_US) needs its URL suffix: the send has no component for it.'
    expect(misfits(missing)).toStrictEqual([
      {
        tag: 'a',
        path: undefined,
        title: needs,
        text: `⚠↗Track orderhttps://shop.example/track/ (opens a web page) (does not fit: ${needs})`,
      },
    ])
    const wrong = orderWith((t) => t.header(image).body('Jason', 'ORD-42').quickReply(0, 'p'))
    const subType =
      'Button 0 (URL "Track order") of order_update (en_US) is a Url button, not QuickReply.'
    expect(misfits(wrong).map((m) => m.title)).toStrictEqual([subType])
    expect(listed(wrong)).toStrictEqual([
      `content.template.components.2.subType ${subType} 8x8 error 3052`,
    ])
  })

  test('Should leave the template issues out with showIssues: false, and still mark the values', () => {
    const message = to.template('order_update', 'en_US').header(image).body('Jason').build()
    const html = renderPreview(message, { templates: known, showIssues: false })
    expect(listed(html)).toStrictEqual([])
    expect(misfits(html).length).toBeGreaterThan(0)
  })
})

describe('templates from unchecked JavaScript', () => {
  test('Should skip entries it cannot read and never throw', () => {
    const weird = [
      null,
      7,
      { name: 'order_update', language: 'en_US', components: 'nope' },
      {
        name: 'order_update',
        language: 'en_US',
        components: [
          null,
          { type: 5 },
          { type: 'BODY', text: 42 },
          { type: 'BUTTONS', buttons: [null, { type: 'URL', text: 1, url: { x: 1 } }] },
          { type: 'CAROUSEL', cards: [null, { components: [{ type: 'BODY', text: [] }] }] },
        ],
      },
    ] as unknown as readonly KnownTemplate[]
    const html = renderPreview(orderUpdate, { templates: weird })
    const root = fragment(html)
    expect(text(byClass(root, 'cap-tpl-title')[0] as Element)).toBe('Template order_update en_US')
    // The URL button kept its type but lost its address: it takes nothing from the send.
    expect(byClass(root, 'cap-btn').map(text)).toStrictEqual([
      '⚠↗(empty) (does not fit: Button 0 (URL "") of order_update (en_US) takes nothing from the send.)',
    ])
  })
})
