// An image header not given (8x8: 3042).
import { msg } from '../../src/index'

msg
  .to('+15551234567')
  .template('order_update', 'en_US')
  .body('Jason', 'ORD-42')
  .urlButton(0, 'ORD-42')
  .build()
