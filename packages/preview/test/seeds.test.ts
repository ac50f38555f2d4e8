import { msg } from '@chatapps/dsl'
import { describe, expect, test } from 'vitest'
import { renderPreview } from '../src/index'
import { attr, byClass, byTag, type Element, fragment, seed, seeds, text } from './helpers'

function render(name: string) {
  const html = renderPreview(seed(name))
  return { html, root: fragment(html) }
}

function one(elements: Element[]): Element {
  expect(elements).toHaveLength(1)
  return elements[0] as Element
}

describe('every seed', () => {
  test('there are twelve', () => {
    expect(seeds).toHaveLength(12)
  })

  test.each(seeds.map((s) => [s.name, s] as const))(
    'Should render %s as one valid preview without script',
    (_, s) => {
      const html = renderPreview(s.payload)
      const root = fragment(html)
      const article = one(byTag(root, 'article'))
      expect(attr(article, 'class')).toBe('cap-preview')
      expect(attr(article, 'aria-label')).toMatch(/^Message preview: [a-z -]+$/)
      expect(byClass(root, 'cap-issues')).toHaveLength(0)
      expect(byClass(root, 'cap-invalid')).toHaveLength(0)
      expect(byClass(root, 'cap-unknown')).toHaveLength(0)
      expect(byTag(root, 'script')).toHaveLength(0)
      expect(html).not.toMatch(/\son[a-z]+\s*=/i)
      expect(text(one(byClass(root, 'cap-to')))).toBe('To +15551234567')
    },
  )
})

describe('characteristic parts', () => {
  test('text: the whole text, line breaks kept', () => {
    const { root } = render('text')
    const p = one(byClass(root, 'cap-text'))
    expect(text(p)).toBe((seed('text').content as { text: string }).text)
    expect(text(p)).toContain('\n\nWe empower your business')
  })

  test('image: an img with the URL and the caption as alt text, and the caption', () => {
    const { root } = render('image')
    const img = one(byTag(root, 'img'))
    const content = seed('image').content as { url: string; text: string }
    expect(attr(img, 'src')).toBe(content.url)
    expect(attr(img, 'alt')).toBe(content.text)
    expect(attr(img, 'referrerpolicy')).toBe('no-referrer')
    expect(text(one(byClass(root, 'cap-text')))).toBe(content.text)
  })

  test('video: a video with controls that loads nothing until played, and the caption', () => {
    const { root } = render('video')
    const video = one(byTag(root, 'video'))
    expect(attr(video, 'src')).toBe('https://samplelib.com/lib/preview/mp4/sample-5s.mp4')
    expect(attr(video, 'preload')).toBe('none')
    expect(attr(video, 'controls')).toBe('')
    expect(attr(video, 'aria-label')).toBe('This is the video file')
    expect(text(one(byClass(root, 'cap-text')))).toBe('This is the video file')
  })

  test('document: the file name, its extension and a link to it, and the caption', () => {
    const { root } = render('document')
    const doc = one(byClass(root, 'cap-doc'))
    expect(text(one(byClass(doc, 'cap-doc-name')))).toBe('sample.pdf')
    expect(text(one(byClass(doc, 'cap-doc-icon')))).toBe('PDF')
    const a = one(byTag(doc, 'a'))
    expect(attr(a, 'href')).toBe('https://pdfobject.com/pdf/sample.pdf')
    expect(attr(a, 'rel')).toBe('noopener noreferrer nofollow')
    expect(text(a)).toBe('Open sample.pdf')
    expect(text(one(byClass(root, 'cap-text')))).toContain('Attached is our latest 8x8 brochure')
  })

  test('location: name, address, coordinates and a map link built from the numbers', () => {
    const { root } = render('location')
    expect(text(one(byClass(root, 'cap-loc-name')))).toBe('8x8 Singapore Office')
    expect(text(one(byClass(root, 'cap-loc-address')))).toBe(
      '1 George St, #22-03/04 One George Street, Singapore 049145',
    )
    expect(text(one(byClass(root, 'cap-coords')))).toBe('1.2857, 103.8479')
    const map = one(byClass(root, 'cap-map'))
    expect(attr(map, 'role')).toBe('img')
    expect(attr(map, 'aria-label')).toBe('Map of 8x8 Singapore Office')
    expect(attr(one(byTag(root, 'a')), 'href')).toBe(
      'https://www.openstreetmap.org/?mlat=1.2857&mlon=103.8479#map=17/1.2857/103.8479',
    )
  })

  test('list: header, body, footer, the button opening a sheet with every section and row', () => {
    const { root } = render('list')
    expect(text(one(byClass(root, 'cap-header')))).toBe(
      '8x8 Customer Success personalized sessions',
    )
    expect(text(one(byClass(root, 'cap-footer')))).toBe(
      'For urgent inquiries, email cpaas-sales@8×8.com',
    )
    const details = one(byTag(root, 'details'))
    const summary = one(byTag(details, 'summary'))
    expect(text(summary)).toBe('☰Book Slot')
    expect(text(one(byClass(summary, 'cap-icon')))).toBe('☰')
    expect(attr(one(byClass(summary, 'cap-icon')), 'aria-hidden')).toBe('true')
    expect(byTag(details, 'h3').map(text)).toEqual(['Oct 9, 2024', 'Oct 10, 2024'])
    const rows = byClass(details, 'cap-row')
    expect(rows.map((r) => attr(r, 'data-cap-id'))).toEqual([
      'slot-1',
      'slot-2',
      'slot-3',
      'slot-4',
    ])
    expect(rows.map((r) => text(one(byClass(r, 'cap-row-title'))))).toEqual([
      'Monday, Oct 9',
      'Monday, Oct 9',
      'Tuesday, Oct 10',
      'Tuesday, Oct 10',
    ])
    expect(rows.map((r) => text(one(byClass(r, 'cap-row-desc'))))).toEqual([
      '9:00 AM - 10:00 AM',
      '11:00 AM - 12:00 PM',
      '2:00 PM - 3:00 PM',
      '4:00 PM - 5:00 PM',
    ])
    // Each section's rows are a list under its heading.
    expect(byClass(details, 'cap-section').map((s) => byTag(s, 'li').length)).toEqual([2, 2])
  })

  test('buttons: the three reply buttons, in a labelled group after the bubble', () => {
    const { root } = render('buttons')
    const group = byClass(root, 'cap-actions').find(
      (g) => attr(g, 'aria-label') === 'Reply buttons',
    )
    expect(group).toBeDefined()
    const buttons = byTag(group as Element, 'button')
    expect(buttons.map((b) => text(b))).toEqual(['↩contact-us', '↩faq', '↩office'])
    expect(buttons.map((b) => attr(b, 'type'))).toEqual(['button', 'button', 'button'])
    expect(buttons.map((b) => attr(b, 'data-cap-id'))).toEqual(['option-1', 'option-2', 'option-3'])
    expect(byTag(one(byClass(root, 'cap-bubble')), 'button')).toHaveLength(0)
    expect(text(one(byClass(root, 'cap-header')))).toBe('8x8')
  })

  test.each(['cta_url_image_header', 'cta_url_text_header'])(
    '%s: the link button opens the URL in a new tab',
    (name) => {
      const { root } = render(name)
      const a = one(byClass(root, 'cap-btn'))
      expect(a.tagName).toBe('a')
      expect(attr(a, 'href')).toBe(
        'https://developers.facebook.com/docs/whatsapp/cloud-api/messages/interactive-cta-url-messages',
      )
      expect(attr(a, 'target')).toBe('_blank')
      expect(text(a)).toBe('↗Click for more (opens a web page)')
    },
  )

  test('cta_url_image_header: the header image', () => {
    const { root } = render('cta_url_image_header')
    const img = one(byTag(root, 'img'))
    expect(attr(img, 'src')).toMatch(/^https:\/\/chatapps\.8x8\.com\/files\/991c/)
    expect(attr(img, 'alt')).toBe('Header image')
  })

  test('flow: the header image, the flow button and a note naming the flow', () => {
    const { root } = render('flow')
    expect(attr(one(byTag(root, 'img')), 'src')).toBe('https://iili.io/KtDO5BV.jpg')
    expect(text(one(byTag(root, 'button')))).toBe('▸Schedule now')
    expect(text(one(byClass(root, 'cap-note')))).toBe(
      'Opens WhatsApp Flow 1633450807827276 (navigate)',
    )
  })

  test('product: the product id, body, footer, a View button and the catalog', () => {
    const { root } = render('product')
    expect(text(one(byClass(root, 'cap-product-id')))).toBe('PRODUCT_SKU_123')
    expect(text(one(byClass(root, 'cap-text')))).toBe(
      'Check out this amazing product from our store!',
    )
    expect(text(one(byClass(root, 'cap-footer')))).toBe('Limited stock available')
    expect(text(one(byTag(root, 'button')))).toBe('View')
    expect(text(one(byClass(root, 'cap-note')))).toBe('Catalog YOUR_CATALOG_ID')
  })

  test('product_list: a View items sheet with both sections and all four products', () => {
    const { root } = render('product_list')
    expect(text(one(byClass(root, 'cap-header')))).toBe('Featured Products')
    const details = one(byTag(root, 'details'))
    expect(text(one(byTag(details, 'summary')))).toBe('☰View items')
    const sections = byClass(details, 'cap-section')
    expect(sections.map((s) => text(one(byTag(s, 'h3'))))).toEqual(['Best Sellers', 'New Arrivals'])
    expect(sections.map((s) => byTag(s, 'li').map(text))).toEqual([
      ['🛍PRODUCT_SKU_1', '🛍PRODUCT_SKU_2'],
      ['🛍PRODUCT_SKU_3', '🛍PRODUCT_SKU_4'],
    ])
  })
})

describe('DSL output and parsed JSON', () => {
  test('Should render a built message exactly as its JSON form', () => {
    const built = msg
      .to('+15551234567')
      .list('Book Slot')
      .header('8x8 Customer Success personalized sessions')
      .body(
        'Looking for personalized assistance? Our Customer Success team has the following slots available. Tap to select a time.',
      )
      .footer('For urgent inquiries, email cpaas-sales@8×8.com')
      .section('Oct 9, 2024')
      .row('slot-1', 'Monday, Oct 9', '9:00 AM - 10:00 AM')
      .row('slot-2', 'Monday, Oct 9', '11:00 AM - 12:00 PM')
      .section('Oct 10, 2024')
      .row('slot-3', 'Tuesday, Oct 10', '2:00 PM - 3:00 PM')
      .row('slot-4', 'Tuesday, Oct 10', '4:00 PM - 5:00 PM')
      .build()
    expect(renderPreview(built)).toBe(renderPreview(seed('list')))
    expect(renderPreview(JSON.parse(JSON.stringify(built)))).toBe(renderPreview(built))
  })

  test('Should render an 8x8 spelling ("Image", coordinates as strings) like the canonical one', () => {
    const canonical = msg
      .to('+15551234567')
      .location({
        latitude: 1.2857,
        longitude: 103.8479,
        name: '8x8 Singapore Office',
        address: '1 George St, #22-03/04 One George Street, Singapore 049145',
      })
      .build()
    expect(renderPreview(seed('location'))).toBe(renderPreview(canonical))
  })
})
