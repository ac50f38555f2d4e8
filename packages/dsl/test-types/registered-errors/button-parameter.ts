// A Url button's suffix not given (8x8: 3049).
import { msg } from '../../src/index'

msg.to('+15551234567').template('otp_login', 'en_US').body('123456').build()
