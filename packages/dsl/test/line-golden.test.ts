/**
 * 8x8's LINE examples, built by chains: its five LINE send examples (`line*Message` in
 * 8x8-send-examples.json, refused before because their user id has a `g`), and its `/lon` example.
 */
import { describe, expect, test } from 'vitest'
import {
  lineNotification,
  msg,
  parseLineNotification,
  parseMessage,
  safeParseMessage,
} from '../src/index'
import lon from './fixtures/8x8-lon-example.json'
import examples from './fixtures/8x8-send-examples.json'

const lineUserId = 'Ua12b345678c1de0fg1a1234567891011'
const to = msg.to({ lineUserId })

const chains = {
  lineTextMessage: () => to.text('Hello from 8x8 Messaging API'),
  lineImageMessage: () =>
    to.image('https://samplelib.com/png/sample-boat-400x300.png', {
      thumbnail: 'https://samplelib.com/jpeg/sample-clouds-400x300.jpg',
    }),
  lineVideoMessage: () =>
    to.video('https://samplelib.com/mp4/sample-5s.mp4', {
      thumbnail: 'https://samplelib.com/png/sample-boat-400x300.png',
    }),
  lineAudioMessage: () =>
    to.audio('https://samplelib.com/mp3/sample-speech-5m.mp3', { duration: 300 }),
  lineLocationMessage: () =>
    to.location({
      latitude: 1.285651,
      longitude: 103.847564,
      name: '8x8 Office Singapore',
      address: 'One George Street, Singapore 049145',
    }),
} as const

const lineExamples = Object.entries(examples.examples).filter(([name]) => name.startsWith('line'))

describe("8x8's LINE send examples", () => {
  test('there are five, and a chain for each', () => {
    expect(lineExamples.map(([name]) => name)).toStrictEqual(Object.keys(chains))
  })

  describe.each(lineExamples)('%s', (name, { value }) => {
    test('parses: only `type` is lower-cased', () => {
      expect(parseMessage(value)).toStrictEqual({ ...value, type: value.type.toLowerCase() })
    })

    test('the chain builds exactly the parsed example', () => {
      const chain = chains[name as keyof typeof chains]()
      expect(chain.build()).toStrictEqual(parseMessage(value))
      expect(JSON.stringify(chain)).toBe(JSON.stringify(parseMessage(value)))
    })
  })

  test('a LINE user id is U and 32 lower-case letters or digits, no more and no less', () => {
    const text = (id: string) =>
      safeParseMessage({ user: { lineUserId: id }, type: 'text', content: { text: 'Hi' } })
    expect(text(`U${'z9'.repeat(16)}`).success).toBe(true)
    for (const id of [
      `U${'a'.repeat(31)}`,
      `U${'a'.repeat(33)}`,
      `u${'a'.repeat(32)}`,
      `U${'A'.repeat(32)}`,
      `U${'a'.repeat(31)}-`,
    ]) {
      const result = text(id)
      expect(result.success ? [] : result.issues.map((i) => [i.path, i.message])).toStrictEqual([
        ['user.lineUserId', 'Invalid lineUserId: expected U and 32 letters or digits'],
      ])
    }
  })
})

describe("8x8's /lon example", () => {
  const canonical = {
    user: { msisdn: '+6500000000' },
    clientMessageId: '1234_id',
    content: {
      title: 'Event reminder',
      company: '8x8',
      icon: 'calendar',
      emphasis: { label: 'Event name', content: '8x8 Conference' },
      list: [{ label: 'Date', content: 'Tue 26/09/2022' }],
      greeting: "Can't wait to see you there!",
      explanation: 'We would like to remind you about your reservation for tomorrow event',
      actions: [{ title: 'See direction', url: 'https://www.google.com/maps' }],
    },
    smsFallback: {
      text: 'Event reminder - 8x8 Conference on Tue 26/09/2022',
      source: '8x8 events',
      encoding: 'AUTO',
    },
  }

  test("parses, with the action's `content` (as the example spells it) as the schema's `url`", () => {
    expect(parseLineNotification(lon.example)).toStrictEqual(canonical)
    expect(JSON.stringify(parseLineNotification(lon.example))).toBe(JSON.stringify(canonical))
  })

  test('a chain builds exactly the parsed example, keys in 8x8 schema order', () => {
    const built = lineNotification
      .to('+6500000000')
      .clientMessageId('1234_id')
      .title('Event reminder')
      .company('8x8')
      .icon('calendar')
      .emphasis('Event name', '8x8 Conference')
      .item('Date', 'Tue 26/09/2022')
      .explanation('We would like to remind you about your reservation for tomorrow event')
      .greeting("Can't wait to see you there!")
      .action('See direction', 'https://www.google.com/maps')
      .smsFallback('Event reminder - 8x8 Conference on Tue 26/09/2022', {
        source: '8x8 events',
        encoding: 'AUTO',
      })
      .build()
    expect(built).toStrictEqual(parseLineNotification(lon.example))
    expect(JSON.stringify(built)).toBe(JSON.stringify(canonical))
    expect(Object.isFrozen(built.content.actions)).toBe(true)
  })
})
