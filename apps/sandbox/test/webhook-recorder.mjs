/**
 * A webhook for the tests: an auxiliary worker (see vitest.config.ts) bound to the sandbox as its
 * `WEBHOOK` service, so receipts reach it instead of the network. It records each call and can
 * be told to fail. Its state lives in the module: workerd runs one isolate per worker.
 *
 * - `GET /__recorder/calls`: `{ calls: [{ at, method, url, authorization, contentType, body,
 *   answered }], maxInFlight }` (`at` in epoch ms, `body` parsed when JSON).
 * - `DELETE /__recorder/calls`: forgets the calls, the failures and the delay.
 * - `POST /__recorder/fail` `{ clientMessageId?, state?, statuses: [500, …] }`: the next calls
 *   whose receipt matches `clientMessageId` and `state` (when given) answer these statuses, one
 *   each, in order; status 0 throws instead of answering (a broken connection). By
 *   clientMessageId, so that a test can set it before the umid exists.
 * - `POST /__recorder/delay` `{ ms }`: every call waits that long before answering.
 * - Any other request is a webhook call: 200 unless a failure matches.
 */

/** @type {Record<string, unknown>[]} */
let calls = []
/** @type {{ clientMessageId?: string, state?: string, statuses: number[] }[]} */
let failures = []
let delayMs = 0
let inFlight = 0
let maxInFlight = 0

const json = (value, status = 200) =>
  new Response(JSON.stringify(value), { status, headers: { 'Content-Type': 'application/json' } })

function parse(text) {
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

/** The status the call answers: the next status of the first failure that matches it. */
function statusFor(body) {
  const payload = body?.payload ?? {}
  const failure = failures.find(
    (rule) =>
      rule.statuses.length > 0 &&
      (rule.clientMessageId === undefined || rule.clientMessageId === payload.clientMessageId) &&
      (rule.state === undefined || rule.state === payload.status?.state),
  )
  return failure?.statuses.shift() ?? 200
}

async function record(request) {
  inFlight += 1
  maxInFlight = Math.max(maxInFlight, inFlight)
  const at = Date.now()
  const body = parse(await request.text())
  const answered = statusFor(body)
  calls.push({
    at,
    method: request.method,
    url: request.url,
    authorization: request.headers.get('Authorization'),
    contentType: request.headers.get('Content-Type'),
    body,
    answered,
  })
  if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs))
  inFlight -= 1
  // Status 0 stands for a broken connection: the call fails without an answer.
  if (answered === 0) throw new Error('webhook-recorder: connection dropped')
  return new Response(answered === 200 ? 'ok' : 'failed', { status: answered })
}

export default {
  async fetch(request) {
    const { pathname } = new URL(request.url)
    if (pathname === '/__recorder/calls' && request.method === 'GET') {
      return json({ calls, maxInFlight })
    }
    if (pathname === '/__recorder/calls' && request.method === 'DELETE') {
      calls = []
      failures = []
      delayMs = 0
      maxInFlight = inFlight
      return new Response(null, { status: 204 })
    }
    if (pathname === '/__recorder/fail' && request.method === 'POST') {
      const { clientMessageId, state, statuses } = await request.json()
      failures.push({ clientMessageId, state, statuses: [...statuses] })
      return new Response(null, { status: 204 })
    }
    if (pathname === '/__recorder/delay' && request.method === 'POST') {
      delayMs = (await request.json()).ms
      return new Response(null, { status: 204 })
    }
    return record(request)
  },
}
