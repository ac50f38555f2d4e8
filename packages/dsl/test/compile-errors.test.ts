/**
 * Each compile-time rule's words are in `tsc`'s own output, not only in an editor's hover: every
 * file of `test-types/fixtures` makes one mistake, and the TypeScript compiler, run on all of them
 * with the package's options, reports exactly one error for each, where the mistake is, quoting
 * the rule. (Before the rules were spelled as parameter and `this` types, `tsc` said "Expected 1
 * arguments, but got 2" and "Property 'headerImage' does not exist".)
 */
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import { compile as compileFrom, type Reported, root } from './tsc'

const fixtures = join(root, 'test-types', 'fixtures')

const compile = (files: readonly string[]) => compileFrom(files, fixtures)

/** What `tsc` says when an argument's type is the rule (TS2345). */
const argument = (rule: string) =>
  `Argument of type 'string' is not assignable to parameter of type 'DslTypeError<"${rule}">'.`

/** What `tsc` says when a call's `this` type is the rule (TS2684). */
const thisContext = (builder: string, rule: string) =>
  `The 'this' context of type '${builder}' is not assignable to method's 'this' of type 'DslTypeError<"${rule}">'.\n` +
  `  Property '__dslTypeError__' is missing in type '${builder}' but required in type 'DslTypeError<"${rule}">'.`

/** Every compile-time rule of the builders: its fixture, its words and where `tsc` reports it. */
const rules = [
  {
    file: 'fourth-reply.ts',
    rule: 'Reply buttons hold at most 3 replies',
    line: 11,
    code: 2345,
    message: argument,
  },
  {
    file: 'buttons-without-reply.ts',
    rule: 'Reply buttons need at least one reply: call .reply(id, title) before .build()',
    line: 4,
    code: 2684,
    message: (rule: string) => thisContext('ButtonsBuilder<0>', rule),
  },
  {
    file: 'list-without-row.ts',
    rule: 'A list needs at least one row: call .row(id, title) before .build()',
    line: 4,
    code: 2684,
    message: (rule: string) => thisContext('ListBuilder<false>', rule),
  },
  {
    file: 'product-list-without-item.ts',
    rule: 'A product list needs at least one product: call .item(id) before .build()',
    line: 4,
    code: 2684,
    message: (rule: string) => thisContext('ProductListBuilder<false>', rule),
  },
  {
    file: 'build-without-content.ts',
    rule: 'A message needs content before .build(): call .text(body), .list(label), .buttons() or another kind first',
    line: 4,
    code: 2684,
    message: (rule: string) => thisContext('MessageStart', rule),
  },
  {
    file: 'list-media-header.ts',
    rule: "A list's header is text only: use .header(text)",
    line: 4,
    code: 2345,
    message: argument,
  },
  {
    file: 'product-list-media-header.ts',
    rule: "A product list's header is text only: use .header(text)",
    line: 4,
    code: 2345,
    message: argument,
  },
  {
    file: 'product-header.ts',
    rule: 'A product message has no header: use .body(text) and .footer(text)',
    line: 4,
    code: 2345,
    message: argument,
  },
  {
    file: 'template-button-index.ts',
    rule: "A template button's index is 0 to 9",
    line: 4,
    code: 2345,
    message: (rule: string) =>
      `Argument of type '10' is not assignable to parameter of type 'ButtonIndex<10, 9>'.\n` +
      `  Type 'number' is not assignable to type 'DslTypeError<"${rule}">'.`,
  },
  {
    file: 'template-eleventh-card.ts',
    rule: 'A template carousel holds at most 10 cards',
    line: 17,
    code: 2684,
    message: (rule: string) => thisContext('TemplateCardBuilder<10, TemplateSpec>', rule),
  },
  // RCS: chips, cards and media.
  {
    file: 'rcs-fifth-card-chip.ts',
    rule: 'A card holds at most 4 suggestions',
    line: 12,
    code: 2345,
    message: argument,
  },
  {
    file: 'rcs-eleventh-suggestion.ts',
    rule: 'A message holds at most 10 suggestions',
    line: 19,
    code: 2345,
    message: argument,
  },
  {
    file: 'rcs-eleventh-card.ts',
    rule: 'A carousel holds at most 10 cards',
    line: 5,
    code: 2684,
    message: (rule: string) => thisContext('CarouselBuilder<10>', rule),
  },
  {
    file: 'rcs-carousel-one-card.ts',
    rule: 'A carousel needs at least 2 cards: call .card(build) before .build()',
    line: 4,
    code: 2684,
    message: (rule: string) => thisContext('CarouselBuilder<1>', rule),
  },
  {
    file: 'rcs-rich-card-without-media.ts',
    rule: 'A rich card needs media: call .media(fileUrl) before .build()',
    line: 4,
    code: 2684,
    message: (rule: string) => thisContext('RichCardBuilder<0, false>', rule),
  },
  {
    file: 'rcs-second-media.ts',
    rule: 'A card holds exactly one media: call .media(fileUrl) once',
    line: 8,
    code: 2345,
    message: argument,
  },
] as const

describe('compile-time errors, as tsc prints them', () => {
  let reported: Reported[] = []
  beforeAll(() => {
    const files = readdirSync(fixtures)
      .filter((name) => name.endsWith('.ts'))
      .sort()
      .map((name) => join(fixtures, name))
    reported = compile(files)
  }, 180_000) // one type-check of the package's sources: seconds alone, much longer on a busy CI

  test('each fixture has exactly one error, and nothing else has any', () => {
    expect(reported.map(({ file }) => file).sort()).toStrictEqual(
      rules.map(({ file }) => file).sort(),
    )
    expect(readdirSync(fixtures).sort()).toStrictEqual(rules.map(({ file }) => file).sort())
  })

  test.each(rules)('$file: tsc quotes "$rule"', ({ file, rule, line, code, message }) => {
    const error = reported.find((diagnostic) => diagnostic.file === file)
    expect(error).toStrictEqual({ file, line, code, message: message(rule) })
    expect(error?.message).toContain(`"${rule}"`)
  })
})
