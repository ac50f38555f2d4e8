// A string for an image header (8x8: 3042).
import { msg } from '../../src/index'

msg.to('+15551234567').template('order_update', 'en_US').header('Jason')
