// A card past the registered ones.
import { msg } from '../../src/index'

msg.to('+15551234567').template('spring_picks', 'en_US').card().card().card()
