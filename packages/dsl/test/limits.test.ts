/**
 * Every rule of the spec's last section: a value exactly at the limit passes and one past it
 * fails, with the exact issue path.
 */
import { describe, expect, test } from 'vitest'
import { LIMITS, safeParseMessage } from '../src/index'
import { chars, expectIssuesAt, expectValid, to } from './helpers'

interface Rule {
  readonly rule: string
  readonly atLimit: () => { safeBuild(): import('../src/index').DslResult<unknown> }
  readonly pastLimit: () => { safeBuild(): import('../src/index').DslResult<unknown> }
  readonly paths: string[]
}

const list = (rows: [string, string, string?][][], titles?: (string | undefined)[]) => {
  let builder = to
    .list('Pick')
    .body('Body')
    .section(titles?.[0] ?? 'S0')
  rows.forEach((section, s) => {
    if (s > 0) builder = builder.section(titles?.[s] ?? `S${s}`)
    for (const [id, title, description] of section) builder = builder.row(id, title, description)
  })
  return builder
}
const rowsOf = (count: number, prefix = 'r') =>
  Array.from({ length: count }, (_, i): [string, string] => [`${prefix}${i}`, `Row ${i}`])

const buttons = (count: number) =>
  to
    .buttons()
    .body('Body')
    .replies(Array.from({ length: count }, (_, i) => ({ id: `b${i}`, title: `Button ${i}` })))
const productList = (sections: number[]) => {
  let builder = to.productList('catalog').header('Products').body('Body')
  sections.forEach((count, s) => {
    builder = builder.section(`Section ${s}`)
    builder = builder.items(Array.from({ length: count }, (_, i) => `sku-${s}-${i}`))
  })
  return builder
}
const sectionsWith = (count: number) =>
  Array.from({ length: count }, (_, s) => [[`row-${s}`, `Row ${s}`]] as [string, string][])

const I = 'content.interactive'
const rules: Rule[] = [
  {
    rule: 'text body ≤ 4,096',
    atLimit: () => to.text(chars(LIMITS.text.max)),
    pastLimit: () => to.text(chars(4097)),
    paths: ['content.text'],
  },
  {
    rule: 'text body not empty',
    atLimit: () => to.text('a'),
    pastLimit: () => to.text(''),
    paths: ['content.text'],
  },
  {
    rule: 'interactive header ≤ 60',
    atLimit: () => list([rowsOf(1)]).header(chars(60)),
    pastLimit: () => list([rowsOf(1)]).header(chars(61)),
    paths: [`${I}.header.text`],
  },
  {
    rule: 'interactive body ≤ 1,024',
    atLimit: () => list([rowsOf(1)]).body(chars(1024)),
    pastLimit: () => list([rowsOf(1)]).body(chars(1025)),
    paths: [`${I}.body.text`],
  },
  {
    rule: 'interactive footer ≤ 60',
    atLimit: () => list([rowsOf(1)]).footer(chars(60)),
    pastLimit: () => list([rowsOf(1)]).footer(chars(61)),
    paths: [`${I}.footer.text`],
  },
  {
    rule: 'reply buttons ≤ 3',
    atLimit: () => buttons(3),
    pastLimit: () => buttons(4),
    paths: [`${I}.action.buttons`],
  },
  {
    rule: 'reply buttons ≥ 1',
    atLimit: () => buttons(1),
    pastLimit: () => buttons(0),
    paths: [`${I}.action.buttons`],
  },
  {
    rule: 'reply title ≤ 20',
    atLimit: () => to.buttons().body('B').reply('a', chars(20)),
    pastLimit: () => to.buttons().body('B').reply('a', chars(21)),
    paths: [`${I}.action.buttons.0.reply.title`],
  },
  {
    rule: 'reply id ≤ 256',
    atLimit: () => to.buttons().body('B').reply(chars(256), 'A'),
    pastLimit: () => to.buttons().body('B').reply(chars(257), 'A'),
    paths: [`${I}.action.buttons.0.reply.id`],
  },
  {
    rule: 'reply ids unique',
    atLimit: () => to.buttons().body('B').reply('a', 'A').reply('b', 'B'),
    pastLimit: () => to.buttons().body('B').reply('a', 'A').reply('a', 'B'),
    paths: [`${I}.action.buttons.1.reply.id`],
  },
  {
    rule: 'reply titles unique',
    atLimit: () => to.buttons().body('B').reply('a', 'A').reply('b', 'B'),
    pastLimit: () => to.buttons().body('B').reply('a', 'A').reply('b', 'A'),
    paths: [`${I}.action.buttons.1.reply.title`],
  },
  {
    rule: 'list button label ≤ 20',
    atLimit: () => to.list(chars(20)).body('B').row('a', 'A'),
    pastLimit: () => to.list(chars(21)).body('B').row('a', 'A'),
    paths: [`${I}.action.button`],
  },
  {
    rule: 'list sections ≤ 10 (each needs a row, so the 11th row also overflows)',
    atLimit: () => list(sectionsWith(10)),
    pastLimit: () => list(sectionsWith(11)),
    paths: [`${I}.action.sections`, `${I}.action.sections.10.rows.0`],
  },
  {
    rule: 'list sections ≥ 1',
    atLimit: () => list([rowsOf(1)]),
    pastLimit: () => to.list('Pick').body('B'),
    paths: [`${I}.action.sections`],
  },
  {
    rule: 'a list section needs a row',
    atLimit: () => list([rowsOf(1)]),
    pastLimit: () => to.list('Pick').body('B').section('Empty'),
    paths: [`${I}.action.sections.0.rows`],
  },
  {
    rule: 'list rows ≤ 10 in total, across sections',
    atLimit: () => list([rowsOf(6, 'a'), rowsOf(4, 'b')]),
    pastLimit: () => list([rowsOf(6, 'a'), rowsOf(5, 'b')]),
    paths: [`${I}.action.sections.1.rows.4`],
  },
  {
    rule: 'list row id ≤ 200',
    atLimit: () => list([[[chars(200), 'A']]]),
    pastLimit: () => list([[[chars(201), 'A']]]),
    paths: [`${I}.action.sections.0.rows.0.id`],
  },
  {
    rule: 'list row title ≤ 24',
    atLimit: () => list([rowsOf(1), [['x', chars(24)]]]),
    pastLimit: () => list([rowsOf(1), [['x', chars(25)]]]),
    paths: [`${I}.action.sections.1.rows.0.title`],
  },
  {
    rule: 'list row description ≤ 72',
    atLimit: () => list([[['a', 'A', chars(72)]]]),
    pastLimit: () => list([[['a', 'A', chars(73)]]]),
    paths: [`${I}.action.sections.0.rows.0.description`],
  },
  {
    rule: 'list section title ≤ 24',
    atLimit: () => list([rowsOf(1)], [chars(24)]),
    pastLimit: () => list([rowsOf(1)], [chars(25)]),
    paths: [`${I}.action.sections.0.title`],
  },
  {
    rule: 'section title required with more than one section',
    atLimit: () => to.list('Pick').body('B').row('a', 'A'),
    pastLimit: () => to.list('Pick').body('B').row('a', 'A').section().row('b', 'B'),
    paths: [`${I}.action.sections.0.title`, `${I}.action.sections.1.title`],
  },
  {
    rule: 'list row ids unique',
    atLimit: () => list([[['a', 'A']], [['b', 'B']]]),
    pastLimit: () => list([[['a', 'A']], [['a', 'B']]]),
    paths: [`${I}.action.sections.1.rows.0.id`],
  },
  {
    rule: 'CTA display text ≤ 20',
    atLimit: () => to.ctaUrl(chars(20), 'https://example.com').body('B'),
    pastLimit: () => to.ctaUrl(chars(21), 'https://example.com').body('B'),
    paths: [`${I}.action.parameters.display_text`],
  },
  {
    rule: 'flow CTA ≤ 30',
    atLimit: () => to.flow('123', chars(30)).body('B'),
    pastLimit: () => to.flow('123', chars(31)).body('B'),
    paths: [`${I}.action.parameters.flowCta`],
  },
  {
    rule: 'product list sections ≤ 10',
    atLimit: () => productList(Array(10).fill(1)),
    pastLimit: () => productList(Array(11).fill(1)),
    paths: [`${I}.action.sections`],
  },
  {
    rule: 'product list sections ≥ 1',
    atLimit: () => productList([1]),
    pastLimit: () => productList([]),
    paths: [`${I}.action.sections`],
  },
  {
    rule: 'product list items ≤ 30 in total',
    atLimit: () => productList([10, 20]),
    pastLimit: () => productList([10, 21]),
    paths: [`${I}.action.sections.1.product_items.20`],
  },
  {
    rule: 'caption ≤ 1,024',
    atLimit: () => to.image('https://example.com/a.png', { caption: chars(1024) }),
    pastLimit: () => to.image('https://example.com/a.png', { caption: chars(1025) }),
    paths: ['content.text'],
  },
  {
    rule: 'clientMessageId ≤ 50',
    atLimit: () => to.text('Hi').clientMessageId(chars(50)),
    pastLimit: () => to.text('Hi').clientMessageId(chars(51)),
    paths: ['clientMessageId'],
  },
  {
    rule: 'latitude ≥ −90',
    atLimit: () => to.location({ latitude: -90, longitude: 0 }),
    pastLimit: () => to.location({ latitude: -90.0001, longitude: 0 }),
    paths: ['content.location.latitude'],
  },
  {
    rule: 'latitude ≤ 90',
    atLimit: () => to.location({ latitude: 90, longitude: 0 }),
    pastLimit: () => to.location({ latitude: 90.0001, longitude: 0 }),
    paths: ['content.location.latitude'],
  },
  {
    rule: 'longitude ≥ −180',
    atLimit: () => to.location({ latitude: 0, longitude: -180 }),
    pastLimit: () => to.location({ latitude: 0, longitude: -180.5 }),
    paths: ['content.location.longitude'],
  },
  {
    rule: 'longitude ≤ 180',
    atLimit: () => to.location({ latitude: 0, longitude: 180 }),
    pastLimit: () => to.location({ latitude: 0, longitude: 181 }),
    paths: ['content.location.longitude'],
  },
  {
    rule: 'numbers finite',
    atLimit: () => to.location({ latitude: 0, longitude: 0 }),
    pastLimit: () => to.location({ latitude: Number.NaN, longitude: Number.POSITIVE_INFINITY }),
    paths: ['content.location.latitude', 'content.location.longitude'],
  },
  {
    rule: 'URLs are absolute http(s)',
    atLimit: () => to.video('http://example.com/v.mp4'),
    pastLimit: () => to.video('ftp://example.com/v.mp4'),
    paths: ['content.url'],
  },
  {
    rule: 'URLs are absolute',
    atLimit: () => to.file('https://example.com/a.pdf'),
    pastLimit: () => to.file('/a.pdf'),
    paths: ['content.url'],
  },
  {
    rule: 'header media URLs are absolute http(s)',
    atLimit: () => to.buttons().body('B').reply('a', 'A').headerImage('https://example.com/a.png'),
    pastLimit: () => to.buttons().body('B').reply('a', 'A').headerImage('javascript:alert(1)'),
    paths: [`${I}.header.image.link`],
  },
  {
    rule: 'strings are well-formed Unicode',
    atLimit: () => to.text('\ud83d\ude00'),
    pastLimit: () => to.text('lone \ud83d surrogate'),
    paths: ['content.text'],
  },
]

describe.each(rules)('$rule', ({ atLimit, pastLimit, paths }) => {
  test('a value exactly at the limit passes', () => {
    expectValid(atLimit().safeBuild())
  })
  test('a value past it fails, with the exact path', () => {
    expectIssuesAt(pastLimit().safeBuild(), paths)
  })
})

describe('lengths are counted in code points', () => {
  test('20 emoji (40 UTF-16 units) make a valid reply title; 21 do not', () => {
    expect('😀'.repeat(20)).toHaveLength(40)
    expectValid(to.buttons().body('B').reply('a', '😀'.repeat(20)).safeBuild())
    expectIssuesAt(to.buttons().body('B').reply('a', '😀'.repeat(21)).safeBuild(), [
      `${I}.action.buttons.0.reply.title`,
    ])
  })

  test('the issue says what was expected and received, in code points', () => {
    const result = to.buttons().body('B').reply('a', '😀'.repeat(21)).safeBuild()
    expect(result.issues).toStrictEqual([
      {
        path: `${I}.action.buttons.0.reply.title`,
        message: 'Invalid length: expected at most 20 characters but received 21',
        expected: '<=20',
        received: '21',
      },
    ])
  })
})

describe('parsed messages obey the same rules', () => {
  test('an 11th row in parsed JSON is reported at its path', () => {
    const rows = (n: number, p: string) =>
      Array.from({ length: n }, (_, i) => ({ id: `${p}${i}`, title: 'Row' }))
    const result = safeParseMessage({
      user: { msisdn: '+15551234567' },
      type: 'interactive',
      content: {
        interactive: {
          type: 'list',
          body: { text: 'Pick' },
          action: {
            button: 'Open',
            sections: [
              { title: 'A', rows: rows(6, 'a') },
              { title: 'B', rows: rows(5, 'b') },
            ],
          },
        },
      },
    })
    expectIssuesAt(result, [`${I}.action.sections.1.rows.4`])
  })

  test('coordinates given as numeric strings are accepted and become numbers', () => {
    const result = safeParseMessage({
      user: { msisdn: '+15551234567' },
      type: 'location',
      content: { location: { latitude: '-90', longitude: '180' } },
    })
    expect(result.output?.content).toStrictEqual({ location: { latitude: -90, longitude: 180 } })
  })

  test('a non-numeric coordinate string is refused', () => {
    const result = safeParseMessage({
      user: { msisdn: '+15551234567' },
      type: 'location',
      content: { location: { latitude: '1.2.3', longitude: 'east' } },
    })
    expectIssuesAt(result, ['content.location.latitude', 'content.location.longitude'])
  })
})
