// A card past the registered ones.
import { msg } from '../../src/index'

const image = { type: 'image', url: 'https://shop.example/a.jpg' } as const
const first = msg.to('+15551234567').template('plant_carousel', 'en_US').body('Pablo').card()
const second = first.header(image).urlButton(1, 'aloe').card().header(image).urlButton(1, 'b')
second.card()
