/**
 * Prints the client-callback example of docs/delivery.md, signed by the gateway's own code
 * (apps/edge/src/callbacks), and checks it against the Standard Webhooks test vector.
 *
 *   pnpm exec tsx docs/scripts/callback-example.ts
 */
import { statusCallback } from '../../apps/edge/src/callbacks/events'
import { signCallback } from '../../apps/edge/src/callbacks/signing'
import { parseEvent } from '../../packages/dsl/src/index'

// The test vector of the Standard Webhooks specification (standard-webhooks/standard-webhooks).
const vector = await signCallback(
  'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  'msg_p5jXN8AQM9LWM0D4loKWxJek',
  1614265330,
  '{"test": 2432232314}',
)
if (vector['webhook-signature'] !== 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=') {
  throw new Error(`the Standard Webhooks vector does not match: ${vector['webhook-signature']}`)
}

const event = parseEvent({
  version: 9,
  namespace: 'ChatApps',
  eventType: 'outbound_message_status_changed',
  description: 'ChatApps outbound message delivery receipt',
  payload: {
    umid: '82188ee0-109f-e811-8150-020897df5459',
    clientMessageId: 'order-42-shipped',
    subAccountId: 'acme',
    channel: 'whatsapp',
    user: { msisdn: '+15551234567' },
    status: {
      state: 'delivered',
      detail: 'delivered_to_recipient',
      timestamp: '2026-11-24T09:30:02.000Z',
    },
  },
})
if (event.kind !== 'delivery_receipt') throw new Error('not a receipt')
const job = statusCallback(
  {
    keyId: 'acme-prod-1',
    id: '5b0e2d3c-7a41-4f0e-9d2b-6c8a1e3f4b5a',
    clientMessageId: 'order-42-shipped',
  },
  event,
  Date.parse('2026-11-24T09:30:02.250Z'),
)
const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const headers = await signCallback(secret, job.webhookId, 1795512602, job.body)
console.log(`secret: ${secret}`)
for (const [name, value] of Object.entries(headers)) console.log(`${name}: ${value}`)
console.log(`\n${job.body}`)
console.log(`\nsigned content: ${job.webhookId}.1795512602.${job.body}`)
