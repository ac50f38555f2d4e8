import {
  createExecutionContext,
  createMessageBatch,
  env,
  SELF,
  waitOnExecutionContext,
} from 'cloudflare:test'
import { type SignatureAlgorithm, signRequest } from '@chatapps/signature'
import { afterEach, beforeEach, expect, vi } from 'vitest'
import { app } from '../src/app'
import type { Bindings } from '../src/bindings'
import { readConfig } from '../src/config'
import { acceptMessages } from '../src/db/messages/delivery'
import type { NewMessage } from '../src/db/messages/records'
import { type DeliveryDeps, deliverBatch } from '../src/delivery/consumer'
import type { DeliveryJob } from '../src/delivery/jobs'
import type { Admission } from '../src/objects/admission/object'
import type { StoredResponse } from '../src/objects/admission/protocol'
import type { storeReceipt } from '../src/receipts/intake'

/** RFC 9421 B.1.4 (`test-key-ed25519`), public key, SPKI base64 (signing.md). */
export const ED25519_PUBLIC = 'MCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs='
/** RFC 9421 B.1.4, private key, PKCS#8 base64 (signing.md). */
export const ED25519_PRIVATE = 'MC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF'
/** RFC 9421 B.1.5 (`test-shared-secret`), raw secret, base64 (signing.md). */
export const HMAC_SECRET =
  'uzvJfB4u3N0Jy4T7NZ75MDVcr8zSTInedJtkgcu46YW4XByzNJjxBdtjUkdJPBtbmHhIDi6pcl8jsasjlTMtDQ=='

export const KEYS = {
  ed25519: 'test-key-ed25519',
  hmac: 'test-shared-secret',
  limited: 'limited-key',
  revoked: 'revoked-key',
  restricted: 'restricted-key',
  revocable: 'revocable-key',
  textOnly: 'text-only-key',
  /** serviceWindow: enforce (test/contacts.test.ts). */
  enforce: 'enforce-key',
  /** serviceWindow: off. */
  windowOff: 'window-off-key',
  /** Its own pacing per recipient: 10/s, a burst of 10. */
  paced: 'paced-key',
  /** Its own pacing per recipient: one every 10 s, a burst of 3. */
  slowPaced: 'slow-paced-key',
  /** Another sub-account (`other-subaccount`). */
  otherSub: 'other-sub-key',
  /** test/templates.test.ts: `templates-subaccount` (the sandbox's channel), each policy. */
  templatesObserve: 'templates-observe-key',
  templatesEnforce: 'templates-enforce-key',
  templatesOff: 'templates-off-key',
  /** `unsynced-subaccount`, whose channel 8x8 does not know: never synced; enforce. */
  templatesUnsynced: 'templates-unsynced-key',
  /** Text only, a burst of 4 then one a 100 s (test/refusal-counts.test.ts). */
  refusals: 'refusals-key',
} as const

export const API_KEY = 'sandbox-demo-key'
export const ORIGIN = 'https://edge.test'

export interface SignWith {
  readonly keyId?: string
  readonly alg?: SignatureAlgorithm
  readonly idempotencyKey?: string
  readonly nonce?: string
  readonly contentType?: string
  /** Defaults to `/v1/messages`. */
  readonly path?: string
  /** A `Prefer` header, covered by the signature as signing.md requires. */
  readonly prefer?: string
}

function keyFor(keyId: string): { alg: SignatureAlgorithm; key: string } {
  return keyId === KEYS.ed25519
    ? { alg: 'ed25519', key: ED25519_PRIVATE }
    : { alg: 'hmac-sha256', key: HMAC_SECRET }
}

/** A signed POST (to /v1/messages unless `options.path` says otherwise) with a raw body. */
export async function signedPost(body: string | Uint8Array, options: SignWith = {}) {
  const keyId = options.keyId ?? KEYS.ed25519
  const request = new Request(`${ORIGIN}${options.path ?? '/v1/messages'}`, {
    method: 'POST',
    headers: {
      'content-type': options.contentType ?? 'application/json',
      'idempotency-key': `"${options.idempotencyKey ?? crypto.randomUUID()}"`,
      ...(options.prefer === undefined ? {} : { prefer: options.prefer }),
    },
    // A copy over a plain ArrayBuffer, as a request body must be.
    body: typeof body === 'string' ? body : new Uint8Array(body),
  })
  const signed = await signRequest(request, {
    keyId,
    ...keyFor(keyId),
    ...(options.nonce === undefined ? {} : { nonce: options.nonce }),
  })
  return signed
}

/** A signed GET. */
export async function signedGet(path: string, keyId: string = KEYS.ed25519) {
  return signRequest(new Request(`${ORIGIN}${path}`), { keyId, ...keyFor(keyId) })
}

/**
 * A delivery receipt of 8x8 naming the gateway's id as its clientMessageId (8x8's webhook event,
 * as `storeReceipt` takes it).
 *
 * @example
 * await storeReceipt(env.DB, receiptOf(id, umid, 'delivered'), Date.now())
 */
export function receiptOf(
  id: string,
  umid: string,
  state: string,
  subAccount = 'demo-subaccount',
): Parameters<typeof storeReceipt>[1] {
  return {
    kind: 'delivery_receipt',
    version: 9,
    namespace: 'ChatApps',
    eventType: 'outbound_message_status_changed',
    description: 'receipt',
    payload: {
      umid,
      clientMessageId: id,
      subAccountId: subAccount,
      status: { state, timestamp: '2026-11-24T10:00:00.000Z' },
    },
  } as Parameters<typeof storeReceipt>[1]
}

/** A signed DELETE (no body: the GET profile). */
export async function signedDelete(path: string, keyId: string = KEYS.ed25519) {
  return signRequest(new Request(`${ORIGIN}${path}`, { method: 'DELETE' }), {
    keyId,
    ...keyFor(keyId),
  })
}

/** Fails the test if a response shows the 8x8 API key, in its body or a header. */
async function assertNoApiKey(response: Response): Promise<Response> {
  expect(await response.clone().text()).not.toContain(API_KEY)
  for (const value of response.headers.values()) expect(value).not.toContain(API_KEY)
  return response
}

/** The gateway workers of vitest.config.ts, as production runs them, and their logs. */
const gateways = env as unknown as {
  GATEWAY: Fetcher
  FAULTY_GATEWAY: Fetcher
  LOG_RECORDER: Fetcher
}

/**
 * One request to a gateway worker. Its answer is read whole, then its console lines (from its
 * tail, test/log-recorder.mjs) are printed here, in order, so that captureConsole sees them as if
 * the gateway ran in this worker.
 */
async function throughGateway(gateway: Fetcher, request: Request): Promise<Response> {
  const trace = crypto.randomUUID()
  const traced = new Request(request)
  traced.headers.set('x-test-trace', trace)
  const answer = await gateway.fetch(traced)
  const response = new Response(await answer.arrayBuffer(), answer)
  // The tail comes once the request is over (its waitUntil work included): 10 s at most.
  for (let waited = 0; waited < 10_000; waited += 10) {
    const logs = await gateways.LOG_RECORDER.fetch(`http://logs/?trace=${trace}`)
    if (logs.ok) {
      for (const line of (await logs.json()) as string[]) console.log(line)
      return response
    }
    await logs.body?.cancel()
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  throw new Error('the gateway sent no tail for this request')
}

/**
 * Sends a request to the gateway as production runs it (vitest.config.ts `gateway`: requests of a
 * key share admission calls); checks it leaks no key.
 */
export async function send(request: Request): Promise<Response> {
  return assertNoApiKey(await throughGateway(gateways.GATEWAY, request))
}

/** A text message with a unique marker, so a test finds its own sends at the fake 8x8. */
export function textMessage(text: string = `hello ${crypto.randomUUID()}`) {
  return { user: { msisdn: '+15551234567' }, type: 'text', content: { text } }
}

/** A LINE notification with a unique marker, so a test finds its own sends at the sandbox. */
export function lineNotification(marker: string = crypto.randomUUID()) {
  return {
    user: { msisdn: '+66812345678' },
    content: {
      title: 'Order shipped',
      icon: 'boxCheck',
      emphasis: { label: 'Order', content: marker },
      actions: [{ title: 'Track', url: 'https://example.com/track' }],
    },
  }
}

/** One request as the upstream received it (the sandbox's and the fake's shape). */
export interface Received {
  readonly subAccountId: string
  readonly umid?: string
  readonly raw: string
}

/**
 * What an upstream received, oldest first: the sandbox (`UPSTREAM`) or the fault-injecting fake
 * (`FAULTY_UPSTREAM`); only requests whose raw body contains `marker`, when given.
 */
export async function upstreamReceived(
  marker?: string,
  binding: 'UPSTREAM' | 'FAULTY_UPSTREAM' = 'UPSTREAM',
): Promise<Received[]> {
  const fetcher = (env as unknown as Record<string, Fetcher | undefined>)[binding]
  if (fetcher === undefined) throw new Error(`no ${binding} binding`)
  const response = await fetcher.fetch('http://upstream/__sandbox/messages')
  const { messages } = (await response.json()) as { messages: Received[] }
  return marker === undefined ? messages : messages.filter((m) => m.raw.includes(marker))
}

/**
 * Sends a request to the gateway running in this worker (the pool's flags: each request calls
 * its admission object alone), for tests that read or fake what the isolate holds (its key cache,
 * its clock).
 */
export async function sendHere(request: Request): Promise<Response> {
  return assertNoApiKey(await SELF.fetch(request as Parameters<typeof SELF.fetch>[0]))
}

/**
 * Sends a request to the gateway running in this worker, with the fault-injecting fake 8x8 as its
 * upstream: for tests that hold the clock (`vi.setSystemTime`) while 8x8 fails.
 */
export async function sendFaultyHere(request: Request): Promise<Response> {
  const bindings = env as unknown as Bindings & { FAULTY_UPSTREAM: Fetcher }
  return sendHereVia(request, bindings.FAULTY_UPSTREAM)
}

/**
 * Sends a request to the gateway running in this worker with `upstream` as its 8x8 (a fetcher
 * the test writes: one that throws, or never answers until aborted) and `vars` over the suite's
 * variables (a small `UPSTREAM_TIMEOUT_MS`).
 */
export async function sendHereVia(
  request: Request,
  upstream: Fetcher,
  vars: Readonly<Record<string, string>> = {},
): Promise<Response> {
  const bindings = env as unknown as Bindings
  const ctx = createExecutionContext()
  const response = await app.fetch(request, { ...bindings, ...vars, UPSTREAM: upstream }, ctx)
  await waitOnExecutionContext(ctx)
  return assertNoApiKey(response)
}

/** Sends a request to the gateway with the fault-injecting fake 8x8 as its upstream. */
export async function sendFaulty(request: Request): Promise<Response> {
  return assertNoApiKey(await throughGateway(gateways.FAULTY_GATEWAY, request))
}

/** Parsed problem+json, with its response. */
export async function problem(response: Response): Promise<Record<string, unknown>> {
  expect(response.headers.get('content-type')).toBe('application/problem+json')
  return (await response.json()) as Record<string, unknown>
}

/** The exact problem body the gateway answers for a code. */
export function problemBody(
  code: string,
  status: number,
  title: string,
  detail: string = title,
  extra: Record<string, unknown> = {},
) {
  return { type: `/problems/${code}`, title, status, detail, code, ...extra }
}

/**
 * Captures every console line written during each test of the file, and fails the test when one
 * shows a secret. `secrets` is read after each test, so a test may register more.
 */
export function captureConsole(secrets: () => readonly string[]): { lines: string[] } {
  const captured: { lines: string[] } = { lines: [] }
  beforeEach(() => {
    captured.lines = []
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        captured.lines.push(args.map(String).join(' '))
      })
    }
  })
  afterEach(() => {
    const lines = captured.lines.join('\n')
    vi.restoreAllMocks()
    for (const secret of secrets()) expect(lines).not.toContain(secret)
  })
  return captured
}

/**
 * Records a text message as accepted for asynchronous delivery (as `Prefer: respond-async`
 * does) by `keyId`, its text telling the fake 8x8 how to answer. The caller's clientMessageId is
 * `cmid-<id>`; 8x8 gets the id itself, as the gateway sends it.
 */
export async function acceptedMessage(text: string, keyId: string = KEYS.ed25519): Promise<string> {
  const id = crypto.randomUUID()
  const [recorded] = await acceptMessages(env.DB, [
    {
      id,
      keyId,
      idempotencyKey: `idem-${id}`,
      clientMessageId: `cmid-${id}`,
      subAccount: 'demo-subaccount',
      payload: JSON.stringify({ ...textMessage(text), clientMessageId: id }),
      createdAt: 1,
    },
  ])
  expect(recorded).toEqual({ id, clientMessageId: `cmid-${id}`, batchId: null })
  return id
}

/**
 * The gateway's id of a synchronous send's message made with an Idempotency-Key: an RFC 9562
 * version 8 UUID derived from the request's claim (src/send/message-ids.ts).
 */
export const MESSAGE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

/**
 * The admission of a request that claimed its Idempotency-Key: it proceeds with its claim's seed
 * of message ids (src/send/message-ids.ts), 16 random bytes in hex.
 */
export const CLAIMED = { kind: 'proceed', seed: expect.stringMatching(/^[0-9a-f]{32}$/) } as const

/**
 * Writes the records a key's synchronous sends kept in its admission object to D1 now (they
 * would be within RECORD_FLUSH_MS), for tests that read D1 directly.
 */
export async function flushRecords(keyId: string = KEYS.ed25519): Promise<void> {
  expect(await env.ADMISSION.get(env.ADMISSION.idFromName(keyId)).flushRecords()).toBe(0)
}

/**
 * Completes one request on an admission object, as the worker's admission step does (records wait 100 ms for their D1 write, like `RECORD_FLUSH_MS`' default; a test that
 * runs the alarm itself gives a wait long enough that the alarm never runs on its own first).
 *
 * @returns whether the object stored it.
 */
export async function completeOn(
  stub: DurableObjectStub<Admission>,
  idempotencyKey: string | null,
  response: StoredResponse | null,
  now: number,
  records: readonly NewMessage[] = [],
  recordFlushMs = 100,
): Promise<boolean> {
  return stub.complete({ idempotencyKey, response, now, records, recordFlushMs })
}

/**
 * What the delivery queue's consumer gets from the worker, against the fault-injecting fake 8x8
 * (`FAULTY_UPSTREAM`) and the test configuration; `overrides` replace any of it.
 *
 * @example
 * await deliverBatch(batch, deliveryDeps({ random: () => 0 }))
 */
export function deliveryDeps(overrides: Partial<DeliveryDeps> = {}): DeliveryDeps {
  const bindings = env as unknown as Bindings & { FAULTY_UPSTREAM: Fetcher }
  return {
    db: env.DB,
    circuits: env.CIRCUIT,
    contacts: env.CONTACT,
    delivery: env.DELIVERY,
    deadLetters: env.DELIVERY_DLQ,
    callbacks: env.CALLBACKS,
    upstream: bindings.FAULTY_UPSTREAM,
    config: readConfig(bindings),
    ...overrides,
  }
}

/** D1, but the first statement that `fails` picks throws (as D1 failing mid-way). */
export function d1Failing(fails: (sql: string) => boolean): D1Database {
  let failed = false
  return new Proxy(env.DB, {
    get(target, property) {
      if (property === 'prepare') {
        return (sql: string) => {
          if (!failed && fails(sql)) {
            failed = true
            throw new Error('D1 down')
          }
          return target.prepare(sql)
        }
      }
      const value = Reflect.get(target, property)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}

/** A delivery queue that keeps what it is given (or refuses from its `failFrom`th call on). */
export function recordingQueue<Job = DeliveryJob>(failFrom = Number.POSITIVE_INFINITY) {
  const jobs: Job[] = []
  let calls = 0
  const queue = {
    sendBatch: async (batch: readonly { body: Job }[]) => {
      calls++
      if (calls >= failFrom) throw new Error('queue down')
      jobs.push(...batch.map((message) => message.body))
    },
  } as unknown as Queue<Job>
  return { queue, jobs }
}

/**
 * The gateway in this isolate (its clock held by the test), with `queue` as its delivery queue:
 * an asynchronous send's jobs wait there until the test delivers them ({@link deliverJobs}).
 */
export async function sendWith(request: Request, queue: Queue<DeliveryJob>): Promise<Response> {
  const ctx = createExecutionContext()
  const response = await app.fetch(
    request,
    { ...(env as unknown as Bindings), DELIVERY: queue },
    ctx,
  )
  await waitOnExecutionContext(ctx)
  return response
}

/** Runs the delivery consumer on jobs, against the sandbox, as the queue would. */
export async function deliverJobs(
  jobs: readonly DeliveryJob[],
  overrides: Partial<DeliveryDeps> = {},
): Promise<void> {
  const batch = createMessageBatch<DeliveryJob>(
    'chatapps-delivery',
    jobs.map((body, index) => ({ id: `job-${index}`, timestamp: new Date(), attempts: 1, body })),
  )
  const bindings = env as unknown as Bindings
  await deliverBatch(
    batch,
    deliveryDeps({ upstream: bindings.UPSTREAM, random: () => 0, ...overrides }),
  )
}
