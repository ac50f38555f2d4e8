/**
 * The RCS kinds as the DSL's chains build them: every chip drawn with its icon, message chips
 * apart from card chips, and a horizontal card's media on the side its alignment says.
 */
import { msg } from '@chatapps/dsl'
import { describe, expect, test } from 'vitest'
import { renderPreview } from '../src/index'
import { attr, byClass, type Element, fragment, type Node, text } from './helpers'

const to = msg.to('+84123456789')
const IMAGE = 'https://example.com/image.jpg'

const chipsOf = (group: Element | undefined) =>
  group === undefined ? [] : byClass(group, 'cap-btn').map((chip) => [chip.tagName, text(chip)])

describe('RCS chains in the preview', () => {
  test('Should draw every kind of chip on a card, and the message chips under it', () => {
    const message = to
      .richCard({ orientation: 'vertical' })
      .title('Hey Melissa!')
      .media(IMAGE, { height: 'short' })
      .reply('View', 'view')
      .dial('Call', 'call', '+12025551234')
      .viewLocation('Map', 'map', { query: 'running shoes' })
      .calendarEvent('Save', 'save', {
        title: 'Gait analysis',
        startTime: '2026-12-01T09:00:00Z',
        endTime: '2026-12-01T09:30:00Z',
      })
      .suggestions((s) => s.openUrl('Shop', 'shop', 'https://example.com/shop').reply('No', 'no'))
      .build()
    const root = fragment(renderPreview(message))
    expect(byClass(root, 'cap-issues')).toHaveLength(0)
    const [card, under] = byClass(root, 'cap-actions')
    expect(chipsOf(card)).toEqual([
      ['button', '↩View'],
      ['button', '✆Call (+12025551234)'],
      ['button', '⌖Map'],
      ['button', '▦Save'],
    ])
    expect(chipsOf(under)).toEqual([
      ['a', '↗Shop'],
      ['button', '↩No'],
    ])
  })

  test('Should put a horizontal card right-aligned when it says so, left otherwise', () => {
    const card = (alignment?: 'left' | 'right') =>
      fragment(
        renderPreview(
          to
            .richCard(
              alignment === undefined
                ? { orientation: 'horizontal' }
                : { orientation: 'horizontal', thumbnailAlignment: alignment },
            )
            .title('Your table')
            .media(IMAGE)
            .build(),
        ),
      )
    const classes = (root: Node) => attr(byClass(root, 'cap-card')[0] as Element, 'class')
    expect(classes(card('right'))).toBe('cap-card cap-card-horizontal cap-card-right')
    expect(classes(card('left'))).toBe('cap-card cap-card-horizontal')
    expect(classes(card())).toBe('cap-card cap-card-horizontal')
  })

  test('Should draw a carousel built by chains with each card and its chips', () => {
    const message = to
      .carousel({ cardWidth: 'small' })
      .card((c) => c.title('One').media(IMAGE).reply('Pick one', '1'))
      .card((c) => c.title('Two').media(IMAGE).openUrl('Open two', '2', 'https://example.com/2'))
      .build()
    const root = fragment(renderPreview(message))
    expect(byClass(root, 'cap-issues')).toHaveLength(0)
    expect(byClass(root, 'cap-card-title').map(text)).toEqual(['One', 'Two'])
    expect(byClass(root, 'cap-actions').map(chipsOf)).toEqual([
      [['button', '↩Pick one']],
      [['a', '↗Open two']],
    ])
  })
})
