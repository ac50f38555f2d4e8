import { describe, expect, test } from 'vitest'
import { renderPreview } from '../src/index'
import { attr, byClass, byTag, classes, type Element, fragment, seed, text } from './helpers'

function issues(html: string) {
  const root = fragment(html)
  const section = byClass(root, 'cap-issues')
  expect(section).toHaveLength(1)
  const s = section[0] as Element
  expect(attr(s, 'aria-label')).toBe('Validation issues')
  return byTag(s, 'li').map((li) => ({
    path: text(byClass(li, 'cap-path')[0] as Element),
    message: text(byClass(li, 'cap-issue-message')[0] as Element),
  }))
}

describe('invalid input', () => {
  test('Should draw an invalid list and mark the row and section an issue points into', () => {
    const list = seed('list') as {
      content: { interactive: { action: { sections: { rows: { title: string }[] }[] } } }
    }
    const section = list.content.interactive.action.sections[1]
    if (section?.rows[0] === undefined) throw new Error('seed changed')
    section.rows[0].title = 'A title far longer than twenty-four'
    const html = renderPreview(list)
    expect(issues(html)).toEqual([
      {
        path: 'content.interactive.action.sections.1.rows.0.title',
        message: 'Invalid length: expected at most 24 characters but received 35',
      },
    ])
    const root = fragment(html)
    const flagged = byClass(root, 'cap-invalid')
    expect(flagged.map((e) => attr(e, 'data-cap-path'))).toEqual([
      'content.interactive.action.sections.1',
      'content.interactive.action.sections.1.rows.0',
    ])
    // Everything else is still drawn: four rows, the button label.
    expect(byClass(root, 'cap-row')).toHaveLength(4)
    expect(text(byTag(root, 'summary')[0] as Element)).toContain('Book Slot')
    expect(attr(byTag(root, 'article')[0] as Element, 'aria-label')).toBe(
      'Message preview: list, not valid',
    )
  })

  test('Should list every issue, each with its path', () => {
    const html = renderPreview({
      user: { msisdn: '+15551234567' },
      type: 'interactive',
      content: {
        interactive: {
          type: 'button',
          body: { text: 'Pick' },
          action: {
            buttons: [
              { type: 'reply', reply: { id: 'a', title: 'Same' } },
              { type: 'reply', reply: { id: 'a', title: 'Same' } },
            ],
          },
        },
      },
      clientMessageId: 'x'.repeat(51),
    })
    const found = issues(html)
    expect(found.map((i) => i.path)).toEqual(
      expect.arrayContaining([
        'clientMessageId',
        'content.interactive.action.buttons.1.reply.id',
        'content.interactive.action.buttons.1.reply.title',
      ]),
    )
    const root = fragment(html)
    const buttons = byTag(root, 'button')
    expect(buttons.map((b) => classes(b).includes('cap-invalid'))).toEqual([false, true])
  })

  test.each([
    ['null', null],
    ['a string', 'hello'],
    ['a number', 42],
    ['an array', [1, 2]],
  ])('Should show %s as not a message, with its JSON and the issue at the root', (_, input) => {
    const html = renderPreview(input)
    const root = fragment(html)
    expect(text(byClass(root, 'cap-unknown')[0] as Element)).toBe('This is not a message')
    expect(text(byClass(root, 'cap-json')[0] as Element)).toBe(JSON.stringify(input, null, 2))
    // valibot reports an array's missing `type` at `type`, other values at the root.
    expect(issues(html)[0]?.path).toBe(Array.isArray(input) ? 'type' : '(root)')
  })

  test('Should show an unknown type by name, its content as JSON, and the issue', () => {
    const html = renderPreview({
      user: { msisdn: '+15551234567' },
      type: 'sticker',
      content: { id: 'abc' },
    })
    const root = fragment(html)
    expect(text(byClass(root, 'cap-unknown')[0] as Element)).toBe(
      'No preview for messages of type sticker',
    )
    expect(text(byClass(root, 'cap-json')[0] as Element)).toBe('{\n  "id": "abc"\n}')
    expect(issues(html).map((i) => i.path)).toEqual(['type'])
  })

  test('Should show a message without a type', () => {
    const root = fragment(renderPreview({ user: { msisdn: '+15551234567' }, content: {} }))
    expect(text(byClass(root, 'cap-unknown')[0] as Element)).toBe(
      'No preview for messages of type (none)',
    )
  })

  test('Should draw what it can of wrongly typed fields, never throwing', () => {
    const weird = {
      user: 5,
      type: 'interactive',
      content: {
        interactive: {
          type: 'list',
          header: 'not an object',
          body: { text: 42 },
          action: { button: ['x'], sections: [null, { rows: 'no' }, { title: 7, rows: [null] }] },
        },
      },
    }
    const html = renderPreview(weird)
    const root = fragment(html)
    expect(text(byClass(root, 'cap-text')[0] as Element)).toBe('42')
    expect(byClass(root, 'cap-section')).toHaveLength(3)
    expect(issues(html).length).toBeGreaterThan(3)
  })

  test('Should leave the issues out with showIssues: false, and still mark the parts', () => {
    const html = renderPreview(
      { user: { msisdn: '+15551234567' }, type: 'text', content: { text: '' } },
      { showIssues: false },
    )
    expect(html).not.toContain('cap-issues"')
    expect(html).toContain('cap-invalid')
  })

  test('Should survive values JSON cannot show', () => {
    const cyclic: Record<string, unknown> = { type: 'mystery' }
    cyclic.content = cyclic
    expect(() => renderPreview(cyclic)).not.toThrow()
    expect(renderPreview(cyclic)).toContain('a value that cannot be shown as JSON')
    expect(() => renderPreview({ type: 'mystery', content: { n: 10n } })).not.toThrow()
  })

  test('Should mark a whole part when the issue is about the part itself', () => {
    const html = renderPreview({
      user: { msisdn: '+15551234567' },
      type: 'interactive',
      content: {
        interactive: {
          type: 'button',
          header: { type: 'text', text: 'Hi', emoji: true },
          body: { text: 'Pick' },
          action: { buttons: [{ type: 'reply', reply: { id: 'a', title: 'A' } }] },
        },
      },
    })
    expect(issues(html).map((i) => i.path)).toEqual(['content.interactive.header.emoji'])
    const header = byClass(fragment(html), 'cap-header')[0] as Element
    expect(classes(header)).toContain('cap-invalid')
    expect(attr(header, 'data-cap-path')).toBe('content.interactive.header')
  })

  test('Should name an unknown interactive type', () => {
    const root = fragment(
      renderPreview({
        user: { msisdn: '+15551234567' },
        type: 'interactive',
        content: { interactive: { type: 'poll', body: { text: 'Q?' } } },
      }),
    )
    expect(text(byClass(root, 'cap-unknown')[0] as Element)).toBe(
      'No preview for messages of type interactive.poll',
    )
    expect(attr(byTag(root, 'article')[0] as Element, 'aria-label')).toBe(
      'Message preview: poll, not valid',
    )
  })
})
