// A body with a placeholder not given (8x8: 3040).
import { msg } from '../../src/index'

msg.to('+15551234567').template('ticket_created', 'en').build()
