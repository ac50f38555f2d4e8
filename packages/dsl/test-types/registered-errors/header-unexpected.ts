// A parameter for a text header without a placeholder (8x8: 3034).
import { msg } from '../../src/index'

msg.to('+15551234567').template('welcome', 'en').header('Hello')
