// A language the name is not registered in (8x8: 3038).
import { msg } from '../../src/index'

msg.to('+15551234567').template('order_update', 'de')
