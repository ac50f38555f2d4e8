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
    // @ts-expect-error Template order_update is not registered in de
    to.template('order_update', 'de')
    expectTypeOf(to.template('order_update', 'en')).toEqualTypeOf<
      RegisteredTemplateBuilder<'order_update:en', never>
    >()
  })
  test('a paused or rejected template does not compile', () => {
    // @ts-expect-error Template weekly_deals (en_US) is paused: only an approved template can be sent
    to.template('weekly_deals', 'en_US')
    // @ts-expect-error Template prize_draw (en_US) is rejected: only an approved template can be sent
    to.template('prize_draw', 'en_US')
  })
  test('a flagged template compiles: WhatsApp still sends it', () => {
    expectTypeOf(to.template('last_call', 'en_US')).toEqualTypeOf<
      RegisteredTemplateBuilder<'last_call:en_US', 'body'>
    >()
  })
  test('a status in upper case is read as in lower case', () => {
    // @ts-expect-error Template old_offers (en_US) is DISABLED: only an approved template can be sent
    to.template('old_offers', 'en_US')
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
    to.template('summer_sale', 'en').build()
    // @ts-expect-error The body of summer_sale (en) takes no parameters
    to.template('summer_sale', 'en').body('30%')
    // @ts-expect-error The body of card 0 of plant_carousel (en_US) takes no parameters
    to.template('plant_carousel', 'en_US').card().body('x')
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
    to.template('appointment_reminder', 'en_US').header('12 December')
    // @ts-expect-error The header of appointment_reminder (en_US) is text: give a string
    to.template('appointment_reminder', 'en_US').header(image)
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
    // @ts-expect-error Button 2 of appointment_reminder (en_US) is a PHONE_NUMBER button, which takes no parameter, not Url
    to.template('appointment_reminder', 'en_US').urlButton(2, 'x')
    to.template('appointment_reminder', 'en_US').quickReply(0, 'yes').quickReply(1, 'later')
  })
  test('an authentication template takes its code, as a Url button (8x8 sends OTP so)', () => {
    to.template('otp_login', 'en_US').body('482913').urlButton(0, '482913').build()
    // @ts-expect-error Button 0 of otp_login (en_US) is a Url button, not CopyCode
    to.template('otp_login', 'en_US').copyCode(0, '482913')
    // @ts-expect-error otp_login (en_US) needs the parameter of button 0
    to.template('otp_login', 'en_US').body('482913').build()
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
    to.template('ticket_closed', 'en').header(image).body('T-1').build()
    to.template('appointment_reminder', 'en_US')
      .clientMessageId('c-1')
      .header('12 December')
      .body('Ada', 'Dr. Lee', '10:30')
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
  const plants = to.template('plant_carousel', 'en_US').body('Pablo')
  const first = plants.card().header(image).urlButton(1, 'aloe-blue-elf')
  test('each card is typed from its registered card', () => {
    expectTypeOf(first).toEqualTypeOf<RegisteredCardBuilder<'plant_carousel:en_US', [], 'card 1'>>()
    expectTypeOf(
      first.card().header(image).quickReply(0, 'more').urlButton(1, 'black-prince').build(),
    ).toEqualTypeOf<TemplateMessage>()
  })
  test('a card takes its own header format, body and buttons', () => {
    // @ts-expect-error a card header of the wrong format (header_format)
    plants.card().header({ type: 'video', url: 'https://shop.example/a.mp4' })
    // @ts-expect-error Button 1 of card 0 of plant_carousel (en_US) is a Url button, not QuickReply
    plants.card().quickReply(1, 'p')
    // @ts-expect-error card 1 of plant_carousel (en_US) has no button at index 2
    first.card().urlButton(2, 'p')
  })
  test('every registered card is needed, and no more', () => {
    // @ts-expect-error plant_carousel (en_US) needs card 1: call .card() before .build()
    first.build()
    // @ts-expect-error plant_carousel (en_US) needs the header of card 1: call it before .build()
    first.card().urlButton(1, 'black-prince').build()
    // @ts-expect-error plant_carousel (en_US) has 2 cards
    first.card().card()
  })
})
