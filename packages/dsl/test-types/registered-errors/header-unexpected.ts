// A header parameter for a template without a header (8x8: 3034).
import { msg } from '../../src/index'

msg.to('+15551234567').template('ticket_created', 'en').header('Hello')
