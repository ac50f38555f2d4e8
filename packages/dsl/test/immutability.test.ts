import { describe, expect, test } from 'vitest'
import { to } from './helpers'

describe('builders are immutable', () => {
  test('branching a builder leaves the original unchanged', () => {
    const base = to.list('Open').body('Pick').section('Morning').row('m1', '9:00')
    const withMore = base.row('m2', '10:00').footer('See you')
    const withOther = base.section('Evening').row('e1', '18:00')

    expect(base.build().content.interactive.action.sections).toStrictEqual([
      { title: 'Morning', rows: [{ id: 'm1', title: '9:00' }] },
    ])
    expect(withMore.build().content.interactive.action.sections).toStrictEqual([
      {
        title: 'Morning',
        rows: [
          { id: 'm1', title: '9:00' },
          { id: 'm2', title: '10:00' },
        ],
      },
    ])
    expect(withMore.build().content.interactive.footer).toStrictEqual({ text: 'See you' })
    expect(withOther.build().content.interactive.action.sections).toStrictEqual([
      { title: 'Morning', rows: [{ id: 'm1', title: '9:00' }] },
      { title: 'Evening', rows: [{ id: 'e1', title: '18:00' }] },
    ])
    expect(base.build().content.interactive.footer).toBeUndefined()
  })

  test('a module-level template gives every request its own message', () => {
    const template = to.buttons().body('Rate us')
    const first = template.reply('good', 'Good').clientMessageId('req-1').build()
    const second = template.reply('bad', 'Bad').clientMessageId('req-2').build()
    expect(first.content.interactive.action.buttons).toStrictEqual([
      { type: 'reply', reply: { id: 'good', title: 'Good' } },
    ])
    expect(second.content.interactive.action.buttons).toStrictEqual([
      { type: 'reply', reply: { id: 'bad', title: 'Bad' } },
    ])
    expect(first.clientMessageId).toBe('req-1')
    expect(second.clientMessageId).toBe('req-2')
  })

  test('changing an object after passing it in does not change the message', () => {
    const data: Record<string, string> = { plan: 'pro' }
    const channels = [{ channel: 'WhatsApp' as const }]
    const builder = to.flow('1', 'Go').body('B').action('navigate', { data }).channels(channels)
    data.plan = 'free'
    channels.push({ channel: 'SMS' as never })
    const message = builder.build()
    expect(message.content.interactive.action.parameters.flowActionPayload).toStrictEqual({
      data: { plan: 'pro' },
    })
    expect(message.channels).toStrictEqual([{ channel: 'WhatsApp' }])
  })
})

describe('built objects are frozen', () => {
  test('mutating a built object throws, at every depth', () => {
    const message = to.list('Open').body('Pick').row('a', 'A').build() as unknown as {
      type: string
      content: { interactive: { action: { sections: { rows: { title: string }[] }[] } } }
    }
    expect(() => {
      message.type = 'text'
    }).toThrow(TypeError)
    const rows = message.content.interactive.action.sections[0]?.rows ?? []
    expect(() => {
      rows.push({ title: 'B' })
    }).toThrow(TypeError)
    expect(() => {
      if (rows[0]) rows[0].title = 'Changed'
    }).toThrow(TypeError)
    expect(Object.isFrozen(message.content)).toBe(true)
  })

  test('each build returns a new object', () => {
    const builder = to.text('Hi')
    expect(builder.build()).not.toBe(builder.build())
    expect(builder.build()).toStrictEqual(builder.build())
  })
})
