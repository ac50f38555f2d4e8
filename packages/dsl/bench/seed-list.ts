/**
 * The seed list message three ways, for the benchmarks: a plain object literal (the floor), the
 * DSL's chain, and whatsapp-api-js 6.3.0's message classes.
 */
import {
  ActionList,
  Body,
  Footer,
  Header,
  Interactive,
  ListSection,
  Row,
} from 'whatsapp-api-js/messages'
import { msg } from '../src/index'

const BODY =
  'Looking for personalized assistance? Our Customer Success team has the following slots available. Tap to select a time.'

/** The seed list message as a plain object literal. */
export function literal() {
  return {
    user: { msisdn: '+15551234567' },
    type: 'interactive',
    content: {
      interactive: {
        type: 'list',
        header: { type: 'text', text: '8x8 Customer Success personalized sessions' },
        body: { text: BODY },
        footer: { text: 'For urgent inquiries, email cpaas-sales@8×8.com' },
        action: {
          button: 'Book Slot',
          sections: [
            {
              title: 'Oct 9, 2024',
              rows: [
                { id: 'slot-1', title: 'Monday, Oct 9', description: '9:00 AM - 10:00 AM' },
                { id: 'slot-2', title: 'Monday, Oct 9', description: '11:00 AM - 12:00 PM' },
              ],
            },
            {
              title: 'Oct 10, 2024',
              rows: [
                { id: 'slot-3', title: 'Tuesday, Oct 10', description: '2:00 PM - 3:00 PM' },
                { id: 'slot-4', title: 'Tuesday, Oct 10', description: '4:00 PM - 5:00 PM' },
              ],
            },
          ],
        },
      },
    },
  }
}

/** The seed list message's chain, before `build()`. */
export function chain() {
  return msg
    .to('+15551234567')
    .list('Book Slot')
    .header('8x8 Customer Success personalized sessions')
    .body(BODY)
    .footer('For urgent inquiries, email cpaas-sales@8×8.com')
    .section('Oct 9, 2024')
    .row('slot-1', 'Monday, Oct 9', '9:00 AM - 10:00 AM')
    .row('slot-2', 'Monday, Oct 9', '11:00 AM - 12:00 PM')
    .section('Oct 10, 2024')
    .row('slot-3', 'Tuesday, Oct 10', '2:00 PM - 3:00 PM')
    .row('slot-4', 'Tuesday, Oct 10', '4:00 PM - 5:00 PM')
}

/** The seed list message built by the DSL (every rule checked, frozen). */
export const dsl = () => chain().build()

/** The seed list message with whatsapp-api-js's classes (the same JSON, keys in its order). */
export function whatsappApiJs() {
  const interactive = new Interactive(
    new ActionList(
      'Book Slot',
      new ListSection(
        'Oct 9, 2024',
        new Row('slot-1', 'Monday, Oct 9', '9:00 AM - 10:00 AM'),
        new Row('slot-2', 'Monday, Oct 9', '11:00 AM - 12:00 PM'),
      ),
      new ListSection(
        'Oct 10, 2024',
        new Row('slot-3', 'Tuesday, Oct 10', '2:00 PM - 3:00 PM'),
        new Row('slot-4', 'Tuesday, Oct 10', '4:00 PM - 5:00 PM'),
      ),
    ),
    new Body(BODY),
    new Header('8x8 Customer Success personalized sessions'),
    new Footer('For urgent inquiries, email cpaas-sales@8×8.com'),
  )
  return { user: { msisdn: '+15551234567' }, type: 'interactive', content: { interactive } }
}
