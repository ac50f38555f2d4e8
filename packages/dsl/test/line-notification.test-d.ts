/** The LINE notification builder's compile-time rule: no `.build()` before `.title()`. */
import { describe, expectTypeOf, test } from 'vitest'
import { type LineNotification, type LineNotificationBuilder, lineNotification } from '../src/index'

describe('lineNotification types', () => {
  test('.build() before .title() does not compile', () => {
    const untitled = lineNotification.to('+66812345678').icon('bell').item('Order', '#1')
    expectTypeOf(untitled).toEqualTypeOf<LineNotificationBuilder<false>>()
    // @ts-expect-error A LINE notification needs a title
    untitled.build()
    expectTypeOf(untitled.title('T').build()).toEqualTypeOf<LineNotification>()
  })

  test('icons are 8x8’s', () => {
    // @ts-expect-error not one of 8x8's LINE icons
    lineNotification.to('+66812345678').icon('rocket')
  })

  test('the built notification is read-only', () => {
    const built = lineNotification.to('+66812345678').title('T').build()
    // @ts-expect-error read-only
    built.content.title = 'x'
  })
})
