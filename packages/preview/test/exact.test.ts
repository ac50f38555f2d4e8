import { msg } from '@chatapps/dsl'
import { describe, expect, test } from 'vitest'
import { renderPreview } from '../src/index'

// Whole-string equality on small messages: any change to the markup shows up here.
describe('exact output', () => {
  test('Should render a formatted text message with the time', () => {
    const message = msg.to('+15551234567').text('*Hi* <there>, _see_ https://8x8.com').build()
    expect(renderPreview(message, { now: new Date('2026-11-24T09:05:00Z') })).toBe(
      '<article class="cap-preview" aria-label="Message preview: text">' +
        '<div class="cap-screen">' +
        '<p class="cap-to">To <code class="cap-code">+15551234567</code></p>' +
        '<div class="cap-bubble">' +
        '<p class="cap-text" dir="auto"><strong>Hi</strong> &lt;there&gt;, <em>see</em> ' +
        '<a class="cap-a" href="https://8x8.com/" target="_blank" rel="noopener noreferrer nofollow">https://8x8.com</a></p>' +
        '<p class="cap-time"><time datetime="2026-11-24T09:05:00.000Z">9:05 AM</time></p>' +
        '</div></div></article>',
    )
  })

  test('Should show the time in the given zone and locale', () => {
    const message = msg.to('+15551234567').text('Hi').build()
    const html = renderPreview(message, {
      now: new Date('2026-11-24T21:05:00Z'),
      locale: 'de-DE',
      timeZone: 'Europe/Berlin',
    })
    expect(html).toContain('<time datetime="2026-11-24T21:05:00.000Z">22:05</time>')
  })

  test('Should fall back to English and UTC for an unknown locale or time zone, and skip a bad date', () => {
    const message = msg.to('+15551234567').text('Hi').build()
    const now = new Date('2026-11-24T21:05:00Z')
    for (const options of [{ locale: 'not a locale!' }, { timeZone: 'Mars/Olympus' }]) {
      expect(renderPreview(message, { now, ...options })).toContain('>9:05 PM</time>')
    }
    expect(renderPreview(message, { now: new Date(Number.NaN) })).not.toContain('<time')
  })

  test('Should render one reply button after the bubble', () => {
    const message = msg.to('+15551234567').buttons().body('Pick').reply('y', 'Yes').build()
    expect(renderPreview(message)).toBe(
      '<article class="cap-preview" aria-label="Message preview: reply buttons">' +
        '<div class="cap-screen">' +
        '<p class="cap-to">To <code class="cap-code">+15551234567</code></p>' +
        '<div class="cap-bubble"><p class="cap-text" dir="auto">Pick</p></div>' +
        '<div class="cap-actions" role="group" aria-label="Reply buttons">' +
        '<button type="button" class="cap-btn" data-cap-id="y"><span class="cap-icon" aria-hidden="true">↩</span><span dir="auto">Yes</span></button>' +
        '</div></div></article>',
    )
  })

  test('Should render an empty text with its issue, pointing at the text', () => {
    expect(
      renderPreview({ user: { msisdn: '+15551234567' }, type: 'text', content: { text: '' } }),
    ).toBe(
      '<article class="cap-preview cap-has-issues" aria-label="Message preview: text, not valid">' +
        '<div class="cap-screen">' +
        '<p class="cap-to">To <code class="cap-code">+15551234567</code></p>' +
        '<div class="cap-bubble"><p class="cap-text cap-invalid" data-cap-path="content.text" dir="auto"><span class="cap-empty">(empty)</span></p></div>' +
        '</div>' +
        '<section class="cap-issues" aria-label="Validation issues">' +
        '<p class="cap-issues-title">Not a valid message: 1 issue</p>' +
        '<ol class="cap-issue-list"><li class="cap-issue"><code class="cap-path">content.text</code> ' +
        '<span class="cap-issue-message" dir="auto">Invalid length: must not be empty</span></li></ol>' +
        '</section></article>',
    )
  })

  test('Should be deterministic: the same input gives the same output', () => {
    const input = { user: { msisdn: '+15551234567' }, type: 'text', content: { text: 'Hi' } }
    expect(renderPreview(input)).toBe(renderPreview(structuredClone(input)))
    expect(renderPreview(input)).not.toContain('<time')
  })
})

describe('README', () => {
  test('Should show the output renderPreview really gives for its example', async () => {
    const { readFile } = await import('node:fs/promises')
    const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8')
    const block = /```html\n(<article[\s\S]*?)```/.exec(readme)?.[1]
    expect(block).toBeDefined()
    const message = msg
      .to('+15551234567')
      .buttons()
      .header('8x8')
      .body('*Welcome!* How can we help?')
      .reply('sales', 'Talk to sales')
      .reply('support', 'Get support')
      .build()
    expect(renderPreview(message)).toBe(block?.replace(/\n\s*/g, ''))
  })
})
