/**
 * The LINE Official Notification docs/messages.md shows: printed by message-examples.ts, drawn
 * by message-pictures.ts.
 */
import { lineNotification } from '../../packages/dsl/src/index'

export const lineNotificationExample = lineNotification
  .to('+6500000000')
  .clientMessageId('1234_id')
  .title('Event reminder')
  .company('8x8')
  .icon('calendar')
  .emphasis('Event name', '8x8 Conference')
  .item('Date', 'Tue 26/09/2022')
  .greeting("Can't wait to see you there!")
  .explanation('We would like to remind you about your reservation for tomorrow event')
  .action('See direction', 'https://www.google.com/maps')
  .smsFallback('Event reminder - 8x8 Conference on Tue 26/09/2022', {
    source: '8x8 events',
    encoding: 'AUTO',
  })
