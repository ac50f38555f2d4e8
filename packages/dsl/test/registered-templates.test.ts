/**
 * The compiler knows the registered templates. A pulled declaration augments the registry for a
 * whole program, so these checks run in programs of their own (the package's other type tests
 * keep an empty registry and today's types):
 * - `test-types/registered`: the declaration `chatapps templates pull` wrote and the type tests
 *   against it, which must compile without a diagnostic (an unused `@ts-expect-error` is one);
 * - `test-types/registered-errors`: one mistake per file, and `tsc`'s exact words for each.
 */
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { compile, root } from './tsc'

const registered = join(root, 'test-types', 'registered')
const errors = join(root, 'test-types', 'registered-errors')

const tsFiles = (dir: string) =>
  readdirSync(dir)
    .filter((name) => name.endsWith('.ts'))
    .sort()
    .map((name) => join(dir, name))

/** TS2345, an argument whose parameter type is the rule. */
const argument = (given: string, rule: string) =>
  `Argument of type '${given}' is not assignable to parameter of type '${given} & DslTypeError<"${rule}">'.\n` +
  `  Type '${given.startsWith("'") || given.startsWith('"') ? 'string' : 'number'}' is not assignable to type 'DslTypeError<"${rule}">'.`

/** TS2684, a call whose `this` type is the rule. */
const thisContext = (builder: string, rule: string) =>
  `The 'this' context of type '${builder}' is not assignable to method's 'this' of type 'DslTypeError<"${rule}">'.\n` +
  `  Property '__dslTypeError__' is missing in type '${builder}' but required in type 'DslTypeError<"${rule}">'.`

const ORDER = 'RegisteredTemplateBuilder<"order_update:en_US"'

/** Each rule of the contract's `TemplateRule` the compiler enforces: its fixture and words. */
const rules = [
  {
    file: 'unknown-name.ts',
    code: 2345,
    message: argument(
      '"order_updates"',
      'No template order_updates is registered: check the name, or pull the templates again (chatapps templates pull)',
    ),
  },
  {
    file: 'unknown-language.ts',
    code: 2345,
    message: argument('"de"', 'Template order_update is not registered in de'),
  },
  {
    file: 'not-approved.ts',
    code: 2345,
    message: argument(
      '"en_US"',
      'Template weekly_deals (en_US) is paused: only an approved template can be sent',
    ),
  },
  {
    file: 'header-missing.ts',
    code: 2684,
    message: thisContext(
      `${ORDER}, "header">`,
      'order_update (en_US) needs its header parameter: call .header(…) before .build()',
    ),
  },
  {
    file: 'header-format.ts',
    code: 2345,
    message: `Argument of type 'string' is not assignable to parameter of type '{ readonly type: "image"; readonly url: string; } | DslTypeError<"The header of order_update (en_US) is an image: give { type: 'image', url }">'.`,
  },
  {
    file: 'header-unexpected.ts',
    code: 2345,
    message: `Argument of type 'string' is not assignable to parameter of type 'DslTypeError<"The header of ticket_created (en) takes no parameter">'.`,
  },
  {
    file: 'body-missing.ts',
    code: 2684,
    message: thisContext(
      'RegisteredTemplateBuilder<"ticket_created:en", "body">',
      'ticket_created (en) needs its body parameters: call .body(…) before .build()',
    ),
  },
  { file: 'body-count.ts', code: 2554, message: 'Expected 2 arguments, but got 1.' },
  {
    file: 'body-unexpected.ts',
    code: 2345,
    message: `Argument of type 'string' is not assignable to parameter of type 'DslTypeError<"The body of summer_sale (en) takes no parameters">'.`,
  },
  {
    file: 'button-index.ts',
    code: 2345,
    message: argument('2', 'order_update (en_US) has no button at index 2'),
  },
  {
    file: 'button-sub-type.ts',
    code: 2345,
    message: argument('1', 'Button 1 of order_update (en_US) is a QuickReply button, not Url'),
  },
  {
    file: 'button-parameter.ts',
    code: 2684,
    message: thisContext(
      'RegisteredTemplateBuilder<"otp_login:en_US", "button 0">',
      'otp_login (en_US) needs the parameter of button 0: call it before .build()',
    ),
  },
  {
    file: 'card-count.ts',
    line: 7,
    code: 2684,
    message: thisContext(
      'RegisteredCardBuilder<"plant_carousel:en_US", [unknown], never>',
      'plant_carousel (en_US) has 2 cards',
    ),
  },
  {
    file: 'component-unexpected.ts',
    code: 2684,
    message: thisContext(
      'RegisteredTemplateBuilder<"ticket_created:en", "body">',
      'ticket_created (en) has no carousel component',
    ),
  },
] as const

describe('a pulled declaration of the registered templates', () => {
  test('the type tests against it compile, every @ts-expect-error used', () => {
    expect(compile(tsFiles(registered), registered)).toStrictEqual([])
  }, 180_000) // a type-check of the package's sources: seconds alone, longer on a busy CI

  test("each mistake is one error, where it is, in tsc's words quoting the rule", () => {
    const files = tsFiles(errors)
    const reported = compile([join(registered, 'templates.ts'), ...files], errors)
    expect(readdirSync(errors).sort()).toStrictEqual(rules.map(({ file }) => file).sort())
    expect(reported).toStrictEqual(
      [...rules]
        .sort((a, b) => (a.file < b.file ? -1 : 1))
        .map((rule) => ({
          file: rule.file,
          line: 'line' in rule ? rule.line : 4,
          code: rule.code,
          message: rule.message,
        })),
    )
  }, 180_000)
})
