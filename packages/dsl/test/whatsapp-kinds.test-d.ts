/**
 * The compile-time rules of WhatsApp's requests and of templates: button index ranges, the
 * number of carousel cards, what a card and a request may hold, and the output types.
 */
import { describe, expectTypeOf, test } from 'vitest'
import {
  type CallPermissionRequestMessage,
  type LocationRequestMessage,
  msg,
  type RequestContactInfoMessage,
  type TemplateBuilder,
  type TemplateCardBuilder,
  type TemplateMessage,
  type TemplateSpec,
  type VoiceCallMessage,
} from '../src/index'

const to = msg.to('+15551234567')
const template = to.template('t', 'en')

describe('template button indexes', () => {
  test('0 to 9 on a template; a literal past them does not compile', () => {
    template.quickReply(0, 'p').urlButton(9, 's').button('CopyCode', 5, 'c')
    // @ts-expect-error A template button's index is 0 to 9
    template.quickReply(10, 'p')
    // @ts-expect-error A template button's index is 0 to 9
    template.button('Url', -1, 's')
    // @ts-expect-error A template button's index is 0 to 9
    template.voiceCallButton(12)
  })
  test('a number not known at compile time is checked when building', () => {
    const index: number = 3
    expectTypeOf(template.copyCode(index, 'c')).toEqualTypeOf<TemplateBuilder>()
  })
  test('0 or 1 on a card, QuickReply or Url only', () => {
    const card = template.card()
    card.quickReply(0, 'p').urlButton(1, 's')
    // @ts-expect-error A template button's index is 0 to 1
    card.quickReply(2, 'p')
    // @ts-expect-error a card has no CopyCode button
    card.button('CopyCode', 0, 'c')
    // @ts-expect-error a card has no copyCode helper
    card.copyCode(0, 'c')
  })
})

describe('template carousel cards', () => {
  test('ten cards compile; an eleventh does not', () => {
    const ten = template.card().card().card().card().card().card().card().card().card().card()
    expectTypeOf(ten).toEqualTypeOf<TemplateCardBuilder<10>>()
    // @ts-expect-error A template carousel holds at most 10 cards
    ten.card()
    expectTypeOf(ten.build()).toEqualTypeOf<TemplateMessage>()
  })
  test('a card has no way back to the template', () => {
    // @ts-expect-error callPermissionRequest is a template component, not a card's
    template.card().callPermissionRequest()
  })
})

describe('a template spec narrows the parameters', () => {
  test('the default takes any parameter; a narrower spec refuses others', () => {
    interface Otp extends TemplateSpec {
      readonly header: never
      readonly body: readonly [code: string]
    }
    const otp = template as unknown as TemplateBuilder<Otp>
    otp.body('123456')
    // @ts-expect-error this template's body takes one text parameter
    otp.body('123456', 'extra')
  })
})

describe('requests', () => {
  test('their output types', () => {
    expectTypeOf(to.voiceCall().build()).toEqualTypeOf<VoiceCallMessage>()
    expectTypeOf(to.callPermissionRequest().build()).toEqualTypeOf<CallPermissionRequestMessage>()
    expectTypeOf(to.requestContactInfo().build()).toEqualTypeOf<RequestContactInfoMessage>()
    expectTypeOf(to.locationRequest('b').build()).toEqualTypeOf<LocationRequestMessage>()
  })
  test('what each may not hold does not compile', () => {
    // @ts-expect-error a location request has no header
    to.locationRequest('b').header('h')
    // @ts-expect-error a location request has no footer
    to.locationRequest('b').footer('f')
    // @ts-expect-error a call permission request has no header
    to.callPermissionRequest().header('h')
    // @ts-expect-error a contact info request has no media header
    to.requestContactInfo().headerImage('https://example.com/a.png')
    // @ts-expect-error ttlMinutes is a number
    to.voiceCall({ ttlMinutes: '10' })
  })
})
