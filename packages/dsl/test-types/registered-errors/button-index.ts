// A button index the template does not have (8x8: 3053).
import { msg } from '../../src/index'

msg.to('+15551234567').template('order_update', 'en_US').urlButton(2, 'ORD-42')
