/** The envelope calls' types: what a literal chain gets wrong does not compile. */
import { describe, expectTypeOf, test } from 'vitest'
import {
  type BuildResult,
  type DslWarning,
  lint,
  msg,
  type SimpleBuilder,
  type TextMessage,
  type ViberButtonsMessage,
} from '../src/index'

const to = msg.to('+6500000000')

describe('envelope calls', () => {
  test('channels and statuses are 8x8’s own spellings', () => {
    to.text('Hi').fallback('WhatsApp', { after: 60, successStatus: 'Read' }).fallback('SMS')
    // @ts-expect-error 'Telegram' is not a channel 8x8 knows
    to.text('Hi').fallback('Telegram')
    // @ts-expect-error 'Seen' is not a success status
    to.text('Hi').fallback('SMS', { successStatus: 'Seen' })
  })

  test('SMS encodings and the Direct Send category are fixed sets', () => {
    to.text('Hi').sms({ encoding: 'UCS2', source: 'SENDERID' }).directSend({ ttlSeconds: 600 })
    // @ts-expect-error 'ASCII' is not an encoding 8x8 takes
    to.text('Hi').sms({ encoding: 'ASCII' })
    // @ts-expect-error Direct Send only knows the utility category
    to.text('Hi').directSend({ category: 'marketing' })
  })

  test('the calls keep the builder’s type', () => {
    expectTypeOf(to.text('Hi').fallbackText('Hi (SMS)')).toEqualTypeOf<SimpleBuilder<TextMessage>>()
  })

  test('safeBuild() returns warnings beside the output', () => {
    const result = to.text('Hi').safeBuild()
    expectTypeOf(result).toEqualTypeOf<BuildResult<TextMessage>>()
    if (result.success) expectTypeOf(result.warnings).toEqualTypeOf<readonly DslWarning[]>()
    expectTypeOf(lint(to.text('Hi').build())).toEqualTypeOf<readonly DslWarning[]>()
  })
})

describe('Viber rich messages', () => {
  test('viberButton() builds a buttons message', () => {
    const message = to.viberButton('Hi', { caption: 'Open', action: 'https://example.com' }).build()
    expectTypeOf(message).toEqualTypeOf<ViberButtonsMessage>()
    expectTypeOf(message.type).toEqualTypeOf<'buttons'>()
  })

  test('the button needs its caption and its URL', () => {
    // @ts-expect-error a button without its URL
    to.viberButton('Hi', { caption: 'Open' })
  })
})
