/**
 * The compiler knows the registered templates: with the declaration `chatapps templates pull`
 * wrote (`templates.ts`, beside this file), `template(name, language)` takes only registered,
 * approved pairs, and each call is typed from the registered components. Checked by
 * `test/registered-templates.test.ts` in a program of its own, so that the rest of the package's
 * type tests keep an empty registry.
 */
import { describe, expectTypeOf, test } from 'vitest'
import {
  msg,
  type RegisteredCardBuilder,
  type RegisteredTemplateBuilder,
  type TemplateBuilder,
  type TemplateMessage,
} from '../../src/index'

const to = msg.to('+15551234567')
const image = { type: 'image', url: 'https://shop.example/box.jpg' } as const
const orderUpdate = to.template('order_update', 'en_US')

describe('names and languages', () => {
  test('a registered, approved pair gives its typed builder', () => {
    expectTypeOf(orderUpdate).toEqualTypeOf<
      RegisteredTemplateBuilder<'order_update:en_US', 'header' | 'body' | 'button 0'>
    >()
    expectTypeOf(to.template('ticket_created', 'en')).toEqualTypeOf<
      RegisteredTemplateBuilder<'ticket_created:en', 'body'>
    >()
  })
  test('an unknown name does not compile', () => {
    // @ts-expect-error No template order_updates is registered
    to.template('order_updates', 'en_US')
  })
  test('a language the name is not registered in does not compile', () => {
    // @ts-expect-error Template order_update is not registered in en
    to.template('order_update', 'en')
  })
  test('a paused or rejected template does not compile', () => {
    // @ts-expect-error Template summer_sale (en) is paused: only an approved template can be sent
    to.template('summer_sale', 'en')
    // @ts-expect-error Template winter_sale (en) is rejected: only an approved template can be sent
    to.template('winter_sale', 'en')
  })
  test('a name known only at run time gives the untyped builder (the gateway checks it)', () => {
    const name: string = 'order_update'
    expectTypeOf(to.template(name, 'en_US')).toEqualTypeOf<TemplateBuilder>()
  })
})

describe('the body', () => {
  test('takes exactly its placeholders', () => {
    orderUpdate.body('Jason', 'ORD-42')
    orderUpdate.body({ type: 'text', text: 'Jason' }, 'ORD-42')
    // @ts-expect-error Expected 2 arguments, but got 1 (body_count)
    orderUpdate.body('Jason')
    // @ts-expect-error Expected 2 arguments, but got 3 (body_count)
    orderUpdate.body('Jason', 'ORD-42', 'extra')
  })
  test('takes text only', () => {
    // @ts-expect-error a body placeholder is text (parameter_type)
    orderUpdate.body(image, 'ORD-42')
  })
  test('a body without placeholders takes none', () => {
    // @ts-expect-error The body of welcome (en) takes no parameters
    to.template('welcome', 'en').body('x')
  })
})

describe('the header', () => {
  test('an image header takes an image', () => {
    orderUpdate.header(image)
    // @ts-expect-error The header of order_update (en_US) is an image: give { type: 'image', url }
    orderUpdate.header('Jason')
    // @ts-expect-error a video is not an image (header_format)
    orderUpdate.header({ type: 'video', url: 'https://shop.example/box.mp4' })
  })
  test('a text header with a placeholder takes a string', () => {
    to.template('appointment_reminder', 'en').header('Dr Tan')
    // @ts-expect-error The header of appointment_reminder (en) is text: give a string
    to.template('appointment_reminder', 'en').header(image)
  })
  test('a text header without a placeholder takes none', () => {
    // @ts-expect-error The header of welcome (en) takes no parameter
    to.template('welcome', 'en').header('Hello')
  })
  test('a template without a header takes none', () => {
    // @ts-expect-error The header of ticket_created (en) takes no parameter
    to.template('ticket_created', 'en').header('x')
  })
})

describe('buttons', () => {
  test('a Url button takes its suffix at its index', () => {
    expectTypeOf(orderUpdate.urlButton(0, 'ORD-42')).toEqualTypeOf<
      RegisteredTemplateBuilder<'order_update:en_US', 'header' | 'body'>
    >()
    orderUpdate.button('Url', 0, 'ORD-42').quickReply(1, 'stop').button('QuickReply', 1)
  })
  test('an index the template does not have does not compile', () => {
    // @ts-expect-error order_update (en_US) has no button at index 2
    orderUpdate.urlButton(2, 'ORD-42')
    // @ts-expect-error order_update (en_US) has no button at index 5
    orderUpdate.button('QuickReply', 5, 'stop')
  })
  test('a sub-type other than the registered one does not compile', () => {
    // @ts-expect-error Button 1 of order_update (en_US) is a QuickReply button, not Url
    orderUpdate.urlButton(1, 'ORD-42')
    // @ts-expect-error Button 0 of order_update (en_US) is a Url button, not QuickReply
    orderUpdate.button('QuickReply', 0, 'stop')
    // @ts-expect-error Button 0 of order_update (en_US) is a Url button, not CopyCode
    orderUpdate.copyCode(0, '123456')
  })
  test('a button that takes no parameter (a phone number) takes no call', () => {
    // @ts-expect-error Button 0 of appointment_reminder (en) is a PHONE_NUMBER button, which takes no parameter, not Url
    to.template('appointment_reminder', 'en').urlButton(0, 'x')
  })
  test('an authentication template takes its code', () => {
    to.template('otp_login', 'en_US').body('123456').copyCode(0, '123456').build()
    // @ts-expect-error otp_login (en_US) needs the parameter of button 0
    to.template('otp_login', 'en_US').body('123456').build()
  })
  test('an index known only at run time is left to the gateway', () => {
    const index: number = 1
    orderUpdate.quickReply(index, 'stop')
  })
})

describe('build', () => {
  test('compiles once the header, body and required buttons are given', () => {
    expectTypeOf(
      orderUpdate.header(image).body('Jason', 'ORD-42').urlButton(0, 'ORD-42').build(),
    ).toEqualTypeOf<TemplateMessage>()
    to.template('welcome', 'en').build()
    to.template('appointment_reminder', 'en')
      .clientMessageId('c-1')
      .header('Dr Tan')
      .body('Jason', 'Monday')
      .safeBuild()
  })
  test('a missing header does not compile', () => {
    // @ts-expect-error order_update (en_US) needs its header parameter: call .header(…) before .build()
    orderUpdate.body('Jason', 'ORD-42').urlButton(0, 'ORD-42').build()
  })
  test('a missing body does not compile', () => {
    // @ts-expect-error ticket_created (en) needs its body parameters: call .body(…) before .build()
    to.template('ticket_created', 'en').build()
    // @ts-expect-error order_update (en_US) needs its body parameters (safeBuild too)
    orderUpdate.header(image).urlButton(0, 'ORD-42').safeBuild()
  })
  test('a missing Url suffix does not compile', () => {
    // @ts-expect-error order_update (en_US) needs the parameter of button 0: call it before .build()
    orderUpdate.header(image).body('Jason', 'ORD-42').build()
  })
})

describe('components the template lacks', () => {
  test('a carousel, a call permission or contact info request', () => {
    // @ts-expect-error order_update (en_US) has no carousel component
    orderUpdate.card()
    // @ts-expect-error order_update (en_US) has no call_permission_request component
    orderUpdate.callPermissionRequest()
    // @ts-expect-error order_update (en_US) has no request_contact_info component
    orderUpdate.requestContactInfo()
  })
})

describe('a carousel template', () => {
  const picks = to.template('spring_picks', 'en_US').body('Jason')
  const first = picks.card().header(image).body('Linen shirt').urlButton(0, 'linen-shirt')
  test('each card is typed from its registered card', () => {
    expectTypeOf(first).toEqualTypeOf<RegisteredCardBuilder<'spring_picks:en_US', [], 'card 1'>>()
    expectTypeOf(
      first
        .card()
        .header({ type: 'video', url: 'https://shop.example/a.mp4' })
        .quickReply(0, 'p')
        .build(),
    ).toEqualTypeOf<TemplateMessage>()
  })
  test('a card takes its own header format, body count and buttons', () => {
    // @ts-expect-error a card header of the wrong format (header_format)
    picks.card().header({ type: 'video', url: 'https://shop.example/a.mp4' })
    // @ts-expect-error Expected 1 arguments, but got 2 (body_count on a card)
    picks.card().body('a', 'b')
    // @ts-expect-error Button 0 of card 0 of spring_picks (en_US) is a Url button, not QuickReply
    picks.card().quickReply(0, 'p')
    // @ts-expect-error The body of card 1 of spring_picks (en_US) takes no parameters
    first.card().body('x')
  })
  test('every registered card is needed, and no more', () => {
    // @ts-expect-error spring_picks (en_US) needs card 1: call .card() before .build()
    first.build()
    // @ts-expect-error spring_picks (en_US) needs the header of card 1: call it before .build()
    first.card().quickReply(0, 'p').build()
    // @ts-expect-error spring_picks (en_US) has 2 cards
    first.card().card()
  })
})
