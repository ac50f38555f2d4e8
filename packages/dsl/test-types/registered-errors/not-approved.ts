// A paused template.
import { msg } from '../../src/index'

msg.to('+15551234567').template('weekly_deals', 'en_US')
