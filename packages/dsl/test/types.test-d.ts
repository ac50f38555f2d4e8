/**
 * The compile-time rules and the output types. These run under the type checker: an unused
 * `@ts-expect-error` is itself an error, so a rule that stops holding fails the suite.
 */
import { describe, expectTypeOf, test } from 'vitest'
import {
  type BuildResult,
  type ButtonsBuilder,
  type ButtonsMessage,
  type ChatappsEvent,
  type DeliveryState,
  type DslResult,
  type DslTypeError,
  type DslWarning,
  LIMITS,
  type ListBuilder,
  type ListMessage,
  type Message,
  msg,
  type ProductListBuilder,
  parseEvent,
  parseMessage,
  type TextMessage,
} from '../src/index'

const to = msg.to('+15551234567')

describe('compile-time rules', () => {
  test('a fourth .reply() does not compile', () => {
    const three = to.buttons().body('B').reply('a', 'A').reply('b', 'B').reply('c', 'C')
    expectTypeOf(three).toEqualTypeOf<ButtonsBuilder<3>>()
    // @ts-expect-error Reply buttons hold at most 3 replies
    three.reply('d', 'D')
  })

  test('.build() on reply buttons with no reply does not compile', () => {
    // @ts-expect-error Reply buttons need at least one reply
    to.buttons().body('B').build()
    expectTypeOf(to.buttons().body('B').reply('a', 'A').build()).toEqualTypeOf<ButtonsMessage>()
  })

  test('.build() on a list with no row does not compile', () => {
    // @ts-expect-error A list needs at least one row
    to.list('Open').body('B').section('S').build()
    expectTypeOf(
      to.list('Open').body('B').section('S').row('a', 'A').build(),
    ).toEqualTypeOf<ListMessage>()
  })

  test('.build() on a product list with no item does not compile', () => {
    // @ts-expect-error A product list needs at least one product
    to.productList('c').header('H').body('B').section('S').build()
    to.productList('c').header('H').body('B').section('S').item('x').build()
  })

  test('headers only where 8x8 allows them', () => {
    // @ts-expect-error A list's header is text only
    to.list('Open').headerImage('https://example.com/a.png')
    // @ts-expect-error A product message has no header
    to.product('c', 'p').header('H')
    // @ts-expect-error A product list's header is text only
    to.productList('c').headerVideo('https://example.com/v.mp4')
    to.ctaUrl('Go', 'https://example.com').headerDocument('https://example.com/a.pdf', 'a.pdf')
    to.flow('1', 'Go').headerVideo('https://example.com/v.mp4')
  })

  test('content methods only where they belong', () => {
    // @ts-expect-error A text message has no rows
    to.text('Hi').row('a', 'A')
    // @ts-expect-error A message without content cannot be built
    to.build()
  })

  test('arrays are for runtime counts: .replies() and .rows() are checked when building', () => {
    const fromData = to
      .buttons()
      .body('B')
      .replies([{ id: 'a', title: 'A' }])
    expectTypeOf(fromData).toEqualTypeOf<ButtonsBuilder<number>>()
    expectTypeOf(fromData.reply('b', 'B').build()).toEqualTypeOf<ButtonsMessage>()
    expectTypeOf(
      to
        .list('Open')
        .body('B')
        .rows([{ id: 'a', title: 'A' }])
        .build(),
    ).toEqualTypeOf<ListMessage>()
  })

  test('a broken rule is the type of a parameter or of this, so that tsc quotes it', () => {
    expectTypeOf<Parameters<ButtonsBuilder<3>['reply']>>().toEqualTypeOf<
      [id: DslTypeError<'Reply buttons hold at most 3 replies'>, title: string]
    >()
    expectTypeOf<Parameters<ButtonsBuilder<2>['reply']>>().toEqualTypeOf<
      [id: string, title: string]
    >()
    expectTypeOf<ThisParameterType<ListBuilder['build']>>().toEqualTypeOf<
      DslTypeError<'A list needs at least one row: call .row(id, title) before .build()'>
    >()
    expectTypeOf<ThisParameterType<ListBuilder<true>['build']>>().toEqualTypeOf<unknown>()
    expectTypeOf<Parameters<ListBuilder['headerImage']>>().toEqualTypeOf<
      [url: DslTypeError<"A list's header is text only: use .header(text)">]
    >()
  })

  test('a builder that may be built still goes where one that may not is expected', () => {
    // Loops reassign one variable: `let list = to.list('L'); list = list.row('a', 'A')`.
    expectTypeOf<ListBuilder<true>>().toExtend<ListBuilder<false>>()
    expectTypeOf<ListBuilder<false>>().not.toExtend<ListBuilder<true>>()
    expectTypeOf<ProductListBuilder<true>>().toExtend<ProductListBuilder<false>>()
    expectTypeOf<ProductListBuilder<false>>().not.toExtend<ProductListBuilder<true>>()
    expectTypeOf<ButtonsBuilder<1>>().toExtend<ButtonsBuilder<0>>()
  })

  test('the limit in the type is the one in LIMITS', () => {
    expectTypeOf(LIMITS.replyButtons.max).toEqualTypeOf<3>()
  })
})

describe('output types', () => {
  test('built messages are typed by kind and read-only', () => {
    const text = to.text('Hi').build()
    expectTypeOf(text).toEqualTypeOf<TextMessage>()
    expectTypeOf(text.type).toEqualTypeOf<'text'>()
    expectTypeOf(text.content.text).toEqualTypeOf<string>()
    // @ts-expect-error Built messages are read-only
    text.content.text = 'changed'

    const list = to.list('Open').body('B').row('a', 'A').build()
    expectTypeOf(list.type).toEqualTypeOf<'interactive'>()
    expectTypeOf(list.content.interactive.type).toEqualTypeOf<'list'>()
    expectTypeOf(list.content.interactive.action.sections[0]).toEqualTypeOf<
      | {
          readonly title?: string
          readonly rows: readonly {
            readonly id: string
            readonly title: string
            readonly description?: string
          }[]
        }
      | undefined
    >()
  })

  test('safeBuild returns a result to branch on', () => {
    const result = to.text('Hi').safeBuild()
    expectTypeOf(result).toEqualTypeOf<BuildResult<TextMessage>>()
    expectTypeOf(result).toExtend<DslResult<TextMessage>>()
    if (result.success) expectTypeOf(result.output).toEqualTypeOf<TextMessage>()
    if (result.success) expectTypeOf(result.warnings).toEqualTypeOf<readonly DslWarning[]>()
    else expectTypeOf(result.issues[0].path).toEqualTypeOf<string>()
  })

  test('parseMessage returns any message, narrowed by type', () => {
    const message = parseMessage({})
    expectTypeOf(message).toEqualTypeOf<Message>()
    if (message.type === 'location')
      expectTypeOf(message.content.location.latitude).toEqualTypeOf<number>()
  })

  test('parseEvent returns events narrowed by kind', () => {
    const event = parseEvent({})
    expectTypeOf(event).toEqualTypeOf<ChatappsEvent>()
    if (event.kind === 'delivery_receipt')
      expectTypeOf(event.payload.status.state).toEqualTypeOf<DeliveryState>()
    if (event.kind === 'inbound_message') expectTypeOf(event.payload.umid).toEqualTypeOf<string>()
    if (event.kind === 'unknown') expectTypeOf(event.eventType).toEqualTypeOf<string>()
  })
})
