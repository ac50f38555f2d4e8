// An OTP button's code not given (8x8: 3049).
import { msg } from '../../src/index'

msg.to('+15551234567').template('otp_login', 'en_US').body('482913').build()
