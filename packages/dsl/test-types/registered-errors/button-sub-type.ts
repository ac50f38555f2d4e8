// A Url call on a QuickReply button (8x8: 3052).
import { msg } from '../../src/index'

msg.to('+15551234567').template('order_update', 'en_US').urlButton(1, 'ORD-42')
