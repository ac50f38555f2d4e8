// A body parameter for a body without placeholders (8x8: 3033).
import { msg } from '../../src/index'

msg.to('+15551234567').template('summer_sale', 'en').body('30%')
