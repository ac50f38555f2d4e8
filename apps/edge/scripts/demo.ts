/**
 * `pnpm demo` (with `pnpm start` running): builds the twelve reference messages with the DSL,
 * signs each with the ed25519 development key (signing.md), sends it through the gateway, and
 * prints what came back; then shows what reached the sandbox.
 */
import { signRequest } from '@chatapps/signature'
import { seedBuilders } from '../../../packages/dsl/examples/seeds'

const GATEWAY = process.env.GATEWAY_URL ?? 'http://127.0.0.1:8787'
const SANDBOX = process.env.SANDBOX_URL ?? 'http://127.0.0.1:8788'
// RFC 9421 B.1.4, registered for demo-subaccount by `pnpm start` (never in production).
const KEY = 'MC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF'

let failures = 0
for (const [name, builder] of Object.entries(seedBuilders)) {
  const request = new Request(`${GATEWAY}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(builder.build()),
  })
  const signed = await signRequest(request, { keyId: 'test-key-ed25519', alg: 'ed25519', key: KEY })
  const response = await fetch(signed)
  const body = await response.text()
  if (!response.ok) failures++
  console.log(`${response.status} ${name.padEnd(22)} ${body}`)
}

const received = (await (await fetch(`${SANDBOX}/__sandbox/messages`)).json()) as {
  messages: unknown[]
}
console.log(
  `\nThe sandbox has received ${received.messages.length} messages (GET ${SANDBOX}/__sandbox/messages).`,
)
process.exit(failures === 0 ? 0 : 1)
