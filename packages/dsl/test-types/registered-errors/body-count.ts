// One parameter for a body of two (8x8: 3041).
import { msg } from '../../src/index'

msg.to('+15551234567').template('order_update', 'en_US').body('Jason')
