/**
 * The twelve reference messages of the project (`fixtures/seed-messages.json`), written
 * with the DSL. The golden tests check that each chain builds exactly the parsed seed, and the
 * demo prints them.
 */
import { msg } from '../src/index'

const to = msg.to('+15551234567')

const WELCOME =
  'Welcome to 8x8 Inc.! We are the leading global provider of unified cloud communications, video collaboration, and contact center solutions.\n\nWe empower your business to thrive in the modern workplace by offering a single, secure, and integrated platform for all your voice, video, chat, and customer service needs.\n\nOur solutions are designed to deliver exceptional experiences for both your employees and your customers, ensuring seamless global connectivity and robust reliability.\n\nHow can we help you unify your communications today? Reply with INFO for a quick link to our solutions guide or TALK to connect with a specialist.'

const OPTIONS =
  '👋 Welcome to 8x8 Inc.! We are the leading provider of cloud communications, video collaboration, and contact center solutions.\n\nTo help you quickly find what you need, please select one of the options below:\n\n📞 Contact Us: Speak directly with a Sales or Support representative regarding your account or new service inquiry.\n\n❓ FAQ: Get instant answers to common questions about our products, pricing, and features.\n\n📍 Office: Find the address and contact details for our global office locations.'

const CTA_DOCS =
  'https://developers.facebook.com/docs/whatsapp/cloud-api/messages/interactive-cta-url-messages'

/** Each seed's name, and the chain that builds it. */
export const seedBuilders = {
  text: to.text(WELCOME),
  image: to.image(
    'https://chatapps.8x8.com/files/7723febafb67440b89c6872e9d72efdd.jpeg?token=CfDJ8LwbBIzqYzxMo4VXraj4E8kbpPbOLHNZ3GfGzhGDm3ajqPMrbjJONU3UAtPsnv00QjW7FYXfmj5QMjTz9hbcVRMnhy-jJWfHshe83bNAzbZjJwkaf-31Ok2UXF7C6fyAOPTKVPOnUU3ERQcgvkE7GC-NZf9vJnt7_cDoHKjawoPyxrodvh7LRtIqVKR-TDysUg',
    {
      caption:
        'Welcome to the world of 8x8 ChatApps APIs!\nCommunications for the customer obsessed.',
    },
  ),
  video: to.video('https://samplelib.com/lib/preview/mp4/sample-5s.mp4', {
    caption: 'This is the video file',
  }),
  document: to.file('https://pdfobject.com/pdf/sample.pdf', {
    caption:
      'Thanks for your interest. Attached is our latest 8x8 brochure with all the details you need. Take a look and let me know if you have any questions!',
  }),
  location: to.location({
    latitude: 1.2857,
    longitude: 103.8479,
    name: '8x8 Singapore Office',
    address: '1 George St, #22-03/04 One George Street, Singapore 049145',
  }),
  list: to
    .list('Book Slot')
    .header('8x8 Customer Success personalized sessions')
    .body(
      'Looking for personalized assistance? Our Customer Success team has the following slots available. Tap to select a time.',
    )
    .footer('For urgent inquiries, email cpaas-sales@8×8.com')
    .section('Oct 9, 2024')
    .row('slot-1', 'Monday, Oct 9', '9:00 AM - 10:00 AM')
    .row('slot-2', 'Monday, Oct 9', '11:00 AM - 12:00 PM')
    .section('Oct 10, 2024')
    .row('slot-3', 'Tuesday, Oct 10', '2:00 PM - 3:00 PM')
    .row('slot-4', 'Tuesday, Oct 10', '4:00 PM - 5:00 PM'),
  buttons: to
    .buttons()
    .header('8x8')
    .body(OPTIONS)
    .footer('This is an official message from 8x8.')
    .reply('option-1', 'contact-us')
    .reply('option-2', 'faq')
    .reply('option-3', 'office'),
  cta_url_image_header: to
    .ctaUrl('Click for more', CTA_DOCS)
    .headerImage(
      'https://chatapps.8x8.com/files/991c9667f7644584acf91aa8dd9fba60.png?token=CfDJ8LwbBIzqYzxMo4VXraj4E8k4uW4Kjsnx2rTsG0O-bgz0v3CXHYwHi8BVTm1jLn6tSswTva_BhILXyvFi2DmZZQOcYmEn60cOdB2mvtEEBvd3lEA6f1P1kL2K8TpWIOaTcca70UdUtOZTnmNfdHBrJugXjasrG4Zu7WW5JOEbPF4kDOynKUulYQdVqRIR-DU9lw',
    )
    .body('Welcome to 8x8 Inc. How may we help?')
    .footer('This is an official message from 8x8.'),
  cta_url_text_header: to
    .ctaUrl('Click for more', CTA_DOCS)
    .header('8x8')
    .body(
      'Welcome to 8x8! We are the leading provider of cloud communications, video collaboration, and contact center solutions.\n\n',
    )
    .footer('This is an official message from 8x8.'),
  flow: to
    .flow('1633450807827276', 'Schedule now')
    .headerImage('https://iili.io/KtDO5BV.jpg')
    .body(
      'Hello! Ready to transform your customer engagement? Schedule a demo with our 8x8 sales team to explore our SMS, Voice, and Video APIs.',
    )
    .footer('Empowering global communications.'),
  product: to
    .product('YOUR_CATALOG_ID', 'PRODUCT_SKU_123')
    .body('Check out this amazing product from our store!')
    .footer('Limited stock available'),
  product_list: to
    .productList('YOUR_CATALOG_ID')
    .header('Featured Products')
    .body('Browse our latest collection of products.')
    .footer('Free shipping on orders over $50')
    .section('Best Sellers')
    .item('PRODUCT_SKU_1')
    .item('PRODUCT_SKU_2')
    .section('New Arrivals')
    .item('PRODUCT_SKU_3')
    .item('PRODUCT_SKU_4'),
} as const

/** The names of the seeds. */
export type SeedName = keyof typeof seedBuilders
