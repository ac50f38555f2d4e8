import { lineNotification } from '@chatapps/dsl'
import { describe, expect, test } from 'vitest'
import { renderPreview } from '../src/index'
import { attr, byClass, byTag, fragment, text } from './helpers'

const notification = lineNotification
  .to('+6500000000')
  .title('Event reminder')
  .company('8x8')
  .icon('calendar')
  .emphasis('Event name', '8x8 Conference')
  .item('Date', 'Tue 26/09/2022')
  .item('Seat', 'A-07')
  .greeting("Can't wait to see you there!")
  .explanation('We would like to remind you about your reservation for tomorrow event')
  .action('See direction', 'https://www.google.com/maps')
  .smsFallback('Event reminder - 8x8 Conference on Tue 26/09/2022')
  .build()

describe('LINE notifications', () => {
  test('Should draw every part, in LINE order, with the buttons as links', () => {
    const root = fragment(renderPreview(notification))
    const article = byTag(root, 'article')[0]
    expect(article && attr(article, 'aria-label')).toBe('Message preview: LINE notification')
    expect(byClass(root, 'cap-lon-icon').map(text)).toEqual(['calendar'])
    expect(byClass(root, 'cap-lon-title').map(text)).toEqual(['Event reminder'])
    expect(byClass(root, 'cap-footer').map(text)).toEqual(['8x8'])
    expect(byTag(root, 'dt').map(text)).toEqual(['Event name', 'Date', 'Seat'])
    expect(byTag(root, 'dd').map(text)).toEqual(['8x8 Conference', 'Tue 26/09/2022', 'A-07'])
    expect(byClass(root, 'cap-text').map(text)).toEqual([
      "Can't wait to see you there!",
      'We would like to remind you about your reservation for tomorrow event',
    ])
    const links = byTag(root, 'a')
    expect(links.map(text)).toEqual(['See direction'])
    expect(links.map((a) => attr(a, 'href'))).toEqual(['https://www.google.com/maps'])
    expect(byClass(root, 'cap-note').map(text)).toEqual([
      'SMS if LINE cannot deliver it: Event reminder - 8x8 Conference on Tue 26/09/2022',
    ])
    expect(byClass(root, 'cap-issues')).toEqual([])
  })

  test('Should mark what is invalid, list the issues, and never link a non-http URL', () => {
    const html = renderPreview({
      user: { msisdn: '+6500000000' },
      content: {
        title: 'T',
        icon: 'rocket',
        actions: [{ title: 'Go', url: 'javascript:alert(1)' }],
      },
    })
    const root = fragment(html)
    expect(byTag(root, 'a')).toEqual([])
    const invalid = byClass(root, 'cap-invalid').map((e) => attr(e, 'data-cap-path'))
    expect(invalid).toEqual(['content.icon', 'content.actions.0'])
    expect(html).toContain('Message preview: LINE notification, not valid')
    expect(html).not.toContain('javascript:alert(1)"')
  })

  test('Should escape every string', () => {
    const html = renderPreview(
      lineNotification
        .to('+6500000000')
        .title('<img src=x onerror=alert(1)>')
        .item('<b>', '&')
        .build(),
    )
    expect(html).not.toContain('<img')
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;')
    expect(html).toContain('<dt dir="auto">&lt;b&gt;</dt><dd dir="auto">&amp;</dd>')
  })
})
