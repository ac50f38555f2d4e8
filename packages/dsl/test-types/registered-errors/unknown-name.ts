// A name the registry does not hold (8x8: 3038).
import { msg } from '../../src/index'

msg.to('+15551234567').template('order_updates', 'en_US')
