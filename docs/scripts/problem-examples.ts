/**
 * Prints the problem+json answers shown in docs/errors.md, built by the gateway's own code
 * (apps/edge/src/problems.ts, http/valid.ts and http/upstream-problems.ts) from the same inputs
 * the routes use.
 *
 *   pnpm exec tsx docs/scripts/problem-examples.ts
 */

import {
  circuitOpen,
  outcomeUnknown,
  upstreamProblem,
} from '../../apps/edge/src/http/upstream-problems'
import { invalidMessage } from '../../apps/edge/src/http/valid'
import { parseStrictJson } from '../../apps/edge/src/lib/strict-json'
import { Problem } from '../../apps/edge/src/problems'
import { safeParseBatch, safeParseMessage } from '../../packages/dsl/src/index'

async function show(name: string, problem: Problem) {
  const response = problem.toResponse()
  const headers = [...response.headers].map(([key, value]) => `${key}: ${value}`)
  console.log(`\n===== ${name} =====`)
  console.log(`HTTP ${response.status}\n${headers.join('\n')}\n`)
  console.log(JSON.stringify(JSON.parse(await response.text()), null, 2))
}

const invalid = safeParseMessage({
  user: { msisdn: '+15551234567' },
  type: 'interactive',
  content: {
    interactive: {
      type: 'button',
      body: { text: 'Pick one' },
      action: {
        buttons: [
          { type: 'reply', reply: { id: 'a', title: 'A title longer than twenty' } },
          { type: 'reply', reply: { id: 'a', title: 'B' } },
        ],
      },
    },
  },
})
if (!invalid.success) await show('invalid_message', invalidMessage('message', invalid))

const batch = safeParseBatch({
  messages: [
    { user: { msisdn: '+15551234567' }, type: 'text', content: { text: 'Hi' } },
    { user: { msisdn: '15551234567' }, type: 'text', content: { text: '' } },
  ],
})
if (!batch.success) await show('invalid_message (batch)', invalidMessage('batch', batch))

const json = parseStrictJson(new TextEncoder().encode('{"user":{},"user":{}}'))
if (!json.ok) await show('malformed_json', new Problem('malformed_json', { detail: json.reason }))

await show('signature_invalid', new Problem('signature_invalid'))
await show(
  'idempotency_key_in_flight',
  new Problem('idempotency_key_in_flight', { headers: { 'retry-after': '5' } }),
)
await show('rate_limited', new Problem('rate_limited', { headers: { 'retry-after': '1' } }))
await show(
  'upstream_rejected',
  upstreamProblem(
    {
      ok: false,
      kind: 'rejected',
      status: 400,
      timedOut: false,
      retryAfter: 1,
      code: 1002,
      message: 'Invalid MSISDN format (not E.164 international number)',
    },
    'message',
  ),
)
await show(
  'upstream_unavailable (8x8 429)',
  upstreamProblem(
    {
      ok: false,
      kind: 'retryable',
      status: 429,
      timedOut: false,
      retryAfter: 2,
      code: 429,
      message: 'Quota exceeded. Please try again in 2 second(s).',
    },
    'message',
  ),
)
await show(
  'upstream_outcome_unknown (8x8 500)',
  outcomeUnknown(
    {
      ok: false,
      kind: 'ambiguous',
      status: 500,
      timedOut: false,
      retryAfter: 1,
      code: 1500,
      message: 'Internal error',
    },
    [{ id: '5b0e2d3c-7a41-4f0e-9d2b-6c8a1e3f4b5a', clientMessageId: 'order-42-shipped' }],
    '/v1/messages/5b0e2d3c-7a41-4f0e-9d2b-6c8a1e3f4b5a',
  ),
)
await show('upstream_unavailable (circuit open)', circuitOpen(27_400))
await show(
  'method_not_allowed',
  new Problem('method_not_allowed', {
    detail: 'PUT is not allowed here.',
    headers: { allow: 'POST' },
  }),
)
await show(
  'internal_error',
  new Problem('internal_error', { detail: 'An unexpected error occurred.' }),
)
