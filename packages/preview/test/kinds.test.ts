import { msg } from '@chatapps/dsl'
import { describe, expect, test } from 'vitest'
import { renderPreview } from '../src/index'
import { attr, byClass, byTag, type Element, fragment, text } from './helpers'

const user = { msisdn: '+15551234567' }

function first(elements: Element[]): Element {
  const e = elements[0]
  if (e === undefined) throw new Error('no element')
  return e
}

describe('templates', () => {
  const message = msg
    .to('+15551234567')
    .template('order_update', 'en_US')
    .header({ type: 'image', url: 'https://example.com/box.png' })
    .body({ type: 'text', text: 'Jason' }, { type: 'text', text: '#420' })
    .button('Url', 0, { type: 'text', text: 'track/420' })
    .build()

  test('Should show the name, the language and every parameter when the text is not known', () => {
    const root = fragment(renderPreview(message))
    const title = first(byClass(root, 'cap-tpl-title'))
    expect(text(title)).toBe('Template order_update en_US')
    const names = byTag(root, 'dt').map(text)
    const values = byTag(root, 'dd').map(text)
    expect(names).toEqual(['Header {{1}}', 'Body {{1}}', 'Body {{2}}', 'Button 0 · Url'])
    expect(values.slice(1)).toEqual(['Jason', '#420', 'track/420'])
    expect(attr(first(byTag(root, 'img')), 'src')).toBe('https://example.com/box.png')
  })

  test('Should fill the known text with the parameters', () => {
    const root = fragment(
      renderPreview(message, {
        templates: {
          order_update: {
            body: 'Hi {{1}}, order *{{2}}* is on its way. {{3}}',
            footer: 'Reply STOP to opt out',
            buttons: ['Track it'],
          },
        },
      }),
    )
    expect(text(first(byClass(root, 'cap-text')))).toBe('Hi Jason, order #420 is on its way. {{3}}')
    expect(byTag(first(byClass(root, 'cap-text')), 'strong').map(text)).toEqual(['#420'])
    expect(text(first(byClass(root, 'cap-footer')))).toBe('Reply STOP to opt out')
    expect(text(first(byTag(root, 'button')))).toBe('Track it')
    expect(attr(first(byTag(root, 'img')), 'src')).toBe('https://example.com/box.png')
    expect(text(first(byClass(root, 'cap-tpl-title')))).toBe('Template order_update en_US')
  })

  test('Should not take a template text from the prototype', () => {
    const root = fragment(
      renderPreview(
        { user, type: 'template', content: { template: { name: 'toString', language: 'en' } } },
        { templates: {} },
      ),
    )
    expect(text(first(byClass(root, 'cap-note')))).toBe('No parameters')
  })
})

describe('RCS and Viber', () => {
  test('Should render a rich card with its media, title, description and suggestions', () => {
    const root = fragment(
      renderPreview({
        user,
        type: 'richCard',
        content: {
          richCard: {
            cardOrientation: 'vertical',
            title: 'Summer sale',
            description: 'Up to *50%* off',
            media: { height: 'medium', contentInfo: { fileUrl: 'https://example.com/s.jpg' } },
            suggestions: [
              { reply: { text: 'Yes', postbackData: 'yes' } },
              {
                action: {
                  text: 'Shop',
                  postbackData: 'shop',
                  openUrlAction: { url: 'https://example.com/shop' },
                },
              },
              {
                action: {
                  text: 'Call',
                  postbackData: 'c',
                  dialAction: { phoneNumber: '+6512345678' },
                },
              },
            ],
          },
        },
      }),
    )
    expect(byClass(root, 'cap-issues')).toHaveLength(0)
    expect(attr(first(byTag(root, 'img')), 'alt')).toBe('Summer sale')
    expect(text(first(byClass(root, 'cap-card-title')))).toBe('Summer sale')
    expect(byTag(first(byClass(root, 'cap-text')), 'strong').map(text)).toEqual(['50%'])
    const chips = byClass(first(byClass(root, 'cap-actions')), 'cap-btn')
    expect(chips.map((c) => [c.tagName, text(c)])).toEqual([
      ['button', '↩Yes'],
      ['a', '↗Shop'],
      ['button', '✆Call (+6512345678)'],
    ])
  })

  test('Should render a carousel as a list of cards', () => {
    const card = (n: number) => ({
      title: `Card ${n}`,
      media: { contentInfo: { fileUrl: `https://example.com/${n}.mp4` } },
    })
    const root = fragment(
      renderPreview({
        user,
        type: 'carousel',
        content: { carousel: { cardWidth: 'small', cards: [card(1), card(2)] } },
      }),
    )
    const list = first(byClass(root, 'cap-carousel'))
    expect(attr(list, 'aria-label')).toBe('Carousel of 2 cards')
    expect(byTag(list, 'li').map((li) => text(first(byClass(li, 'cap-card-title'))))).toEqual([
      'Card 1',
      'Card 2',
    ])
    expect(byTag(list, 'video')).toHaveLength(2)
  })

  test("Should render Viber's buttons type (8x8's Viber guide): text, image, link button", () => {
    const html = renderPreview({
      user,
      type: 'buttons',
      content: {
        text: 'Your order is ready',
        url: 'https://example.com/store.jpg',
        button: { caption: 'Get directions', action: 'https://maps.example.com/?q=store' },
      },
    })
    const root = fragment(html)
    expect(text(first(byClass(root, 'cap-text')))).toBe('Your order is ready')
    expect(attr(first(byTag(root, 'img')), 'src')).toBe('https://example.com/store.jpg')
    const a = first(byClass(root, 'cap-btn'))
    expect([a.tagName, attr(a, 'href'), text(a)]).toEqual([
      'a',
      'https://maps.example.com/?q=store',
      '↗Get directions',
    ])
    // Valid since @chatapps/dsl 0.2 knows the type: no issues drawn.
    expect(byClass(root, 'cap-issues')).toHaveLength(0)
  })
})

describe('other kinds', () => {
  test('Should render audio with controls and no caption', () => {
    const root = fragment(
      renderPreview(msg.to('+15551234567').audio('https://e.com/a.mp3').build()),
    )
    const audio = first(byTag(root, 'audio'))
    expect([attr(audio, 'src'), attr(audio, 'aria-label')]).toEqual([
      'https://e.com/a.mp3',
      'Audio',
    ])
  })

  test.each([
    ['location_request_message', { name: 'send_location' }, 'Send location'],
    ['call_permission_request', undefined, 'Allow calls'],
    ['request_contact_info', undefined, 'Share contact info'],
    ['voice_call', { name: 'voice_call' }, 'Call Now'],
  ])('Should render %s with its button', (type, action, label) => {
    const interactive = { type, body: { text: 'Hello' }, ...(action ? { action } : {}) }
    const root = fragment(renderPreview({ user, type: 'interactive', content: { interactive } }))
    expect(byClass(root, 'cap-issues')).toHaveLength(0)
    expect(text(first(byTag(root, 'button')))).toContain(label)
  })

  test('Should draw placeholders and fetch nothing with loadMedia: false', () => {
    const html = renderPreview(
      msg.to('+15551234567').image('https://example.com/a.jpg', { caption: 'A cat' }).build(),
      { loadMedia: false },
    )
    const root = fragment(html)
    expect(byTag(root, 'img')).toHaveLength(0)
    const placeholder = first(byClass(root, 'cap-image'))
    expect([attr(placeholder, 'role'), attr(placeholder, 'aria-label')]).toEqual(['img', 'A cat'])
    expect(text(placeholder)).toContain('https://example.com/a.jpg')
    expect(html).not.toMatch(/\s(src|poster)=/)
  })

  test('Should use the given heading level', () => {
    const root = fragment(
      renderPreview(
        msg.to('+15551234567').list('Go').body('B').section('S').row('r', 'R').build(),
        { headingLevel: 5 },
      ),
    )
    expect(byTag(root, 'h5').map(text)).toEqual(['S'])
    expect(byTag(root, 'h3')).toHaveLength(0)
  })

  test('Should show a reply context', () => {
    const message = msg
      .to('+15551234567')
      .text('Sure')
      .replyTo('0b5f2c7e-3d1a-4c5e-9a8e-2f6d1c0b9a77')
      .build()
    expect(text(first(byClass(fragment(renderPreview(message)), 'cap-quote')))).toBe(
      'Reply to 0b5f2c7e-3d1a-4c5e-9a8e-2f6d1c0b9a77',
    )
  })

  test('Should not trust options from unchecked JavaScript', () => {
    const message = msg.to('+15551234567').list('Go').body('B').section('S').row('r', 'R').build()
    const options = {
      headingLevel: '1 onclick=alert(1)',
      templates: null,
    } as unknown as Parameters<typeof renderPreview>[1]
    const html = renderPreview(message, options)
    expect(html).toContain('<h3 class="cap-section-title"')
    expect(html).not.toContain('onclick')
    const template = {
      user,
      type: 'template',
      content: { template: { name: 't', language: 'en' } },
    }
    const weird = {
      templates: { t: { body: 'Hi', buttons: 'nope', header: 7 } },
    } as unknown as Parameters<typeof renderPreview>[1]
    expect(renderPreview(template, weird)).toContain('<p class="cap-text" dir="auto">Hi</p>')
  })
})
