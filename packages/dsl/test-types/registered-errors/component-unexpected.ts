// A carousel card on a template without one (8x8: 3034).
import { msg } from '../../src/index'

msg.to('+15551234567').template('ticket_created', 'en').card()
