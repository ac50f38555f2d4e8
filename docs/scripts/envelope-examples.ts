/**
 * Prints the wire JSON (and the warnings) of the examples of the section "The envelope" in
 * docs/messages.md: the fallback chain, the SMS fallback, WhatsApp Direct Send and Viber.
 *
 *   pnpm exec tsx docs/scripts/envelope-examples.ts [name]
 */

import { lint, msg } from '../../packages/dsl/src/index'

const to = msg.to('+6500000000')

/** The examples of the section "The envelope". */
export const envelopeBuilders = {
  fallback: to
    .text('Hello World!')
    .fallback('WhatsApp', { after: 60, successStatus: 'Read' })
    .fallback('Viber', { after: 60, successStatus: 'Delivered' })
    .fallback('SMS')
    .sms({ encoding: 'AUTO', source: 'SENDERID' }),
  sms_fallback: to
    .template('delivery_update', 'de')
    .body('Jana', 'Dienstag')
    .fallback('WhatsApp', { after: 900, successStatus: 'Delivered' })
    .fallback('SMS')
    .fallbackText('Hallo Jana, Ihr Paket kommt am Dienstag – Ihr Team')
    .sms({ source: 'ACME' }),
  direct_send: to
    .text('Hi Jane, your order #12345 has been shipped and is expected to arrive on March 20.')
    .fallback('WhatsApp')
    .directSend({ ttlSeconds: 600 }),
  viber_button: to
    .viberButton(
      'Your ticket is confirmed. To view your e-ticket, tap the button below.',
      { caption: 'View E-ticket', action: 'https://example.com/e-ticket/SKY1234' },
      { image: 'https://example.com/skyway.jpg' },
    )
    .fallback('Viber'),
  viber_video: to
    .video('https://example.com/sample-5s.mp4', {
      caption: 'Five seconds of fame',
      thumbnail: 'https://example.com/sample.jpg',
      filesize: 2700,
      duration: 5,
    })
    .fallback('Viber'),
}

const only = process.argv[2]
for (const [name, builder] of Object.entries(envelopeBuilders)) {
  if (only !== undefined && name !== only) continue
  const result = builder.safeBuild()
  console.log(`// ${name}`)
  console.log(JSON.stringify(result.success ? result.output : result.issues, null, 2))
  if (result.success && result.warnings.length > 0) {
    console.log(`// ${name}: safeBuild().warnings`)
    console.log(JSON.stringify(result.warnings, null, 2))
  }
  if (name === 'sms_fallback' && result.success) {
    console.log(`// ${name}: lint(message, { templateTtlSeconds: 3600 })`)
    console.log(JSON.stringify(lint(result.output, { templateTtlSeconds: 3600 }), null, 2))
  }
}
