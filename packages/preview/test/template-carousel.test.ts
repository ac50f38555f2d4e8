import { msg } from '@chatapps/dsl'
import { describe, expect, test } from 'vitest'
import { renderPreview } from '../src/index'
import { attr, byClass, byTag, type Element, fragment, text } from './helpers'

const carousel = msg
  .to('+15551234567')
  .template('spring_picks', 'en_US')
  .body('Jason')
  .card()
  .header({ type: 'image', url: 'https://example.com/shoes.png' })
  .body('Trail shoes')
  .urlButton(0, 'p/shoes')
  .card()
  .header({ type: 'video', url: 'https://example.com/jacket.mp4' })
  .quickReply(0, 'more-jackets')
  .build()

const cards = (root: Parameters<typeof byClass>[0]) =>
  byTag(byClass(root, 'cap-carousel')[0] as Element, 'li')

describe('template carousels', () => {
  test('Should draw the cards side by side, each with its own parameters', () => {
    const root = fragment(renderPreview(carousel))
    expect(attr(byClass(root, 'cap-carousel')[0] as Element, 'aria-label')).toBe(
      'Carousel of 2 cards',
    )
    expect(byTag(root, 'dt').map(text)).toStrictEqual([
      'Body {{1}}',
      'Header {{1}}',
      'Body {{1}}',
      'Button 0 · Url',
      'Header {{1}}',
      'Button 0 · QuickReply',
    ])
    const [one, two] = cards(root) as [Element, Element]
    expect(text(byClass(one, 'cap-note')[0] as Element)).toBe('Card 0')
    expect(byTag(one, 'dd').map(text).slice(1)).toStrictEqual(['Trail shoes', 'p/shoes'])
    expect(attr(byTag(one, 'img')[0] as Element, 'src')).toBe('https://example.com/shoes.png')
    expect(text(byClass(two, 'cap-note')[0] as Element)).toBe('Card 1')
    expect(byTag(two, 'dd').map(text).slice(1)).toStrictEqual(['Payload more-jackets'])
  })

  test('Should show the cards under a known text too', () => {
    const root = fragment(
      renderPreview(carousel, { templates: { spring_picks: { body: 'Hi {{1}}, our picks:' } } }),
    )
    expect(text(byClass(root, 'cap-text')[0] as Element)).toBe('Hi Jason, our picks:')
    expect(cards(root)).toHaveLength(2)
  })

  test('Should draw a VoiceCall button of a template with its TTL and payload', () => {
    const root = fragment(
      renderPreview(
        msg
          .to('+15551234567')
          .template('call_us', 'en')
          .voiceCallButton(0, { ttlMinutes: 60, payload: 'p' })
          .build(),
      ),
    )
    expect(byTag(root, 'dt').map(text)).toStrictEqual([
      'Button 0 · VoiceCall',
      'Button 0 · VoiceCall',
    ])
    expect(byTag(root, 'dd').map(text)).toStrictEqual(['Valid for 60 minutes', 'Payload p'])
  })
})
