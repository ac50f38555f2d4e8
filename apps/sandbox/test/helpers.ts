import { env, exports } from 'cloudflare:workers'
import { expect } from 'vitest'

export const KEY = 'sandbox-demo-key'
export const SUB = 'demo-subaccount'
export const ORIGIN = 'http://sandbox.test'
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
export const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/

export const anUuid = () => expect.stringMatching(UUID)
export const aTimestamp = () => expect.stringMatching(ISO)

/** Calls the worker (the `main` of wrangler.jsonc) in this isolate. */
export function call(path: string, init: RequestInit = {}): Promise<Response> {
  return exports.default.fetch(new Request(`${ORIGIN}${path}`, init))
}

/** POSTs a body (a string is sent as is) with the sandbox key unless told otherwise. */
export function post(
  path: string,
  body: unknown,
  headers: Record<string, string> = { Authorization: `Bearer ${KEY}` },
): Promise<Response> {
  return call(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

/** GETs with the sandbox key. */
export function get(path: string): Promise<Response> {
  return call(path, { headers: { Authorization: `Bearer ${KEY}` } })
}

export const messagesPath = (sub = SUB) => `/api/v1/subaccounts/${sub}/messages`
export const batchPath = (sub = SUB) => `/api/v1/subaccounts/${sub}/messages/batch`

/** What `GET /__sandbox/messages` returns. */
export async function received(): Promise<{ messages: Record<string, unknown>[] }> {
  const response = await call('/__sandbox/messages')
  return response.json()
}

/** Forgets everything the sandbox received. */
export async function clear(): Promise<void> {
  const response = await call('/__sandbox/messages', { method: 'DELETE' })
  expect(response.status).toBe(204)
}

/**
 * Holds every receipt of the messages sent from now on back by ten minutes (the receipt faults'
 * `delayMs`), so that a test can look at a message before its receipts, however busy the machine:
 * with receipts one step (40 ms) apart, a GET that comes later than that would see `sent`.
 * Undo with {@link releaseReceipts}.
 */
export async function holdReceipts(): Promise<void> {
  const response = await post('/__sandbox/faults', { receipts: { delayMs: 600_000 } }, {})
  expect(response.status).toBe(200)
}

/** Removes the fault plan that {@link holdReceipts} set. */
export async function releaseReceipts(): Promise<void> {
  expect((await call('/__sandbox/faults', { method: 'DELETE' })).status).toBe(204)
}

/** 8x8's error envelope with a fresh errorId and a timestamp. */
export function envelope(code: number, message: string) {
  return { code, message, errorId: anUuid(), timestamp: aTimestamp() }
}

/** Asserts status, JSON content type and the whole body. */
export async function expectJson(response: Response, status: number, body: unknown) {
  expect(response.status).toBe(status)
  expect(response.headers.get('Content-Type')).toBe('application/json')
  expect(await response.json()).toStrictEqual(body)
}

export const TEXT = { user: { msisdn: '+15551234567' }, type: 'text', content: { text: 'Hi' } }

/** The test config's webhook settings (vitest.config.ts). */
export const WEBHOOK_URL = 'http://webhook.test/v1/webhooks/chatapps'
export const WEBHOOK_AUTHORIZATION = 'Bearer test-webhook-secret'
export const STEP_MS = 40
export const RETRY_DELAYS_MS = [100, 200, 300]
export const TIMEOUT_HANG_MS = 300

/** One call the webhook recorder received. */
export interface RecordedCall {
  readonly at: number
  readonly method: string
  readonly url: string
  readonly authorization: string | null
  readonly contentType: string | null
  readonly body: { payload: { umid: string; status: { state: string } } } & Record<string, unknown>
  readonly answered: number
}

const recorder = () => (env as unknown as { WEBHOOK: Fetcher }).WEBHOOK

/** Talks to the webhook recorder (test/webhook-recorder.mjs). */
export function recorderCall(path: string, init: RequestInit = {}): Promise<Response> {
  return recorder().fetch(`http://recorder${path}`, init)
}

/** The calls the recorder received, only those about these umids, in arrival order. */
export async function calls(...umids: string[]): Promise<RecordedCall[]> {
  const response = await recorderCall('/__recorder/calls')
  const { calls } = (await response.json()) as { calls: RecordedCall[] }
  // Template events (CABM) have no payload: they are never a umid's.
  return calls.filter((call) => umids.includes(call.body.payload?.umid))
}

/** Makes every call to the recorder wait `ms` before it answers. */
export async function delayRecorder(ms: number): Promise<void> {
  const response = await recorderCall('/__recorder/delay', {
    method: 'POST',
    body: JSON.stringify({ ms }),
  })
  expect(response.status).toBe(204)
}

/** The highest number of calls the recorder had in flight at once since it was cleared. */
export async function maxInFlight(): Promise<number> {
  const response = await recorderCall('/__recorder/calls')
  return ((await response.json()) as { maxInFlight: number }).maxInFlight
}

/** Forgets the recorder's calls, failures and delay. */
export async function clearRecorder(): Promise<void> {
  expect((await recorderCall('/__recorder/calls', { method: 'DELETE' })).status).toBe(204)
}

/** Makes the next receipts matching `clientMessageId` and `state` answer these statuses. */
export async function failNext(rule: {
  clientMessageId?: string
  state?: string
  statuses: number[]
}) {
  const response = await recorderCall('/__recorder/fail', {
    method: 'POST',
    body: JSON.stringify(rule),
  })
  expect(response.status).toBe(204)
}

/** Polls `check` every 10 ms until it returns a value (not `undefined`), for at most `ms`. */
export async function eventually<T>(check: () => Promise<T | undefined>, ms = 4000): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const value = await check()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`not reached within ${ms} ms`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

/** A receipt as `GET /__sandbox/messages` shows it. */
export interface ReceiptEntry {
  readonly umid: string
  readonly state: string
  readonly duplicate: boolean
  readonly sentAt: string | null
  readonly attempts: number
  readonly delivered: boolean
  readonly dropped: boolean
  readonly pending: boolean
}

/** Waits until no receipt of the received requests is pending; returns all their receipts. */
export async function settledReceipts(): Promise<ReceiptEntry[]> {
  return eventually(async () => {
    const { messages } = await received()
    const receipts = messages.flatMap((entry) => entry.receipts as ReceiptEntry[])
    return receipts.some((receipt) => receipt.pending) ? undefined : receipts
  })
}

/** A message's four receipts on a record (queued, sent, delivered, read), however far they got. */
export function fourReceipts(umid: string) {
  return ['queued', 'sent', 'delivered', 'read'].map((state) =>
    expect.objectContaining({ umid, state, duplicate: false, dropped: false }),
  )
}
