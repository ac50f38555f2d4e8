// A minimal fault-injecting stand-in for 8x8, run as the auxiliary worker `fake-8x8` for the
// failures apps/sandbox cannot inject yet (tests bind it as the gateway's UPSTREAM). It keeps what it
// received, exactly as received, and injects faults chosen by the message text:
// "fault:reject" → 400 (code 1002), "fault:429" → 429 Retry-After 7, "fault:500" → 500,
// "fault:slow" → answers after 3 s (the first word of the text counts: a marker may follow), "fault:delay" → answers after 300 ms, "status:503:7" → 503
// with Retry-After 7 (any status, code 1000 + status), "code:1014:426" → 426 with 8x8's code 1014. A batch
// (`…/messages/batch`) is judged by the text of its first message.
const API_KEY = 'sandbox-demo-key'
const received = []
// Issue 17 §2: what each message's text asked of a later cancel ("fault:sent" → cancelledCount 0,
// "fault:gone" → 404 code 1300, "cancel:400" → 400 code 1000, "cancel:503" → 503, "cancel:500-after"
// → cancels it, then answers 500, "cancel:500-before" → 500 once, cancelling nothing), and each
// batch's size (a batch cancel cancels all of it; a batch whose first text is "cancel:500-after":
// all of it, then 500).
const cancelAs = new Map()
const batchSizes = new Map()
const batchCancelFaults = new Set()

const json = (status, body, headers = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  })

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

export default {
  async fetch(request) {
    const url = new URL(request.url)
    if (url.pathname === '/__sandbox/messages') {
      if (request.method === 'DELETE') received.length = 0
      return json(200, { messages: received })
    }
    // Message details: the umid's prefix says what 8x8 knows ("read-…"); anything else is 404.
    const details = /^\/api\/v1\/subaccounts\/([^/]+)\/messages\/(read|delivered)-([^/]+)$/.exec(
      url.pathname,
    )
    // A message 8x8 fell back on: WhatsApp (step 1) undelivered, then SMS (step 2) sent.
    const fellBack = /^\/api\/v1\/subaccounts\/([^/]+)\/messages\/(fallback-[^/]+)$/.exec(
      url.pathname,
    )
    if (request.method === 'GET' && fellBack !== null) {
      const umid = fellBack[2]
      return json(200, {
        data: [
          {
            umid,
            channel: 'WhatsApp',
            step: 1,
            status: { state: 'undelivered', timestamp: '2026-11-24T00:00:03.000Z', errorCode: 1 },
          },
          {
            umid,
            channel: 'SMS',
            step: 2,
            status: { state: 'sent', timestamp: '2026-11-24T00:00:06.000Z' },
          },
        ],
      })
    }
    if (request.method === 'GET' && details !== null) {
      const umid = `${details[2]}-${details[3]}`
      return json(200, {
        data: [{ umid, status: { state: details[2], timestamp: '2026-11-24T00:00:05.000Z' } }],
      })
    }
    if (request.method === 'GET') return json(404, { code: 1300, message: 'Message not found.' })
    const conversation = await conversationCall(request, url)
    if (conversation !== null) return conversation
    const match = /^\/api\/v1\/subaccounts\/([^/]+)\/messages(\/batch)?$/.exec(url.pathname)
    if (request.method !== 'POST' || match === null)
      return json(404, { code: 1000, message: 'Not found' })
    if (request.headers.get('authorization') !== `Bearer ${API_KEY}`) {
      return json(401, {
        code: 1200,
        message: 'Unauthorized',
        errorId: crypto.randomUUID(),
        timestamp: new Date().toISOString(),
      })
    }
    const body = await request.text()
    // A W3C traceparent, when the gateway sent one (test/observability.test.ts).
    const traceparent = request.headers.get('traceparent')
    received.push({
      subAccountId: decodeURIComponent(match[1]),
      raw: body,
      ...(traceparent === null ? {} : { traceparent }),
    })
    const payload = JSON.parse(body)
    const isBatch = match[2] !== undefined
    // The first word says what to do; a test's marker may follow ("fault:500 <marker>").
    const text = ((isBatch ? payload?.messages?.[0] : payload)?.content?.text ?? '').split(' ')[0]
    if (text === 'fault:reject') {
      return json(400, {
        code: 1002,
        message: 'Invalid MSISDN',
        errorId: crypto.randomUUID(),
        timestamp: new Date().toISOString(),
      })
    }
    if (text === 'fault:429')
      return json(429, { code: 1300, message: 'Too many requests' }, { 'retry-after': '7' })
    if (text === 'fault:500') return json(500, { code: 9000, message: 'Internal error' })
    // "status:NNN" (or "status:NNN:RETRY_AFTER") answers that status with 8x8's error shape.
    const status = /^status:(\d{3})(?::(\d+))?$/.exec(text)
    if (status !== null) {
      return json(
        Number(status[1]),
        {
          code: 1000 + Number(status[1]),
          message: `Injected ${status[1]}`,
          errorId: '00000000-0000-4000-8000-000000000000',
          timestamp: '2026-11-24T00:00:00.000Z',
        },
        status[2] === undefined ? {} : { 'retry-after': status[2] },
      )
    }
    // "code:CODE:STATUS" answers that status with that 8x8 error code.
    const coded = /^code:(\d+):(\d{3})$/.exec(text)
    if (coded !== null) {
      return json(Number(coded[2]), { code: Number(coded[1]), message: `Injected ${coded[1]}` })
    }
    if (text === 'fault:slow') await sleep(3000)
    if (text === 'fault:delay') await sleep(300)
    if (isBatch) {
      const batchId = crypto.randomUUID()
      // "fault:partial": a later batch cancel cancels one message fewer than the batch holds.
      const partial = text === 'fault:partial' ? 1 : 0
      batchSizes.set(batchId, payload.messages.length - partial)
      if (text === 'cancel:500-after') batchCancelFaults.add(batchId)
      // 8x8 rejects single messages of a batch inside a 200 ("fault:rejected-in-batch").
      const rejected = (m) => m.content?.text === 'fault:rejected-in-batch'
      const count = payload.messages.filter(rejected).length
      return json(200, {
        batchId,
        acceptedCount: payload.messages.length - count,
        rejectedCount: count,
        messages: payload.messages.map((m) => ({
          umid: crypto.randomUUID(),
          user: m.user,
          clientMessageId: m.clientMessageId,
          status: rejected(m)
            ? {
                state: 'rejected',
                timestamp: '2026-11-24T00:00:00.000Z',
                errorCode: 3038,
                errorMessage: 'Template not found for provided name and language',
              }
            : { state: 'queued', timestamp: '2026-11-24T00:00:00.000Z' },
        })),
      })
    }
    const umid = crypto.randomUUID()
    cancelAs.set(umid, text)
    return json(200, {
      umid,
      clientMessageId: payload.clientMessageId,
      status: { state: 'queued', timestamp: '2026-11-24T00:00:00.000Z' },
    })
  },
}

/**
 * 8x8's conversation calls (issue 17 §2), each kept in `received` with its method and path (raw:
 * the body, or the umid, or the file's name, size and SHA-256): mark read, typing (`…/events`),
 * cancel a message or a batch, upload a file. An inbound umid starting "gone-" is 404 (code 1300).
 */
async function conversationCall(request, url) {
  const path = /^\/api\/v1\/subaccounts\/([^/]+)\/(.+)$/.exec(url.pathname)
  if (path === null) return null
  if (request.headers.get('authorization') !== `Bearer ${API_KEY}`) {
    return json(401, { code: 1200, message: 'Unauthorized' })
  }
  const subAccountId = decodeURIComponent(path[1])
  const rest = path[2]
  // A W3C traceparent, when the gateway sent one (test/observability.test.ts).
  const traceparent = request.headers.get('traceparent')
  const keep = (raw) =>
    received.push({
      subAccountId,
      method: request.method,
      path: url.pathname,
      raw,
      ...(traceparent === null ? {} : { traceparent }),
    })
  const read = /^messages\/([^/]+)\/read$/.exec(rest)
  if (request.method === 'POST' && read !== null) {
    keep(`read ${read[1]}`)
    if (read[1].startsWith('gone-')) return json(404, { code: 1300, message: 'Message not found.' })
    return new Response(null, { status: 200 })
  }
  if (request.method === 'POST' && rest === 'events') {
    keep(await request.text())
    return new Response(null, { status: 200 })
  }
  const batch = /^messages\/batch\/([^/]+)$/.exec(rest)
  if (request.method === 'DELETE' && batch !== null) {
    keep(`cancel batch ${batch[1]}`)
    const size = batchSizes.get(batch[1])
    if (size === undefined) return json(404, { code: 1300, message: 'Batch not found.' })
    batchSizes.set(batch[1], 0)
    // 8x8 cancelled the batch, then failed to say so.
    if (batchCancelFaults.delete(batch[1]))
      return json(500, { code: 9000, message: 'Internal error' })
    return json(200, { cancelledCount: size })
  }
  const message = /^messages\/([^/]+)$/.exec(rest)
  if (request.method === 'DELETE' && message !== null) {
    keep(`cancel ${message[1]}`)
    const text = cancelAs.get(message[1])
    if (text === undefined || text === 'fault:gone') {
      return json(404, { code: 1300, message: 'Message not found.' })
    }
    // "cancel:400": sent as any message, 8x8 refuses its cancel.
    if (text === 'cancel:400') return json(400, { code: 1000, message: 'Invalid umid.' })
    // "cancel:503": sent as any message, its cancel fails.
    if (text === 'status:503' || text === 'cancel:503') {
      return json(503, { code: 1503, message: 'Injected 503' })
    }
    if (text === 'fault:sent') return json(200, { cancelledCount: 0 })
    // "cancel:500-after": 8x8 cancels it, then fails: a later cancel finds nothing (404 1300).
    if (text === 'cancel:500-after') {
      cancelAs.set(message[1], 'fault:gone')
      return json(500, { code: 9000, message: 'Internal error' })
    }
    // "cancel:500-before": 8x8 fails before cancelling it, once: a later cancel cancels it.
    if (text === 'cancel:500-before') {
      cancelAs.set(message[1], 'later')
      return json(500, { code: 9000, message: 'Internal error' })
    }
    cancelAs.set(message[1], 'fault:sent')
    return json(200, { cancelledCount: 1 })
  }
  if (request.method === 'POST' && rest === 'files') {
    let form
    try {
      form = await request.formData()
    } catch {
      keep('files: unreadable form')
      return json(400, { code: 1000, message: 'Invalid form.' })
    }
    const file = form.get('file')
    if (file === null || typeof file === 'string') {
      keep('files: no file field')
      return json(400, { code: 1000, message: 'Field "file" is required.' })
    }
    const bytes = await file.arrayBuffer()
    const hash = await crypto.subtle.digest('SHA-256', bytes)
    const sha256 = Array.from(new Uint8Array(hash), (b) => b.toString(16).padStart(2, '0')).join('')
    keep(`file ${file.name} ${bytes.byteLength} ${sha256}`)
    const fileName = `${crypto.randomUUID()}-${file.name}`
    const token = `tok-${sha256.slice(0, 16)}`
    return json(
      201,
      { fileName, token },
      { location: `/files/${encodeURIComponent(fileName)}?token=${token}` },
    )
  }
  return null
}
